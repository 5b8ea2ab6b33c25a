import Database from 'better-sqlite3';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ImportSink, Importer } from '../../analyzers/vuln/importers/importer.js';
import type { Advisory, CvssScore, VulnEnrichment, VulnSourceInfo } from '../../model/index.js';
import { countRows, INDEXES, META_KEYS, migrate, SCHEMA_VERSION, type VulnDbCounts } from './schema.js';

const CVE = /^CVE-\d{4}-\d{4,}$/;
const isCve = (id: string): boolean => CVE.test(id);

/**
 * Writes a vulnerability database from advisories and enrichments, merging records of the same flaw.
 *
 * Merging: each flaw is a group; a record joins the group of the CVE it names (its id, or its single
 * CVE alias), else the group of any id it shares, else starts one. Two groups that turn out to share
 * an id are merged, except two groups of different CVEs: a GHSA covering two CVEs links to both but
 * never makes them one flaw. Merges are recorded in memory and applied to the child tables in one
 * pass at the end, so the load itself is only inserts.
 */
export class VulnDbWriter {
  private readonly db: Database.Database;
  private readonly idToGroup = new Map<string, number>();
  private readonly parent: number[] = [0];
  private readonly cveOf: (string | undefined)[] = [undefined];
  private readonly primaryOf: string[] = [''];
  private readonly statements;
  private inTransaction = false;

  constructor(file: string) {
    this.db = new Database(file);
    // A build writes a fresh file once: no journal, no fsync until the end.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -65536');
    migrate(this.db);
    this.statements = {
      vulnerability: this.db.prepare('INSERT INTO vulnerability (rowid, id) VALUES (?, ?)'),
      fields: this.db.prepare(
        `UPDATE vulnerability SET summary = coalesce(summary, @summary), details = coalesce(details, @details),
           published = coalesce(published, @published), modified = coalesce(modified, @modified),
           withdrawn = coalesce(withdrawn, @withdrawn) WHERE rowid = @vuln`,
      ),
      kev: this.db.prepare('UPDATE vulnerability SET kev_date_added = ?, kev_due_date = ?, kev_ransomware = ? WHERE rowid = ?'),
      epss: this.db.prepare('UPDATE vulnerability SET epss_score = ?, epss_percentile = ?, epss_date = ? WHERE rowid = ?'),
      alias: this.db.prepare('INSERT OR IGNORE INTO alias (alias, vuln) VALUES (?, ?)'),
      cvss: this.db.prepare('INSERT OR REPLACE INTO cvss (vuln, source, version, vector, score) VALUES (?, ?, ?, ?, ?)'),
      reference: this.db.prepare('INSERT OR IGNORE INTO reference (vuln, url) VALUES (?, ?)'),
      affected: this.db.prepare(
        `INSERT INTO affected (vuln, namespace, package, scheme, status, ranges, versions, severity, advisory, arches, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /** Groups many inserts in one transaction: SQLite commits are the cost of a bulk load. */
  begin(): void {
    if (!this.inTransaction) this.db.exec('BEGIN');
    this.inTransaction = true;
  }

  commit(): void {
    if (this.inTransaction) this.db.exec('COMMIT');
    this.inTransaction = false;
  }

  advisory(advisory: Advisory): void {
    const id = advisory.id.trim();
    if (!id) throw new Error(`advisory from ${advisory.source} has an empty id`);
    const ids = [...new Set([id, ...advisory.aliases.map((a) => a.trim()).filter(Boolean)])];
    const group = this.resolve(id, ids);
    for (const alias of ids) if (alias !== this.primaryOf[group]) this.statements.alias.run(alias, group);
    this.statements.fields.run({
      vuln: group,
      summary: advisory.summary || null,
      details: advisory.details || null,
      published: advisory.published ?? null,
      modified: advisory.modified ?? null,
      // A merged flaw is withdrawn only when its own record is; a withdrawn alias just stops matching.
      withdrawn: advisory.withdrawn && id === this.primaryOf[group] ? advisory.withdrawn : null,
    });
    this.cvss(group, advisory.cvss);
    for (const url of advisory.references) this.statements.reference.run(group, url);
    if (advisory.withdrawn) return;
    for (const a of advisory.affected) {
      this.statements.affected.run(
        group,
        a.namespace,
        a.package,
        a.scheme,
        a.status,
        JSON.stringify(a.ranges),
        a.versions?.length ? JSON.stringify(a.versions) : null,
        a.severity ?? null,
        a.advisory ?? null,
        a.arches?.length ? JSON.stringify(a.arches) : null,
        a.source || advisory.source,
      );
    }
  }

  enrichment(enrichment: VulnEnrichment): void {
    const id = enrichment.id.trim();
    if (!id) throw new Error('enrichment with an empty id');
    const group = this.resolve(id, [id]);
    if (enrichment.kev) this.statements.kev.run(enrichment.kev.dateAdded, enrichment.kev.dueDate ?? null, enrichment.kev.ransomware === undefined ? null : Number(enrichment.kev.ransomware), group);
    if (enrichment.epss) this.statements.epss.run(enrichment.epss.score, enrichment.epss.percentile, enrichment.epss.date, group);
    if (enrichment.description || enrichment.published) {
      this.statements.fields.run({ vuln: group, summary: null, details: enrichment.description ?? null, published: enrichment.published ?? null, modified: null, withdrawn: null });
    }
    if (enrichment.cvss) this.cvss(group, enrichment.cvss);
  }

  /** Applies merges, builds indexes, records what was built; returns the counts. */
  finish(meta: { built: string; sources: VulnSourceInfo[] }): VulnDbCounts {
    this.commit();
    const db = this.db;
    db.transaction(() => {
      db.exec('CREATE TEMP TABLE remap (loser INTEGER PRIMARY KEY, winner INTEGER NOT NULL)');
      const remap = db.prepare('INSERT INTO remap (loser, winner) VALUES (?, ?)');
      const mergeFields = db.prepare(
        `UPDATE vulnerability SET (summary, details, published, modified, kev_date_added, kev_due_date, kev_ransomware, epss_score, epss_percentile, epss_date) =
           (SELECT coalesce(w.summary, l.summary), coalesce(w.details, l.details), coalesce(w.published, l.published), coalesce(w.modified, l.modified),
                   coalesce(w.kev_date_added, l.kev_date_added), coalesce(w.kev_due_date, l.kev_due_date), coalesce(w.kev_ransomware, l.kev_ransomware),
                   coalesce(w.epss_score, l.epss_score), coalesce(w.epss_percentile, l.epss_percentile), coalesce(w.epss_date, l.epss_date)
            FROM vulnerability w, vulnerability l WHERE w.rowid = @winner AND l.rowid = @loser)
         WHERE rowid = @winner`,
      );
      for (let g = 1; g < this.parent.length; g++) {
        const winner = this.find(g);
        if (winner === g) continue;
        remap.run(g, winner);
        mergeFields.run({ winner, loser: g });
        this.statements.alias.run(this.primaryOf[g], winner);
      }
      const moved = 'SELECT winner FROM remap WHERE loser = t.vuln';
      for (const table of ['alias', 'cvss', 'reference']) {
        db.exec(`UPDATE OR IGNORE ${table} AS t SET vuln = (${moved}) WHERE vuln IN (SELECT loser FROM remap)`);
        db.exec(`DELETE FROM ${table} WHERE vuln IN (SELECT loser FROM remap)`);
      }
      db.exec(`UPDATE affected AS t SET vuln = (${moved}) WHERE vuln IN (SELECT loser FROM remap)`);
      db.exec('DELETE FROM vulnerability WHERE rowid IN (SELECT loser FROM remap)');
      // A flaw's own id is not its alias (a merged-away record may have named it).
      db.exec('DELETE FROM alias WHERE alias = (SELECT id FROM vulnerability v WHERE v.rowid = alias.vuln)');
      db.exec('DROP TABLE remap');
      db.exec(INDEXES);
      const sourceRow = db.prepare('INSERT INTO source (name, date, records) VALUES (?, ?, ?)');
      for (const s of meta.sources) sourceRow.run(s.name, s.date ?? null, s.records);
    })();
    const counts = countRows(db);
    const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      setMeta.run(META_KEYS.schemaVersion, String(SCHEMA_VERSION));
      setMeta.run(META_KEYS.built, meta.built);
      setMeta.run(META_KEYS.sources, JSON.stringify(meta.sources));
      setMeta.run(META_KEYS.counts, JSON.stringify(counts));
    })();
    db.exec('ANALYZE');
    db.close();
    return counts;
  }

  /** Closes without finishing (a failed build); the caller deletes the file. */
  abort(): void {
    if (this.db.open) this.db.close();
  }

  private cvss(group: number, scores: readonly CvssScore[]): void {
    for (const c of scores) this.statements.cvss.run(group, c.source, c.version, c.vector, c.score);
  }

  private find(group: number): number {
    let g = group;
    while (this.parent[g] !== g) {
      const up = this.parent[g] as number;
      this.parent[g] = this.parent[up] as number;
      g = up;
    }
    return g;
  }

  private create(id: string): number {
    const group = this.parent.length;
    this.parent.push(group);
    this.cveOf.push(isCve(id) ? id : undefined);
    this.primaryOf.push(id);
    this.idToGroup.set(id, group);
    this.statements.vulnerability.run(group, id);
    return group;
  }

  private groupOf(id: string): number {
    const known = this.idToGroup.get(id);
    return known === undefined ? this.create(id) : this.find(known);
  }

  /** The group a record with these ids belongs to, merging the groups it proves to be one flaw. */
  private resolve(id: string, ids: readonly string[]): number {
    const cves = ids.filter(isCve);
    let target: number;
    if (isCve(id)) target = this.groupOf(id);
    else if (cves.length === 1) target = this.groupOf(cves[0] as string);
    else if (cves.length > 1) target = this.groupOf(id);
    else {
      const known = ids.find((i) => this.idToGroup.has(i));
      target = this.groupOf(known ?? id);
    }
    for (const other of ids) {
      const known = this.idToGroup.get(other);
      if (known === undefined) {
        // A CVE other than the group's own keeps its own group when its record arrives.
        if (!isCve(other) || this.cveOf[target] === other) this.idToGroup.set(other, target);
        continue;
      }
      const root = this.find(known);
      if (root === target) continue;
      const a = this.cveOf[root];
      const b = this.cveOf[target];
      if (a && b && a !== b) continue;
      // The CVE group absorbs the other; between two groups without one, the record's group does.
      if (a && !b) {
        this.parent[target] = root;
        target = root;
      } else {
        this.parent[root] = target;
      }
    }
    return target;
  }
}

export interface BuildOptions {
  /** Folder of publisher files (`--from`). */
  from: string;
  /** Database file to create (replaced if present). */
  output: string;
  importers: readonly Importer[];
  /** Build time recorded in the database; now by default. */
  built?: Date;
  onFile?: (relativePath: string, index: number) => void;
}

export interface BuildResult {
  built: string;
  sources: VulnSourceInfo[];
  counts: VulnDbCounts;
  /** Files read by an importer, and files no importer claimed. */
  files: { read: number; unmatched: string[] };
  /** Records an importer could not understand, as `file: message`. */
  problems: string[];
  /** Files an importer failed on entirely, as `file: message`. */
  failed: string[];
}

/** Relative `/`-separated paths of every file under `root`, sorted so that builds are reproducible. */
export async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, rel: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await visit(path.join(dir, e.name), relPath);
      else if (e.isFile()) out.push(relPath);
    }
  };
  await visit(root, '');
  return out;
}

/** Builds the database from a folder of feeds: each file goes to the first importer that claims it. */
export async function buildVulnDb(options: BuildOptions): Promise<BuildResult> {
  let files: string[];
  try {
    files = await walk(options.from);
  } catch (err) {
    throw new Error(`--from ${options.from}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message}`, { cause: err });
  }
  await rm(options.output, { force: true });
  const writer = new VulnDbWriter(options.output);
  const problems: string[] = [];
  const failed: string[] = [];
  const unmatched: string[] = [];
  const sources = new Map<string, VulnSourceInfo>();
  let read = 0;
  try {
    for (const [index, rel] of files.entries()) {
      const importer = options.importers.find((i) => i.matches(rel));
      if (!importer) {
        unmatched.push(rel);
        continue;
      }
      options.onFile?.(rel, index);
      read++;
      let pending = 0;
      const counted = (): void => {
        // Commit now and then so that a feed of millions of rows never holds one huge transaction.
        if (++pending % 5000 === 0) {
          writer.commit();
          writer.begin();
        }
      };
      // One malformed record is reported and skipped; it does not end the file.
      const guarded = (id: unknown, write: () => void): void => {
        try {
          write();
          counted();
        } catch (err) {
          problems.push(`${rel}: record ${typeof id === 'string' && id ? id : '(no id)'}: ${(err as Error).message}`);
        }
      };
      const sink: ImportSink = {
        advisory: (a) => guarded(a?.id, () => writer.advisory(a)),
        enrichment: (e) => guarded(e?.id, () => writer.enrichment(e)),
        problem: (message) => problems.push(`${rel}: ${message}`),
      };
      writer.begin();
      try {
        const info = await importer.run(path.join(options.from, rel), sink);
        const seen = sources.get(info.name);
        if (!seen) sources.set(info.name, { ...info });
        else {
          seen.records += info.records;
          if (info.date && (!seen.date || info.date > seen.date)) seen.date = info.date;
        }
      } catch (err) {
        // Whatever the importer wrote before failing stays; the build reports the file and goes on.
        failed.push(`${rel}: ${(err as Error).message.split('\n')[0]}`);
      }
      writer.commit();
    }
    const built = (options.built ?? new Date()).toISOString();
    const sourceList = [...sources.values()].sort((a, b) => a.name.localeCompare(b.name));
    const counts = writer.finish({ built, sources: sourceList });
    return { built, sources: sourceList, counts, files: { read, unmatched }, problems, failed };
  } catch (err) {
    writer.abort();
    await rm(options.output, { force: true });
    throw err;
  }
}
