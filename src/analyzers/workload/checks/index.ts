import type { WorkloadCheck } from '../check.js';
import { privileged } from './privileged.js';

/** Every workload check implementation; each id has exactly one catalogue entry. */
export const WORKLOAD_CHECKS: readonly WorkloadCheck[] = [privileged];
