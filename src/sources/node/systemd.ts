import type { FlagSet } from '../../model/node.js';
import { flagLines, parseFlags, splitCommandLine } from './flags.js';
import type { HostRoot } from './root-fs.js';

/** Unit directories in systemd's order of precedence, highest first. */
const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

export interface KubeletUnit {
  /** The unit file and its drop-ins, in the order systemd applies them. */
  files: string[];
  flags?: FlagSet;
  error?: string;
}

/**
 * The kubelet's command line as systemd would start it: the unit file, its drop-ins
 * (`kubelet.service.d/*.conf`, applied in name order, a name in /etc overriding the same name
 * under /usr/lib), `Environment=` and `EnvironmentFile=` (e.g. kubeadm's
 * /var/lib/kubelet/kubeadm-flags.env, /etc/default/kubelet), and the last `ExecStart=`.
 */
export async function readKubeletUnit(root: HostRoot): Promise<KubeletUnit | undefined> {
  let unitFile: string | undefined;
  for (const dir of UNIT_DIRS) {
    if ((await root.stat(`${dir}/kubelet.service`)).exists) {
      unitFile = `${dir}/kubelet.service`;
      break;
    }
  }
  const dropIns = new Map<string, string>();
  for (const dir of [...UNIT_DIRS].reverse()) {
    for (const name of await root.list(`${dir}/kubelet.service.d`)) if (name.endsWith('.conf')) dropIns.set(name, `${dir}/kubelet.service.d/${name}`);
  }
  const files = [...(unitFile ? [unitFile] : []), ...[...dropIns.keys()].sort().map((n) => dropIns.get(n) as string)];
  if (files.length === 0) return undefined;

  const env = new Map<string, string>();
  let exec: { line: string; file: string; text: string } | undefined;
  try {
    for (const file of files) {
      const text = await root.readText(file);
      for (const line of unitLines(text)) {
        const m = /^(Environment|EnvironmentFile|ExecStart)\s*=\s*(.*)$/.exec(line);
        if (!m) continue;
        const value = m[2] as string;
        if (m[1] === 'Environment') for (const word of splitCommandLine(value)) assign(env, word);
        else if (m[1] === 'EnvironmentFile') await readEnvironmentFile(root, value, env);
        else exec = value.trim() === '' ? undefined : { line: value, file, text };
      }
    }
  } catch (err) {
    return { files, error: `kubelet unit: ${(err as Error).message}` };
  }
  if (!exec) return { files, error: `kubelet unit: no ExecStart= in ${files.join(', ')}` };
  // `$VAR` expands to several words, `${VAR}` inside a word to its text: both end up as words here.
  const expanded = exec.line.replace(/^[-@+!:]+/, '').replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => env.get((a ?? b) as string) ?? '');
  const argv = splitCommandLine(expanded);
  const flags = parseFlags(argv.slice(1), `systemd unit ${exec.file}`, exec.file);
  flags.lines = flagLines(exec.text, Object.keys(flags.values));
  return { files, flags };
}

/** Logical lines of a unit file: comments dropped, backslash continuations joined. */
function unitLines(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line.startsWith('#') || line.startsWith(';'))) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    out.push(pending + line);
    pending = '';
  }
  if (pending) out.push(pending);
  return out;
}

async function readEnvironmentFile(root: HostRoot, spec: string, env: Map<string, string>): Promise<void> {
  const optional = spec.startsWith('-');
  const file = spec.replace(/^-/, '').trim();
  let text: string;
  try {
    text = await root.readText(file);
  } catch (err) {
    if (optional) return;
    throw new Error(`EnvironmentFile ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const [word] = splitCommandLine(trimmed);
    if (word) assign(env, word);
  }
}

function assign(env: Map<string, string>, word: string): void {
  const eq = word.indexOf('=');
  if (eq > 0) env.set(word.slice(0, eq), word.slice(eq + 1));
}
