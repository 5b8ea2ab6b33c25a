import type { Finding, Lang, Report } from '../model/index.js';
import { checkIds, compareFindings, expiredWaiverText, fileLine, waiverMeta } from './common.js';
import { colon, LABELS, STATUS_LABELS, t } from './labels.js';
import type { Reporter } from './reporter.js';

/**
 * JUnit XML for CI dashboards (GitLab, Jenkins, Azure DevOps): a test suite per check, a test
 * case per finding (failed, or skipped when waived or not evaluated), and an `input` suite with
 * an error per input that could not be read. A check listed without findings gets one passing
 * case, and a clean scan one passing `rampart` case.
 */
export const junit: Reporter = (report, { lang }) => {
  const byCheck = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byCheck.get(f.checkId) ?? [];
    list.push(f);
    byCheck.set(f.checkId, list);
  }

  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };

  for (const id of checkIds(report)) {
    const findings = (byCheck.get(id) ?? []).sort(compareFindings);
    const cases = findings.length
      ? findings.map((f) => testcase(report, f, lang))
      : [`    <testcase${attrs({ name: t(LABELS.passes, lang), classname: id, time: '0' })}/>`];
    const counts = {
      tests: cases.length,
      failures: findings.filter((f) => f.status === 'fail').length,
      errors: 0,
      skipped: findings.filter((f) => f.status !== 'fail').length,
    };
    addTo(totals, counts);
    const check = report.checks[id];
    const props = check
      ? [
          property('title', t(check.title, lang)),
          property('severity', check.severity),
          ...(check.controls.length ? [property('controls', check.controls.join(', '))] : []),
        ]
      : [];
    suites.push(
      `  <testsuite${attrs({ name: id, ...strings(counts), time: '0', timestamp: report.scanTime })}>\n` +
        (props.length ? `    <properties>\n${props.join('\n')}\n    </properties>\n` : '') +
        `${cases.join('\n')}\n  </testsuite>`,
    );
  }

  // Reports list only the checks that raised findings, so a clean scan would otherwise hold no
  // test at all, which several CI tools treat as an error ("no test results found").
  if (suites.length === 0 && report.inputErrors.length === 0) {
    const counts = { tests: 1, failures: 0, errors: 0, skipped: 0 };
    addTo(totals, counts);
    suites.push(
      `  <testsuite${attrs({ name: report.tool.name, ...strings(counts), time: '0', timestamp: report.scanTime })}>\n` +
        `    <testcase${attrs({ name: t(LABELS.passes, lang), classname: report.tool.name, time: '0' })}/>\n  </testsuite>`,
    );
  }

  if (report.inputErrors.length) {
    const cases = report.inputErrors.map((e) => {
      const where = e.line != null ? `${e.source}:${e.line}` : e.source;
      return (
        `    <testcase${attrs({ name: where, classname: 'input', file: e.source, ...(e.line != null ? { line: String(e.line) } : {}), time: '0' })}>\n` +
        `      <error${attrs({ message: e.message, type: 'input-error' })}>${text(`${where}: ${e.message}`)}</error>\n` +
        `    </testcase>`
      );
    });
    const counts = { tests: cases.length, failures: 0, errors: cases.length, skipped: 0 };
    addTo(totals, counts);
    suites.push(
      `  <testsuite${attrs({ name: 'input', ...strings(counts), time: '0', timestamp: report.scanTime })}>\n` +
        `${cases.join('\n')}\n  </testsuite>`,
    );
  }

  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs({ name: report.tool.name, ...strings(totals), time: '0', timestamp: report.scanTime })}>\n` +
    (suites.length ? suites.join('\n') + '\n' : '') +
    '</testsuites>\n'
  );
};

function testcase(report: Report, f: Finding, lang: Lang): string {
  const name = f.subject ? `${f.asset.name} ${f.subject}` : f.asset.name;
  const caseAttrs = attrs({
    name,
    classname: f.checkId,
    ...(f.location.file ? { file: f.location.file } : {}),
    ...(f.location.line != null ? { line: String(f.location.line) } : {}),
    time: '0',
  });
  const message = t(f.message, lang);
  let inner: string;
  if (f.status === 'fail') {
    inner = `      <failure${attrs({ message, type: f.severity })}>${text(details(report, f, lang))}</failure>`;
  } else if (f.status === 'waived') {
    const w = f.waiver;
    const why = w ? `${w.reason} (${waiverMeta(w, lang)})` : '';
    const label = t(STATUS_LABELS.waived, lang);
    inner = `      <skipped${attrs({ message: `${lang === 'en' ? label.toLowerCase() : label}${colon(lang)}${why || message}` })}>${text(details(report, f, lang))}</skipped>`;
  } else {
    const why = f.reason ? t(f.reason, lang) : message;
    const label = t(STATUS_LABELS['not-evaluated'], lang);
    inner = `      <skipped${attrs({ message: `${lang === 'en' ? label.toLowerCase() : label}${colon(lang)}${why}` })}>${text(details(report, f, lang))}</skipped>`;
  }
  return `    <testcase${caseAttrs}>\n${inner}\n    </testcase>`;
}

/** The body of a failure or skip: what a CI log viewer shows when the case is expanded. */
function details(report: Report, f: Finding, lang: Lang): string {
  const c = colon(lang);
  const lines = [t(f.message, lang)];
  const where = [fileLine(f.location), f.location.path].filter(Boolean).join(' ');
  if (where) lines.push(`${t(LABELS.location, lang)}${c}${where}`);
  lines.push(`${t(LABELS.asset, lang)}${c}${f.asset.ref}`);
  if (f.evidence != null) lines.push(`${t(LABELS.evidence, lang)}${c}${f.evidence}`);
  if (f.status === 'not-evaluated' && f.reason) lines.push(`${t(LABELS.notEvaluatedReason, lang)}${c}${t(f.reason, lang)}`);
  if (f.expiredWaiver) lines.push(expiredWaiverText(f.expiredWaiver, lang));
  const check = report.checks[f.checkId];
  if (check) lines.push(`${t(LABELS.remediation, lang)}${c}${t(check.remediation, lang)}`);
  if (f.controls.length) lines.push(`${t(LABELS.controls, lang)}${c}${f.controls.join(', ')}`);
  return lines.join('\n');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function addTo(total: Counts, add: Counts): void {
  total.tests += add.tests;
  total.failures += add.failures;
  total.errors += add.errors;
  total.skipped += add.skipped;
}

function strings(c: Counts): Record<keyof Counts, string> {
  return { tests: String(c.tests), failures: String(c.failures), errors: String(c.errors), skipped: String(c.skipped) };
}

function property(name: string, value: string): string {
  return `      <property${attrs({ name, value })}/>`;
}

function attrs(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${attr(v)}"`)
    .join('');
}

/**
 * Characters XML 1.0 cannot carry at all, even as references: C0 controls other than tab, LF
 * and CR, lone surrogates, U+FFFE and U+FFFF. A manifest value can hold any of them.
 */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value.replace(XML_FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const text = xmlText;

/** Attribute values also escape quotes, and line breaks and tabs as references so parsers keep them. */
export function attr(value: string): string {
  return xmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
