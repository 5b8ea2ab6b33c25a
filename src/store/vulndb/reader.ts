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
  rowid: number;
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
}

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
      byId: this.db.prepare('SELECT rowid, * FROM vulnerability WHERE id = ?'),
      byAlias: this.db.prepare('SELECT v.rowid, v.* FROM alias a JOIN vulnerability v ON v.rowid = a.vuln WHERE a.alias = ? ORDER BY v.rowid LIMIT 1'),
      aliases: this.db.prepare('SELECT alias FROM alias WHERE vuln = ? ORDER BY alias').pluck(),
      cvss: this.db.prepare('SELECT source, version, vector, score FROM cvss WHERE vuln = ? ORDER BY source, version'),
      references: this.db.prepare('SELECT url FROM reference WHERE vuln = ? ORDER BY url').pluck(),
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
    const row = (this.statements.byId.get(id) ?? this.statements.byAlias.get(id)) as VulnerabilityRow | undefined;
    if (!row) return undefined;
    const record: VulnRecord = {
      id: row.id,
      aliases: this.statements.aliases.all(row.rowid) as string[],
      cvss: this.statements.cvss.all(row.rowid) as CvssScore[],
      references: this.statements.references.all(row.rowid) as string[],
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
