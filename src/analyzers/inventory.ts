import type { Asset, KubeResource, ObjectPath } from '../model/index.js';
import type { PssVersion, Violation } from './workload/check.js';
import type { PodView } from './workload/pod-spec.js';

/** Everything a scan read, for checks that look across objects (namespaces and their workloads). */
export interface Inventory {
  resources: readonly KubeResource[];
  workloads: readonly PodView[];
  namespaces: readonly KubeResource[];
}

/**
 * A violation found across the inventory. `resource` is where the evidence is (its file and line
 * locate the finding); `asset` is what the finding is about when that is not the resource itself,
 * e.g. an RBAC subject (User, Group, ServiceAccount) whose grant sits in a binding.
 */
export interface InventoryViolation extends Violation {
  resource: KubeResource;
  asset?: Asset;
}

export interface InventoryContext {
  pssVersion: PssVersion;
  /**
   * Reports malformed input found while analysing (an invalid selector, a role rule that is not
   * a list): it becomes an input error naming file, line and field, and the scan exits 2. A check
   * never throws on bad input and never treats it as absent.
   */
  inputError(resource: KubeResource, path: ObjectPath, message: string): void;
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
