import { existsSync } from 'node:fs';
import type { VulnDbMeta, VulnLookup } from '../../analyzers/vuln/lookup.js';
import { dbFilePath, DEFAULT_MAX_AGE_DAYS, resolveDbDir } from './location.js';
import { SqliteVulnLookup } from './reader.js';

export { DEFAULT_MAX_AGE_DAYS };

/** Thrown when no database is installed; its message tells how to get one. */
export class MissingVulnDbError extends Error {
  constructor(readonly dbDir: string) {
    super(
      `no vulnerability database in ${dbDir}: install one with "rampart db import rampart-db.tar.zst --trust <publisher.pub>" or "rampart db update --mirror <url>", or build one with "rampart db build --from <feeds> --output rampart-db.tar.zst --sign-key <key>"`,
    );
    this.name = 'MissingVulnDbError';
  }
}

export interface OpenedVulnDb {
  lookup: SqliteVulnLookup & VulnLookup;
  meta: VulnDbMeta;
  dbFile: string;
  /** Days since the database was built (fractional). */
  ageDays: number;
  /** Older than `maxAgeDays`: the caller warns, the scan still runs. */
  stale: boolean;
  /** The warning to print when stale, one line. */
  warning?: string;
}

export function ageInDays(built: string, now: Date): number {
  const time = Date.parse(built);
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : (now.getTime() - time) / 86_400_000;
}

/** Opens the installed database read-only for a scan. */
export function openVulnDb(options: { dbDir?: string; maxAgeDays?: number; now?: Date } = {}): OpenedVulnDb {
  const dbDir = resolveDbDir(options.dbDir);
  const dbFile = dbFilePath(dbDir);
  if (!existsSync(dbFile)) throw new MissingVulnDbError(dbDir);
  const lookup = new SqliteVulnLookup(dbFile);
  const meta = lookup.meta();
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
  const ageDays = ageInDays(meta.built, options.now ?? new Date());
  const stale = ageDays > maxAgeDays;
  const opened: OpenedVulnDb = { lookup, meta, dbFile, ageDays, stale };
  if (stale) {
    opened.warning = `vulnerability database is ${Number.isFinite(ageDays) ? `${Math.floor(ageDays)} days old` : 'of unknown age'} (built ${meta.built || 'unknown'}, limit ${maxAgeDays} days): findings may miss recent advisories; run "rampart db update" or import a newer bundle`;
  }
  return opened;
}
