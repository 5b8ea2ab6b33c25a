import { readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { EventSource, EventSourceStats, RuntimeEvent } from '../../../model/event.js';
import { EventQueue } from '../queue.js';
import { LogTail } from '../tail.js';
import { startAuditDaemon, type AuditDaemon } from './audit-daemon.js';
import { translateAuditEvent, type NodeEvent } from './audit-events.js';
import { AuditEventAssembler, parseAuditLine, type AuditEventGroup } from './audit-records.js';
import { allKeys, auditctl, auditKeys, buildAuditRules, installAuditRules, readAuditStatus, removeAuditRules, type AuditKeys, type WatchSpec } from './audit-rules.js';
import { ContainerResolver } from './containers.js';
import { SocketLookup } from './sockets.js';

/**
 * The node sensor: process execs, identity changes, outbound connections and access to sensitive
 * paths on a Linux node, through the kernel audit subsystem. It installs its own keyed audit
 * rules, follows the audit daemon's log, groups records into events, attributes each to its
 * container and pod, and removes its rules and restores the audit settings it changed on close.
 *
 * The kernel gives a process an audit context when it is forked, and only once auditing has been
 * enabled at least once since boot: processes older than that are not seen by syscall rules (their
 * children are). Nodes should boot with `audit=1`, or the agent start before the workloads.
 */

export interface NodeSensorOptions {
  /** The node's root as this process sees it (`/host` in a DaemonSet pod); /proc and runtime files are read below it. */
  root?: string;
  /** The audit log to follow; default the started daemon's log, else `<root>/var/log/audit/audit.log`. */
  auditLog?: string;
  /** Paths to watch; default DEFAULT_WATCHES. */
  watches?: readonly WatchSpec[];
  /** Rules carry keys `<prefix>_exec` etc.; two sensors on one kernel need different prefixes. */
  keyPrefix?: string;
  includeUnixSockets?: boolean;
  node?: string;
  cluster?: string;
  /** Events held for a slow consumer before new ones are dropped (and counted). */
  queueCapacity?: number;
  pollIntervalMs?: number;
  /** How often the kernel's `lost` counter is read. */
  statusIntervalMs?: number;
  /** Raise the kernel's backlog limit to at least this while running (restored on close); 0 leaves it. */
  backlogLimit?: number;
  /** Start an audit daemon of our own writing below this directory, for nodes where none runs. */
  startDaemon?: { dir: string };
  /** Read the audit log from its start instead of its end. */
  fromStart?: boolean;
  /** auditctl binary (default from PATH). */
  auditctl?: string;
  /** Non-fatal problems (a watch skipped, a cleanup step failing); default: ignored. */
  onWarning?: (message: string) => void;
}

export interface NodeSensorDetails {
  keys: AuditKeys;
  rules: string[][];
  skippedWatches: { path: string; reason: string }[];
  auditLog: string;
  /** Records the kernel lost while the sensor ran (its backlog was full). */
  kernelLost: number;
  logRotations: number;
}

interface KnownProcess {
  exe: string;
  name: string;
  args: string[];
}

const PROCESS_TABLE_SIZE = 8192;

export class NodeSensor implements EventSource {
  readonly name = 'node-sensor';
  private readonly options: NodeSensorOptions;
  private readonly root: string;
  private readonly procDir: string;
  private readonly keys: AuditKeys;
  private readonly queue: EventQueue;
  private readonly assembler = new AuditEventAssembler();
  private readonly containers: ContainerResolver;
  private readonly sockets: SocketLookup;
  private readonly processes = new Map<number, KnownProcess>();
  private tail?: LogTail;
  private daemon?: AuditDaemon;
  private rules: string[][] = [];
  private skipped: { path: string; reason: string }[] = [];
  private restoreEnabled?: number;
  private restoreBacklog?: number;
  private lostAtStart = 0;
  private kernelLost = 0;
  private started?: Promise<void>;
  private loop?: Promise<void>;
  private statusTimer?: NodeJS.Timeout;
  private closing = false;
  private wake?: () => void;

  constructor(options: NodeSensorOptions = {}) {
    this.options = options;
    this.root = options.root ?? '/';
    this.procDir = path.join(this.root, 'proc');
    this.keys = auditKeys(options.keyPrefix ?? 'rampart');
    this.queue = new EventQueue({ name: this.name, capacity: options.queueCapacity ?? 10_000 });
    this.containers = new ContainerResolver({ root: this.root });
    this.sockets = new SocketLookup(this.procDir);
  }

  /** Installs the rules and starts following the log; throws one clear line when auditing cannot work here. */
  start(): Promise<void> {
    this.started ??= this.doStart();
    return this.started;
  }

  events(): AsyncIterable<RuntimeEvent> {
    const inner = this.queue.events();
    const start = () => this.start();
    return {
      async *[Symbol.asyncIterator]() {
        await start();
        yield* inner;
      },
    };
  }

  stats(): EventSourceStats {
    const counts = this.queue.stats();
    return { received: counts.received, dropped: counts.dropped + this.kernelLost, malformed: counts.malformed };
  }

  details(): NodeSensorDetails {
    return {
      keys: this.keys,
      rules: this.rules,
      skippedWatches: this.skipped,
      auditLog: this.tail?.file ?? '',
      kernelLost: this.kernelLost,
      logRotations: this.tail?.rotations ?? 0,
    };
  }

  /** Removes the rules, restores the audit flags, stops a daemon it started; events() ends after the queued events. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.wake?.();
    try {
      await this.started;
    } catch {
      // start failed and cleaned up after itself
    }
    await this.loop;
    if (this.statusTimer) clearInterval(this.statusTimer);
    const problems: string[] = [];
    await this.undo(problems);
    // Records written before the rules went away are still in the log: read them.
    try {
      await this.pump();
      for (const group of this.assembler.flushAll()) await this.handle(group);
    } catch (err) {
      problems.push((err as Error).message);
    }
    await this.tail?.close();
    await this.queue.close();
    if (problems.length > 0) throw new Error(`node sensor close: ${problems.join('; ')}`);
  }

  private async doStart(): Promise<void> {
    const bin = this.options.auditctl;
    const status = await readAuditStatus(bin);
    if (status.enabled === 2) throw new Error('audit rules are locked until reboot (auditctl -s: enabled 2): the node sensor cannot install its rules');
    try {
      if (this.options.startDaemon) {
        this.daemon = await startAuditDaemon({ dir: this.options.startDaemon.dir });
      } else if (status.pid === 0) {
        // Without a registered daemon the kernel sends records only to its own log, rate-limited: no audit.log grows.
        throw new Error('no audit daemon is registered with the kernel (auditctl -s: pid 0): run auditd on the node, or let the sensor start its own');
      }
      const logFile = this.options.auditLog ?? this.daemon?.logFile ?? path.join(this.root, 'var/log/audit/audit.log');
      this.tail = new LogTail(logFile, { fromStart: this.options.fromStart });
      await this.tail.start();

      const keys = allKeys(this.keys);
      await removeAuditRules(keys, bin); // left over from a sensor that died without cleaning up
      const ruleSet = await buildAuditRules({ keys: this.keys, root: this.root, watches: this.options.watches });
      this.skipped = ruleSet.skipped;
      for (const s of ruleSet.skipped) this.options.onWarning?.(`audit watch ${s.path} skipped: ${s.reason}`);
      this.rules = ruleSet.rules;
      await installAuditRules(ruleSet.rules, bin);

      if (status.enabled === 0) {
        await auditctl(['-e', '1'], bin);
        this.restoreEnabled = 0;
      }
      const backlog = this.options.backlogLimit ?? 8192;
      if (backlog > 0 && status.backlogLimit < backlog) {
        await auditctl(['-b', String(backlog)], bin);
        this.restoreBacklog = status.backlogLimit;
      }
    } catch (err) {
      await this.undo([]);
      await this.tail?.close();
      throw err;
    }
    this.lostAtStart = status.lost;
    this.statusTimer = setInterval(() => void this.readLost(), this.options.statusIntervalMs ?? 5000);
    this.statusTimer.unref();
    this.loop = this.run();
  }

  /** Every undo step runs even when one fails; failures are collected. */
  private async undo(problems: string[]): Promise<void> {
    const bin = this.options.auditctl;
    const step = async (what: string, action: () => Promise<unknown>) => {
      try {
        await action();
      } catch (err) {
        problems.push(`${what}: ${(err as Error).message}`);
        this.options.onWarning?.(`${what}: ${(err as Error).message}`);
      }
    };
    await this.readLost();
    if (this.rules.length > 0) await step('removing audit rules', () => removeAuditRules(allKeys(this.keys), bin));
    if (this.restoreEnabled !== undefined) {
      const flag = this.restoreEnabled;
      await step('restoring the audit enabled flag', () => auditctl(['-e', String(flag)], bin));
      this.restoreEnabled = undefined;
    }
    if (this.restoreBacklog !== undefined) {
      const limit = this.restoreBacklog;
      await step('restoring the audit backlog limit', () => auditctl(['-b', String(limit)], bin));
      this.restoreBacklog = undefined;
    }
    if (this.daemon) {
      const daemon = this.daemon;
      this.daemon = undefined;
      await step('stopping the audit daemon', () => daemon.stop());
    }
  }

  private async readLost(): Promise<void> {
    try {
      const status = await readAuditStatus(this.options.auditctl);
      this.kernelLost = Math.max(this.kernelLost, status.lost - this.lostAtStart);
    } catch {
      // status is best effort; the next poll tries again
    }
  }

  private async run(): Promise<void> {
    const poll = this.options.pollIntervalMs ?? 200;
    while (!this.closing) {
      let read = 0;
      try {
        read = await this.pump();
        for (const group of this.assembler.flushOlderThan(1000)) await this.handle(group);
      } catch (err) {
        this.options.onWarning?.(`node sensor: ${(err as Error).message}`);
      }
      if (read === 0 && !this.closing) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, poll);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  /** Reads what the log has now; returns the number of lines. */
  private async pump(): Promise<number> {
    if (!this.tail) return 0;
    const lines = await this.tail.read();
    for (const line of lines) {
      if (line.tooLong !== undefined) {
        this.queue.countMalformed();
        continue;
      }
      let record;
      try {
        record = parseAuditLine(line.text);
      } catch {
        this.queue.countMalformed();
        continue;
      }
      for (const group of this.assembler.push(record)) await this.handle(group);
    }
    return lines.length;
  }

  private async handle(group: AuditEventGroup): Promise<void> {
    const context = { ...(this.options.cluster ? { cluster: this.options.cluster } : {}), ...(this.options.node ? { node: this.options.node } : {}) };
    const result = translateAuditEvent(group, { keys: this.keys, includeUnixSockets: this.options.includeUnixSockets, context });
    if (result.status === 'ignored') return;
    if (result.status === 'malformed') {
      this.queue.countMalformed();
      return;
    }
    const event = result.event;
    await this.enrich(event, result.socketFd);
    this.queue.push(event);
  }

  private async enrich(event: NodeEvent, socketFd: number | undefined): Promise<void> {
    const proc = event.process;
    const exec = event.kind === 'process' && event.action === 'exec';
    if (exec) {
      remember(this.processes, proc.pid, { exe: proc.exe, name: proc.name, args: proc.args });
    } else {
      // The full argv seen at exec beats PROCTITLE, which the kernel cuts at 128 bytes.
      const known = this.processes.get(proc.pid);
      if (known && known.exe === proc.exe && known.args.length > 0) proc.args = known.args;
    }
    if (proc.ppid !== undefined && proc.ppid > 0) proc.parent = await this.parentOf(proc.ppid);
    const fallbackPids = proc.ppid !== undefined ? [proc.ppid] : [];
    Object.assign(event.context, await this.containers.contextForPid(proc.pid, { fallbackPids, fresh: exec }));
    if (event.kind === 'network' && event.protocol === 'other' && socketFd !== undefined) {
      const socket = await this.sockets.lookup(proc.pid, socketFd);
      if (socket) {
        event.protocol = socket.protocol;
        event.localAddress = socket.localAddress;
        event.localPort = socket.localPort;
      }
    }
  }

  private async parentOf(ppid: number): Promise<{ pid: number; exe?: string; name?: string }> {
    const parent: { pid: number; exe?: string; name?: string } = { pid: ppid };
    const base = path.join(this.procDir, String(ppid));
    const [exe, comm] = await Promise.all([readlink(path.join(base, 'exe')).catch(() => undefined), readFile(path.join(base, 'comm'), 'utf8').catch(() => undefined)]);
    const known = this.processes.get(ppid);
    const resolvedExe = exe?.replace(/ \(deleted\)$/, '') ?? known?.exe;
    const name = comm?.trim() ?? known?.name;
    if (resolvedExe) parent.exe = resolvedExe;
    if (name) parent.name = name;
    return parent;
  }
}

function remember(map: Map<number, KnownProcess>, pid: number, value: KnownProcess): void {
  map.delete(pid);
  map.set(pid, value);
  if (map.size > PROCESS_TABLE_SIZE) map.delete(map.keys().next().value as number);
}
