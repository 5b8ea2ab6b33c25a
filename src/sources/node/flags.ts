import type { FlagSet } from '../../model/node.js';

/**
 * Command lines of the Kubernetes components as flags. pflag (and etcd's Go flag set) accept
 * `--name=value`, `--name value` and, for booleans, a bare `--name`; the last occurrence wins.
 * A bare flag followed by a word takes that word as its value unless the flag is a known boolean.
 */

const BOOLEAN_FLAGS = new Set([
  'anonymous-auth', 'profiling', 'client-cert-auth', 'peer-client-cert-auth', 'auto-tls', 'peer-auto-tls',
  'service-account-lookup', 'use-service-account-credentials', 'make-iptables-util-chains', 'rotate-certificates',
  'rotate-server-certificates', 'seccomp-default', 'allow-privileged', 'enable-bootstrap-token-auth', 'leader-elect',
  'enable-aggregator-routing', 'service-account-extend-token-expiration', 'protect-kernel-defaults', 'fail-swap-on',
  'enable-admission-plugins-defaults', 'authentication-token-webhook', 'strict-reconfig-check', 'enable-v2',
  'enable-pprof', 'logtostderr', 'alsologtostderr', 'enable-server', 'cgroups-per-qos', 'register-node',
]);

export function parseFlags(argv: readonly string[], origin: string, file?: string): FlagSet {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const m = /^--?([A-Za-z0-9][\w.-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) continue;
    const name = m[1] as string;
    if (m[2] !== undefined) {
      values[name] = m[2];
      continue;
    }
    const next = argv[i + 1];
    if (!BOOLEAN_FLAGS.has(name) && next !== undefined && !next.startsWith('-')) {
      values[name] = next;
      i++;
    } else {
      values[name] = 'true';
    }
  }
  const set: FlagSet = { values, origin };
  if (file) set.file = file;
  return set;
}

/**
 * Splits a command line as systemd does for `ExecStart=` (and as a shell would for the simple
 * cases units use): whitespace separates words, single and double quotes group, backslash escapes.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The 1-based line of each flag's first mention in a file's text (`--name=` or `--name` followed by a space or quote). */
export function flagLines(text: string, names: readonly string[]): Record<string, number> {
  const lines = text.split('\n');
  const out: Record<string, number> = {};
  for (const name of names) {
    const re = new RegExp(`(^|[\\s"'\\[,-])-?-${name.replace(/[.]/g, '\\.')}(=|\\s|"|'|$)`);
    const index = lines.findIndex((l) => re.test(l));
    if (index >= 0) out[name] = index + 1;
  }
  return out;
}
