import type { Asset, ControlKey, Finding, Framework, Localized, Severity, Waiver, WaiverScope } from '../../../model/index.js';
import { controlKey, severityRank } from '../../../model/index.js';
import { waiverMatches } from '../../../policy/waivers.js';
import type { ControlStatus, StoredFinding } from '../../../store/platform/findings.js';

/**
 * One framework's compliance report as data, in both languages (the renderers pick one): every
 * control of the framework with its status, the evidence behind it and the waivers that apply.
 *
 * Status per control:
 * - `manual`: the framework file lists no automated check for it; an assessor judges it.
 * - `fail`: a finding of one of its checks fails.
 * - `waived`: findings exist and an approved, unexpired waiver covers every one of them.
 * - `pass`: its checks ran and nothing is open.
 * - `not-evaluated`: its checks never ran, or could not see their input.
 * The counts come from the findings store's per-control query (`PlatformFindings.controlStatus`,
 * called with the framework's control → checks map); the evidence from the findings themselves.
 */

export type ComplianceStatus = 'pass' | 'fail' | 'waived' | 'not-evaluated' | 'manual';
export const COMPLIANCE_STATUSES: readonly ComplianceStatus[] = ['fail', 'waived', 'not-evaluated', 'pass', 'manual'];

/** What the report needs of a control's counts: the findings store's `ControlStatus`. */
export type ControlStatusInput = Pick<ControlStatus, 'control' | 'status' | 'fail' | 'waived' | 'notEvaluated'> & Partial<Pick<ControlStatus, 'resolved'>>;

/** What the report needs of a finding: the findings store's `StoredFinding` fits. */
export type ReportFindingInput = Pick<StoredFinding, 'finding' | 'status'> & Partial<Pick<StoredFinding, 'owner' | 'firstSeen'>>;

export interface ComplianceReportMeta {
  /** What the report covers, e.g. `all clusters` or `cluster prod, namespace payments-*`. */
  scope: string;
  /** ISO timestamp. */
  generatedAt: string;
  tool: { name: string; version: string };
  /** Which store the figures come from, e.g. `PostgreSQL rampart@db.bank.local` (never credentials). */
  database: string;
}

/** One day of the trend: failing findings of the framework's checks, and controls by status if known. */
export interface ComplianceTrendPoint {
  /** YYYY-MM-DD. */
  day: string;
  failing: number;
  controlsFailing?: number;
  controlsPassing?: number;
}

export interface EvidenceItem {
  fingerprint: string;
  checkId: string;
  severity: Severity;
  asset: Pick<Asset, 'ref' | 'name' | 'cluster' | 'namespace'>;
  message: Localized;
  owner?: string;
  firstSeen?: string;
}

export interface AppliedWaiver {
  id: string;
  check: string;
  scope: WaiverScope;
  reason: string;
  approver: string;
  expires: string;
  ticket?: string;
  /** Waived findings of this control that the waiver covers. */
  matched: number;
}

export interface ComplianceControl {
  id: string;
  key: ControlKey;
  title: Localized;
  indicator?: string;
  section?: Localized;
  checks: string[];
  status: ComplianceStatus;
  counts: { fail: number; waived: number; notEvaluated: number; resolved: number };
  /** Failing findings, most severe first: the first `topN`, and how many in all. */
  evidence: { total: number; items: EvidenceItem[] };
  waivers: AppliedWaiver[];
}

export interface ComplianceSection {
  title?: Localized;
  controls: ComplianceControl[];
}

export interface ComplianceReport {
  framework: Pick<Framework, 'id' | 'name' | 'version' | 'publisher' | 'url' | 'textProvenance' | 'notes'>;
  meta: ComplianceReportMeta;
  summary: Record<ComplianceStatus, number> & { total: number };
  /** Sections in the framework file's order, controls in file order within each. */
  sections: ComplianceSection[];
  trend?: ComplianceTrendPoint[];
}

export interface ComplianceReportOptions {
  meta: ComplianceReportMeta;
  trend?: readonly ComplianceTrendPoint[];
  /** Failing findings listed per control (default 10); the count is always complete. */
  topN?: number;
}

/** The control id → check ids map the findings store's `controlStatus` wants for a framework. */
export function frameworkChecks(framework: Framework): Record<string, readonly string[]> {
  return Object.fromEntries(framework.controls.map((c) => [c.id, c.checks]));
}

export function buildComplianceReport(
  framework: Framework,
  controlStatus: readonly ControlStatusInput[],
  findings: readonly ReportFindingInput[],
  waivers: readonly Waiver[],
  options: ComplianceReportOptions,
): ComplianceReport {
  const topN = options.topN ?? 10;
  const statusById = new Map(controlStatus.map((s) => [s.control, s]));
  const findingsByKey = new Map<ControlKey, ReportFindingInput[]>();
  for (const f of findings) {
    for (const key of f.finding.controls) {
      if (!key.startsWith(`${framework.id}:`)) continue;
      const list = findingsByKey.get(key) ?? [];
      list.push(f);
      findingsByKey.set(key, list);
    }
  }

  const sections: ComplianceSection[] = [];
  const sectionIndex = new Map<string, ComplianceSection>();
  const summary = { total: 0, pass: 0, fail: 0, waived: 0, 'not-evaluated': 0, manual: 0 };
  for (const control of framework.controls) {
    const key = controlKey(framework.id, control.id);
    const row = statusById.get(control.id);
    const own = findingsByKey.get(key) ?? [];
    const failing = own.filter((f) => f.status === 'fail').sort(bySeverityThenAsset);
    const waivedFindings = own.filter((f) => f.status === 'waived');
    const counts = {
      fail: row?.fail ?? failing.length,
      waived: row?.waived ?? waivedFindings.length,
      notEvaluated: row?.notEvaluated ?? own.filter((f) => f.status === 'not-evaluated').length,
      resolved: row?.resolved ?? own.filter((f) => f.status === 'resolved').length,
    };
    const status: ComplianceStatus = control.checks.length === 0 ? 'manual' : row ? row.status : counts.fail > 0 ? 'fail' : counts.waived > 0 ? 'waived' : 'not-evaluated';
    const entry: ComplianceControl = {
      id: control.id,
      key,
      title: control.title,
      checks: control.checks,
      status,
      counts,
      evidence: { total: Math.max(counts.fail, failing.length), items: failing.slice(0, topN).map(evidenceOf) },
      waivers: appliedWaivers(control.checks, waivers, waivedFindings),
    };
    if (control.indicator) entry.indicator = control.indicator;
    if (control.section) entry.section = control.section;
    summary.total++;
    summary[status]++;
    const sectionKey = control.section ? `${control.section.en}\u0000${control.section.zh}` : '';
    let section = sectionIndex.get(sectionKey);
    if (!section) {
      section = control.section ? { title: control.section, controls: [] } : { controls: [] };
      sectionIndex.set(sectionKey, section);
      sections.push(section);
    }
    section.controls.push(entry);
  }

  const fw: ComplianceReport['framework'] = { id: framework.id, name: framework.name, version: framework.version, publisher: framework.publisher, textProvenance: framework.textProvenance };
  if (framework.url) fw.url = framework.url;
  if (framework.notes) fw.notes = framework.notes;
  const report: ComplianceReport = { framework: fw, meta: options.meta, summary, sections };
  if (options.trend?.length) report.trend = [...options.trend].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return report;
}

/** Active waivers whose check covers one of the control's checks, with how many of its waived findings each covers. */
function appliedWaivers(checks: readonly string[], waivers: readonly Waiver[], waived: readonly ReportFindingInput[]): AppliedWaiver[] {
  const applied: AppliedWaiver[] = [];
  for (const w of waivers) {
    if (!checks.some((check) => checkCovered(w.check, check))) continue;
    const entry: AppliedWaiver = { id: w.id, check: w.check, scope: w.scope, reason: w.reason, approver: w.approver, expires: w.expires, matched: waived.filter((f) => waiverMatches(w, f.finding)).length };
    if (w.ticket) entry.ticket = w.ticket;
    applied.push(entry);
  }
  return applied.sort((a, b) => b.matched - a.matched || (a.id < b.id ? -1 : 1));
}

function checkCovered(pattern: string, checkId: string): boolean {
  return pattern.endsWith('.*') ? checkId.startsWith(pattern.slice(0, -1)) : pattern === checkId;
}

function evidenceOf(f: ReportFindingInput): EvidenceItem {
  const finding: Finding = f.finding;
  const asset: EvidenceItem['asset'] = { ref: finding.asset.ref, name: finding.asset.name };
  if (finding.asset.cluster) asset.cluster = finding.asset.cluster;
  if (finding.asset.namespace) asset.namespace = finding.asset.namespace;
  const item: EvidenceItem = { fingerprint: finding.fingerprint, checkId: finding.checkId, severity: finding.severity, asset, message: finding.message };
  if (f.owner) item.owner = f.owner;
  if (f.firstSeen) item.firstSeen = f.firstSeen;
  return item;
}

function bySeverityThenAsset(a: ReportFindingInput, b: ReportFindingInput): number {
  return severityRank(b.finding.severity) - severityRank(a.finding.severity) || (a.finding.asset.name < b.finding.asset.name ? -1 : a.finding.asset.name > b.finding.asset.name ? 1 : 0) || (a.finding.checkId < b.finding.checkId ? -1 : 1);
}
