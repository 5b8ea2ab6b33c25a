import type { Inventory, InventoryCheck, InventoryContext, InventoryViolation } from '../../src/analyzers/inventory.js';
import { InventoryBuilder } from '../../src/analyzers/inventory-builder.js';
import type { PssVersion } from '../../src/analyzers/workload/check.js';
import type { InputError } from '../../src/model/index.js';
import { readYaml } from './kube.js';

/** An Inventory of every object in the YAML text, assembled as the engine assembles one. */
export async function inventoryOf(text: string): Promise<Inventory> {
  const { resources, errors } = await readYaml(text);
  if (errors.length) throw new Error(`test YAML did not parse: ${errors.map((e) => e.message).join('; ')}`);
  const builder = new InventoryBuilder();
  for (const r of resources) builder.add(r);
  if (builder.inputErrors.length) throw new Error(`test YAML has malformed pod specs: ${builder.inputErrors.map((e) => e.message).join('; ')}`);
  return builder.build();
}

/** A context for running inventory checks in tests; input errors they report are collected. */
export function inventoryContext(pssVersion: PssVersion = 'latest'): InventoryContext & { inputErrors: InputError[] } {
  const builder = new InventoryBuilder();
  return { pssVersion, inputError: (r, p, m) => builder.inputError(r, p, m), inputErrors: builder.inputErrors };
}

/** Runs one inventory check over the objects of the YAML text; fails the test on input errors. */
export async function inventoryViolations(check: InventoryCheck, text: string, pssVersion: PssVersion = 'latest'): Promise<InventoryViolation[]> {
  const ctx = inventoryContext(pssVersion);
  const found = check.run(await inventoryOf(text), ctx);
  if (ctx.inputErrors.length) throw new Error(`input errors: ${ctx.inputErrors.map((e) => e.message).join('; ')}`);
  return found;
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
