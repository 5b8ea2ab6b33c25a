import type { Finding, Lang, NamespacePosture, Severity } from '../model/index.js';
import { SEVERITIES } from '../model/index.js';
import { checkIds, expiredWaiverText, fileLine, groupByAsset, waiverMeta } from './common.js';
import { LABELS, SEVERITY_LABELS, STATUS_LABELS, WAIVER_STATE_LABELS, colon as colonOf, listSep, t, tf } from './labels.js';
import type { Reporter } from './reporter.js';

/**
 * Terminal output, grouped by asset, then a summary. Messages are never put in fixed-width
 * columns: CJK characters are two cells wide and would break them; only the short severity and
 * check-id columns are padded, by display width.
 */

/** Plain SGR codes rather than util.styleText: that needs Node 20.12+ and, in newer Nodes, second-guesses the caller's TTY decision. */
const SGR = {
  bold: '1',
  dim: '2',
  red: '31',
  boldRed: '1;31',
  yellow: '33',
  cyan: '36',
  magenta: '35',
  gray: '90',
  green: '32',
} as const;
type Style = keyof typeof SGR;

const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: 'boldRed',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};

/** Longest check id the check column pads to; longer ids simply push the message right. */
const MAX_CHECK_COLUMN = 28;
/** How many control keys a finding lists before "+N more". */
const MAX_CONTROLS = 3;

export const table: Reporter = (report, { lang, color }) => {
  const paint = (style: Style, text: string): string => (color && text ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text);
  const sevLabel = (s: Severity): string => {
    const label = t(SEVERITY_LABELS[s], lang);
    return lang === 'en' ? label.toUpperCase() : label;
  };
  const sevWidth = Math.max(...SEVERITIES.map((s) => displayWidth(sevLabel(s))));
  const checkWidth = Math.min(MAX_CHECK_COLUMN, Math.max(0, ...checkIds(report).map((id) => id.length)));
  const colon = colonOf(lang);
  const sep = listSep(lang);
  const indent = ' '.repeat(4 + sevWidth + 2);
  const out: string[] = [];

  out.push(
    paint('bold', `${report.tool.name} ${report.tool.version}`) +
      `  ${clean(report.scanTime)}  ` +
      tf(LABELS.resourcesScanned, lang, { n: report.summary.resources, m: report.inputs.length }),
  );
  out.push('');

  const groups = groupByAsset(report.findings);
  if (groups.length === 0) out.push(paint('green', t(LABELS.noFindings, lang)), '');
  for (const { asset, findings } of groups) {
    const cluster = asset.cluster ? paint('dim', `  [${clean(asset.cluster)}]`) : '';
    out.push(paint('bold', clean(asset.name)) + cluster);
    for (const f of findings) out.push(...findingLines(f));
    out.push('');
  }

  function findingLines(f: Finding): string[] {
    const sev = padDisplay(sevLabel(f.severity), sevWidth);
    const tag =
      f.status === 'fail'
        ? ''
        : paint(f.status === 'waived' ? 'dim' : 'magenta', `[${t(STATUS_LABELS[f.status], lang)}] `);
    const lines = [
      `  ${paint(f.status === 'fail' ? SEVERITY_STYLE[f.severity] : 'dim', sev)}  ` +
        `${padDisplay(f.checkId, checkWidth)}  ${tag}${clean(t(f.message, lang))}`,
    ];
    const where = [fileLine(f.location), f.location.path].filter(Boolean).map((s) => clean(String(s)));
    if (where.length) lines.push(indent + paint('gray', `${t(LABELS.location, lang)}${colon}${where.join('  ')}`));
    if (f.controls.length) {
      const shown = f.controls.slice(0, MAX_CONTROLS).map(clean);
      if (f.controls.length > MAX_CONTROLS) shown.push(tf(LABELS.moreControls, lang, { n: f.controls.length - MAX_CONTROLS }));
      lines.push(indent + paint('gray', `${t(LABELS.controls, lang)}${colon}${shown.join(sep)}`));
    }
    if (f.status === 'waived' && f.waiver) {
      lines.push(
        indent +
          paint('dim', `${t(LABELS.waivedBy, lang)}${lang === 'zh' ? colon : ' '}${clean(waiverMeta(f.waiver, lang))}`) +
          paint('dim', ` — ${clean(f.waiver.reason)}`),
      );
    }
    if (f.expiredWaiver) lines.push(indent + paint('yellow', `! ${clean(expiredWaiverText(f.expiredWaiver, lang))}`));
    if (f.status === 'not-evaluated') {
      const reason = f.reason ? clean(t(f.reason, lang)) : '';
      lines.push(indent + paint('magenta', `${t(LABELS.notEvaluatedReason, lang)}${reason ? colon + reason : ''}`));
    }
    return lines;
  }

  // Summary.
  const s = report.summary;
  out.push(paint('bold', t(LABELS.summary, lang)));
  out.push(
    `  ${t(LABELS.findingsTotal, lang)}${colon}${s.findings.total}  —  ` +
      [
        paint(s.findings.fail ? 'red' : 'green', `${t(STATUS_LABELS.fail, lang)} ${s.findings.fail}`),
        `${t(STATUS_LABELS.waived, lang)} ${s.findings.waived}`,
        `${t(STATUS_LABELS['not-evaluated'], lang)} ${s.findings.notEvaluated}`,
      ].join(sep),
  );
  out.push(
    `  ${t(LABELS.failingBySeverity, lang)}${colon}` +
      SEVERITIES.map((sev) => {
        const text = `${t(SEVERITY_LABELS[sev], lang)} ${s.bySeverity[sev]}`;
        return s.bySeverity[sev] ? paint(SEVERITY_STYLE[sev], text) : text;
      }).join('  '),
  );

  if (report.waivers.length) {
    const active = report.waivers.filter((w) => w.state === 'active');
    const expired = report.waivers.filter((w) => w.state === 'expired');
    let line = `  ${t(LABELS.waivers, lang)}${colon}${active.length} ${t(WAIVER_STATE_LABELS.active, lang).toLowerCase()}`;
    if (expired.length) {
      line +=
        sep +
        paint('yellow', `${expired.length} ${t(WAIVER_STATE_LABELS.expired, lang).toLowerCase()} (${expired.map((w) => clean(w.id)).join(sep)})`);
    }
    out.push(line);
  }

  if (report.inputErrors.length) {
    out.push(paint('red', `  ${t(LABELS.inputErrors, lang)} (${report.inputErrors.length})${colon.trimEnd()}`));
    for (const e of report.inputErrors) {
      const where = e.line != null ? `${e.source}:${e.line}` : e.source;
      out.push(`    ${clean(where)}  ${clean(e.message)}`);
    }
  }

  if (report.namespaces.length) {
    out.push(`  ${t(LABELS.namespaces, lang)}${colon.trimEnd()}`);
    const nameWidth = Math.max(...report.namespaces.map((n) => displayWidth(clean(n.name))));
    for (const ns of report.namespaces) out.push(`    ${padDisplay(clean(ns.name), nameWidth)}  ${namespaceLine(ns, lang)}`);
  }

  return out.join('\n') + '\n';

  function namespaceLine(ns: NamespacePosture, l: Lang): string {
    const level = (mode: 'enforce' | 'audit' | 'warn', value: string | undefined, version?: string): string =>
      `${t(LABELS[mode], l)} ${value ? clean(value) + (version ? `@${clean(version)}` : '') : paint('yellow', t(LABELS.notSet, l))}`;
    const rejected = tf(LABELS.rejectedOf, l, { n: ns.rejected, m: ns.workloads });
    return [
      level('enforce', ns.enforce, ns.enforceVersion),
      level('audit', ns.audit),
      level('warn', ns.warn),
      ns.rejected ? paint('red', rejected) : rejected,
    ].join('  ');
  }
};

/**
 * Terminal-safe text: control characters (including ESC, which a manifest value could use to
 * rewrite the operator's terminal) are removed; line breaks and tabs become spaces.
 */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\t\n\r]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

/** Terminal cells a string occupies: East Asian wide and fullwidth characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x300 && cp <= 0x36f) continue; // combining marks
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
