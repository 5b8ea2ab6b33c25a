import Database from 'better-sqlite3';
import type { AffectedRecord, VulnDbMeta, VulnLookup, VulnRecord } from '../../analyzers/vuln/lookup.js';
import type { AffectedRange, CvssScore, VersionScheme, VulnSourceInfo, VulnStatus } from '../../model/index.js';
import { META_KEYS, SCHEMA_VERSION, schemaVersion, type VulnDbCounts } from './schema.js';

interface AffectedRow {
  vuln_id: string;
  namespace: string;
  package: string;
  scheme: string;
  status: string;
  ranges: string;
  versions: string | null;
  severity: string | null;
  advisory: string | null;
  arches: string | null;
  source: string;
}

interface VulnerabilityRow {
  id: string;
  summary: string | null;
  details: string | null;
  published: string | null;
  withdrawn: string | null;
  kev_date_added: string | null;
  kev_due_date: string | null;
  kev_ransomware: number | null;
  epss_score: number | null;
  epss_percentile: number | null;
  epss_date: string | null;
  /** Aliases and reference URLs joined by UNIT SEPARATOR (U+001F), CVSS scores as a JSON array of [source, version, vector, score]. */
  aliases: string | null;
  refs: string | null;
  cvss: string;
}

/**
 * One statement per vulnerability, its aliases, scores and references gathered by subqueries: a
 * scan reads thousands of records, and four statements each cost three times as much.
 */
const VULNERABILITY_COLUMNS = `v.id, v.summary, v.details, v.published, v.withdrawn, v.kev_date_added, v.kev_due_date, v.kev_ransomware, v.epss_score, v.epss_percentile, v.epss_date,
  (SELECT group_concat(alias, char(31)) FROM (SELECT alias FROM alias WHERE vuln = v.rowid ORDER BY alias)) AS aliases,
  (SELECT group_concat(url, char(31)) FROM (SELECT url FROM reference WHERE vuln = v.rowid ORDER BY url)) AS refs,
  (SELECT json_group_array(json_array(source, version, vector, score)) FROM (SELECT source, version, vector, score FROM cvss WHERE vuln = v.rowid ORDER BY source, version)) AS cvss`;

const UNIT_SEPARATOR = '\u001f';

/** The scan-time view of a database file: opened read-only, every query a prepared statement on an index. */
export class SqliteVulnLookup implements VulnLookup {
  private readonly db: Database.Database;
  private readonly statements;
  private namespaceList: readonly string[] | undefined;
  private metaCache: VulnDbMeta | undefined;
  /**
   * The matcher asks for the same package keys and vulnerability ids again and again (every image of
   * a rescan shares most of its base packages; each flaw is looked up once per alias): answers are
   * kept, bounded, since the database never changes under an open lookup.
   */
  private readonly affectedCache = new Map<string, readonly AffectedRecord[]>();
  private readonly vulnCache = new Map<string, VulnRecord | undefined>();

  constructor(file: string) {
    try {
      this.db = new Database(file, { readonly: true, fileMustExist: true });
    } catch (err) {
      throw new Error(`vulnerability database ${file}: ${(err as Error).message}`, { cause: err });
    }
    // The file never changes under an open lookup (updates swap in a new file by rename), so the
    // shared lock is taken once and kept, and pages are mapped: otherwise every one of the
    // matcher's many small queries pays for locking and re-reading the file header.
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('mmap_size = 268435456');
    const version = schemaVersion(this.db);
    if (version !== SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`vulnerability database ${file} has schema ${version}, this rampart reads schema ${SCHEMA_VERSION}: import a current bundle`);
    }
    this.statements = {
      affected: this.db.prepare(
        `SELECT v.id AS vuln_id, a.namespace, a.package, a.scheme, a.status, a.ranges, a.versions, a.severity, a.advisory, a.arches, a.source
         FROM affected a JOIN vulnerability v ON v.rowid = a.vuln WHERE a.namespace = ? AND a.package = ?`,
      ),
      byId: this.db.prepare(`SELECT ${VULNERABILITY_COLUMNS} FROM vulnerability v WHERE v.id = ?`),
      // Two steps: as one statement (rowid = scalar subquery) SQLite took ten times as long.
      aliasOf: this.db.prepare('SELECT MIN(vuln) FROM alias WHERE alias = ?').pluck(),
      byRowid: this.db.prepare(`SELECT ${VULNERABILITY_COLUMNS} FROM vulnerability v WHERE v.rowid = ?`),
      meta: this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
    };
  }

  affected(namespace: string, packageName: string): readonly AffectedRecord[] {
    const key = `${namespace}\u0000${packageName}`;
    let records = this.affectedCache.get(key);
    if (records === undefined) {
      records = this.readAffected(namespace, packageName);
      remember(this.affectedCache, key, records);
    }
    return records;
  }

  vulnerability(id: string): VulnRecord | undefined {
    if (this.vulnCache.has(id)) return this.vulnCache.get(id);
    const record = this.readVulnerability(id);
    remember(this.vulnCache, id, record);
    return record;
  }

  private readAffected(namespace: string, packageName: string): AffectedRecord[] {
    return (this.statements.affected.all(namespace, packageName) as AffectedRow[]).map((r) => {
      const record: AffectedRecord = {
        vulnId: r.vuln_id,
        namespace: r.namespace,
        package: r.package,
        scheme: r.scheme as VersionScheme,
        status: r.status as VulnStatus,
        ranges: JSON.parse(r.ranges) as AffectedRange[],
        source: r.source,
      };
      if (r.versions) record.versions = JSON.parse(r.versions) as string[];
      if (r.severity) record.severity = r.severity;
      if (r.advisory) record.advisory = r.advisory;
      if (r.arches) record.arches = JSON.parse(r.arches) as string[];
      return record;
    });
  }

  private readVulnerability(id: string): VulnRecord | undefined {
    let row = this.statements.byId.get(id) as VulnerabilityRow | undefined;
    if (!row) {
      const target = this.statements.aliasOf.get(id) as number | null | undefined;
      if (target !== null && target !== undefined) row = this.statements.byRowid.get(target) as VulnerabilityRow | undefined;
    }
    if (!row) return undefined;
    const record: VulnRecord = {
      id: row.id,
      aliases: row.aliases ? row.aliases.split(UNIT_SEPARATOR) : [],
      cvss: (JSON.parse(row.cvss) as [string, string, string, number][]).map(([source, version, vector, score]) => ({ source, version, vector, score }) as CvssScore),
      references: row.refs ? row.refs.split(UNIT_SEPARATOR) : [],
    };
    if (row.summary) record.summary = row.summary;
    if (row.details) record.details = row.details;
    if (row.published) record.published = row.published;
    if (row.withdrawn) record.withdrawn = row.withdrawn;
    if (row.kev_date_added) {
      record.kev = { dateAdded: row.kev_date_added };
      if (row.kev_due_date) record.kev.dueDate = row.kev_due_date;
      if (row.kev_ransomware !== null) record.kev.ransomware = row.kev_ransomware === 1;
    }
    if (row.epss_score !== null && row.epss_percentile !== null) record.epss = { score: row.epss_score, percentile: row.epss_percentile, date: row.epss_date ?? '' };
    return record;
  }

  namespaces(): readonly string[] {
    this.namespaceList ??= this.db.prepare('SELECT DISTINCT namespace FROM affected ORDER BY namespace').pluck().all() as string[];
    return this.namespaceList;
  }

  meta(): VulnDbMeta {
    this.metaCache ??= {
      schemaVersion: SCHEMA_VERSION,
      built: this.metaValue(META_KEYS.built) ?? '',
      sources: JSON.parse(this.metaValue(META_KEYS.sources) ?? '[]') as VulnSourceInfo[],
    };
    return this.metaCache;
  }

  counts(): VulnDbCounts | undefined {
    const text = this.metaValue(META_KEYS.counts);
    return text ? (JSON.parse(text) as VulnDbCounts) : undefined;
  }

  /** The signed manifest the database was imported with (absent on a database built locally and never imported). */
  manifestText(): string | undefined {
    return this.metaValue(META_KEYS.manifest);
  }

  close(): void {
    this.db.close();
  }

  private metaValue(key: string): string | undefined {
    return this.statements.meta.get(key) as string | undefined;
  }
}

const CACHE_LIMIT = 200_000;

/** Keeps an answer; past the limit the oldest half goes, so memory stays bounded on any scan. */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) {
    let drop = CACHE_LIMIT / 2;
    for (const old of cache.keys()) {
      cache.delete(old);
      if (--drop === 0) break;
    }
  }
  cache.set(key, value);
}
