import path from 'node:path';
import type { EventContext, FileEvent, NetworkEvent, ProcessEvent, ProcessInfo } from '../../../model/event.js';
import { maskArgs } from '../mask-args.js';
import { auditNumber, auditString, enrichedSyscall, execveArgs, proctitleArgs, type AuditEventGroup, type AuditRecord } from './audit-records.js';
import { decodeSockaddr } from './sockaddr.js';
import { syscallName } from './syscalls.js';
import type { AuditKeys } from './audit-rules.js';

/**
 * Turns one grouped audit event selected by the sensor's rules into a runtime event: what the
 * kernel records say and nothing more. Container attribution, the parent's executable and the
 * socket's protocol need /proc and are added by the sensor.
 */

export type NodeEvent = ProcessEvent | FileEvent | NetworkEvent;

export type Translation =
  | { status: 'event'; event: NodeEvent; /** connect's socket fd, to look up tcp/udp in /proc. */ socketFd?: number }
  /** Not one of the sensor's events (another key, a failed exec, a unix socket not asked for). */
  | { status: 'ignored' }
  | { status: 'malformed'; reason: string };

export interface TranslateOptions {
  keys: AuditKeys;
  /** Connections to unix sockets are frequent and rarely interesting (nscd, journald): off unless asked. */
  includeUnixSockets?: boolean;
  context?: Pick<EventContext, 'cluster' | 'node'>;
}

const AT_FDCWD = 'ffffff9c';
const UNSET_ID = 4294967295;

export function translateAuditEvent(group: AuditEventGroup, options: TranslateOptions): Translation {
  const syscall = group.records.find((r) => r.type === 'SYSCALL');
  if (!syscall) return { status: 'ignored' };
  const keys = (auditString(syscall.fields.key) ?? '').split('\x01');
  const { keys: ours } = options;
  const key = keys.find((k) => k === ours.exec || k === ours.setuid || k === ours.net || k === ours.fileWrite || k === ours.fileRead);
  if (key === undefined) return { status: 'ignored' };

  const f = syscall.fields;
  const pid = auditNumber(f.pid);
  if (pid === undefined) return { status: 'malformed', reason: `audit(${group.stamp}) SYSCALL has no pid` };
  const success = f.success !== 'no';
  const name = enrichedSyscall(syscall) ?? syscallName(f.arch, auditNumber(f.syscall) ?? -1) ?? `syscall ${f.syscall ?? '?'}`;
  const cwd = auditString(group.records.find((r) => r.type === 'CWD')?.fields.cwd);
  const base = {
    id: `audit:${group.stamp}`,
    time: new Date(group.timeMs).toISOString(),
    source: 'auditd' as const,
    context: { ...(options.context ?? {}) },
  };

  if (key === ours.exec) {
    if (!success) return { status: 'ignored' }; // a PATH search trying each directory fails many times per exec
    const process = processInfo(syscall, pid, cwd, maskArgs(execveArgs(group.records)));
    return { status: 'event', event: { ...base, kind: 'process', action: 'exec', process } };
  }

  const args = maskArgs(proctitleArgs(group.records.find((r) => r.type === 'PROCTITLE')?.fields.proctitle));
  const process = processInfo(syscall, pid, cwd, args);

  if (key === ours.setuid) {
    if (!success) return { status: 'ignored' };
    return { status: 'event', event: { ...base, kind: 'process', action: 'setuid', process } };
  }

  if (key === ours.net) {
    const saddr = group.records.find((r) => r.type === 'SOCKADDR')?.fields.saddr;
    if (saddr === undefined) return { status: 'ignored' }; // the kernel could not copy the address
    let address;
    try {
      address = decodeSockaddr(saddr);
    } catch (err) {
      return { status: 'malformed', reason: `audit(${group.stamp}) ${(err as Error).message}` };
    }
    if (address.family === 'other') return { status: 'ignored' }; // netlink, packet, AF_UNSPEC disconnects
    if (address.family === 'unix') {
      if (!options.includeUnixSockets) return { status: 'ignored' };
      const event: NetworkEvent = { ...base, kind: 'network', action: 'connect', protocol: 'unix', remoteAddress: address.path, process };
      return { status: 'event', event };
    }
    const event: NetworkEvent = { ...base, kind: 'network', action: 'connect', protocol: 'other', remoteAddress: address.address, remotePort: address.port, process };
    const fd = f.a0 !== undefined ? parseInt(f.a0, 16) : NaN;
    return Number.isInteger(fd) ? { status: 'event', event, socketFd: fd } : { status: 'event', event };
  }

  // A file watch: what happened follows from the syscall and the PATH items' name types.
  const items = pathItems(group.records);
  const action = fileAction(name, key === ours.fileRead, items);
  const item = pickItem(action, items);
  if (!item) return { status: 'malformed', reason: `audit(${group.stamp}) ${name} on a watched path has no PATH name` };
  const resolved = resolveName(item.name, cwd, dirfdIsCwd(name, f));
  return { status: 'event', event: { ...base, kind: 'file', action, path: resolved, process } };
}

function processInfo(syscall: AuditRecord, pid: number, cwd: string | undefined, args: string[]): ProcessInfo {
  const f = syscall.fields;
  const comm = auditString(f.comm) ?? '';
  const info: ProcessInfo = { pid, exe: auditString(f.exe) ?? '', name: comm, args };
  const ppid = auditNumber(f.ppid);
  if (ppid !== undefined) {
    info.ppid = ppid;
    info.parent = { pid: ppid };
  }
  const uid = auditNumber(f.uid);
  if (uid !== undefined) info.uid = uid;
  const euid = auditNumber(f.euid);
  if (euid !== undefined) info.euid = euid;
  const auid = auditNumber(f.auid);
  if (auid !== undefined) info.auid = auid === -1 ? UNSET_ID : auid;
  if (cwd !== undefined) info.cwd = cwd;
  if (f.tty !== undefined) info.tty = f.tty !== '(none)';
  return info;
}

interface PathItem {
  index: number;
  name: string;
  nametype: string;
}

function pathItems(records: AuditRecord[]): PathItem[] {
  const items: PathItem[] = [];
  for (const r of records) {
    if (r.type !== 'PATH') continue;
    const name = auditString(r.fields.name);
    if (name === undefined) continue;
    items.push({ index: auditNumber(r.fields.item) ?? items.length, name, nametype: r.fields.nametype ?? 'UNKNOWN' });
  }
  return items.sort((a, b) => a.index - b.index);
}

const UNLINK = new Set(['unlink', 'unlinkat', 'rmdir']);
const RENAME = new Set(['rename', 'renameat', 'renameat2']);
const ATTRIBUTE = new Set([
  'chmod', 'fchmod', 'fchmodat', 'fchmodat2', 'chown', 'fchown', 'lchown', 'fchownat', 'setxattr', 'lsetxattr', 'fsetxattr',
  'removexattr', 'lremovexattr', 'fremovexattr', 'utimensat', 'utime', 'utimes', 'futimesat',
]);

function fileAction(syscall: string, readWatch: boolean, items: PathItem[]): FileEvent['action'] {
  if (UNLINK.has(syscall)) return 'unlink';
  if (RENAME.has(syscall)) return 'rename';
  if (ATTRIBUTE.has(syscall)) return 'chmod';
  if (items.some((i) => i.nametype === 'CREATE')) return 'create';
  return readWatch ? 'open-read' : 'open-write';
}

function pickItem(action: FileEvent['action'], items: PathItem[]): PathItem | undefined {
  // A rename is reported by its new name: that is what now sits in the watched place.
  const wanted = action === 'unlink' ? 'DELETE' : action === 'create' || action === 'rename' ? 'CREATE' : undefined;
  return (wanted && items.find((i) => i.nametype === wanted)) || items.find((i) => i.nametype !== 'PARENT') || items[items.length - 1];
}

/** Whether relative names in this syscall are relative to the cwd (plain syscalls, or *at with AT_FDCWD). */
function dirfdIsCwd(syscall: string, fields: Record<string, string>): boolean {
  if (!syscall.endsWith('at') && !syscall.endsWith('at2')) return true;
  return fields.a0 === AT_FDCWD;
}

function resolveName(name: string, cwd: string | undefined, relativeToCwd: boolean): string {
  if (name.startsWith('/')) return trimSlash(path.posix.normalize(name));
  if (cwd !== undefined && relativeToCwd) return path.posix.resolve(cwd, name);
  return name;
}

function trimSlash(name: string): string {
  return name.length > 1 && name.endsWith('/') ? name.slice(0, -1) : name;
}
