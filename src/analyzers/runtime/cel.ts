import { Environment } from '@marcbachmann/cel-js';

/**
 * The CEL environment runtime rule conditions are compiled in: the variables of the activation
 * (see activation.ts) and a few helper functions that would be long-winded or slow in plain CEL.
 * Conditions are type-checked against it when a rule file is loaded, so a misspelt variable or
 * function fails at load time, not on the first matching event.
 */

export const ACTIVATION_VARIABLES = ['event', 'container', 'proc', 'file', 'net', 'audit', 'params'] as const;

const globCache = new Map<string, RegExp>();

/** Shell-style glob with `*` (any run of characters, `/` included) and `?`; anchored at both ends. */
export function globRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`);
    if (globCache.size < 4096) globCache.set(glob, re);
  }
  return re;
}

export function globAny(value: string, globs: readonly unknown[]): boolean {
  for (const g of globs) {
    if (typeof g !== 'string') continue;
    if (g.includes('*') || g.includes('?') ? globRegExp(g).test(value) : g === value) return true;
  }
  return false;
}

/** True when `path` is one of `prefixes` or below it. A prefix ending in `/` matches by string prefix only. */
export function underAny(path: string, prefixes: readonly unknown[]): boolean {
  for (const p of prefixes) {
    if (typeof p !== 'string' || p === '') continue;
    if (p.endsWith('/')) {
      if (path.startsWith(p)) return true;
    } else if (path === p || (path.startsWith(p) && path.charCodeAt(p.length) === 47)) return true;
  }
  return false;
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}

/**
 * Loopback, RFC 1918, carrier-grade NAT (RFC 6598), link-local, and IPv6 unique-local,
 * link-local and loopback addresses: destinations inside the estate rather than on the internet.
 */
export function isPrivateAddress(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(a);
  if (v4) {
    const x = Number(v4[1]);
    const y = Number(v4[2]);
    return x === 10 || x === 127 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 169 && y === 254) || (x === 100 && y >= 64 && y <= 127);
  }
  const lower = a.toLowerCase();
  return lower === '::1' || /^f[cd][0-9a-f]{2}:/.test(lower) || /^fe[89ab][0-9a-f]:/.test(lower);
}

let shared: Environment | undefined;

/** The one environment every rule is compiled in (it is immutable once a rule has been parsed). */
export function runtimeCelEnvironment(): Environment {
  if (shared) return shared;
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  for (const name of ACTIVATION_VARIABLES) env.registerVariable(name, 'map');
  env
    .registerFunction('basename(string): string', basename, { description: 'The last segment of a path' })
    .registerFunction('dirname(string): string', dirname, { description: 'A path without its last segment' })
    .registerFunction('globAny(string, list): bool', globAny, { description: 'The value matches any of the globs (`*`, `?`)' })
    .registerFunction('underAny(string, list): bool', underAny, { description: 'The path is one of the prefixes or below one' })
    .registerFunction('isPrivateAddress(string): bool', isPrivateAddress, { description: 'Loopback, private, CGNAT, link-local or IPv6 unique-local address' });
  shared = env;
  return env;
}
