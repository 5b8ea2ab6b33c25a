/**
 * Sets of (protocol, port) as NetworkPolicy rules allow them. Sets are interned: each distinct set
 * gets a small id, and unions and intersections are memoised by id, so that the reachability
 * matrix of thousands of workloads combines numbers rather than building millions of objects.
 */

import { PROTOCOLS, type Protocol } from '../../model/index.js';
export { PROTOCOLS, type Protocol };

export function isProtocol(value: string): value is Protocol {
  return (PROTOCOLS as readonly string[]).includes(value);
}

export const MAX_PORT = 65535;

/** Inclusive port range. */
export type Interval = readonly [number, number];

export type PortSet = Readonly<Record<Protocol, readonly Interval[]>>;

export const EMPTY_PORTS = 0;
export const ALL_PORTS = 1;

/** An interning table of port sets; ids are only meaningful within one table. */
export class PortSets {
  private readonly sets: PortSet[] = [];
  private readonly ids = new Map<string, number>();
  private readonly unions = new Map<number, number>();
  private readonly intersections = new Map<number, number>();

  constructor() {
    this.intern({ TCP: [], UDP: [], SCTP: [] });
    this.intern({ TCP: [[1, MAX_PORT]], UDP: [[1, MAX_PORT]], SCTP: [[1, MAX_PORT]] });
  }

  /** The id of the set, normalising its intervals first. */
  intern(set: PortSet): number {
    const normal: PortSet = { TCP: normalise(set.TCP), UDP: normalise(set.UDP), SCTP: normalise(set.SCTP) };
    const key = keyOf(normal);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(normal);
      this.ids.set(key, id);
    }
    return id;
  }

  /** The set of one protocol's ports `from`–`to`. */
  range(protocol: Protocol, from: number, to: number = from): number {
    const set: Record<Protocol, Interval[]> = { TCP: [], UDP: [], SCTP: [] };
    set[protocol] = [[from, to]];
    return this.intern(set);
  }

  get(id: number): PortSet {
    const set = this.sets[id];
    if (!set) throw new Error(`unknown port set ${id}`);
    return set;
  }

  union(a: number, b: number): number {
    if (a === b || b === EMPTY_PORTS || a === ALL_PORTS) return a;
    if (a === EMPTY_PORTS || b === ALL_PORTS) return b;
    const key = a < b ? a * 0x100000 + b : b * 0x100000 + a;
    let id = this.unions.get(key);
    if (id === undefined) {
      const x = this.get(a);
      const y = this.get(b);
      id = this.intern({ TCP: [...x.TCP, ...y.TCP], UDP: [...x.UDP, ...y.UDP], SCTP: [...x.SCTP, ...y.SCTP] });
      this.unions.set(key, id);
    }
    return id;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === ALL_PORTS) return a;
    if (a === ALL_PORTS) return b;
    if (a === EMPTY_PORTS || b === EMPTY_PORTS) return EMPTY_PORTS;
    const key = a < b ? a * 0x100000 + b : b * 0x100000 + a;
    let id = this.intersections.get(key);
    if (id === undefined) {
      const x = this.get(a);
      const y = this.get(b);
      id = this.intern({ TCP: intersect(x.TCP, y.TCP), UDP: intersect(x.UDP, y.UDP), SCTP: intersect(x.SCTP, y.SCTP) });
      this.intersections.set(key, id);
    }
    return id;
  }

  contains(id: number, protocol: Protocol, port: number): boolean {
    if (id === ALL_PORTS) return port >= 1 && port <= MAX_PORT;
    return this.get(id)[protocol].some(([lo, hi]) => lo <= port && port <= hi);
  }

  /** `TCP 80, 8000-8080; UDP 53`, or `all ports`, or `TCP (all ports)`; empty string when empty. */
  format(id: number): string {
    if (id === ALL_PORTS) return 'all ports';
    const set = this.get(id);
    return PROTOCOLS.filter((p) => set[p].length > 0)
      .map((p) => {
        const intervals = set[p];
        if (intervals.length === 1 && intervals[0]?.[0] === 1 && intervals[0]?.[1] === MAX_PORT) return `${p} (all ports)`;
        return `${p} ${intervals.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(', ')}`;
      })
      .join('; ');
  }
}

function normalise(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i] as Interval;
    const [blo, bhi] = b[j] as Interval;
    const lo = Math.max(alo, blo);
    const hi = Math.min(ahi, bhi);
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

function keyOf(set: PortSet): string {
  return PROTOCOLS.map((p) => set[p].map(([lo, hi]) => `${lo}-${hi}`).join(',')).join('|');
}
