import type { Asset, Finding, FindingStatus, Lang, Location, Report, WaiverRef } from '../model/index.js';
import { severityRank } from '../model/index.js';
import { LABELS, t, tf } from './labels.js';

/** Helpers the human-facing reporters share, so they order and word things the same way. */

const STATUS_ORDER: Record<FindingStatus, number> = { fail: 0, waived: 1, 'not-evaluated': 2 };

/** Failing first, then waived, then not evaluated; most severe first within each; then check and subject. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    severityRank(b.severity) - severityRank(a.severity) ||
    a.checkId.localeCompare(b.checkId) ||
    a.subject.localeCompare(b.subject)
  );
}

export interface AssetGroup {
  asset: Asset;
  findings: Finding[];
}

/** Findings grouped by asset (by its stable ref), assets in name order, findings in `compareFindings` order. */
export function groupByAsset(findings: readonly Finding[]): AssetGroup[] {
  const groups = new Map<string, AssetGroup>();
  for (const f of findings) {
    const group = groups.get(f.asset.ref);
    if (group) group.findings.push(f);
    else groups.set(f.asset.ref, { asset: f.asset, findings: [f] });
  }
  const list = [...groups.values()];
  for (const g of list) g.findings.sort(compareFindings);
  return list.sort((a, b) => a.asset.name.localeCompare(b.asset.name) || a.asset.ref.localeCompare(b.asset.ref));
}

/** `file:line`, `file`, or undefined for live sources. */
export function fileLine(location: Location): string | undefined {
  if (!location.file) return undefined;
  return location.line != null ? `${location.file}:${location.line}` : location.file;
}

export function controlTitle(report: Report, key: string, lang: Lang): string | undefined {
  const control = report.controls[key];
  return control ? t(control.title, lang) : undefined;
}

/** `W-1, approved by X, expires 2025-12-31, ticket SEC-1`, without the reason. */
export function waiverMeta(waiver: WaiverRef, lang: Lang): string {
  const sep = lang === 'zh' ? ',' : ', ';
  const colon = lang === 'zh' ? ':' : ' ';
  const parts = [
    waiver.id,
    `${t(LABELS.approver, lang)}${colon}${waiver.approver}`,
    `${t(LABELS.expires, lang)}${colon}${waiver.expires}`,
  ];
  if (waiver.ticket) parts.push(`${t(LABELS.ticket, lang)}${colon}${waiver.ticket}`);
  return parts.join(sep);
}

export function expiredWaiverText(waiver: WaiverRef, lang: Lang): string {
  return tf(LABELS.expiredWaiver, lang, { id: waiver.id, date: waiver.expires });
}

/** Check ids seen in the catalogue of the report or in its findings, catalogue order first. */
export function checkIds(report: Report): string[] {
  const ids = new Set(Object.keys(report.checks));
  for (const f of report.findings) ids.add(f.checkId);
  return [...ids];
}
