import type { Check } from '../../model/index.js';

/**
 * Workload hardening beyond the Pod Security Standards: CIS Kubernetes 5.x workload items and the
 * NSA/CISA Kubernetes Hardening Guidance. The controls each check evidences are in ../frameworks.
 */
export const hardeningChecks: Check[] = [];
