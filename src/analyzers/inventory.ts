import type { KubeResource } from '../model/index.js';
import type { PssVersion, Violation } from './workload/check.js';
import type { PodView } from './workload/pod-spec.js';

/** Everything a scan read, for checks that look across objects (namespaces and their workloads). */
export interface Inventory {
  resources: readonly KubeResource[];
  workloads: readonly PodView[];
  namespaces: readonly KubeResource[];
}

/** A violation on a named resource of the inventory. */
export interface InventoryViolation extends Violation {
  resource: KubeResource;
}

export interface InventoryContext {
  pssVersion: PssVersion;
}

/** The logic of one catalogued check over the whole inventory (target `namespace`). */
export interface InventoryCheck {
  id: string;
  run(inventory: Inventory, ctx: InventoryContext): InventoryViolation[];
}

/** The logic of one catalogued check over each object, whatever its kind (target `object`). */
export interface ObjectCheck {
  id: string;
  run(resource: KubeResource): Violation[];
}
