import type { SqlExecutor, SqlValue } from '../sql/database.js';
import { placeholders } from './findings-filter.js';

/**
 * Set-based statements over many rows or keys, in the form each dialect runs fastest, with a
 * fixed, small set of statement texts (both drivers cache prepared statements by text, so each is
 * parsed and planned once, not once per batch size).
 *
 * SQLite (in-process, a call costs microseconds): multi-row statements of one fixed size plus
 * single-row ones for the rest. PostgreSQL (a statement is a round trip): all rows as one JSON
 * parameter expanded by `json_to_recordset`, so one statement carries thousands of rows. Measured
 * on PostgreSQL 15 loading 100,000 findings: this costs the client and the server together less
 * CPU than bound multi-row VALUES (whose ~20 parameters per row `pg` serialises one by one) and
 * much less than `unnest` over array parameters.
 */

export type PgColumnType = 'text' | 'integer' | 'bigint';

export interface BulkColumns {
  table: string;
  /** Column name and its PostgreSQL type (a JSON parameter is read as these types). */
  columns: readonly (readonly [string, PgColumnType])[];
}

/** Rows per SQLite statement: large enough to amortise the call, well under SQLite's 32,766 parameters. */
const SQLITE_ROWS = 100;
const SQLITE_KEYS = 250;
/** Rows (keys) per PostgreSQL statement with a JSON parameter: bounds the parameter's size. */
const PG_JSON_ROWS = 5000;
const PG_KEYS = 10_000;

function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `x(a0 text, a1 bigint, …)`: the record json_to_recordset yields, named a0… to keep the JSON small. */
function recordType(columns: BulkColumns['columns']): string {
  return columns.map(([, type], i) => `a${i} ${type}`).join(', ');
}

function recordsJson(rows: readonly (readonly SqlValue[])[]): string {
  return JSON.stringify(
    rows.map((row) => {
      const record: Record<string, SqlValue> = {};
      for (let i = 0; i < row.length; i++) {
        const value = row[i]!;
        record[`a${i}`] = typeof value === 'bigint' ? Number(value) : value;
      }
      return record;
    }),
  );
}

// The same string objects every time: the drivers look statements up by text, and a string
// reused hashes once.
const insertTexts = new WeakMap<BulkColumns, Map<string, string>>();

function insertText(target: BulkColumns, rows: number, tail: string): string {
  let texts = insertTexts.get(target);
  if (!texts) insertTexts.set(target, (texts = new Map()));
  const key = `${rows}${tail}`;
  let text = texts.get(key);
  if (!text) {
    const rowText = `(${placeholders(target.columns.length)})`;
    text = `INSERT INTO ${target.table} (${target.columns.map(([name]) => name).join(', ')}) VALUES ${Array.from({ length: rows }, () => rowText).join(', ')}${tail}`;
    texts.set(key, text);
  }
  return text;
}

/** `INSERT INTO table (columns) … tail` for every row (`tail`: an ON CONFLICT clause, on `excluded`). */
export async function insertMany(tx: SqlExecutor, target: BulkColumns, rows: readonly (readonly SqlValue[])[], tail = ''): Promise<void> {
  if (rows.length === 0) return;
    if (tx.dialect === 'postgres') {
    const select = target.columns.map((_, i) => `x.a${i}`).join(', ');
    const sql = `INSERT INTO ${target.table} (${target.columns.map(([name]) => name).join(', ')}) SELECT ${select} FROM json_to_recordset(?::json) AS x(${recordType(target.columns)})${tail}`;
    for (const batch of slices(rows, PG_JSON_ROWS)) await tx.run(sql, [recordsJson(batch)]);
    return;
  }
  const many = insertText(target, SQLITE_ROWS, tail);
  const one = insertText(target, 1, tail);
  let i = 0;
  for (; i + SQLITE_ROWS <= rows.length; i += SQLITE_ROWS) await tx.run(many, rows.slice(i, i + SQLITE_ROWS).flat());
  for (; i < rows.length; i++) await tx.run(one, rows[i]!);
}

/** Deletes the rows whose key columns equal one of `keys` (each a full key, in `target.columns` order). */
export async function deleteKeys(tx: SqlExecutor, target: BulkColumns, keys: readonly (readonly SqlValue[])[]): Promise<void> {
  if (keys.length === 0) return;
  if (tx.dialect === 'postgres') {
    const match = target.columns.map(([name], i) => `t.${name} = x.a${i}`).join(' AND ');
    const sql = `DELETE FROM ${target.table} t USING json_to_recordset(?::json) AS x(${recordType(target.columns)}) WHERE ${match}`;
    for (const batch of slices(keys, PG_JSON_ROWS)) await tx.run(sql, [recordsJson(batch)]);
    return;
  }
  const sql = `DELETE FROM ${target.table} WHERE ${target.columns.map(([name]) => `${name} = ?`).join(' AND ')}`;
  for (const key of keys) await tx.run(sql, key);
}

/**
 * Runs `statement(list)` over `keys` in batches, `list` standing for the batch in an `IN (…)`
 * (`column IN (${list})`); `before`/`after` are the statement's other parameters around it.
 * Returns the rows (for SELECTs) and the total of rows changed.
 */
export async function forKeys<T = Record<string, unknown>>(
  tx: SqlExecutor,
  keys: readonly string[],
  statement: (list: string) => string,
  before: readonly SqlValue[] = [],
  after: readonly SqlValue[] = [],
): Promise<{ rows: T[]; changes: number }> {
  const rows: T[] = [];
  let changes = 0;
  if (keys.length === 0) return { rows, changes };
  const returnsRows = /^\s*SELECT\b/i.test(statement(''));
  const exec = async (sql: string, params: SqlValue[]): Promise<void> => {
    if (returnsRows) rows.push(...(await tx.all<T>(sql, params)));
    else changes += (await tx.run(sql, params)).changes;
  };
  if (tx.dialect === 'postgres') {
    const sql = statement('SELECT json_array_elements_text(?::json)');
    for (const batch of slices(keys, PG_KEYS)) await exec(sql, [...before, JSON.stringify(batch), ...after]);
    return { rows, changes };
  }
  const many = statement(placeholders(SQLITE_KEYS));
  const one = statement('?');
  let i = 0;
  for (; i + SQLITE_KEYS <= keys.length; i += SQLITE_KEYS) await exec(many, [...before, ...keys.slice(i, i + SQLITE_KEYS), ...after]);
  for (; i < keys.length; i++) await exec(one, [...before, keys[i]!, ...after]);
  return { rows, changes };
}
