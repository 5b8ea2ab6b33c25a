import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { BaselineEntryKind } from '../../model/index.js';

/**
 * Workload baselines on disk (SQLite): one row per workload container with its learning state,
 * one row per learned entry. The runtime engine's BaselineManager keeps them in memory and hands
 * changed ones here (`saveAll`); the CLI edits them here directly (`addEntries`, `removeEntries`,
 * `setMode`), and an agent picks the edits up when it next loads.
 *
 * Tables:
 * - baselines: (workload, container) → image digest, mode, learning start, events learned, updated.
 * - baseline_entries: (workload, container, kind, value), kind one of exec|chain|outbound|write.
 */

export type StoredBaselineMode = 'learning' | 'enforcing';

/** The same shape as the analyzer's BaselineSnapshot (src/analyzers/runtime/baseline.ts). */
export interface StoredBaseline {
  workload: string;
  container: string;
  imageDigest?: string;
  mode: StoredBaselineMode;
  learningStartedAt: string;
  learnedEvents: number;
  updatedAt: string;
  entries: Record<BaselineEntryKind, string[]>;
}

export const STORED_ENTRY_KINDS: readonly BaselineEntryKind[] = ['exec', 'chain', 'outbound', 'write'];

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE baselines (
     workload TEXT NOT NULL,
     container TEXT NOT NULL,
     image_digest TEXT,
     mode TEXT NOT NULL CHECK (mode IN ('learning', 'enforcing')),
     learning_started_at TEXT NOT NULL,
     learned_events INTEGER NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (workload, container)
   );
   CREATE TABLE baseline_entries (
     workload TEXT NOT NULL,
     container TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('exec', 'chain', 'outbound', 'write')),
     value TEXT NOT NULL,
     PRIMARY KEY (workload, container, kind, value),
     FOREIGN KEY (workload, container) REFERENCES baselines(workload, container) ON DELETE CASCADE
   );`,
];

interface BaselineRow {
  workload: string;
  container: string;
  image_digest: string | null;
  mode: StoredBaselineMode;
  learning_started_at: string;
  learned_events: number;
  updated_at: string;
}

export class BaselineStore {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (creating) the store; `:memory:` for a throwaway one. */
  static open(file: string): BaselineStore {
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      return new BaselineStore(db);
    } catch (err) {
      throw new Error(`baseline store ${file}: ${(err as Error).message}`, { cause: err });
    }
  }

  loadAll(): StoredBaseline[] {
    const rows = this.db.prepare('SELECT * FROM baselines ORDER BY workload, container').all() as BaselineRow[];
    const entries = this.db.prepare('SELECT workload, container, kind, value FROM baseline_entries ORDER BY workload, container, kind, value').all() as { workload: string; container: string; kind: BaselineEntryKind; value: string }[];
    const byKey = new Map<string, StoredBaseline>();
    for (const row of rows) byKey.set(`${row.workload}\u0000${row.container}`, fromRow(row));
    for (const e of entries) byKey.get(`${e.workload}\u0000${e.container}`)?.entries[e.kind].push(e.value);
    return [...byKey.values()];
  }

  load(workload: string, container: string): StoredBaseline | undefined {
    const row = this.db.prepare('SELECT * FROM baselines WHERE workload = ? AND container = ?').get(workload, container) as BaselineRow | undefined;
    if (!row) return undefined;
    const b = fromRow(row);
    const entries = this.db.prepare('SELECT kind, value FROM baseline_entries WHERE workload = ? AND container = ? ORDER BY kind, value').all(workload, container) as { kind: BaselineEntryKind; value: string }[];
    for (const e of entries) b.entries[e.kind].push(e.value);
    return b;
  }

  /** Baselines whose workload key matches `query`: the full key, `namespace/name`, `namespace/Kind/name` or a bare name. */
  find(query: string): StoredBaseline[] {
    return this.loadAll().filter((b) => workloadMatches(b.workload, query));
  }

  /** Replaces each baseline (state and entries) in one transaction. */
  saveAll(baselines: readonly StoredBaseline[]): void {
    if (baselines.length === 0) return;
    const upsert = this.db.prepare(
      `INSERT INTO baselines (workload, container, image_digest, mode, learning_started_at, learned_events, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workload, container) DO UPDATE SET image_digest = excluded.image_digest, mode = excluded.mode,
         learning_started_at = excluded.learning_started_at, learned_events = excluded.learned_events, updated_at = excluded.updated_at`,
    );
    const clear = this.db.prepare('DELETE FROM baseline_entries WHERE workload = ? AND container = ?');
    const insert = this.db.prepare('INSERT OR IGNORE INTO baseline_entries (workload, container, kind, value) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const b of baselines) {
        upsert.run(b.workload, b.container, b.imageDigest ?? null, b.mode, b.learningStartedAt, b.learnedEvents, b.updatedAt);
        clear.run(b.workload, b.container);
        for (const kind of STORED_ENTRY_KINDS) for (const v of b.entries[kind] ?? []) insert.run(b.workload, b.container, kind, v);
      }
    })();
  }

  /** Adds entries, creating an enforcing baseline for the container if there is none; returns how many were new. */
  addEntries(workload: string, container: string, kind: BaselineEntryKind, values: readonly string[], now = new Date()): number {
    const at = now.toISOString();
    const insert = this.db.prepare('INSERT OR IGNORE INTO baseline_entries (workload, container, kind, value) VALUES (?, ?, ?, ?)');
    return this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO baselines (workload, container, image_digest, mode, learning_started_at, learned_events, updated_at) VALUES (?, ?, NULL, 'enforcing', ?, 0, ?) ON CONFLICT (workload, container) DO UPDATE SET updated_at = excluded.updated_at`)
        .run(workload, container, at, at);
      let added = 0;
      for (const v of values) added += insert.run(workload, container, kind, v).changes;
      return added;
    })();
  }

  removeEntries(workload: string, container: string, kind: BaselineEntryKind, values: readonly string[], now = new Date()): number {
    const del = this.db.prepare('DELETE FROM baseline_entries WHERE workload = ? AND container = ? AND kind = ? AND value = ?');
    return this.db.transaction(() => {
      let removed = 0;
      for (const v of values) removed += del.run(workload, container, kind, v).changes;
      this.db.prepare('UPDATE baselines SET updated_at = ? WHERE workload = ? AND container = ?').run(now.toISOString(), workload, container);
      return removed;
    })();
  }

  /** Sets the mode of one container's baseline, or of every container of the workload; back to learning restarts the window. Returns rows changed. */
  setMode(workload: string, container: string | undefined, mode: StoredBaselineMode, now = new Date()): number {
    const at = now.toISOString();
    const restart = mode === 'learning' ? ", learning_started_at = CASE WHEN mode = 'learning' THEN learning_started_at ELSE @at END, learned_events = CASE WHEN mode = 'learning' THEN learned_events ELSE 0 END" : '';
    const where = container === undefined ? 'workload = @workload' : 'workload = @workload AND container = @container';
    return this.db.prepare(`UPDATE baselines SET mode = @mode, updated_at = @at${restart} WHERE ${where}`).run({ workload, container: container ?? null, mode, at }).changes;
  }

  /** Deletes one container's baseline, or the workload's. Returns baselines deleted. */
  delete(workload: string, container?: string): number {
    if (container === undefined) return this.db.prepare('DELETE FROM baselines WHERE workload = ?').run(workload).changes;
    return this.db.prepare('DELETE FROM baselines WHERE workload = ? AND container = ?').run(workload, container).changes;
  }

  close(): void {
    this.db.close();
  }
}

/** `cluster/namespace/Kind/name` against a query of 1–4 trailing segments (`api`, `payments/api`, `payments/Deployment/api`). */
export function workloadMatches(workload: string, query: string): boolean {
  if (workload === query) return true;
  const [cluster, namespace, kind, name] = workload.split('/');
  const q = query.split('/');
  if (q.length === 1) return name === q[0];
  if (q.length === 2) return namespace === q[0] && name === q[1];
  if (q.length === 3) return namespace === q[0] && kind?.toLowerCase() === q[1]?.toLowerCase() && name === q[2];
  return cluster === q[0] && namespace === q[1] && kind === q[2] && name === q[3];
}

function fromRow(row: BaselineRow): StoredBaseline {
  const b: StoredBaseline = {
    workload: row.workload,
    container: row.container,
    mode: row.mode,
    learningStartedAt: row.learning_started_at,
    learnedEvents: row.learned_events,
    updatedAt: row.updated_at,
    entries: { exec: [], chain: [], outbound: [], write: [] },
  };
  if (row.image_digest) b.imageDigest = row.image_digest;
  return b;
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS baseline_schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM baseline_schema_migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  if (current > MIGRATIONS.length) throw new Error(`schema version ${current} is newer than this rampart understands (${MIGRATIONS.length}); upgrade rampart`);
  MIGRATIONS.slice(current).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO baseline_schema_migrations (version, applied_at) VALUES (?, ?)').run(current + i + 1, new Date().toISOString());
    })();
  });
}
