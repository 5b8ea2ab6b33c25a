/**
 * The one SQL seam the platform's storage is written against, so the same queries and migrations
 * run on embedded SQLite (one team, one process) and on PostgreSQL (a shared deployment).
 *
 * Portable SQL only: `?` placeholders (the PostgreSQL driver rewrites them to `$n`), TEXT for
 * strings, ISO 8601 timestamps and JSON, INTEGER/BIGINT for numbers, 0/1 for booleans,
 * `INSERT … ON CONFLICT … DO UPDATE`, `RETURNING`. Where the dialects truly differ (auto-increment
 * keys), a migration gives both texts.
 */
export type SqlValue = string | number | bigint | null | Buffer;

export type SqlDialect = 'sqlite' | 'postgres';

/** One schema step: the same text for both dialects, or one per dialect. */
export type Migration = string | { sqlite: string; postgres: string };

export interface SqlExecutor {
  readonly dialect: SqlDialect;
  /** All rows. Integer columns come back as JS numbers on both dialects. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** A statement without rows; `changes` is the number of rows written. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Statements on the database outside `work` wait until it ends, so concurrent requests never see
   * or join each other's half-done transactions.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Applies the component's migrations not yet applied, in order, each in its own transaction,
   * recording them in `schema_migrations (component, version)`. Components (findings, identity,
   * audit, governance) keep separate version counters so each owns its tables.
   */
  migrate(component: string, migrations: readonly Migration[]): Promise<void>;
  close(): Promise<void>;
}

export function migrationText(migration: Migration, dialect: SqlDialect): string {
  return typeof migration === 'string' ? migration : migration[dialect];
}

/** Shared by both implementations: the bookkeeping table and the apply loop. */
export async function applyMigrations(db: SqlDatabase, component: string, migrations: readonly Migration[], execScript: (tx: SqlExecutor, script: string) => Promise<void>): Promise<void> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (component, version))');
  const row = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations WHERE component = ?', [component]);
  const applied = row?.v ?? 0;
  if (applied > migrations.length) throw new Error(`database schema of ${component} is version ${applied}, newer than this rampart knows (${migrations.length}): upgrade rampart`);
  for (let version = applied + 1; version <= migrations.length; version++) {
    await db.transaction(async (tx) => {
      await execScript(tx, migrationText(migrations[version - 1]!, db.dialect));
      await tx.run('INSERT INTO schema_migrations (component, version, applied_at) VALUES (?, ?, ?)', [component, version, new Date().toISOString()]);
    });
  }
}
