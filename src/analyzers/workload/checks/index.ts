import type { WorkloadCheck } from '../check.js';
import { HARDENING_CHECKS } from './hardening/index.js';
import { PSS_CHECKS } from './pss/index.js';

/** Every workload check implementation; each id has exactly one catalogue entry. */
export const WORKLOAD_CHECKS: readonly WorkloadCheck[] = [...PSS_CHECKS, ...HARDENING_CHECKS];
