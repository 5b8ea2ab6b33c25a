import type { Finding, Lang, Report, ReportCheck, Severity } from '../model/index.js';
import { checkIds, controlTitle, expiredWaiverText, waiverMeta } from './common.js';
import { colon, LABELS, t } from './labels.js';
import type { Reporter } from './reporter.js';

/**
 * SARIF 2.1.0, shaped for GitHub code scanning and other SARIF viewers: one run, one rule per
 * check, one result per finding. Texts are in the chosen language (`run.language` says which).
 */


type SarifLevel = 'error' | 'warning' | 'note' | 'none';

const LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning ranks alerts by this CVSS-like score (>= 9 critical, >= 7 high, >= 4 medium). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export const sarif: Reporter = (report, { lang }) => {
  const ids = checkIds(report);
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => rule(report, id, report.checks[id], lang));
  const results = report.findings.map((f) => result(f, ruleIndex.get(f.checkId) ?? -1, lang));

  const notifications = report.inputErrors.map((e) => ({
    level: 'error',
    message: { text: e.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(e.source) },
          ...(e.line != null && e.line >= 1 ? { region: { startLine: e.line } } : {}),
        },
      },
    ],
  }));

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: report.inputErrors.length === 0,
            commandLine: report.command,
            startTimeUtc: report.scanTime,
            toolExecutionNotifications: notifications,
          },
        ],
        language: lang === 'zh' ? 'zh-CN' : 'en-US',
        results,
        properties: {
          schemaVersion: report.schemaVersion,
          resources: report.summary.resources,
          frameworks: Object.values(report.frameworks).map((fw) => ({ id: fw.id, name: t(fw.name, lang), version: fw.version })),
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};

function rule(report: Report, id: string, check: ReportCheck | undefined, lang: Lang): Record<string, unknown> {
  // A finding whose check is missing from the catalogue still needs a rule for its ruleIndex.
  if (!check) return { id, name: ruleName(id), shortDescription: { text: id } };
  const controls = check.controls.map((key) => {
    const title = controlTitle(report, key, lang);
    return { key, title };
  });
  const remediation = t(check.remediation, lang);
  const controlText = controls.map((c) => (c.title ? `- ${c.key} ${c.title}` : `- ${c.key}`)).join('\n');
  const heading = t(LABELS.controls, lang);
  const helpText = controls.length ? `${remediation}\n\n${heading}${colon(lang).trimEnd()}\n${controlText}` : remediation;
  const helpMarkdown =
    `**${t(LABELS.remediation, lang)}${colon(lang).trimEnd()}** ${remediation}` +
    (controls.length
      ? `\n\n**${heading}${colon(lang).trimEnd()}**\n\n${controls.map((c) => `- \`${c.key}\`${c.title ? ` ${markdownText(c.title)}` : ''}`).join('\n')}`
      : '') +
    (check.references?.length ? `\n\n${check.references.map((r) => `- <${r}>`).join('\n')}` : '');
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: t(check.title, lang) },
    fullDescription: { text: t(check.description, lang) },
    ...(check.references?.[0] ? { helpUri: check.references[0] } : {}),
    help: { text: helpText, markdown: helpMarkdown },
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      tags: ['security', ...check.controls],
      'security-severity': SECURITY_SEVERITY[check.severity],
      severity: check.severity,
      ...(check.pss ? { pss: check.pss } : {}),
    },
  };
}

function result(f: Finding, ruleIndex: number, lang: Lang): Record<string, unknown> {
  let text = t(f.message, lang);
  if (f.status === 'not-evaluated' && f.reason) text += ` (${t(LABELS.notEvaluatedReason, lang)}${colon(lang)}${t(f.reason, lang)})`;
  if (f.expiredWaiver) text += ` (${expiredWaiverText(f.expiredWaiver, lang)})`;

  const location: Record<string, unknown> = {
    logicalLocations: [
      {
        name: f.asset.name,
        fullyQualifiedName: f.location.path ? `${f.asset.name}:${f.location.path}` : f.asset.name,
      },
    ],
  };
  if (f.location.file) {
    location.physicalLocation = {
      artifactLocation: { uri: toUri(f.location.file) },
      ...(f.location.line != null && f.location.line >= 1 ? { region: { startLine: f.location.line } } : {}),
    };
  }

  const out: Record<string, unknown> = {
    ruleId: f.checkId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    // SARIF: a result whose kind is not 'fail' must have level 'none'.
    ...(f.status === 'not-evaluated' ? { kind: 'open', level: 'none' } : { kind: 'fail', level: LEVEL[f.severity] }),
    message: { text },
    locations: [location],
    partialFingerprints: { 'rampart/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      status: f.status,
      controls: f.controls,
      asset: { ref: f.asset.ref, name: f.asset.name, type: f.asset.type },
      subject: f.subject,
      ...(f.container ? { container: f.container } : {}),
      ...(f.evidence != null ? { evidence: f.evidence } : {}),
      ...(f.reason ? { reason: t(f.reason, lang) } : {}),
      ...(f.expiredWaiver ? { expiredWaiver: f.expiredWaiver } : {}),
    },
  };
  if (f.status === 'waived' && f.waiver) {
    out.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: `${f.waiver.reason} (${waiverMeta(f.waiver, lang)})`,
        properties: { waiver: f.waiver },
      },
    ];
  }
  return out;
}

/** `pod.run-as-root` → `PodRunAsRoot`: SARIF wants rule names to be identifiers, not sentences. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The path as given, made a valid URI reference: separators to `/`, each segment
 * percent-encoded (spaces, `#`, non-ASCII); Windows drive paths become `file:` URIs.
 */
export function toUri(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  const drive = /^([A-Za-z]):\//.exec(slashed);
  if (drive) return `file:///${drive[1]}:/${encodeSegments(slashed.slice(3))}`;
  return encodeSegments(slashed);
}

function encodeSegments(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** Check and control texts are plain prose; keep them from turning into markdown links or HTML. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}
