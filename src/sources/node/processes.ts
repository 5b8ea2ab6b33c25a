import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { NodeProcess } from '../../model/node.js';

/** The executables whose command lines `rampart node` reads. */
export const COMPONENT_EXECUTABLES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet', 'kube-proxy'] as const;
export type ComponentExecutable = (typeof COMPONENT_EXECUTABLES)[number];

/**
 * Running Kubernetes components, found in a proc filesystem by executable name (the base name of
 * argv[0], e.g. `/usr/bin/kubelet`). Processes that vanish while being read are passed over. When
 * a component runs more than once, the lowest pid (the oldest, usually) is kept.
 */
export async function findComponentProcesses(procDir: string): Promise<Map<ComponentExecutable, NodeProcess>> {
  const found = new Map<ComponentExecutable, NodeProcess>();
  let entries: string[];
  try {
    entries = await readdir(procDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw err;
  }
  const pids = entries.filter((e) => /^\d+$/.test(e)).map(Number).sort((a, b) => a - b);
  for (const pid of pids) {
    let raw: Buffer;
    try {
      raw = await readFile(path.join(procDir, String(pid), 'cmdline'));
    } catch {
      continue;
    }
    if (raw.length === 0) continue; // kernel threads and zombies
    const argv = raw.toString('utf8').replace(/\0$/, '').split('\0');
    const name = path.basename(argv[0] ?? '') as ComponentExecutable;
    if ((COMPONENT_EXECUTABLES as readonly string[]).includes(name) && !found.has(name)) found.set(name, { pid, argv });
  }
  return found;
}
