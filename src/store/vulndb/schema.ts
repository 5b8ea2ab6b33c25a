import type Database from 'better-sqlite3';

/**
 * The offline vulnerability database: one SQLite file, built once from the publishers' feeds,
 * shipped as a signed bundle, opened read-only by scans.
 *
 * Tables
 * - `meta(key, value)`: schema version, build time, sources (JSON), counts (JSON); after an import
 *   also the signed manifest and its signature, so the database and the manifest that vouched for
 *   it are replaced by one rename.
 * - `vulnerability(rowid, id, summary, details, published, modified, withdrawn, kev_*, epss_*)`:
 *   one row per flaw, merged across sources by id and alias; `id` is the CVE where there is one.
 * - `alias(vuln, alias)`: every other id of the flaw (GHSA, PYSEC, GO, DSA…), also indexed by alias.
 * - `cvss(vuln, source, version, vector, score)`: one score per scoring source and CVSS version, so
 *   NVD's, the CNA's and the vendor's scores are all kept.
 * - `reference(vuln, url)`.
 * - `affected(vuln, namespace, package, scheme, status, ranges, versions, severity, advisory, arches,
 *   source)`: per ecosystem or distribution release, with the vendor's status and severity; ranges,
 *   versions and arches are JSON text, read only for the rows a lookup returns. Indexed by
 *   (namespace, package), the matcher's only access path.
 * - `source(name, date, records)`: what the build read.
 *
 * Why these parts
 * - SQLite through better-sqlite3: one file that is built once and queried in place with indexes,
 *   no server, no loading the whole feed into memory at scan start; better-sqlite3 is synchronous
 *   and prepared statements cost microseconds, which suits a matcher making one lookup per package.
 *   (Node 20 has no `node:sqlite`.)
 * - Ed25519 (node:crypto): small keys and signatures, deterministic signing with no nonce to get
 *   wrong, and verification built into Node with PEM keys; ECDSA P-256 public keys are accepted too
 *   for publishers whose key policy requires it.
 * - zstd through @bokuweb/zstd-wasm: the best ratio-for-speed for a database file, and a WASM build
 *   needs no native toolchain on air-gapped build hosts (Node 20's zlib has no zstd).
 *
 * Versioning: `SCHEMA_VERSION` is the version a build writes and the reader understands. Migrations
 * are code, applied in order to an empty or older file; an import refuses a bundle of another
 * version rather than guessing.
 */
export const SCHEMA_VERSION = 1;

/** Schema steps; step i brings a database from version i to version i + 1. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE source (name TEXT PRIMARY KEY, date TEXT, records INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE vulnerability (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    summary TEXT,
    details TEXT,
    published TEXT,
    modified TEXT,
    withdrawn TEXT,
    kev_date_added TEXT,
    kev_due_date TEXT,
    kev_ransomware INTEGER,
    epss_score REAL,
    epss_percentile REAL,
    epss_date TEXT
  );
  CREATE TABLE alias (vuln INTEGER NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (vuln, alias)) WITHOUT ROWID;
  CREATE TABLE cvss (vuln INTEGER NOT NULL, source TEXT NOT NULL, version TEXT NOT NULL, vector TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (vuln, source, version)) WITHOUT ROWID;
  CREATE TABLE reference (vuln INTEGER NOT NULL, url TEXT NOT NULL, PRIMARY KEY (vuln, url)) WITHOUT ROWID;
  CREATE TABLE affected (
    vuln INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    package TEXT NOT NULL,
    scheme TEXT NOT NULL,
    status TEXT NOT NULL,
    ranges TEXT NOT NULL,
    versions TEXT,
    severity TEXT,
    advisory TEXT,
    arches TEXT,
    source TEXT NOT NULL
  );
  `,
];

/** Indexes are created after the bulk load: building them once is faster than maintaining them per row. */
export const INDEXES = `
  CREATE UNIQUE INDEX IF NOT EXISTS vulnerability_id ON vulnerability (id);
  CREATE INDEX IF NOT EXISTS affected_package ON affected (namespace, package);
  CREATE INDEX IF NOT EXISTS alias_alias ON alias (alias);
`;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings a database up to `SCHEMA_VERSION`; refuses one newer than this build understands. */
export function migrate(db: Database.Database): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) throw new Error(`vulnerability database schema ${current} is newer than this rampart understands (${SCHEMA_VERSION}); upgrade rampart`);
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export const META_KEYS = {
  schemaVersion: 'schema_version',
  built: 'built',
  sources: 'sources',
  counts: 'counts',
  manifest: 'manifest',
  manifestSignature: 'manifest_sig',
} as const;

/** Row counts recorded in the manifest and shown by `rampart db status`. */
export interface VulnDbCounts {
  vulnerabilities: number;
  aliases: number;
  affected: number;
  cvss: number;
  references: number;
  kev: number;
  epss: number;
  namespaces: number;
}

export function countRows(db: Database.Database): VulnDbCounts {
  const n = (sql: string): number => (db.prepare(sql).pluck().get() as number) ?? 0;
  return {
    vulnerabilities: n('SELECT count(*) FROM vulnerability'),
    aliases: n('SELECT count(*) FROM alias'),
    affected: n('SELECT count(*) FROM affected'),
    cvss: n('SELECT count(*) FROM cvss'),
    references: n('SELECT count(*) FROM reference'),
    kev: n('SELECT count(*) FROM vulnerability WHERE kev_date_added IS NOT NULL'),
    epss: n('SELECT count(*) FROM vulnerability WHERE epss_score IS NOT NULL'),
    namespaces: n('SELECT count(DISTINCT namespace) FROM affected'),
  };
}
