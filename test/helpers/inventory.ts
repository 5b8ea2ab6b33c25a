import type { Inventory, InventoryCheck, InventoryViolation } from '../../src/analyzers/inventory.js';
import type { PssVersion } from '../../src/analyzers/workload/check.js';
import { podViewOf, type PodView } from '../../src/analyzers/workload/pod-spec.js';
import { readYaml } from './kube.js';

/** An Inventory of every object in the YAML text, as the engine assembles one. */
export async function inventoryOf(text: string): Promise<Inventory> {
  const { resources, errors } = await readYaml(text);
  if (errors.length) throw new Error(`test YAML did not parse: ${errors.map((e) => e.message).join('; ')}`);
  const workloads = resources.map((r) => podViewOf(r)).filter((p): p is PodView => p !== undefined);
  return { resources, workloads, namespaces: resources.filter((r) => r.kind === 'Namespace') };
}

/** Runs one inventory check over the objects of the YAML text. */
export async function inventoryViolations(check: InventoryCheck, text: string, pssVersion: PssVersion = 'latest'): Promise<InventoryViolation[]> {
  return check.run(await inventoryOf(text), { pssVersion });
}

/** A Namespace manifest with the given labels. */
export function namespace(name: string, labels: Record<string, string> = {}): string {
  const entries = Object.entries(labels);
  const labelBlock = entries.length ? `  labels:\n${entries.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}\n` : '';
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
${labelBlock}`;
}

/** A Deployment in `ns` with one container `app`, whose container body is given as YAML lines. */
export function deployment(name: string, ns: string, containerExtra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1.0
${containerExtra}`;
}
