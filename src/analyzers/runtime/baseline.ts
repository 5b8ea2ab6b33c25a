import type { BaselineEntryKind, EventContext, RuntimeEvent } from '../../model/index.js';
import { workloadKey } from '../../model/index.js';
import { anyAddressValue, CHAIN_ARROW, chainValue, outboundValue, writeDirValue } from './baseline-values.js';

/**
 * Workload baselines: per workload (`cluster/namespace/Kind/name`, never per pod) and container
 * name, learn what is normal — executables, parent→child chains, outbound destinations, written
 * directories (see baseline-values.ts) — for a window after the first event, then report what is
 * new. A new image digest for a container restarts learning for that container only. Every lookup
 * is a hash-set probe: the cost does not grow with the baseline.
 *
 * The manager holds state in memory; `takeDirty()` hands changed baselines to the store
 * (src/store/runtime/baselines.ts) and `load()` restores them, so learning survives a restart.
 */

export type BaselineMode = 'learning' | 'enforcing';

export const BASELINE_ENTRY_KINDS: readonly BaselineEntryKind[] = ['exec', 'chain', 'outbound', 'write'];

/** A container baseline as plain data: what the store saves and `show`/export print. */
export interface BaselineSnapshot {
  workload: string;
  container: string;
  imageDigest?: string;
  mode: BaselineMode;
  /** When learning (re)started, ISO 8601. */
  learningStartedAt: string;
  /** Events learned from since learning (re)started. */
  learnedEvents: number;
  updatedAt: string;
  entries: Record<BaselineEntryKind, string[]>;
}

export interface BaselineOptions {
  /** How long a container learns after its first event or a new image digest. Default 24 h. */
  learnForMs?: number;
  /** Also end learning after this many events (whichever comes first). Default: no limit. */
  learnEvents?: number;
  /** Distinct addresses on one port, while learning, above which the port alone (`*:port`) is learned. Default 16. */
  wideOutboundThreshold?: number;
  /** Entries kept per kind and container; beyond it learning stops adding (bounded memory). Default 5,000. */
  maxEntriesPerKind?: number;
  /** Wall clock for edits (tests); learning windows run on event time. */
  now?: () => number;
}

/** What an event did that the container's baseline does not hold. */
export interface BaselineDeviation {
  kind: BaselineEntryKind;
  value: string;
  /** Entries of that kind the baseline learned. */
  learnedEntries: number;
  workload: string;
  container: string;
}

const NONE: readonly BaselineDeviation[] = Object.freeze([]) as readonly BaselineDeviation[];
const DAY_MS = 24 * 3600 * 1000;
const ANY_ADDRESS = '*';
const WRITE_ACTIONS = new Set(['open-write', 'create', 'rename', 'unlink', 'chmod']);

/**
 * One container's learned entries, held so that checking an event builds no string: chains as
 * parent → set of children, destinations as port → set of addresses (`*` for any). Only a
 * deviation is spelled out as an entry value (baseline-values.ts).
 */
class Entries {
  readonly exec = new Set<string>();
  readonly chain = new Map<string, Set<string>>();
  readonly outbound = new Map<number, Set<string>>();
  readonly write = new Set<string>();
  chainCount = 0;
  outboundCount = 0;

  size(kind: BaselineEntryKind): number {
    return kind === 'exec' ? this.exec.size : kind === 'write' ? this.write.size : kind === 'chain' ? this.chainCount : this.outboundCount;
  }

  clear(): void {
    this.exec.clear();
    this.chain.clear();
    this.outbound.clear();
    this.write.clear();
    this.chainCount = 0;
    this.outboundCount = 0;
  }

  hasChain(parent: string, exe: string): boolean {
    return this.chain.get(parent)?.has(exe) === true;
  }

  addChain(parent: string, exe: string): boolean {
    let children = this.chain.get(parent);
    if (!children) this.chain.set(parent, (children = new Set()));
    if (children.has(exe)) return false;
    children.add(exe);
    this.chainCount++;
    return true;
  }

  hasOutbound(address: string, port: number): boolean {
    const addresses = this.outbound.get(port);
    return addresses !== undefined && (addresses.has(ANY_ADDRESS) || addresses.has(address));
  }

  /** Adds a destination; `*` replaces the port's addresses. */
  addOutbound(address: string, port: number): boolean {
    let addresses = this.outbound.get(port);
    if (!addresses) this.outbound.set(port, (addresses = new Set()));
    if (addresses.has(address) || addresses.has(ANY_ADDRESS)) return false;
    if (address === ANY_ADDRESS) {
      this.outboundCount -= addresses.size;
      addresses.clear();
    }
    addresses.add(address);
    this.outboundCount++;
    return true;
  }

  /** Adds an entry given as its value string (load, hand edits). */
  addValue(kind: BaselineEntryKind, value: string): boolean {
    switch (kind) {
      case 'exec':
      case 'write': {
        const set = this[kind];
        if (set.has(value)) return false;
        set.add(value);
        return true;
      }
      case 'chain': {
        const [parent, exe] = parseChain(value);
        return this.addChain(parent, exe);
      }
      case 'outbound': {
        const [address, port] = parseOutbound(value);
        return this.addOutbound(address, port);
      }
    }
  }

  deleteValue(kind: BaselineEntryKind, value: string): boolean {
    switch (kind) {
      case 'exec':
        return this.exec.delete(value);
      case 'write':
        return this.write.delete(value);
      case 'chain': {
        const [parent, exe] = parseChain(value);
        const removed = this.chain.get(parent)?.delete(exe) === true;
        if (removed) this.chainCount--;
        return removed;
      }
      case 'outbound': {
        const [address, port] = parseOutbound(value);
        const removed = this.outbound.get(port)?.delete(address) === true;
        if (removed) this.outboundCount--;
        return removed;
      }
    }
  }

  values(kind: BaselineEntryKind): string[] {
    switch (kind) {
      case 'exec':
        return [...this.exec].sort();
      case 'write':
        return [...this.write].sort();
      case 'chain':
        return [...this.chain].flatMap(([parent, children]) => [...children].map((exe) => chainValue(parent, exe))).sort();
      case 'outbound':
        return [...this.outbound].flatMap(([port, addresses]) => [...addresses].map((a) => (a === ANY_ADDRESS ? anyAddressValue(port) : outboundValue(a, port)))).sort();
    }
  }
}

function parseChain(value: string): [string, string] {
  const i = value.indexOf(CHAIN_ARROW);
  if (i <= 0 || i + CHAIN_ARROW.length >= value.length) throw new Error(`baseline chain entry must read "parent${CHAIN_ARROW}child": ${value}`);
  return [value.slice(0, i), value.slice(i + CHAIN_ARROW.length)];
}

function parseOutbound(value: string): [string, number] {
  const i = value.lastIndexOf(':');
  const port = Number(value.slice(i + 1));
  let address = value.slice(0, i);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  if (i <= 0 || !Number.isInteger(port) || port < 0 || port > 65535 || address === '') throw new Error(`baseline outbound entry must read address:port, [ipv6]:port or *:port: ${value}`);
  return [address, port];
}

class ContainerBaseline {
  readonly entries = new Entries();
  readonly cluster: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;

  constructor(
    readonly workload: string,
    readonly container: string,
    public imageDigest: string | undefined,
    public mode: BaselineMode,
    public startedMs: number,
    public learnedEvents = 0,
    public updatedMs = startedMs,
  ) {
    const [cluster = '', namespace = '', kind = '', name = ''] = workload.split('/');
    this.cluster = cluster;
    this.namespace = namespace;
    this.kind = kind;
    this.name = name;
  }

  /** Whether an event's context is this workload container (the container-id cache is only a hint). */
  matches(c: EventContext): boolean {
    const w = c.workload as { kind: string; name: string };
    return w.name === this.name && w.kind === this.kind && (c.namespace ?? '') === this.namespace && (c.cluster ?? '') === this.cluster && (c.containerName ?? '') === this.container;
  }

  restart(imageDigest: string | undefined, atMs: number): void {
    this.entries.clear();
    this.imageDigest = imageDigest;
    this.mode = 'learning';
    this.startedMs = atMs;
    this.learnedEvents = 0;
    this.updatedMs = atMs;
  }
}

export class BaselineManager {
  private readonly byKey = new Map<string, ContainerBaseline>();
  /** Container id → baseline: the hot path looks up by a string the event already holds. */
  private readonly byContainerId = new Map<string, ContainerBaseline>();
  private readonly dirty = new Set<ContainerBaseline>();
  private readonly learnForMs: number;
  private readonly learnEvents: number;
  private readonly wideThreshold: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: BaselineOptions = {}) {
    this.learnForMs = options.learnForMs ?? DAY_MS;
    this.learnEvents = options.learnEvents ?? Number.POSITIVE_INFINITY;
    this.wideThreshold = options.wideOutboundThreshold ?? 16;
    this.maxEntries = options.maxEntriesPerKind ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** Learns from the event, or checks it against the learned baseline; returns what was new. */
  observe(event: RuntimeEvent): readonly BaselineDeviation[] {
    const c = event.context;
    if (!c.workload) return NONE;
    switch (event.kind) {
      case 'process':
        if (event.action !== 'exec') return NONE;
        break;
      case 'network':
        if (event.action !== 'connect' || (event.protocol !== 'tcp' && event.protocol !== 'udp') || !event.remoteAddress) return NONE;
        break;
      case 'file':
        if (!WRITE_ACTIONS.has(event.action)) return NONE;
        break;
      default:
        return NONE;
    }
    let b = this.lookup(c);
    if (!b) {
      b = new ContainerBaseline(workloadKey(c) as string, c.containerName ?? '', c.imageDigest, 'learning', this.eventMs(event));
      this.byKey.set(keyOf(b.workload, b.container), b);
      if (c.containerId) this.byContainerId.set(c.containerId, b);
    } else if (c.imageDigest && b.imageDigest !== c.imageDigest) {
      // The first digest seen is recorded; a different one means a new image: learn afresh.
      if (b.imageDigest === undefined) b.imageDigest = c.imageDigest;
      else b.restart(c.imageDigest, this.eventMs(event));
      this.dirty.add(b);
    }
    if (b.mode === 'learning') {
      const t = this.eventMs(event);
      if (t - b.startedMs < this.learnForMs && b.learnedEvents < this.learnEvents) {
        this.learn(b.entries, event);
        b.learnedEvents++;
        b.updatedMs = t;
        this.dirty.add(b);
        return NONE;
      }
      b.mode = 'enforcing';
      b.updatedMs = t;
      this.dirty.add(b);
    }
    return this.check(b, event);
  }

  private lookup(c: EventContext): ContainerBaseline | undefined {
    const id = c.containerId;
    if (id) {
      const hit = this.byContainerId.get(id);
      if (hit && hit.matches(c)) return hit;
    }
    const b = this.byKey.get(keyOf(workloadKey(c) as string, c.containerName ?? ''));
    if (b && id) {
      // Bounded: containers come and go; the cache is rebuilt from the keyed map as needed.
      if (this.byContainerId.size >= 100_000) this.byContainerId.clear();
      this.byContainerId.set(id, b);
    }
    return b;
  }

  private check(b: ContainerBaseline, event: RuntimeEvent): readonly BaselineDeviation[] {
    const e = b.entries;
    switch (event.kind) {
      case 'process': {
        const p = event.process;
        // A new executable makes its chain new too: one alert says it.
        if (!e.exec.has(p.exe)) return deviation(b, 'exec', p.exe);
        const parent = p.parent?.exe || p.parent?.name;
        if (parent && !e.hasChain(parent, p.exe)) return deviation(b, 'chain', chainValue(parent, p.exe));
        return NONE;
      }
      case 'network': {
        const address = event.remoteAddress as string;
        const port = event.remotePort ?? 0;
        return e.hasOutbound(address, port) ? NONE : deviation(b, 'outbound', outboundValue(address, port));
      }
      case 'file': {
        const dir = writeDirValue(event.path);
        return e.write.has(dir) ? NONE : deviation(b, 'write', dir);
      }
      default:
        return NONE;
    }
  }

  private learn(e: Entries, event: RuntimeEvent): void {
    const max = this.maxEntries;
    switch (event.kind) {
      case 'process': {
        const p = event.process;
        if (e.exec.size < max) e.exec.add(p.exe);
        const parent = p.parent?.exe || p.parent?.name;
        if (parent && e.chainCount < max) e.addChain(parent, p.exe);
        break;
      }
      case 'network': {
        const port = event.remotePort ?? 0;
        if (e.outboundCount >= max && !e.outbound.has(port)) break;
        e.addOutbound(event.remoteAddress as string, port);
        const addresses = e.outbound.get(port);
        if (addresses && addresses.size > this.wideThreshold) e.addOutbound(ANY_ADDRESS, port);
        break;
      }
      case 'file':
        if (e.write.size < max) e.write.add(writeDirValue(event.path));
        break;
      default:
        break;
    }
  }

  private eventMs(event: RuntimeEvent): number {
    const t = Date.parse(event.time);
    return Number.isNaN(t) ? this.now() : t;
  }

  /** Restores stored baselines (replacing any in memory for the same workload and container). */
  load(snapshots: readonly BaselineSnapshot[]): void {
    for (const s of snapshots) {
      const b = new ContainerBaseline(s.workload, s.container, s.imageDigest, s.mode, parseMs(s.learningStartedAt, this.now()), s.learnedEvents, parseMs(s.updatedAt, this.now()));
      for (const kind of BASELINE_ENTRY_KINDS) for (const v of s.entries[kind] ?? []) b.entries.addValue(kind, v);
      const key = keyOf(s.workload, s.container);
      const old = this.byKey.get(key);
      if (old) for (const [id, cached] of this.byContainerId) if (cached === old) this.byContainerId.delete(id);
      this.byKey.set(key, b);
    }
  }

  get(workload: string, container: string): BaselineSnapshot | undefined {
    const b = this.byKey.get(keyOf(workload, container));
    return b && snapshotOf(b);
  }

  list(): BaselineSnapshot[] {
    return [...this.byKey.values()].map(snapshotOf);
  }

  /** Changed baselines since the last call, for the store to save. */
  takeDirty(): BaselineSnapshot[] {
    const out = [...this.dirty].map(snapshotOf);
    this.dirty.clear();
    return out;
  }

  /** Switches mode; back to learning restarts the window from now, keeping what was learned. */
  setMode(workload: string, container: string, mode: BaselineMode): boolean {
    const b = this.byKey.get(keyOf(workload, container));
    if (!b) return false;
    if (mode === 'learning' && b.mode !== 'learning') {
      b.startedMs = this.now();
      b.learnedEvents = 0;
    }
    b.mode = mode;
    b.updatedMs = this.now();
    this.dirty.add(b);
    return true;
  }

  /**
   * Adds entries by hand (creating an enforcing baseline if there is none); returns how many were
   * new. Values are spelled as `show` prints them; a malformed chain or destination throws.
   */
  addEntries(workload: string, container: string, kind: BaselineEntryKind, values: readonly string[]): number {
    const key = keyOf(workload, container);
    let b = this.byKey.get(key);
    if (!b) {
      b = new ContainerBaseline(workload, container, undefined, 'enforcing', this.now());
      this.byKey.set(key, b);
    }
    let added = 0;
    for (const v of values) if (b.entries.addValue(kind, v)) added++;
    b.updatedMs = this.now();
    this.dirty.add(b);
    return added;
  }

  removeEntries(workload: string, container: string, kind: BaselineEntryKind, values: readonly string[]): number {
    const b = this.byKey.get(keyOf(workload, container));
    if (!b) return 0;
    let removed = 0;
    for (const v of values) if (b.entries.deleteValue(kind, v)) removed++;
    b.updatedMs = this.now();
    this.dirty.add(b);
    return removed;
  }

  /** Counts for metrics: baselines by mode and entries held. */
  stats(): { learning: number; enforcing: number; entries: number } {
    let learning = 0;
    let enforcing = 0;
    let entries = 0;
    for (const b of this.byKey.values()) {
      if (b.mode === 'learning') learning++;
      else enforcing++;
      for (const kind of BASELINE_ENTRY_KINDS) entries += b.entries.size(kind);
    }
    return { learning, enforcing, entries };
  }
}

function deviation(b: ContainerBaseline, kind: BaselineEntryKind, value: string): BaselineDeviation[] {
  return [{ kind, value, learnedEntries: b.entries.size(kind), workload: b.workload, container: b.container }];
}

function keyOf(workload: string, container: string): string {
  return `${workload}\u0000${container}`;
}

function parseMs(iso: string, fallback: number): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? fallback : t;
}

function snapshotOf(b: ContainerBaseline): BaselineSnapshot {
  const s: BaselineSnapshot = {
    workload: b.workload,
    container: b.container,
    mode: b.mode,
    learningStartedAt: new Date(b.startedMs).toISOString(),
    learnedEvents: b.learnedEvents,
    updatedAt: new Date(b.updatedMs).toISOString(),
    entries: { exec: b.entries.values('exec'), chain: b.entries.values('chain'), outbound: b.entries.values('outbound'), write: b.entries.values('write') },
  };
  if (b.imageDigest) s.imageDigest = b.imageDigest;
  return s;
}
