/**
 * IPv4 and IPv6 addresses, CIDR blocks and sets of addresses, as NetworkPolicy `ipBlock`s need
 * them: a block minus its `except` blocks, unions across rules, "does this set reach the public
 * internet". Addresses are bigints so that both families share one implementation; sets are
 * sorted, disjoint, inclusive ranges per family.
 */
import { formatIPv6Groups } from '../../model/index.js';

export type Family = 4 | 6;

export interface Cidr {
  family: Family;
  /** First and last address of the block (host bits of the written address are cleared). */
  lo: bigint;
  hi: bigint;
  prefix: number;
  /** Canonical text: `10.0.0.0/8`, `fd00:ec2::254/128`. */
  text: string;
}

type Range = readonly [bigint, bigint];

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

/** The address as a bigint and its family, or undefined when the text is not an IP address. */
export function parseIp(text: string): { family: Family; value: bigint } | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Leading zeros are refused, as Go's net/netip refuses them (they once meant octal).
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (text.includes('%')) return undefined;
  let groups: string[];
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string): string[] => (s === '' ? [] : s.split(':'));
  let tail = split(halves[halves.length - 1] as string);
  // An IPv4 address may end the text (`::ffff:192.0.2.1`): it fills the last two groups.
  const last = tail[tail.length - 1];
  if (last !== undefined && last.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === undefined) return undefined;
    tail = [...tail.slice(0, -1), (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
  }
  if (halves.length === 2) {
    const head = split(halves[0] as string);
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  } else {
    groups = tail;
  }
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

export function formatIp(family: Family, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  return formatIPv6Groups(groups);
}

/** `10.0.0.0/8`, `fd00::/8`, or a bare address (a /32 or /128). Host bits are cleared. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const bits = BITS[address.family];
  let prefix = bits;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > bits) return undefined;
    prefix = Number(p);
  }
  const hostBits = BigInt(bits - prefix);
  const lo = (address.value >> hostBits) << hostBits;
  const hi = lo + (1n << hostBits) - 1n;
  return { family: address.family, lo, hi, prefix, text: `${formatIp(address.family, lo)}/${prefix}` };
}

/** A set of addresses of both families. Immutable: operations return new sets. */
export class IpSet {
  private constructor(
    readonly v4: readonly Range[],
    readonly v6: readonly Range[],
  ) {}

  static readonly EMPTY = new IpSet([], []);
  static readonly ALL = new IpSet([[0n, (1n << 32n) - 1n]], [[0n, (1n << 128n) - 1n]]);

  static of(cidrs: readonly Cidr[]): IpSet {
    const v4 = normalise(cidrs.filter((c) => c.family === 4).map((c): Range => [c.lo, c.hi]));
    const v6 = normalise(cidrs.filter((c) => c.family === 6).map((c): Range => [c.lo, c.hi]));
    return new IpSet(v4, v6);
  }

  static family(family: Family): IpSet {
    return family === 4 ? new IpSet(IpSet.ALL.v4, []) : new IpSet([], IpSet.ALL.v6);
  }

  isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0;
  }

  union(other: IpSet): IpSet {
    return new IpSet(normalise([...this.v4, ...other.v4]), normalise([...this.v6, ...other.v6]));
  }

  subtract(other: IpSet): IpSet {
    return new IpSet(subtractRanges(this.v4, other.v4), subtractRanges(this.v6, other.v6));
  }

  intersect(other: IpSet): IpSet {
    return this.subtract(this.subtract(other));
  }

  /** True when every address of the block is in the set. */
  covers(cidr: Cidr): boolean {
    const ranges = cidr.family === 4 ? this.v4 : this.v6;
    return ranges.some(([lo, hi]) => lo <= cidr.lo && cidr.hi <= hi);
  }

  /** True when some address of the block is in the set. */
  overlaps(cidr: Cidr): boolean {
    const ranges = cidr.family === 4 ? this.v4 : this.v6;
    return ranges.some(([lo, hi]) => lo <= cidr.hi && cidr.lo <= hi);
  }

  /** True when the set holds every address of the family (0.0.0.0/0 or ::/0). */
  coversFamily(family: Family): boolean {
    return this.covers(family === 4 ? ANY_V4 : ANY_V6);
  }

  equals(other: IpSet): boolean {
    const same = (a: readonly Range[], b: readonly Range[]): boolean => a.length === b.length && a.every((r, i) => r[0] === b[i]?.[0] && r[1] === b[i]?.[1]);
    return same(this.v4, other.v4) && same(this.v6, other.v6);
  }

  /** The fewest CIDR blocks that make up the set, IPv4 first. */
  toCidrs(): string[] {
    return [...rangesToCidrs(4, this.v4), ...rangesToCidrs(6, this.v6)];
  }
}

const ANY_V4 = parseCidr('0.0.0.0/0') as Cidr;
const ANY_V6 = parseCidr('::/0') as Cidr;

function normalise(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

function subtractRanges(from: readonly Range[], remove: readonly Range[]): Range[] {
  let current: Range[] = [...from];
  for (const [rlo, rhi] of remove) {
    const next: Range[] = [];
    for (const [lo, hi] of current) {
      if (rhi < lo || rlo > hi) {
        next.push([lo, hi]);
        continue;
      }
      if (rlo > lo) next.push([lo, rlo - 1n]);
      if (rhi < hi) next.push([rhi + 1n, hi]);
    }
    current = next;
  }
  return current;
}

function rangesToCidrs(family: Family, ranges: readonly Range[]): string[] {
  const bits = BigInt(BITS[family]);
  const out: string[] = [];
  for (const [rlo, hi] of ranges) {
    let lo = rlo;
    while (lo <= hi) {
      // The largest aligned block starting at lo that stays within the range.
      let size = 0n;
      while (size < bits) {
        const next = size + 1n;
        if ((lo & ((1n << next) - 1n)) !== 0n || lo + (1n << next) - 1n > hi) break;
        size = next;
      }
      out.push(`${formatIp(family, lo)}/${bits - size}`);
      lo += 1n << size;
    }
  }
  return out;
}

/**
 * Addresses that are not on the public internet: private, shared (carrier-grade NAT), loopback,
 * link-local, documentation, benchmarking, multicast and reserved ranges (RFC 6890 and IANA's
 * special-purpose registries), and for IPv6 everything outside global unicast 2000::/3 plus the
 * documentation prefix. A destination set that overlaps the complement reaches the internet.
 */
const NON_PUBLIC = IpSet.of(
  [
    '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
    '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24',
    '224.0.0.0/4', '240.0.0.0/4', '::/3', '4000::/2', '8000::/1', '2001:db8::/32',
  ].map((c) => parseCidr(c) as Cidr),
);

export const PUBLIC_INTERNET: IpSet = IpSet.ALL.subtract(NON_PUBLIC);

/**
 * Instance metadata endpoints of the clouds banks run Kubernetes on. Reading them from a pod can
 * yield the node's cloud credentials. 169.254.169.254: AWS, Azure, Google Cloud, Huawei Cloud,
 * Baidu AI Cloud and OpenStack; fd00:ec2::254: AWS over IPv6; 100.100.100.200: Alibaba Cloud;
 * 169.254.0.23: Tencent Cloud (metadata.tencentyun.com).
 */
export const METADATA_ENDPOINTS: readonly { address: string; cidr: Cidr; clouds: string }[] = [
  { address: '169.254.169.254', clouds: 'AWS, Azure, Google Cloud, Huawei Cloud, OpenStack' },
  { address: 'fd00:ec2::254', clouds: 'AWS (IPv6)' },
  { address: '100.100.100.200', clouds: 'Alibaba Cloud' },
  { address: '169.254.0.23', clouds: 'Tencent Cloud' },
].map((m) => ({ ...m, cidr: parseCidr(m.address) as Cidr }));
