import type { InventoryCheck } from '../inventory.js';

/** RBAC checks over the whole inventory (roles, bindings, service accounts, workloads). */
export const RBAC_CHECKS: readonly InventoryCheck[] = [];
