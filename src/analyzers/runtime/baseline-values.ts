import type { BaselineEntryKind, RuntimeEvent } from '../../model/index.js';
import { formatEndpoint } from './alert.js';

/**
 * The values a baseline learns and matches, one string per entry so that a lookup is one hash-set
 * probe whatever the baseline's size:
 * - `exec`: the executable path, `/usr/bin/curl`;
 * - `chain`: parent executable → child executable, `/bin/sh -> /usr/bin/curl` (the parent's
 *   name when its path is unknown);
 * - `outbound`: `address:port` of a TCP/UDP connect (`[v6]:port`); `*:port` stands for any address
 *   on that port (learned when a workload reaches many addresses on one port, or added by hand);
 * - `write`: the directory of a modified file, with volatile segments (numbers, long hex, UUIDs,
 *   random-looking names) collapsed to a star: `/proc/1234/fd` is learned as `/proc/<star>/fd`.
 */

export const CHAIN_ARROW = ' -> ';

export function chainValue(parent: string, exe: string): string {
  return `${parent}${CHAIN_ARROW}${exe}`;
}

export function outboundValue(address: string, port: number | undefined): string {
  return formatEndpoint(address, port ?? 0);
}

export function anyAddressValue(port: number | undefined): string {
  return `*:${port ?? 0}`;
}

const DIGITS = /^\d+$/;
/** Every volatile pattern has a digit in it: directories without digits are taken as they are, cheaply. */
const HEX = /^(?=[a-f]*\d)[0-9a-f]{8,}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** tmp.XyZ123, php8AbCdE, .nfs0000…: a stem followed by a random tail mixing letters and digits. */
const RANDOM_TAIL = /^[A-Za-z._-]{0,8}(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{6,}$/;

function volatile(segment: string): boolean {
  return DIGITS.test(segment) || HEX.test(segment) || UUID.test(segment) || (segment.length >= 8 && RANDOM_TAIL.test(segment));
}

/** The normalised directory of a written path. */
export function writeDirValue(path: string): string {
  const end = path.lastIndexOf('/');
  if (end <= 0) return '/';
  const dir = path.slice(0, end);
  if (!/\d/.test(dir)) return dir;
  const segments = path.slice(1, end).split('/');
  let changed = false;
  for (let i = 0; i < segments.length; i++) {
    if (volatile(segments[i] as string)) {
      segments[i] = '*';
      changed = true;
    }
  }
  return changed ? `/${segments.join('/')}` : dir;
}

const WRITE_ACTIONS = new Set(['open-write', 'create', 'rename', 'unlink', 'chmod']);

/** The baseline entries one event touches, in order exec, chain / outbound / write. */
export function entriesOf(event: RuntimeEvent): [BaselineEntryKind, string][] {
  switch (event.kind) {
    case 'process': {
      if (event.action !== 'exec') return [];
      const p = event.process;
      const parent = p.parent?.exe || p.parent?.name;
      return parent ? [['exec', p.exe], ['chain', chainValue(parent, p.exe)]] : [['exec', p.exe]];
    }
    case 'network':
      if (event.action !== 'connect' || (event.protocol !== 'tcp' && event.protocol !== 'udp') || !event.remoteAddress) return [];
      return [['outbound', outboundValue(event.remoteAddress, event.remotePort)]];
    case 'file':
      return WRITE_ACTIONS.has(event.action) ? [['write', writeDirValue(event.path)]] : [];
    default:
      return [];
  }
}
