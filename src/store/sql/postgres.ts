import { createHash } from 'node:crypto';
import pg from 'pg';
import { applyMigrations, type Migration, type SqlDatabase, type SqlExecutor, type SqlValue } from './database.js';

/**
 * SqlDatabase on a PostgreSQL server through a `pg` connection pool. Statements outside a
 * transaction take any pooled connection; a transaction checks one connection out for its whole
 * life, so its statements never mix with other requests' (PostgreSQL's own isolation keeps its
 * half-done work invisible to them).
 */

export interface PgOptions {
  /** Pool size (default 10). */
  maxConnections?: number;
  /** Shown in `pg_stat_activity` (default `rampart`). */
  applicationName?: string;
  /** Milliseconds to wait for a connection before failing (default 10 s). */
  connectTimeoutMs?: number;
}

/** A PostgreSQL error wrapped with where it happened; `code` is the SQLSTATE (`23505` = unique violation). */
export class PgError extends Error {
  readonly code?: string;
  constructor(message: string, code: string | undefined, cause: unknown) {
    super(message, { cause });
    this.name = 'PgError';
    if (code) this.code = code;
  }
}

// Data type OIDs whose default text parser we replace.
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * COUNT and SUM come back as int8/numeric, which `pg` leaves as strings because they may exceed
 * 2^53. Integers that fit become numbers (as SQLite returns them); the rare ones that do not stay
 * exact as strings rather than silently losing digits. Fractional numerics (AVG) become numbers,
 * as SQLite's REAL would.
 */
function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

function parseNumeric(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  return Number.isInteger(n) && !Number.isSafeInteger(n) ? text : n;
}

/** Per-pool type parsers, so other `pg` users in the process keep the library's defaults. */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === INT8_OID) return parseInt8;
      if (oid === NUMERIC_OID) return parseNumeric;
    }
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const rewritten = new Map<string, { text: string; count: number }>();
const REWRITE_CACHE_LIMIT = 5000;

/**
 * `?` → `$1…$n`, leaving alone question marks in single-quoted strings, double-quoted identifiers
 * and comments. Cached: the same statements run over and over.
 */
export function toPgPlaceholders(sql: string): { text: string; count: number } {
  const cached = rewritten.get(sql);
  if (cached) return cached;
  let out = '';
  let count = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      // A doubled quote inside is an escaped quote: scanning to the next quote twice handles it.
      const end = sql.indexOf(c, i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++count}`;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  const result = { text: out, count };
  if (rewritten.size >= REWRITE_CACHE_LIMIT) rewritten.clear();
  rewritten.set(sql, result);
  return result;
}

/** Where the database is, for messages: never the password. */
function describeTarget(config: pg.PoolConfig): string {
  const host = config.host?.startsWith('/') ? `socket ${config.host}` : (config.host ?? 'localhost');
  return `postgres ${host}:${config.port ?? 5432}/${config.database ?? ''}`;
}

function parseUrl(url: string): pg.PoolConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('postgres database URL is not a valid URL (expected postgres://user:password@host:port/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`postgres database URL has scheme ${parsed.protocol}, expected postgres:`);
  }
  const config: pg.PoolConfig = { database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined };
  if (parsed.username) config.user = decodeURIComponent(parsed.username);
  if (parsed.password) config.password = decodeURIComponent(parsed.password);
  // `?host=/run/postgresql` selects a Unix socket directory, as libpq does.
  const socketHost = parsed.searchParams.get('host');
  if (socketHost) config.host = socketHost;
  else if (parsed.hostname) config.host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (parsed.port) config.port = Number(parsed.port);
  // `?options=-c search_path=tenant_a` passes server settings, as libpq's `options` does.
  const serverOptions = parsed.searchParams.get('options');
  if (serverOptions) config.options = serverOptions;
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full') {
    config.ssl = { rejectUnauthorized: sslmode !== 'require' };
  }
  return config;
}

// Named (server-side prepared) statements per connection are capped so that ad-hoc query shapes
// cannot grow a connection's plan cache without bound; beyond the cap statements run unnamed.
const PREPARED_PER_CONNECTION = 400;
const preparedNames = new WeakMap<pg.PoolClient, Set<string>>();

function statementName(client: pg.PoolClient, text: string): string | undefined {
  const name = 'r' + createHash('sha1').update(text).digest('base64url');
  let names = preparedNames.get(client);
  if (!names) preparedNames.set(client, (names = new Set()));
  if (names.has(name)) return name;
  if (names.size >= PREPARED_PER_CONNECTION) return undefined;
  names.add(name);
  return name;
}

/** Statements on one connection. */
class ClientExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  constructor(
    readonly client: pg.PoolClient,
    private readonly target: string,
  ) {}

  async query(sql: string, params: readonly SqlValue[] = []): Promise<pg.QueryResult> {
    const { text, count } = toPgPlaceholders(sql);
    if (count !== params.length) throw new Error(`${this.target}: statement has ${count} placeholders but ${params.length} values were given`);
    try {
      if (params.length === 0) return await this.client.query(text);
      const name = statementName(this.client, text);
      return await this.client.query({ text, values: params as SqlValue[], ...(name ? { name } : {}) });
    } catch (err) {
      throw wrapError(err, this.target);
    }
  }

  async all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }
}

function wrapError(err: unknown, target: string): Error {
  if (err instanceof PgError) return err;
  const e = err as Error & { code?: string };
  return new PgError(`${target}: ${e.message}`, typeof e.code === 'string' ? e.code : undefined, err);
}

export class PgDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly target: string,
  ) {}

  /**
   * Connects to `postgres://user:password@host:port/database` and checks the server answers, so a
   * wrong address or password fails here rather than at the first request.
   */
  static async connect(url: string, options: PgOptions = {}): Promise<PgDatabase> {
    const config = parseUrl(url);
    const target = describeTarget(config);
    const pool = new pg.Pool({
      ...config,
      // At least two: migrate holds one connection for its lock while the migrations use another.
      max: Math.max(2, options.maxConnections ?? 10),
      application_name: options.applicationName ?? 'rampart',
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      types: typeParsers,
    });
    // An idle pooled connection the server drops (restart, admin kill) must not crash the process.
    pool.on('error', () => {});
    const db = new PgDatabase(pool, target);
    try {
      await db.get('SELECT 1');
    } catch (err) {
      await pool.end().catch(() => {});
      throw err;
    }
    return db;
  }

  private async withClient<T>(work: (executor: ClientExecutor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw wrapError(err, this.target);
    }
    let broken = false;
    try {
      return await work(new ClientExecutor(client, this.target));
    } catch (err) {
      // A connection-level failure (not an SQL error) means the client must not return to the pool.
      broken = !(err instanceof PgError && err.code);
      throw err;
    } finally {
      client.release(broken);
    }
  }

  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.withClient((c) => c.all<T>(sql, params));
  }

  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.withClient((c) => c.get<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.withClient((c) => c.run(sql, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.withClient(async (tx) => {
      await tx.query('BEGIN');
      try {
        const result = await work(tx);
        await tx.query('COMMIT');
        return result;
      } catch (err) {
        await tx.query('ROLLBACK').catch(() => {});
        throw err;
      }
    });
  }

  async migrate(component: string, migrations: readonly Migration[]): Promise<void> {
    // Two servers (or two components) migrating at once against one database: the advisory lock
    // lets one migrate while the others wait, then find nothing left to apply. One key for all
    // components, because they share the schema_migrations table the first one creates.
    await this.withClient(async (lockHolder) => {
      await lockHolder.query('SELECT pg_advisory_lock(?)', [MIGRATION_LOCK]);
      try {
        await applyMigrations(this, component, migrations, async (tx, script) => {
          // Without parameters `pg` uses the simple query protocol, which runs several statements.
          await (tx as ClientExecutor).query(script);
        });
      } finally {
        await lockHolder.query('SELECT pg_advisory_unlock(?)', [MIGRATION_LOCK]).catch(() => {});
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The advisory lock key migrations hold (any fixed number; this one spells `ramp`). */
const MIGRATION_LOCK = 0x72616d70;
