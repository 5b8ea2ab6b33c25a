import { parseDocument } from 'yaml';
import type { ControlPlaneComponent, StaticPodManifest } from '../../model/node.js';
import { flagLines, parseFlags } from './flags.js';
import type { HostRoot } from './root-fs.js';

export const MANIFEST_DIR = '/etc/kubernetes/manifests';

/**
 * A static pod manifest of a control-plane component: the container named like the component
 * (else the first) gives `command` + `args`; for etcd, `ETCD_*` environment variables count as
 * the flags they stand for, as etcd reads them.
 */
export async function readStaticPodManifest(root: HostRoot, component: ControlPlaneComponent, dir = MANIFEST_DIR): Promise<StaticPodManifest | undefined> {
  const file = await findManifestFile(root, component, dir);
  if (!file) return undefined;
  let text: string;
  try {
    text = await root.readText(file);
  } catch (err) {
    return { path: file, error: `${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { path: file, error: `${file}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}` };
  const pod = doc.toJS() as { kind?: string; spec?: { containers?: { name?: string; command?: unknown; args?: unknown; env?: { name?: string; value?: unknown }[] }[] } } | null;
  const containers = pod?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) return { path: file, error: `${file}: spec.containers: no container` };
  const container = containers.find((c) => c?.name === component) ?? containers[0];
  const argv = [...strings(container?.command), ...strings(container?.args)];
  if (argv.length === 0) return { path: file, error: `${file}: spec.containers[${container?.name ?? 0}]: neither command nor args` };
  const envFlags: string[] = [];
  if (component === 'etcd') {
    for (const e of container?.env ?? []) {
      if (typeof e?.name === 'string' && e.name.startsWith('ETCD_') && e.value !== undefined) {
        envFlags.push(`--${e.name.slice(5).toLowerCase().replace(/_/g, '-')}=${String(e.value)}`);
      }
    }
  }
  // Command-line flags take precedence over etcd's environment, so they come last.
  const flags = parseFlags([...envFlags, ...argv.slice(1)], file, file);
  flags.lines = flagLines(text, Object.keys(flags.values));
  return { path: file, flags };
}

/** `<dir>/<component>.yaml`, else any manifest in the folder whose text names the component's image or command. */
async function findManifestFile(root: HostRoot, component: ControlPlaneComponent, dir: string): Promise<string | undefined> {
  const names = await root.list(dir);
  for (const ext of ['.yaml', '.yml', '.json', '.manifest']) if (names.includes(component + ext)) return `${dir}/${component}${ext}`;
  for (const name of names.filter((n) => /\.(ya?ml|json|manifest)$/.test(n))) {
    try {
      const text = await root.readText(`${dir}/${name}`);
      if (new RegExp(`^\\s*-?\\s*-?\\s*"?(/usr/local/bin/|/usr/bin/)?${component}"?\\s*$`, 'm').test(text)) return `${dir}/${name}`;
    } catch {
      // An unreadable other manifest is not this component's.
    }
  }
  return undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => String(x)) : [];
}
