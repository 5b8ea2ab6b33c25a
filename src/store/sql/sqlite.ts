import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, type Migration, type SqlDatabase, type SqlExecutor, type SqlValue } from './database.js';

/**
 * SqlDatabase on an embedded SQLite file (better-sqlite3: synchronous, so one connection is both
 * fast and consistent). An async mutex keeps a transaction's statements together: without it,
 * another request's statement could run inside it between two awaits.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private lock: Promise<void> = Promise.resolve();
  private inTransaction = false;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens (creating when missing) the file; `:memory:` for a throwaway database. */
  static open(file: string): SqliteDatabase {
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      // SQLite's default page cache is 2 MB: a server's indexes outgrow it at once, and every
      // index update then rereads pages from the OS. 256 MB (an upper bound; used as needed).
      db.pragma('cache_size = -262144');
      db.pragma('temp_store = MEMORY');
      return new SqliteDatabase(db);
    } catch (err) {
      throw new Error(`database ${file}: ${(err as Error).message}`, { cause: err });
    }
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** The executor used inside a transaction, and (after waiting for the lock) outside one. */
  private readonly direct: SqlExecutor = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).all(...params) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: this.statement(sql).run(...params).changes }),
  };

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.lock;
    let release!: () => void;
    this.lock = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }

  async all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.exclusive(() => this.direct.all<T>(sql, params));
  }

  async get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.exclusive(() => this.direct.get<T>(sql, params));
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.exclusive(() => this.direct.run(sql, params));
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      if (this.inTransaction) throw new Error('nested transaction: pass the transaction executor down instead');
      this.inTransaction = true;
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        this.db.exec('ROLLBACK');
        throw err;
      } finally {
        this.inTransaction = false;
      }
    });
  }

  async migrate(component: string, migrations: readonly Migration[]): Promise<void> {
    await applyMigrations(this, component, migrations, async (_tx, script) => {
      this.db.exec(script);
    });
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      this.statements.clear();
      this.db.close();
    });
  }
}
