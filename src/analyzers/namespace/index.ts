import type { InventoryCheck, ObjectCheck } from '../inventory.js';
import { defaultNamespace } from './default-namespace.js';
import { psaNotEnforced } from './psa-not-enforced.js';
import { psaRejectsWorkload } from './psa-rejects-workload.js';
import { psaVersionUnpinned } from './psa-version-unpinned.js';

/** Checks over Namespace objects and the workloads they hold. */
export const NAMESPACE_CHECKS: readonly InventoryCheck[] = [psaNotEnforced, psaVersionUnpinned, psaRejectsWorkload];

/** Checks over every object, whatever its kind. */
export const OBJECT_CHECKS: readonly ObjectCheck[] = [defaultNamespace];
