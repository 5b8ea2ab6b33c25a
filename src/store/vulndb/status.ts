import { existsSync, statSync } from 'node:fs';
import type { VulnSourceInfo } from '../../model/index.js';
import type { BundleManifest } from './bundle.js';
import { dbFilePath } from './location.js';
import { ageInDays, DEFAULT_MAX_AGE_DAYS, MissingVulnDbError } from './open.js';
import { SqliteVulnLookup } from './reader.js';
import type { VulnDbCounts } from './schema.js';

export interface VulnDbStatus {
  dbFile: string;
  size: number;
  schemaVersion: number;
  built: string;
  ageDays: number;
  maxAgeDays: number;
  stale: boolean;
  sources: VulnSourceInfo[];
  counts?: VulnDbCounts;
  namespaces: readonly string[];
  /** From the signed manifest the database was imported with; absent for a database never imported. */
  signedBy?: string;
  sha256?: string;
}

/** What `rampart db status` reports. Throws `MissingVulnDbError` when nothing is installed. */
export function readStatus(dbDir: string, options: { maxAgeDays?: number; now?: Date } = {}): VulnDbStatus {
  const dbFile = dbFilePath(dbDir);
  if (!existsSync(dbFile)) throw new MissingVulnDbError(dbDir);
  const lookup = new SqliteVulnLookup(dbFile);
  try {
    const meta = lookup.meta();
    const maxAgeDays = options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
    const ageDays = ageInDays(meta.built, options.now ?? new Date());
    const status: VulnDbStatus = {
      dbFile,
      size: statSync(dbFile).size,
      schemaVersion: meta.schemaVersion,
      built: meta.built,
      ageDays,
      maxAgeDays,
      stale: ageDays > maxAgeDays,
      sources: meta.sources,
      namespaces: lookup.namespaces(),
    };
    const counts = lookup.counts();
    if (counts) status.counts = counts;
    const manifestText = lookup.manifestText();
    if (manifestText) {
      const manifest = JSON.parse(manifestText) as BundleManifest;
      status.signedBy = manifest.keyId;
      status.sha256 = manifest.database.sha256;
    }
    return status;
  } finally {
    lookup.close();
  }
}

export function formatStatus(s: VulnDbStatus): string {
  const age = Number.isFinite(s.ageDays) ? (s.ageDays < 1 ? `${Math.round(s.ageDays * 24)} hours` : `${Math.floor(s.ageDays)} days`) : 'unknown';
  const lines = [
    `database   ${s.dbFile} (${(s.size / 1e6).toFixed(1)} MB, schema ${s.schemaVersion})`,
    `built      ${s.built}  (${age} old${s.stale ? `, older than the ${s.maxAgeDays}-day limit: STALE` : ''})`,
  ];
  if (s.signedBy) lines.push(`signed by  key ${s.signedBy}, vuln.db SHA-256 ${s.sha256}`);
  else lines.push('signed by  (built locally, not imported from a signed bundle)');
  if (s.counts) {
    const c = s.counts;
    lines.push(`records    ${c.vulnerabilities} vulnerabilities, ${c.aliases} aliases, ${c.affected} affected-package records, ${c.cvss} CVSS scores, ${c.kev} in KEV, ${c.epss} with EPSS`);
  }
  lines.push(`namespaces ${s.namespaces.length ? s.namespaces.join(', ') : '(none)'}`);
  lines.push('sources');
  const width = Math.max(4, ...s.sources.map((x) => x.name.length));
  for (const src of s.sources) lines.push(`  ${src.name.padEnd(width)}  ${(src.date ?? '-').padEnd(24)}  ${src.records} records`);
  if (s.sources.length === 0) lines.push('  (none)');
  return `${lines.join('\n')}\n`;
}
