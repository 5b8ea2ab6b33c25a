import type { WorkloadCheck } from '../../check.js';

/** CIS 5.x and NSA/CISA workload hardening checks. */
export const HARDENING_CHECKS: readonly WorkloadCheck[] = [];
