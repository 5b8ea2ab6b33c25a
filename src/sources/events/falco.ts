import { randomUUID } from 'node:crypto';
import type { EventContext, FileEvent, NetworkEvent, ProcessEvent, ProcessInfo } from '../../model/event.js';
import { workloadFromPod } from './attribution.js';
import { JsonLinesSource, type JsonLinesOptions } from './json-lines.js';
import { maskArgs } from './mask-args.js';

/**
 * Falco alerts in its JSON output (`json_output: true`): `time`, `rule`, `priority`, `output`
 * (with json_include_output_property), `output_fields`, `hostname`, `source`, `tags` (with
 * json_include_tags_property) and, when relayed by Falcosidekick, `uuid`. `output_fields` holds
 * only the fields the rule's output format names, so every field here is optional and an alert
 * maps to the most specific event its fields support.
 *
 * The process of a Falco alert may lack a pid (many rules do not print %proc.pid): it is 0 then,
 * which no user process has.
 */

export type FalcoEvent = ProcessEvent | FileEvent | NetworkEvent;

export interface FalcoParseOptions {
  cluster?: string;
  /** Id when the alert has no uuid (sources pass `file#n`); a random UUID otherwise. */
  fallbackId?: string;
}

type Fields = Record<string, unknown>;

const UNSET_LOGIN_UID = 4294967295;
const WRITE_FLAGS = /O_(?:WRONLY|RDWR|CREAT|TRUNC|APPEND)/;
const PROCESS_FIELDS = ['proc.name', 'proc.exepath', 'proc.exe', 'proc.cmdline', 'proc.pid'];

/** One Falco alert → one event; throws a single-line Error when the alert has nothing to map (a plugin source's alert). */
export function parseFalcoAlert(value: unknown, options: FalcoParseOptions = {}): FalcoEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('falco alert: expected a JSON object');
  const alert = value as Record<string, unknown>;
  const rule = alert.rule;
  if (typeof rule !== 'string' || rule === '') throw new Error('falco alert: rule: missing');
  const where = `falco alert "${rule}"`;
  const time = alert.time;
  if (typeof time !== 'string') throw new Error(`${where}: time: missing`);
  if (Number.isNaN(Date.parse(time))) throw new Error(`${where}: time: not a timestamp`);
  const fieldsValue = alert.output_fields;
  if (fieldsValue === null || typeof fieldsValue !== 'object' || Array.isArray(fieldsValue)) throw new Error(`${where}: output_fields: missing`);
  const fields = fieldsValue as Fields;

  const base = {
    id: typeof alert.uuid === 'string' && alert.uuid ? alert.uuid : (options.fallbackId ?? randomUUID()),
    time,
    source: 'falco' as const,
    context: contextOf(fields, alert, options),
    upstream: {
      engine: 'falco',
      rule,
      ...(typeof alert.priority === 'string' ? { priority: alert.priority } : {}),
      ...(typeof alert.output === 'string' ? { output: alert.output } : {}),
    },
  };
  const hasProcess = PROCESS_FIELDS.some((f) => present(fields[f]));
  const process = processOf(fields);
  const type = text(fields['evt.type']);

  switch (type) {
    case 'execve':
    case 'execveat':
      if (hasProcess) return { ...base, kind: 'process', action: 'exec', process };
      break;
    case 'setuid':
    case 'setreuid':
    case 'setresuid': {
      if (!hasProcess) break;
      const euid = leadingInt(fields['evt.arg.euid'] ?? fields['evt.arg.uid'] ?? fields['evt.arg.ruid']);
      return { ...base, kind: 'process', action: 'setuid', process: euid === undefined ? process : { ...process, euid } };
    }
    case 'open':
    case 'openat':
    case 'openat2':
    case 'creat': {
      const path = text(fields['fd.name']) ?? text(fields['evt.arg.name']) ?? text(fields['fs.path.name']);
      if (!path) break;
      const action = type === 'creat' ? 'create' : isWrite(fields, rule, alert.output) ? 'open-write' : 'open-read';
      return { ...base, kind: 'file', action, path, process };
    }
    case 'unlink':
    case 'unlinkat':
    case 'rename':
    case 'renameat':
    case 'renameat2':
    case 'chmod':
    case 'fchmod':
    case 'fchmodat': {
      const path = text(fields['fs.path.name']) ?? text(fields['fs.path.source']) ?? text(fields['evt.arg.name']) ?? text(fields['evt.arg.path']) ?? text(fields['evt.arg.oldpath']) ?? text(fields['evt.arg.filename']) ?? text(fields['fd.name']);
      if (!path) break;
      const action = type.startsWith('unlink') ? 'unlink' : type.startsWith('rename') ? 'rename' : 'chmod';
      return { ...base, kind: 'file', action, path, process };
    }
    case 'connect':
    case 'accept':
    case 'accept4':
    case 'listen':
      return networkEvent(base, type === 'connect' ? 'connect' : type === 'listen' ? 'listen' : 'accept', fields, process);
    default:
      break;
  }
  if (hasProcess) return { ...base, kind: 'process', action: 'exec', process };
  const source = typeof alert.source === 'string' && alert.source !== 'syscall' ? ` (source ${alert.source})` : '';
  throw new Error(`${where}${source}: no process fields (${PROCESS_FIELDS.join(', ')}) and evt.type ${type ?? '(absent)'} does not map to a process, file or network event`);
}

function networkEvent(base: Omit<NetworkEvent, 'kind' | 'action' | 'protocol' | 'process'>, action: NetworkEvent['action'], fields: Fields, process: ProcessInfo): NetworkEvent {
  const event: NetworkEvent = { ...base, kind: 'network', action, protocol: protocolOf(fields), process };
  // Falco's client/server fields: for an outbound connect we are the client; for accept and
  // listen we are the server. fd.rip/fd.lip (remote/local) say it directly when printed.
  let local: [string | undefined, number | undefined];
  let remote: [string | undefined, number | undefined];
  const client: [string | undefined, number | undefined] = [text(fields['fd.cip']), int(fields['fd.cport'])];
  const server: [string | undefined, number | undefined] = [text(fields['fd.sip']), int(fields['fd.sport'])];
  if (action === 'connect') [local, remote] = [client, server];
  else [local, remote] = [server, client];
  const tuple = parseTuple(text(fields['fd.name']));
  if (tuple) {
    const [tupleClient, tupleServer] = tuple;
    const [tupleLocal, tupleRemote] = action === 'connect' ? [tupleClient, tupleServer] : [tupleServer, tupleClient];
    local = [local[0] ?? tupleLocal[0], local[1] ?? tupleLocal[1]];
    remote = [remote[0] ?? tupleRemote[0], remote[1] ?? tupleRemote[1]];
  }
  const remoteAddress = text(fields['fd.rip']) ?? remote[0];
  const remotePort = int(fields['fd.rport']) ?? remote[1];
  const localAddress = text(fields['fd.lip']) ?? local[0];
  const localPort = int(fields['fd.lport']) ?? local[1];
  if (action !== 'listen') {
    if (remoteAddress !== undefined) event.remoteAddress = remoteAddress;
    if (remotePort !== undefined) event.remotePort = remotePort;
  }
  if (localAddress !== undefined) event.localAddress = localAddress;
  if (localPort !== undefined) event.localPort = localPort;
  return event;
}

/** `fd.name` of an IP socket: `10.0.0.5:41234->10.96.0.1:443` (client->server). */
function parseTuple(name: string | undefined): [[string, number], [string, number]] | undefined {
  const m = name ? /^\[?([^\]\s]+?)\]?:(\d+)->\[?([^\]\s]+?)\]?:(\d+)$/.exec(name) : null;
  if (!m) return undefined;
  return [
    [m[1] as string, Number(m[2])],
    [m[3] as string, Number(m[4])],
  ];
}

function protocolOf(fields: Fields): NetworkEvent['protocol'] {
  const proto = text(fields['fd.l4proto'])?.toLowerCase();
  if (proto === 'tcp' || proto === 'udp') return proto;
  const fdType = text(fields['fd.type'])?.toLowerCase();
  if (fdType === 'unix' || text(fields['fd.typechar']) === 'u') return 'unix';
  return 'other';
}

/**
 * Whether an open was for writing. The open flags are exact but Falco's stock rules do not print
 * them (`Write below etc` outputs only `file=%fd.name …`): their condition is
 * `evt.is_open_write=true`, and their rule name or message says so, which is the fallback.
 */
function isWrite(fields: Fields, rule: string, output: unknown): boolean {
  const openWrite = fields['evt.is_open_write'];
  if (openWrite === true || openWrite === 'true') return true;
  const openRead = fields['evt.is_open_read'];
  const flags = text(fields['evt.arg.flags']) ?? text(fields['evt.rawarg.flags']);
  if (flags !== undefined && /O_/.test(flags)) return WRITE_FLAGS.test(flags);
  if (openRead === true || openRead === 'true') return false;
  return /^write\b|\bwrite below\b/i.test(rule) || (typeof output === 'string' && /opened for writing/i.test(output));
}

function processOf(fields: Fields): ProcessInfo {
  const name = text(fields['proc.name']);
  const argv0 = text(fields['proc.exe']);
  const exe = text(fields['proc.exepath']) ?? argv0 ?? name ?? '';
  const cmdline = text(fields['proc.cmdline']);
  const argsText = text(fields['proc.args']);
  // proc.cmdline is `<comm> <args…>` joined by spaces (quoting lost): split on whitespace.
  let rest: string[] = [];
  if (argsText !== undefined) rest = argsText.split(/\s+/).filter(Boolean);
  else if (cmdline !== undefined) rest = cmdline.split(/\s+/).filter(Boolean).slice(1);
  const first = argv0 ?? exe;
  const args = first || rest.length ? maskArgs([first, ...rest]) : [];
  const process: ProcessInfo = { pid: int(fields['proc.pid']) ?? 0, exe, name: name ?? baseName(exe), args };
  const ppid = int(fields['proc.ppid']);
  if (ppid !== undefined) process.ppid = ppid;
  const uid = int(fields['user.uid']);
  if (uid !== undefined) process.uid = uid;
  const loginUid = int(fields['user.loginuid']);
  if (loginUid !== undefined) process.auid = loginUid < 0 ? UNSET_LOGIN_UID : loginUid;
  const cwd = text(fields['proc.cwd']);
  if (cwd !== undefined) process.cwd = cwd;
  const tty = fields['proc.tty'];
  if (typeof tty === 'number') process.tty = tty !== 0;
  else if (typeof tty === 'string' && /^\d+$/.test(tty)) process.tty = tty !== '0';
  const parent: NonNullable<ProcessInfo['parent']> = {};
  if (ppid !== undefined) parent.pid = ppid;
  const parentExe = text(fields['proc.pexepath']) ?? text(fields['proc.pexe']);
  if (parentExe !== undefined) parent.exe = parentExe;
  const parentName = text(fields['proc.pname']);
  if (parentName !== undefined) parent.name = parentName;
  if (Object.keys(parent).length) process.parent = parent;
  return process;
}

function contextOf(fields: Fields, alert: Record<string, unknown>, options: FalcoParseOptions): EventContext {
  const context: EventContext = {};
  if (options.cluster) context.cluster = options.cluster;
  if (typeof alert.hostname === 'string' && alert.hostname) context.node = alert.hostname;
  const containerId = text(fields['container.id']);
  // Falco reports events of host processes with container.id `host`.
  if (containerId && containerId !== 'host') {
    context.containerId = containerId;
    const name = text(fields['container.name']);
    if (name) context.containerName = name;
    const repository = text(fields['container.image.repository']);
    const tag = text(fields['container.image.tag']);
    const image = repository ? (tag ? `${repository}:${tag}` : repository) : text(fields['container.image']);
    if (image) context.image = image;
    const digest = text(fields['container.image.digest']);
    if (digest) context.imageDigest = digest;
  }
  const namespace = text(fields['k8s.ns.name']) ?? text(fields['k8smeta.ns.name']);
  if (namespace) context.namespace = namespace;
  const pod = text(fields['k8s.pod.name']) ?? text(fields['k8smeta.pod.name']);
  if (pod) {
    context.pod = pod;
    context.workload = workloadFromPod({ name: pod });
  }
  return context;
}

/** Falco prints absent values as null or `<NA>`. */
function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && value !== '<NA>';
}

function text(value: unknown): string | undefined {
  if (!present(value)) return undefined;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function int(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

/** `0(root)` → 0: Falco prints uids of setuid arguments with the user name. */
function leadingInt(value: unknown): number | undefined {
  if (typeof value === 'number') return int(value);
  const m = typeof value === 'string' ? /^(-?\d+)/.exec(value) : null;
  return m ? Number(m[1]) : undefined;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Falco alerts from a file of JSON lines (`file_output` with json_output) or stdin (`-`), followed
 * like the audit log. Alerts without a uuid get `file#n` (the n-th alert read) as id.
 */
export interface FalcoFileOptions extends JsonLinesOptions {
  cluster?: string;
}

export class FalcoFileSource extends JsonLinesSource {
  constructor(path: string, options: FalcoFileOptions = {}) {
    let sequence = 0;
    const label = path === '-' ? 'stdin' : path;
    super(`falco:${label}`, path, options, (value) => ({ events: [parseFalcoAlert(value, { cluster: options.cluster, fallbackId: `${label}#${++sequence}` })] }));
  }
}
