import { execFile } from 'node:child_process';
import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * The kernel audit rules the node sensor installs, and the auditctl calls that install and remove
 * them. Every rule carries a key `<prefix>_<what>` so the sensor can pick its own records out of a
 * shared audit log and remove exactly its own rules (`auditctl -D -k`), leaving the node's
 * other rules alone. Rules are appended: prepending would take matches (and keys) from the rules
 * a node already has for its own audit trail.
 */

export interface AuditKeys {
  exec: string;
  setuid: string;
  net: string;
  fileWrite: string;
  fileRead: string;
}

export interface WatchSpec {
  /** A path on the node (resolved under the sensor's root); a directory is watched recursively. */
  path: string;
  /** `write`: writes, creates, deletes, renames and attribute changes (`-p wa`); `read`: reads (`-p r`). */
  access: 'write' | 'read';
}

/**
 * Sensitive places on a node: binary directories and /etc (tampering, persistence), and the files
 * holding credentials (service-account tokens, kubeconfigs, cloud keys, kubelet and control-plane
 * keys). Paths that do not exist on a node are skipped.
 */
export const DEFAULT_WATCHES: readonly WatchSpec[] = [
  { path: '/etc', access: 'write' },
  { path: '/bin', access: 'write' },
  { path: '/sbin', access: 'write' },
  { path: '/usr/bin', access: 'write' },
  { path: '/usr/sbin', access: 'write' },
  { path: '/usr/local/bin', access: 'write' },
  { path: '/usr/local/sbin', access: 'write' },
  { path: '/root/.ssh', access: 'write' },
  { path: '/var/spool/cron', access: 'write' },
  { path: '/var/run/secrets/kubernetes.io', access: 'read' },
  { path: '/root/.aws', access: 'read' },
  { path: '/root/.kube', access: 'read' },
  { path: '/root/.docker/config.json', access: 'read' },
  { path: '/etc/kubernetes/admin.conf', access: 'read' },
  { path: '/etc/kubernetes/pki', access: 'read' },
  { path: '/var/lib/kubelet/pki', access: 'read' },
];

const KEY_PREFIX = /^[A-Za-z0-9_-]{1,22}$/;

/** The keys for a prefix; the kernel keeps keys to 31 bytes, so the prefix is at most 22. */
export function auditKeys(prefix = 'rampart'): AuditKeys {
  if (!KEY_PREFIX.test(prefix)) throw new Error(`audit key prefix ${JSON.stringify(prefix)}: use 1-22 letters, digits, '_' or '-'`);
  return { exec: `${prefix}_exec`, setuid: `${prefix}_setuid`, net: `${prefix}_net`, fileWrite: `${prefix}_fw`, fileRead: `${prefix}_fr` };
}

export function allKeys(keys: AuditKeys): string[] {
  return [keys.exec, keys.setuid, keys.net, keys.fileWrite, keys.fileRead];
}

export interface AuditRuleSet {
  /** auditctl argument lists, in install order. */
  rules: string[][];
  /** Watches left out, with why (the path does not exist on this node). */
  skipped: { path: string; reason: string }[];
}

export interface BuildRulesOptions {
  keys: AuditKeys;
  /** The node's root as this process sees it; watch paths are resolved below it. */
  root?: string;
  watches?: readonly WatchSpec[];
  /** Node's `process.arch`: x64 also audits 32-bit execs, which take other syscall numbers. */
  arch?: string;
}

export async function buildAuditRules(options: BuildRulesOptions): Promise<AuditRuleSet> {
  const { keys } = options;
  const root = options.root ?? '/';
  const rules: string[][] = [['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve,execveat', '-k', keys.exec]];
  if ((options.arch ?? process.arch) === 'x64') rules.push(['-a', 'always,exit', '-F', 'arch=b32', '-S', 'execve,execveat', '-k', keys.exec]);
  rules.push(['-a', 'always,exit', '-F', 'arch=b64', '-S', 'setuid,setreuid,setresuid', '-F', 'success=1', '-k', keys.setuid]);
  rules.push(['-a', 'always,exit', '-F', 'arch=b64', '-S', 'connect', '-k', keys.net]);
  const skipped: AuditRuleSet['skipped'] = [];
  const seen = new Set<string>();
  for (const watch of options.watches ?? DEFAULT_WATCHES) {
    if (!watch.path.startsWith('/')) throw new Error(`audit watch ${JSON.stringify(watch.path)}: the path must be absolute`);
    const resolved = await resolveInRoot(root, watch.path);
    if (resolved === undefined) {
      skipped.push({ path: watch.path, reason: 'does not exist on this node' });
      continue;
    }
    // /bin is a link to /usr/bin on merged-/usr systems: watch each real place once.
    const id = `${watch.access}:${resolved}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const hostPath = path.join(root, resolved);
    rules.push(watch.access === 'write' ? ['-w', hostPath, '-p', 'wa', '-k', keys.fileWrite] : ['-w', hostPath, '-p', 'r', '-k', keys.fileRead]);
  }
  return { rules, skipped };
}

/**
 * `wanted` with every symbolic link followed inside `root` (an absolute link target means the
 * node's root, not this process's), or undefined when some part does not exist.
 */
export async function resolveInRoot(root: string, wanted: string): Promise<string | undefined> {
  const pending = wanted.split('/').filter(Boolean);
  const resolved: string[] = [];
  for (let hops = 0; pending.length > 0; ) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = path.join(root, ...resolved, part);
    let stat;
    try {
      stat = await lstat(candidate);
    } catch {
      return undefined;
    }
    if (!stat.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    if (++hops > 40) return undefined; // a loop
    const target = await readlink(candidate);
    if (target.startsWith('/')) resolved.length = 0;
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return `/${resolved.join('/')}`;
}

export interface AuditStatus {
  /** 0 off, 1 on, 2 on and locked until reboot. */
  enabled: number;
  /** The audit daemon's pid; 0 when none is registered (records then go to the kernel log). */
  pid: number;
  /** Records the kernel dropped since boot (backlog full or rate limit). */
  lost: number;
  backlogLimit: number;
}

export function parseAuditStatus(text: string): AuditStatus {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+) (\d+)/.exec(line.trim());
    if (m) values.set(m[1] as string, Number(m[2]));
  }
  const need = (name: string): number => {
    const v = values.get(name);
    if (v === undefined) throw new Error(`auditctl -s: no "${name}" line in its output`);
    return v;
  };
  return { enabled: need('enabled'), pid: need('pid'), lost: need('lost'), backlogLimit: need('backlog_limit') };
}

/** Runs auditctl; its errors become one line naming the arguments. */
export function auditctl(args: string[], binary = 'auditctl'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: 10_000 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new Error(`${binary} not found: install the Linux audit userspace tools (Debian/Ubuntu: auditd, RHEL: audit)`));
      }
      const detail = (stderr || stdout || err.message).trim().split('\n').pop();
      reject(new Error(`auditctl ${args.join(' ')} failed: ${detail}`));
    });
  });
}

export async function readAuditStatus(binary?: string): Promise<AuditStatus> {
  return parseAuditStatus(await auditctl(['-s'], binary));
}

export async function installAuditRules(rules: string[][], binary?: string): Promise<void> {
  for (const rule of rules) await auditctl(rule, binary);
}

/** Deletes every rule carrying one of the keys; the node's other rules stay. */
export async function removeAuditRules(keys: string[], binary?: string): Promise<void> {
  for (const key of keys) await auditctl(['-D', '-k', key], binary);
}
