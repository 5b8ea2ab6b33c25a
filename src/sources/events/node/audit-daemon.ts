import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readAuditStatus } from './audit-rules.js';

/**
 * An audit daemon of the sensor's own, for nodes (and tests) where none runs: the kernel hands
 * audit records to exactly one registered daemon, and without one they only reach the kernel
 * log, rate-limited. It writes to a log file of its own through a private config directory, so
 * the node's /etc/audit is never read or changed. It leaves the kernel's enabled flag alone
 * (`-s nochange`): the sensor sets and restores that itself.
 */

export interface AuditDaemonOptions {
  /** A directory for auditd.conf and, unless `logFile` is given, audit.log. Created if missing. */
  dir: string;
  logFile?: string;
  /** Rotate at this size (MB), keeping `numLogs` files. */
  maxLogFileMb?: number;
  numLogs?: number;
  binary?: string;
  /** How long to wait for the daemon to register with the kernel. */
  startTimeoutMs?: number;
}

export interface AuditDaemon {
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export async function startAuditDaemon(options: AuditDaemonOptions): Promise<AuditDaemon> {
  const before = await readAuditStatus();
  if (before.pid !== 0 && processAlive(before.pid)) {
    throw new Error(`an audit daemon is already registered with the kernel (pid ${before.pid}): read its log instead of starting another`);
  }
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const logFile = options.logFile ?? path.join(options.dir, 'audit.log');
  await mkdir(path.dirname(logFile), { recursive: true, mode: 0o700 });
  // auditd refuses a config that others can write; space actions IGNORE so a full disk never suspends logging silently.
  const config = [
    'local_events = yes',
    'write_logs = yes',
    `log_file = ${logFile}`,
    'log_format = ENRICHED',
    'flush = INCREMENTAL_ASYNC',
    'freq = 20',
    `max_log_file = ${options.maxLogFileMb ?? 8}`,
    `num_logs = ${options.numLogs ?? 2}`,
    'max_log_file_action = ROTATE',
    'space_left = 2',
    'space_left_action = SYSLOG',
    'admin_space_left = 1',
    'admin_space_left_action = SYSLOG',
    'disk_full_action = SYSLOG',
    'disk_error_action = SYSLOG',
    'name_format = NONE',
    'q_depth = 8000',
    'overflow_action = SYSLOG',
    'end_of_event_timeout = 2',
    '',
  ].join('\n');
  await writeFile(path.join(options.dir, 'auditd.conf'), config, { mode: 0o600 });

  const binary = options.binary ?? 'auditd';
  const child = spawn(binary, ['-n', '-s', 'nochange', '-c', options.dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const deadline = Date.now() + (options.startTimeoutMs ?? 5000);
  for (;;) {
    const early = await Promise.race([exited.then((code) => `exited with code ${code}`), spawnError.then((e) => e), delay(100).then(() => undefined)]);
    if (early instanceof Error) {
      const missing = (early as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(missing ? `${binary} not found: install the Linux audit daemon (Debian/Ubuntu: auditd, RHEL: audit)` : `${binary}: ${early.message}`);
    }
    if (typeof early === 'string') throw new Error(`${binary} ${early}: ${stderr.trim().split('\n').pop() ?? ''}`);
    const status = await readAuditStatus().catch(() => undefined);
    if (status?.pid === child.pid) break;
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new Error(`${binary} did not register with the kernel within ${options.startTimeoutMs ?? 5000} ms: ${stderr.trim().split('\n').pop() ?? ''}`);
    }
  }
  return { pid: child.pid as number, logFile, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
