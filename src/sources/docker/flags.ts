import type { DaemonFlags } from '../../model/index.js';

/**
 * dockerd's command line as flags. Go's pflag accepts `--name=value` and `--name value`; booleans
 * take no separate word (`--icc=false`, bare `--live-restore`). Every occurrence is kept, since
 * list flags repeat. Short forms are mapped to their long names.
 */

const BOOLEAN_FLAGS = new Set([
  'icc', 'iptables', 'ip6tables', 'ip-forward', 'ip-masq', 'ipv6', 'userland-proxy', 'tls', 'tlsverify', 'debug', 'experimental',
  'no-new-privileges', 'selinux-enabled', 'raw-logs', 'init', 'rootless', 'validate', 'live-restore', 'help', 'version',
]);

const SHORT: Record<string, string> = { H: 'host', D: 'debug', l: 'log-level', G: 'group', b: 'bridge', g: 'data-root', p: 'pidfile', e: 'exec-driver', v: 'version', h: 'help' };
/** Deprecated names dockerd still accepts. */
const ALIASES: Record<string, string> = { graph: 'data-root', 'default-ulimits': 'default-ulimit' };

export function parseDockerdFlags(argv: readonly string[], origin: string): DaemonFlags {
  const values: Record<string, string[]> = {};
  const add = (name: string, value: string): void => {
    (values[name] ??= []).push(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const long = /^--([A-Za-z0-9][\w.-]*)(?:=(.*))?$/s.exec(arg);
    const short = long ? undefined : /^-([A-Za-z])(?:=?(.*))?$/s.exec(arg);
    const m = long ?? short;
    if (!m) continue;
    let name = long ? (m[1] as string) : SHORT[m[1] as string] ?? (m[1] as string);
    name = ALIASES[name] ?? name;
    const inline = m[2] !== undefined && m[2] !== '' ? m[2] : long && m[2] === '' ? '' : undefined;
    if (inline !== undefined) {
      add(name, inline);
      continue;
    }
    const next = argv[i + 1];
    if (!BOOLEAN_FLAGS.has(name) && next !== undefined && !next.startsWith('-')) {
      add(name, next);
      i++;
    } else {
      add(name, 'true');
    }
  }
  return { values, origin };
}
