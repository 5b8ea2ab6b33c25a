import type { InventoryCheck, ObjectCheck } from '../inventory.js';

/** Checks over Namespace objects and the workloads they hold. */
export const NAMESPACE_CHECKS: readonly InventoryCheck[] = [];

/** Checks over every object, whatever its kind. */
export const OBJECT_CHECKS: readonly ObjectCheck[] = [];
