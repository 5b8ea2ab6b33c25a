import type { Check } from '../../model/index.js';

/** Checks over Namespace objects and the workloads they hold. */
export const namespaceChecks: Check[] = [];
