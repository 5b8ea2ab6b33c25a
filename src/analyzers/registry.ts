import type { InventoryCheck, ObjectCheck } from './inventory.js';
import { NAMESPACE_CHECKS, OBJECT_CHECKS as NAMESPACE_OBJECT_CHECKS } from './namespace/index.js';
import { NETWORK_CHECKS } from './network/index.js';
import { RBAC_CHECKS } from './rbac/index.js';
import type { WorkloadCheck } from './workload/check.js';
import { HARDENING_INVENTORY_CHECKS } from './workload/checks/hardening/index.js';
import { WORKLOAD_CHECKS as ALL_WORKLOAD_CHECKS } from './workload/checks/index.js';

/**
 * Every check implementation, by target. Each area registers its own list; this is the one place
 * the engine and the catalogue tests read them from.
 */
export const WORKLOAD_CHECKS: readonly WorkloadCheck[] = ALL_WORKLOAD_CHECKS;
export const OBJECT_CHECKS: readonly ObjectCheck[] = [...NAMESPACE_OBJECT_CHECKS];
export const INVENTORY_CHECKS: readonly InventoryCheck[] = [...HARDENING_INVENTORY_CHECKS, ...NAMESPACE_CHECKS, ...RBAC_CHECKS, ...NETWORK_CHECKS];
