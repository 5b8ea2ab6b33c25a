import type { Finding } from '../../model/index.js';

/** What a rescan changed against the previous scan of the same image. */
export interface ScanChanges {
  added: Finding[];
  /** In the previous scan, gone now: fixed by the vendor's data, withdrawn, or no longer matching. */
  resolved: Finding[];
  /** Same fingerprint, but severity, status, fixed version or vendor status moved. */
  changed: { before: Finding; after: Finding; fields: string[] }[];
  unchanged: number;
}

const COMPARED: readonly [string, (f: Finding) => unknown][] = [
  ['severity', (f) => f.severity],
  ['status', (f) => f.status],
  ['fixedVersion', (f) => f.vulnerability?.fixedVersion],
  ['vendorStatus', (f) => f.vulnerability?.status],
  ['kev', (f) => f.vulnerability?.kev?.dateAdded],
];

export function compareFindings(before: ReadonlyMap<string, Finding>, after: readonly Finding[]): ScanChanges {
  const changes: ScanChanges = { added: [], resolved: [], changed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const finding of after) {
    seen.add(finding.fingerprint);
    const old = before.get(finding.fingerprint);
    if (!old) {
      changes.added.push(finding);
      continue;
    }
    const fields = COMPARED.filter(([, get]) => get(old) !== get(finding)).map(([name]) => name);
    if (fields.length > 0) changes.changed.push({ before: old, after: finding, fields });
    else changes.unchanged++;
  }
  for (const [fp, old] of before) if (!seen.has(fp)) changes.resolved.push(old);
  return changes;
}
