import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { sarif, toUri } from '../../src/reporters/sarif.js';
import { ACTIVE_WAIVER, cleanReport, FINDINGS, sampleReport } from '../helpers/sample-report.js';

// Both packages are CommonJS whose module.exports also carries `.default`; NodeNext types the
// default import as the module object, so `.default` is the class/plugin at compile and run time.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

const SCHEMA_FILE = 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

function validator() {
  // The schema's `language` pattern has a stray `]` that is a syntax error under the `u` flag.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  kind?: string;
  level?: string;
  message: { text: string };
  locations: {
    physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
    logicalLocations?: { name: string; fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
  properties: Record<string, unknown>;
}

interface SarifLog {
  version: string;
  runs: {
    language: string;
    tool: {
      driver: {
        name: string;
        version: string;
        rules: {
          id: string;
          shortDescription: { text: string };
          help: { text: string; markdown: string };
          defaultConfiguration: { level: string };
          properties: { tags: string[]; 'security-severity': string };
        }[];
      };
    };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[];
    }[];
    results: SarifResult[];
  }[];
}

function render(lang: 'en' | 'zh' = 'en', report = sampleReport()): SarifLog {
  return JSON.parse(sarif(report, { lang, color: false })) as SarifLog;
}

function run(log: SarifLog) {
  const r = log.runs[0];
  assert.ok(r);
  return r;
}

function resultFor(log: SarifLog, checkId: string, subject: string): SarifResult {
  const found = run(log).results.find((r) => r.ruleId === checkId && r.properties.subject === subject);
  assert.ok(found, `no result for ${checkId} ${subject}`);
  return found;
}

test('sarif output is valid against the official SARIF 2.1.0 schema, in both languages and for a clean scan', () => {
  const validate = validator();
  for (const [name, text] of [
    ['en', sarif(sampleReport(), { lang: 'en', color: false })],
    ['zh', sarif(sampleReport(), { lang: 'zh', color: false })],
    ['clean', sarif(cleanReport(), { lang: 'en', color: false })],
  ] as const) {
    const ok = validate(JSON.parse(text));
    assert.ok(ok, `${name}: ${JSON.stringify(validate.errors, null, 2)}`);
  }
  // The validator is live: a level SARIF does not define is rejected.
  const broken = render();
  (run(broken).results[0] as { level?: string }).level = 'critical';
  assert.equal(validate(broken), false);
});

test('sarif has one run with the rampart driver and one rule per check, each with help and a security-severity', () => {
  const log = render();
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const driver = run(log).tool.driver;
  assert.equal(driver.name, 'rampart');
  assert.equal(driver.version, '0.1.0');
  const report = sampleReport();
  assert.deepEqual(driver.rules.map((r) => r.id), Object.keys(report.checks));
  for (const rule of driver.rules) {
    const check = report.checks[rule.id];
    assert.ok(check);
    assert.equal(rule.shortDescription.text, check.title.en);
    assert.ok(rule.help.text.startsWith(check.remediation.en), rule.id);
    assert.ok(rule.help.markdown.includes(check.remediation.en), rule.id);
    assert.ok(rule.properties.tags.includes('security'));
    for (const c of check.controls) assert.ok(rule.properties.tags.includes(c));
  }
  const privileged = driver.rules.find((r) => r.id === 'pod.privileged');
  assert.equal(privileged?.properties['security-severity'], '9.5');
  assert.equal(privileged?.defaultConfiguration.level, 'error');
  assert.match(privileged?.help.markdown ?? '', /`mlps-2\.0-l3:8\.1\.4\.2 f`/);
  assert.equal(driver.rules.find((r) => r.id === 'pod.run-as-non-root')?.properties['security-severity'], '5.5');
  assert.equal(driver.rules.find((r) => r.id === 'namespace.psa-not-enforced')?.properties['security-severity'], '0.0');
});

test('sarif maps severities to levels and points ruleIndex at the rule', () => {
  const log = render();
  const rules = run(log).tool.driver.rules;
  const expected: Record<string, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
  for (const result of run(log).results) {
    assert.equal(rules[result.ruleIndex ?? -1]?.id, result.ruleId);
    if (result.properties.status === 'not-evaluated') continue;
    assert.equal(result.kind, 'fail');
    assert.equal(result.level, expected[result.properties.severity as string], result.ruleId);
  }
  assert.equal(run(log).results.length, FINDINGS.length);
});

test('sarif locations carry file, line, asset and JSON path; every result has a fingerprint', () => {
  const log = render();
  const r = resultFor(log, 'pod.privileged', 'container:agent');
  const loc = r.locations[0];
  assert.equal(loc?.physicalLocation?.artifactLocation.uri, 'deploy/payments/api.yaml');
  assert.equal(loc?.physicalLocation?.region?.startLine, 42);
  assert.equal(loc?.logicalLocations?.[0]?.name, 'payments/Deployment/api');
  assert.equal(
    loc?.logicalLocations?.[0]?.fullyQualifiedName,
    'payments/Deployment/api:spec.template.spec.containers[1].securityContext.privileged',
  );
  for (const result of run(log).results) assert.match(result.partialFingerprints['rampart/v1'] ?? '', /^[0-9a-f]{32}$/);
  assert.equal(r.partialFingerprints['rampart/v1'], FINDINGS[0]?.fingerprint);
  assert.deepEqual(r.properties.controls, FINDINGS[0]?.controls);
  // A live-cluster finding has no file: only the logical location.
  const live = resultFor(log, 'image.latest-tag', 'container:scorer');
  assert.equal(live.locations[0]?.physicalLocation, undefined);
  assert.equal(live.locations[0]?.logicalLocations?.[0]?.name, 'risk/CronJob/nightly-scoring');
});

test('sarif suppresses waived findings with the waiver as justification, and not suppressed expired ones', () => {
  const log = render();
  const waived = resultFor(log, 'pod.host-path', 'volume:nvme-cache');
  assert.equal(waived.suppressions?.length, 1);
  const s = waived.suppressions?.[0];
  assert.equal(s?.kind, 'external');
  assert.equal(s?.status, 'accepted');
  assert.ok(s?.justification.includes(ACTIVE_WAIVER.reason));
  assert.ok(s?.justification.includes(ACTIVE_WAIVER.approver));
  assert.ok(s?.justification.includes(ACTIVE_WAIVER.expires));
  const expired = resultFor(log, 'pod.run-as-non-root', 'container:app');
  assert.equal(expired.suppressions, undefined);
  assert.equal(expired.level, 'warning');
  assert.match(expired.message.text, /W-2023-042/);
  const unsuppressed = run(log).results.filter((r) => !r.suppressions);
  assert.equal(unsuppressed.length, FINDINGS.length - 1);
});

test('sarif marks not-evaluated findings as open with level none and gives the reason', () => {
  const r = resultFor(render(), 'image.latest-tag', 'container:scorer');
  assert.equal(r.kind, 'open');
  assert.equal(r.level, 'none');
  assert.match(r.message.text, /unrendered Helm expression/);
});

test('sarif reports input errors as tool notifications and an unsuccessful execution', () => {
  const inv = run(render()).invocations[0];
  assert.equal(inv?.executionSuccessful, false);
  assert.equal(inv?.toolExecutionNotifications.length, 2);
  const [first, second] = inv?.toolExecutionNotifications ?? [];
  assert.equal(first?.level, 'error');
  assert.equal(first?.message.text, 'bad indentation of a mapping entry');
  assert.equal(first?.locations[0]?.physicalLocation.region?.startLine, 14);
  // Spaces and angle brackets in a file name are percent-encoded to keep the URI valid.
  assert.equal(second?.locations[0]?.physicalLocation.artifactLocation.uri, 'deploy/ingress%20%3Cdraft%3E.yaml');
  assert.equal(run(render('en', cleanReport())).invocations[0]?.executionSuccessful, true);
});

test('sarif writes texts in the chosen language', () => {
  const zh = render('zh');
  assert.equal(run(zh).language, 'zh-CN');
  assert.equal(resultFor(zh, 'pod.privileged', 'container:agent').message.text, '容器 "agent" 以特权模式运行');
  assert.equal(run(zh).tool.driver.rules.find((r) => r.id === 'pod.privileged')?.shortDescription.text, '特权容器');
  const waived = resultFor(zh, 'pod.host-path', 'volume:nvme-cache');
  assert.match(waived.suppressions?.[0]?.justification ?? '', /审批人/);
  assert.equal(run(render('en')).language, 'en-US');
});

test('toUri keeps relative paths, encodes what a URI cannot hold, and turns drive paths into file URIs', () => {
  assert.equal(toUri('deploy/app.yaml'), 'deploy/app.yaml');
  assert.equal(toUri('deploy/支付/app #1.yaml'), 'deploy/%E6%94%AF%E4%BB%98/app%20%231.yaml');
  assert.equal(toUri('C:\\work\\app.yaml'), 'file:///C:/work/app.yaml');
  assert.equal(toUri('/abs/app.yaml'), '/abs/app.yaml');
  assert.equal(toUri('-'), '-');
});
