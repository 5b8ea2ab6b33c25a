import type { WorkloadCheck } from '../../check.js';
import { privileged } from './privileged.js';

/** Pod Security Standards checks, baseline and restricted. */
export const PSS_CHECKS: readonly WorkloadCheck[] = [privileged];
