import type { InventoryCheck } from '../inventory.js';

/** Network checks over the whole inventory (policies, services, ingresses, workloads, namespaces). */
export const NETWORK_CHECKS: readonly InventoryCheck[] = [];
