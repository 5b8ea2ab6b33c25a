import { createHash } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import type { AuditEntry } from '../../model/platform.js';
import type { Migration, SqlDatabase, SqlExecutor } from '../sql/database.js';

/**
 * The platform's append-only audit trail with a SHA-256 hash chain.
 *
 * Each entry's `hash` = SHA-256(prevHash + "\n" + canonical JSON of the entry without `hash`), where
 * canonical JSON sorts object keys at every level and leaves out absent fields. `audit_head` holds
 * the last seq and hash (so cutting entries off the end is detected) and the retention anchor: the
 * seq and hash of the last purged entry, which the first remaining entry must chain to.
 *
 * The application never updates or deletes an entry except through `purgeOlderThan`. A database
 * trigger (both dialects) rejects UPDATE and DELETE on `audit_log` unless the purge has inserted its
 * permit row in the same transaction: it stops application bugs and injected SQL, while the hash
 * chain is what detects someone with owner rights who drops the trigger.
 */

export const GENESIS_HASH = '0'.repeat(64);
/** MLPS 2.0 requires audit records to be kept at least six months. */
export const MIN_RETENTION_DAYS = 180;
export const DEFAULT_RETENTION_DAYS = 180;

export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    sqlite: `
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  source_ip TEXT,
  details TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log (time);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  anchor_seq INTEGER NOT NULL,
  anchor_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, anchor_seq, anchor_hash) VALUES (1, 0, '${GENESIS_HASH}', 0, '${GENESIS_HASH}');
CREATE TABLE audit_purge_permit (id INTEGER PRIMARY KEY);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit)
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: entries leave only through the retention purge'); END;
`,
    postgres: `
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  time TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  source_ip TEXT,
  details TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log (time);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  anchor_seq BIGINT NOT NULL,
  anchor_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, anchor_seq, anchor_hash) VALUES (1, 0, '${GENESIS_HASH}', 0, '${GENESIS_HASH}');
CREATE TABLE audit_purge_permit (id INTEGER PRIMARY KEY);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_purge_permit) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit trail is append-only: entries leave only through the retention purge';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`,
  },
];

/** What a caller supplies; seq, hashes and (unless given) time are the trail's. */
export interface AuditInput {
  actor: string;
  action: string;
  target?: string;
  outcome: AuditEntry['outcome'];
  sourceIp?: string;
  details?: Record<string, unknown>;
  time?: string;
}

export type AuditVerification =
  | { ok: true; entries: number; firstSeq: number; lastSeq: number; anchorSeq: number }
  | { ok: false; seq: number; reason: string };

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: AuditEntry['outcome'];
  /** ISO timestamps, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  /** Entries with seq below this (for paging backwards from the newest). */
  beforeSeq?: number;
  limit?: number;
}

interface AuditRow {
  seq: number;
  time: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  source_ip: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

interface HeadRow {
  seq: number;
  hash: string;
  anchor_seq: number;
  anchor_hash: string;
}

/** JSON with object keys sorted at every level and undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/** The chain hash of one entry: over the previous hash and the entry without its own hash. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...content } = entry;
  return createHash('sha256').update(`${entry.prevHash}\n${canonicalJson(content)}`).digest('hex');
}

function rowToEntry(row: AuditRow): AuditEntry {
  const entry: AuditEntry = {
    seq: Number(row.seq),
    time: row.time,
    actor: row.actor,
    action: row.action,
    outcome: row.outcome as AuditEntry['outcome'],
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.target != null) entry.target = row.target;
  if (row.source_ip != null) entry.sourceIp = row.source_ip;
  if (row.details != null) entry.details = JSON.parse(row.details) as Record<string, unknown>;
  return entry;
}

const OUTCOMES = new Set(['success', 'failure', 'denied']);

export class AuditTrail {
  private constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => Date,
  ) {}

  /** Applies the `audit` component's migrations and returns the trail. */
  static async open(db: SqlDatabase, options: { now?: () => Date } = {}): Promise<AuditTrail> {
    await db.migrate('audit', AUDIT_MIGRATIONS);
    return new AuditTrail(db, options.now ?? (() => new Date()));
  }

  /** Appends one entry in its own transaction. */
  async append(input: AuditInput): Promise<AuditEntry> {
    return this.db.transaction((tx) => this.appendIn(tx, input));
  }

  /**
   * Appends inside the caller's transaction, so an action and its audit entry commit together.
   * The UPDATE of `audit_head` comes first: on PostgreSQL it locks the head row, which serialises
   * concurrent appends (each sees the previous one's hash).
   */
  async appendIn(tx: SqlExecutor, input: AuditInput): Promise<AuditEntry> {
    if (!input.actor) throw new Error('audit entry: actor is required');
    if (!input.action) throw new Error('audit entry: action is required');
    if (!OUTCOMES.has(input.outcome)) throw new Error(`audit entry: outcome must be success, failure or denied, not ${String(input.outcome)}`);
    const head = await tx.get<{ seq: number; hash: string }>('UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash');
    if (!head) throw new Error('audit trail: audit_head row is missing; the audit schema is damaged');
    const entry: AuditEntry = {
      seq: Number(head.seq),
      time: input.time ?? this.now().toISOString(),
      actor: input.actor,
      action: input.action,
      outcome: input.outcome,
      prevHash: head.hash,
      hash: '',
    };
    if (input.target !== undefined) entry.target = input.target;
    if (input.sourceIp !== undefined) entry.sourceIp = input.sourceIp;
    // Round-trip through JSON so what is hashed is exactly what a reader gets back.
    if (input.details !== undefined) entry.details = JSON.parse(JSON.stringify(input.details)) as Record<string, unknown>;
    entry.hash = auditEntryHash(entry);
    await tx.run(
      'INSERT INTO audit_log (seq, time, actor, action, target, outcome, source_ip, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [entry.seq, entry.time, entry.actor, entry.action, entry.target ?? null, entry.outcome, entry.sourceIp ?? null, entry.details === undefined ? null : JSON.stringify(entry.details), entry.prevHash, entry.hash],
    );
    await tx.run('UPDATE audit_head SET hash = ? WHERE id = 1', [entry.hash]);
    return entry;
  }

  /** Newest first, filtered; for the auditor's console and API. */
  async query(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const condition = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    condition('actor = ?', query.actor);
    condition('action = ?', query.action);
    condition('target = ?', query.target);
    condition('outcome = ?', query.outcome);
    condition('time >= ?', query.from);
    condition('time < ?', query.to);
    condition('seq < ?', query.beforeSeq);
    const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 100)), 1000);
    const rows = await this.db.all<AuditRow>(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`, params);
    return rows.map(rowToEntry);
  }

  /** All entries oldest first, read in pages so a long trail never sits in memory at once. */
  async *entries(options: { throughSeq?: number; pageSize?: number } = {}): AsyncGenerator<AuditEntry> {
    const pageSize = Math.trunc(options.pageSize ?? 1000);
    const through = options.throughSeq ?? Number.MAX_SAFE_INTEGER;
    let after = -1;
    for (;;) {
      const rows = await this.db.all<AuditRow>(`SELECT * FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ${pageSize}`, [after, through]);
      for (const row of rows) yield rowToEntry(row);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  /** The trail as JSON lines (one entry per line, each ending in "\n"). */
  async *exportJsonLines(): AsyncGenerator<string> {
    for await (const entry of this.entries()) yield `${canonicalJson(entry)}\n`;
  }

  /**
   * Recomputes the chain from the retention anchor: every seq present and in order, every entry
   * linked to its predecessor's hash and hashing to its stored hash, and the last one matching the
   * head (so entries cut off the end are noticed). Reports the first broken seq.
   */
  async verify(): Promise<AuditVerification> {
    const head = await this.db.get<HeadRow>('SELECT seq, hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1');
    if (!head) return { ok: false, seq: 0, reason: 'audit_head row is missing' };
    const anchorSeq = Number(head.anchor_seq);
    let expectedSeq = anchorSeq + 1;
    let prevHash = head.anchor_hash;
    let count = 0;
    // Entries appended while this runs lie beyond the head read above and are left for next time.
    for await (const entry of this.entries({ throughSeq: Number(head.seq) })) {
      if (entry.seq < expectedSeq) return { ok: false, seq: entry.seq, reason: `entry ${entry.seq} lies before the retention anchor (${anchorSeq}) and should have been purged` };
      if (entry.seq > expectedSeq) return { ok: false, seq: expectedSeq, reason: `entry ${expectedSeq} is missing (next present is ${entry.seq})` };
      if (entry.prevHash !== prevHash) return { ok: false, seq: entry.seq, reason: `entry ${entry.seq} does not link to the hash of entry ${entry.seq - 1}` };
      if (auditEntryHash(entry) !== entry.hash) return { ok: false, seq: entry.seq, reason: `entry ${entry.seq} was altered: its content does not match its hash` };
      prevHash = entry.hash;
      expectedSeq++;
      count++;
    }
    const lastSeq = expectedSeq - 1;
    if (Number(head.seq) > lastSeq) return { ok: false, seq: lastSeq + 1, reason: `entries ${lastSeq + 1}..${Number(head.seq)} are missing from the end of the trail` };
    if (head.hash !== prevHash) return { ok: false, seq: lastSeq, reason: `entry ${lastSeq} does not match the recorded head hash` };
    return { ok: true, entries: count, firstSeq: count ? anchorSeq + 1 : 0, lastSeq, anchorSeq };
  }

  /**
   * Retention: removes entries older than `days` days, records the last removed entry's seq and
   * hash as the new anchor (so the rest still verifies), and appends an `audit.purge` entry, all in
   * one transaction. Refuses fewer than 180 days (MLPS 2.0) unless `force`.
   */
  async purgeOlderThan(days: number = DEFAULT_RETENTION_DAYS, options: { force?: boolean; actor?: string } = {}): Promise<{ purged: number; anchorSeq: number }> {
    if (!Number.isFinite(days) || days < 0) throw new Error(`audit retention: days must be a non-negative number, not ${days}`);
    if (days < MIN_RETENTION_DAYS && !options.force) throw new Error(`audit retention: ${days} days is shorter than the ${MIN_RETENTION_DAYS} days MLPS 2.0 requires; pass force to override`);
    const cutoff = new Date(this.now().getTime() - days * 86_400_000).toISOString();
    return this.db.transaction(async (tx) => {
      const head = await tx.get<HeadRow>('SELECT seq, hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1');
      if (!head) throw new Error('audit trail: audit_head row is missing; the audit schema is damaged');
      // Seq order is the chain order: purge the longest prefix of old entries, never a hole.
      const firstKept = await tx.get<{ seq: number }>('SELECT MIN(seq) AS seq FROM audit_log WHERE time >= ?', [cutoff]);
      const throughSeq = firstKept?.seq != null ? Number(firstKept.seq) - 1 : Number(head.seq);
      let purged = 0;
      let anchorSeq = Number(head.anchor_seq);
      if (throughSeq > anchorSeq) {
        const last = await tx.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', [throughSeq]);
        if (!last) throw new Error(`audit retention: entry ${throughSeq} is missing; run verify before purging`);
        await tx.run('INSERT INTO audit_purge_permit (id) VALUES (1)');
        purged = (await tx.run('DELETE FROM audit_log WHERE seq <= ?', [throughSeq])).changes;
        await tx.run('DELETE FROM audit_purge_permit');
        await tx.run('UPDATE audit_head SET anchor_seq = ?, anchor_hash = ? WHERE id = 1', [throughSeq, last.hash]);
        anchorSeq = throughSeq;
      }
      await this.appendIn(tx, { actor: options.actor ?? 'system', action: 'audit.purge', outcome: 'success', details: { retentionDays: days, purged, anchorSeq, forced: Boolean(options.force && days < MIN_RETENTION_DAYS) } });
      return { purged, anchorSeq };
    });
  }
}

/** What the `rampart audit verify` command calls. */
export async function verifyAuditTrail(db: SqlDatabase): Promise<AuditVerification> {
  return (await AuditTrail.open(db)).verify();
}

export interface SyslogOptions {
  hostname?: string;
  appName?: string;
  procId?: string;
  /** RFC 5424 facility number; 13 ("log audit") unless told. */
  facility?: number;
}

/** Private enterprise number 32473 is reserved for documentation and examples (RFC 5612). */
const SD_ID = 'rampart@32473';

function sdEscape(value: string): string {
  return value.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

/** PRINTUSASCII without spaces, as RFC 5424 header fields must be; "-" when empty. */
function headerField(value: string | undefined, max: number): string {
  const cleaned = (value ?? '').replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return cleaned || '-';
}

/**
 * One RFC 5424 syslog line for an entry (without a trailing newline or octet count; the transport
 * adds framing). Severity: notice for success, warning for failures and denials. The structured
 * data carries seq, actor, target, outcome, source and both hashes; the message is the entry's
 * details as canonical JSON, or the action.
 */
export function formatAuditSyslog(entry: AuditEntry, options: SyslogOptions = {}): string {
  const facility = options.facility ?? 13;
  const severity = entry.outcome === 'success' ? 5 : 4;
  const params: [string, string | number | undefined][] = [
    ['seq', entry.seq],
    ['actor', entry.actor],
    ['target', entry.target],
    ['outcome', entry.outcome],
    ['sourceIp', entry.sourceIp],
    ['prevHash', entry.prevHash],
    ['hash', entry.hash],
  ];
  const sd = `[${SD_ID}${params
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${sdEscape(String(value))}"`)
    .join('')}]`;
  const header = [
    `<${facility * 8 + severity}>1`,
    entry.time,
    headerField(options.hostname ?? osHostname(), 255),
    headerField(options.appName ?? 'rampart', 48),
    headerField(options.procId ?? String(process.pid), 128),
    headerField(entry.action, 32),
  ].join(' ');
  const message = entry.details ? canonicalJson(entry.details) : entry.action;
  return `${header} ${sd} ${message}`;
}
