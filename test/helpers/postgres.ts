import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { access, chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import type { SqlDatabase, SqlDialect } from '../../src/store/sql/database.js';
import { PgDatabase } from '../../src/store/sql/postgres.js';
import { SqliteDatabase } from '../../src/store/sql/sqlite.js';
import { freePort } from './registry.js';

/**
 * A private PostgreSQL 15 server per test file, from Debian's `postgresql` package: initdb into a
 * temp dir, listening on 127.0.0.1 at a free port with its socket in that dir, fsync off. Nothing
 * is shared with other test files or the machine's own cluster; `stop()` removes it all.
 */

const execFileAsync = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` of the database made for the caller. */
  url: string;
  port: number;
  /** URL of another database on the same server (e.g. `createDatabase`'s result). */
  urlFor(database: string): string;
  /** Creates an empty database and returns its URL (about a second: PostgreSQL checkpoints). */
  createDatabase(name: string): Promise<string>;
  /**
   * Creates an empty schema in the main database and returns a URL whose connections see only it
   * (`search_path`): a clean slate in milliseconds.
   */
  createSchema(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** root may not run initdb or postgres: run them as the `postgres` OS user, which the package creates. */
function asServerUser(): { wrap: (cmd: string, args: string[]) => [string, string[]]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { wrap: (cmd, args) => [cmd, args] };
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error('no `postgres` OS user: install the Debian package `postgresql` (apt-get install -y postgresql)');
  }
  return { wrap: (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]], uid, gid };
}

async function run(wrap: (cmd: string, args: string[]) => [string, string[]], tool: string, args: string[]): Promise<void> {
  const [cmd, argv] = wrap(path.join(PG_BIN, tool), args);
  try {
    await execFileAsync(cmd, argv, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stderr?: string; stdout?: string };
    throw new Error(`${tool} failed: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-5).join(' | ')}`, { cause: err });
  }
}

/** Starts a private PostgreSQL 15 and creates `database` (default `rampart_test`) in it. */
export async function startPostgres(database = 'rampart_test'): Promise<PostgresServer> {
  try {
    await access(path.join(PG_BIN, 'initdb'));
  } catch {
    throw new Error(`PostgreSQL 15 binaries not found in ${PG_BIN}: install the Debian package \`postgresql\` (apt-get install -y postgresql)`);
  }
  const user = asServerUser();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (user.uid !== undefined) await chown(dir, user.uid, user.gid!);
  let started = false;
  const stopNow = (): void => {
    // Synchronous on purpose: also used from the process 'exit' handler when a test file dies.
    if (started) spawnSync(...user.wrap(path.join(PG_BIN, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-s']), { stdio: 'ignore' });
    started = false;
  };
  const onExit = (): void => {
    stopNow();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  try {
    await run(user.wrap, 'initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const serverOptions = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
    started = true;
    await run(user.wrap, 'pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '30', '-s', '-o', serverOptions]);
    const urlFor = (name: string): string => `postgres://postgres@127.0.0.1:${port}/${name}`;
    const createDatabase = async (name: string): Promise<string> => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: use lower-case letters, digits and _`);
      const client = new pg.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    };
    const url = await createDatabase(database);
    const createSchema = async (name: string): Promise<string> => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`schema name ${name}: use lower-case letters, digits and _`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${name}`);
      } finally {
        await client.end();
      }
      return `${url}?options=${encodeURIComponent(`-c search_path=${name}`)}`;
    };
    return {
      url,
      port,
      urlFor,
      createDatabase,
      createSchema,
      stop: async () => {
        process.off('exit', onExit);
        stopNow();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    process.off('exit', onExit);
    stopNow();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface DialectContext {
  dialect: SqlDialect;
  /** The database of this suite, opened in `before` (empty, no migrations applied). */
  db(): SqlDatabase;
  /** Another empty database, closed when the suite ends: for tests that need a clean slate. */
  fresh(): Promise<SqlDatabase>;
}

/**
 * Defines the same tests twice: `<name> [sqlite]` on a SQLite file in a temp dir, and
 * `<name> [postgres]` on a private PostgreSQL server started for it. `define` runs inside each
 * `describe`, so it declares its tests (and hooks) exactly as it would in one.
 */
export function withBothDatabases(name: string, define: (ctx: DialectContext) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${dialect}]`, () => {
      const opened: SqlDatabase[] = [];
      let main: SqlDatabase | undefined;
      let server: PostgresServer | undefined;
      let sqliteDir: string | undefined;
      let counter = 0;

      const open = async (): Promise<SqlDatabase> => {
        counter++;
        let db: SqlDatabase;
        if (dialect === 'sqlite') {
          db = SqliteDatabase.open(path.join(sqliteDir!, `db${counter}.sqlite`));
        } else {
          db = await PgDatabase.connect(counter === 1 ? server!.url : await server!.createSchema(`fresh_${counter}`), { maxConnections: 20 });
        }
        opened.push(db);
        return db;
      };

      before(async () => {
        if (dialect === 'sqlite') sqliteDir = await mkdtemp(path.join(os.tmpdir(), 'rampart-sqlite-'));
        else server = await startPostgres();
        main = await open();
      });

      after(async () => {
        for (const db of opened) await db.close().catch(() => {});
        if (server) await server.stop();
        if (sqliteDir) await rm(sqliteDir, { recursive: true, force: true });
      });

      define({
        dialect,
        db: () => {
          if (!main) throw new Error('withBothDatabases: db() is only available once the suite has started (inside tests and hooks)');
          return main;
        },
        fresh: open,
      });
    });
  }
}
