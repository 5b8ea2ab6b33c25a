/**
 * Raw Linux audit log records (what auditd writes to audit.log) and their grouping into events.
 *
 * One kernel event is several records sharing a stamp `msg=audit(<sec>.<ms>:<serial>)`: SYSCALL,
 * then EXECVE / SOCKADDR, CWD, PATH items and PROCTITLE, and EOE when the log keeps it. auditd's
 * ENRICHED format appends interpreted fields after a 0x1d byte (`SYSCALL=openat AUID="root"`).
 * Strings the kernel does not trust (comm, exe, names, argv) are logged either in double quotes
 * or, when they hold a space, quote or control byte, as upper-case hex.
 */

export interface AuditRecord {
  type: string;
  /** `<sec>.<ms>:<serial>`: equal for every record of one event. */
  stamp: string;
  timeMs: number;
  serial: number;
  /** Raw field values as logged (quotes kept, so `auditString` can tell text from hex). */
  fields: Record<string, string>;
  /** The ENRICHED part after 0x1d, unparsed; most readers never need it. */
  enriched?: string;
}

export interface AuditEventGroup {
  stamp: string;
  timeMs: number;
  serial: number;
  records: AuditRecord[];
}

const GROUP_SEPARATOR = '\x1d';

/** Parses one audit.log line; throws a one-line error naming what is missing. */
export function parseAuditLine(line: string): AuditRecord {
  let raw = line;
  let enriched: string | undefined;
  const separator = raw.indexOf(GROUP_SEPARATOR);
  if (separator >= 0) {
    enriched = raw.slice(separator + 1);
    raw = raw.slice(0, separator);
  }
  // `name_format` in auditd.conf may prefix `node=<name> `.
  let start = 0;
  if (raw.startsWith('node=')) {
    const space = raw.indexOf(' ');
    if (space < 0) throw new Error(`audit record: nothing after node= in ${JSON.stringify(line.slice(0, 80))}`);
    start = space + 1;
  }
  if (!raw.startsWith('type=', start)) throw new Error(`audit record: no type= field at the start of ${JSON.stringify(line.slice(0, 80))}`);
  const typeEnd = raw.indexOf(' ', start);
  if (typeEnd < 0) throw new Error(`audit record: no msg=audit(...) stamp in ${JSON.stringify(line.slice(0, 80))}`);
  const type = raw.slice(start + 5, typeEnd);
  const msgAt = raw.indexOf('msg=audit(', typeEnd);
  const close = msgAt < 0 ? -1 : raw.indexOf(')', msgAt);
  if (msgAt < 0 || close < 0) throw new Error(`audit record ${type}: no msg=audit(...) stamp in ${JSON.stringify(line.slice(0, 80))}`);
  const stamp = raw.slice(msgAt + 10, close);
  const colon = stamp.indexOf(':');
  const timeMs = Math.round(Number(stamp.slice(0, colon)) * 1000);
  const serial = Number(stamp.slice(colon + 1));
  if (colon < 0 || !Number.isFinite(timeMs) || !Number.isInteger(serial)) throw new Error(`audit record ${type}: bad stamp audit(${stamp})`);
  // Skip the `:` after the stamp.
  let at = raw.charCodeAt(close + 1) === 58 ? close + 2 : close + 1;
  const fields: Record<string, string> = Object.create(null);
  const length = raw.length;
  while (at < length) {
    while (at < length && raw.charCodeAt(at) === 32) at++;
    if (at >= length) break;
    const eq = raw.indexOf('=', at);
    if (eq < 0) break; // trailing text without a value
    const name = raw.slice(at, eq);
    let end: number;
    const quote = raw.charCodeAt(eq + 1);
    if (quote === 34 || quote === 39) {
      // "…" (untrusted string) or '…' (a user-space message that may hold spaces)
      const closing = raw.indexOf(quote === 34 ? '"' : "'", eq + 2);
      end = closing < 0 ? length : closing + 1;
    } else {
      end = raw.indexOf(' ', eq + 1);
      if (end < 0) end = length;
    }
    fields[name] = raw.slice(eq + 1, end);
    at = end;
  }
  const record: AuditRecord = { type, stamp, timeMs, serial, fields };
  if (enriched !== undefined) record.enriched = enriched;
  return record;
}

const HEX = /^(?:[0-9A-F]{2})+$/;

/**
 * Decodes an untrusted-string field: `"text"` → text, upper-case hex → its bytes as UTF-8,
 * `(null)`/`(none)` → undefined. Anything else is returned as logged.
 */
export function auditString(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '(null)' || raw === '(none)') return undefined;
  if (raw.charCodeAt(0) === 34) return raw.length > 1 && raw.endsWith('"') ? raw.slice(1, -1) : raw.slice(1);
  if (HEX.test(raw)) return Buffer.from(raw, 'hex').toString('utf8');
  return raw;
}

/** A numeric field (decimal), or undefined when absent or not a number. */
export function auditNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * argv from the EXECVE records of one event: `argc=N a0=… a1=…`; an argument too long for one
 * record comes as `aN_len=L aN[0]=… aN[1]=…`, and many arguments span several EXECVE records.
 */
export function execveArgs(records: AuditRecord[]): string[] {
  const execve = records.filter((r) => r.type === 'EXECVE');
  if (execve.length === 0) return [];
  const merged: Record<string, string> = execve.length === 1 ? (execve[0] as AuditRecord).fields : Object.assign(Object.create(null), ...execve.map((r) => r.fields));
  const argc = auditNumber(merged.argc) ?? 0;
  const args: string[] = [];
  for (let i = 0; i < argc; i++) {
    const whole = merged[`a${i}`];
    if (whole !== undefined) {
      args.push(auditString(whole) ?? '');
      continue;
    }
    if (merged[`a${i}_len`] === undefined) break; // the kernel stopped logging (argv too long)
    let joined = '';
    for (let part = 0; ; part++) {
      const piece = merged[`a${i}[${part}]`];
      if (piece === undefined) break;
      joined += auditString(piece) ?? '';
    }
    args.push(joined);
  }
  return args;
}

/** The command line from a PROCTITLE record (at most 128 bytes, NUL-separated), split into argv. */
export function proctitleArgs(raw: string | undefined): string[] {
  if (raw === undefined || raw === '(null)') return [];
  if (raw.charCodeAt(0) === 34) return [raw.slice(1, -1)];
  if (!HEX.test(raw)) return [raw];
  const parts = Buffer.from(raw, 'hex').toString('utf8').split('\0');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** The interpreted syscall name an ENRICHED record carries (`SYSCALL=openat`), if any. */
export function enrichedSyscall(record: AuditRecord): string | undefined {
  if (record.enriched === undefined) return undefined;
  return ENRICHED_SYSCALL.exec(record.enriched)?.[1];
}

const ENRICHED_SYSCALL = /(?:^| )SYSCALL=([a-z0-9_]+)/;

/**
 * Collects records into events. An event is complete at its EOE record, or at PROCTITLE, which the
 * kernel writes last for every syscall event (auditd 3 no longer writes EOE to the log). Records
 * of different events may interleave (auditd 2 writes them as they arrive), so a group stays open
 * until it completes, is pushed out by `maxOpen` newer groups, or is older than `flushOlderThan`.
 */
export class AuditEventAssembler {
  private readonly open = new Map<string, AuditEventGroup & { receivedAt: number }>();

  constructor(private readonly maxOpen = 64) {}

  /** Adds one record; returns the events it completed (usually none or one). */
  push(record: AuditRecord, now = Date.now()): AuditEventGroup[] {
    let group = this.open.get(record.stamp);
    if (group === undefined) {
      group = { stamp: record.stamp, timeMs: record.timeMs, serial: record.serial, records: [], receivedAt: now };
      this.open.set(record.stamp, group);
    }
    const done: AuditEventGroup[] = [];
    if (record.type !== 'EOE') group.records.push(record);
    if (record.type === 'EOE' || record.type === 'PROCTITLE') {
      this.open.delete(record.stamp);
      done.push(strip(group));
    }
    while (this.open.size > this.maxOpen) {
      const oldest = this.open.keys().next().value as string;
      done.push(strip(this.open.get(oldest) as AuditEventGroup & { receivedAt: number }));
      this.open.delete(oldest);
    }
    return done;
  }

  /** Closes groups received before `now - olderThanMs` (single-record events never see a PROCTITLE). */
  flushOlderThan(olderThanMs: number, now = Date.now()): AuditEventGroup[] {
    const done: AuditEventGroup[] = [];
    for (const [stamp, group] of this.open) {
      if (now - group.receivedAt < olderThanMs) break; // insertion order is receipt order
      this.open.delete(stamp);
      done.push(strip(group));
    }
    return done;
  }

  flushAll(): AuditEventGroup[] {
    const done = [...this.open.values()].map(strip);
    this.open.clear();
    return done;
  }

  get openCount(): number {
    return this.open.size;
  }
}

function strip(group: AuditEventGroup & { receivedAt: number }): AuditEventGroup {
  return { stamp: group.stamp, timeMs: group.timeMs, serial: group.serial, records: group.records };
}
