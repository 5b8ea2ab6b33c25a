import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { attr, junit, xmlText } from '../../src/reporters/junit.js';
import { cleanReport, EXPIRED_WAIVER, FINDINGS, sampleReport, SCRIPT_EVIDENCE } from '../helpers/sample-report.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  '@_file'?: string;
  '@_line'?: string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  skipped?: { '@_message': string; '#text'?: string };
  error?: { '@_message': string; '@_type': string; '#text': string };
}

interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  properties?: { property: { '@_name': string; '@_value': string }[] };
  testcase: Case[];
}

interface Parsed {
  testsuites: { '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; testsuite: Suite[] };
}

function parse(xml: string): Parsed {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, JSON.stringify(valid));
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  return parser.parse(xml) as Parsed;
}

function render(lang: 'en' | 'zh' = 'en', report = sampleReport()): Parsed {
  return parse(junit(report, { lang, color: false }));
}

function suite(doc: Parsed, name: string): Suite {
  const s = doc.testsuites.testsuite.find((x) => x['@_name'] === name);
  assert.ok(s, `no testsuite ${name}`);
  return s;
}

test('junit has a testsuite per check and an input suite, with consistent counts', () => {
  const doc = render();
  const report = sampleReport();
  const names = doc.testsuites.testsuite.map((s) => s['@_name']);
  assert.deepEqual(names, [...Object.keys(report.checks), 'input']);
  const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);
  assert.equal(cases.length, FINDINGS.length + report.inputErrors.length);
  assert.equal(cases.filter((c) => c.failure).length, 5);
  assert.equal(cases.filter((c) => c.skipped).length, 2);
  assert.equal(cases.filter((c) => c.error).length, 2);
  assert.equal(doc.testsuites['@_tests'], String(cases.length));
  assert.equal(doc.testsuites['@_failures'], '5');
  assert.equal(doc.testsuites['@_skipped'], '2');
  assert.equal(doc.testsuites['@_errors'], '2');
  for (const s of doc.testsuites.testsuite) {
    assert.equal(s['@_tests'], String(s.testcase.length), s['@_name']);
    assert.equal(s['@_failures'], String(s.testcase.filter((c) => c.failure).length), s['@_name']);
    assert.equal(s['@_skipped'], String(s.testcase.filter((c) => c.skipped).length), s['@_name']);
  }
  const latest = suite(doc, 'image.latest-tag');
  assert.equal(latest['@_tests'], '2');
  assert.equal(latest['@_failures'], '1');
  assert.equal(latest['@_skipped'], '1');
});

test('junit failures name the asset and subject, carry severity, location and remediation', () => {
  const c = suite(render(), 'pod.privileged').testcase[0];
  assert.equal(c?.['@_name'], 'payments/Deployment/api container:agent');
  assert.equal(c?.['@_classname'], 'pod.privileged');
  assert.equal(c?.['@_file'], 'deploy/payments/api.yaml');
  assert.equal(c?.['@_line'], '42');
  assert.equal(c?.failure?.['@_type'], 'critical');
  assert.equal(c?.failure?.['@_message'], 'Container "agent" runs privileged');
  assert.match(c?.failure?.['#text'] ?? '', /deploy\/payments\/api\.yaml:42 spec\.template\.spec\.containers\[1\]/);
  assert.match(c?.failure?.['#text'] ?? '', /Remediation: Remove `securityContext\.privileged: true`/);
  const expired = suite(render(), 'pod.run-as-non-root').testcase[0];
  assert.ok(expired?.failure, 'an expired waiver fails again');
  assert.ok(expired?.failure?.['#text'].includes(EXPIRED_WAIVER.id));
});

test('junit skips waived and not-evaluated findings with the reason', () => {
  const doc = render();
  const waived = suite(doc, 'pod.host-path').testcase[0];
  assert.match(waived?.skipped?.['@_message'] ?? '', /^waived: Ledger DB needs.*W-2024-017.*王伟.*2099-12-31/);
  const ne = suite(doc, 'image.latest-tag').testcase.find((c) => c['@_name'].includes('nightly-scoring'));
  assert.equal(ne?.skipped?.['@_message'], 'not evaluated: The image reference is an unrendered Helm expression ({{ .Values.image }})');
  const zh = suite(render('zh'), 'image.latest-tag').testcase.find((c) => c['@_name'].includes('nightly-scoring'));
  assert.match(zh?.skipped?.['@_message'] ?? '', /^未评估:镜像引用是未渲染的 Helm 表达式/);
});

test('junit input suite has an error per input error', () => {
  const input = suite(render(), 'input');
  assert.equal(input['@_errors'], '2');
  assert.equal(input.testcase[0]?.['@_name'], 'deploy/broken.yaml:14');
  assert.equal(input.testcase[0]?.error?.['@_message'], 'bad indentation of a mapping entry');
  assert.equal(input.testcase[1]?.error?.['@_message'], 'not a Kubernetes object: missing "kind" & "apiVersion"');
  assert.equal(input.testcase[1]?.['@_file'], 'deploy/ingress <draft>.yaml');
});

test('junit escapes markup and strips characters XML 1.0 forbids, keeping the rest of the text', () => {
  const xml = junit(sampleReport(), { lang: 'en', color: false });
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]/);
  assert.ok(!xml.includes('<script>'));
  const doc = parse(xml);
  const secret = suite(doc, 'pod.secrets-in-env').testcase[0];
  assert.ok(secret?.failure?.['#text'].includes(`Evidence: ${SCRIPT_EVIDENCE}`), secret?.failure?.['#text']);
  const latest = suite(doc, 'image.latest-tag').testcase.find((c) => c.failure);
  assert.ok(latest?.failure?.['#text'].includes('Evidence: tag=latest[31m ]]> <&> end'), latest?.failure?.['#text']);
});

test('junit attribute escaping round-trips quotes, line breaks and tabs', () => {
  const value = `a "b" 'c' <d> & e\nf\tg`;
  // htmlEntities: this parser decodes numeric character references only with it on.
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', trimValues: false, htmlEntities: true }).parse(
    `<x v="${attr(value)}">${xmlText('1 < 2 && ]]>')}</x>`,
  ) as { x: { '@_v': string; '#text': string } };
  assert.equal(doc.x['@_v'], value);
  assert.equal(doc.x['#text'], '1 < 2 && ]]>');
  assert.equal(xmlText('a\u0000b\uD800c\u{1F600}'), 'abc\u{1F600}');
});

test('junit for a clean scan still holds one passing test', () => {
  const doc = render('en', cleanReport());
  assert.equal(doc.testsuites['@_tests'], '1');
  assert.equal(doc.testsuites['@_failures'], '0');
  const only = doc.testsuites.testsuite[0]?.testcase[0];
  assert.ok(only && !only.failure && !only.skipped && !only.error);
});
