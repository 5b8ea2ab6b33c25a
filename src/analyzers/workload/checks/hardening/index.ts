import type { InventoryCheck } from '../../../inventory.js';
import type { WorkloadCheck } from '../../check.js';
import { defaultServiceAccount } from './default-service-account.js';
import { imageLatestTag } from './image-latest-tag.js';
import { imageNoDigest } from './image-no-digest.js';
import { imagePullPolicy } from './image-pull-policy.js';
import { readonlyRootFs } from './readonly-root-fs.js';
import { resourceLimits } from './resource-limits.js';
import { resourceRequests } from './resource-requests.js';
import { saTokenAutomount } from './sa-token-automount.js';
import { secretsInEnv } from './secrets-in-env.js';
import { securityContextMissing } from './security-context-missing.js';

/** CIS 5.x and NSA/CISA workload hardening checks. */
export const HARDENING_CHECKS: readonly WorkloadCheck[] = [
  secretsInEnv,
  defaultServiceAccount,
  securityContextMissing,
  readonlyRootFs,
  resourceLimits,
  resourceRequests,
  imageLatestTag,
  imageNoDigest,
  imagePullPolicy,
];

/** Hardening checks that need objects beyond the pod template (the ServiceAccount it runs as). */
export const HARDENING_INVENTORY_CHECKS: readonly InventoryCheck[] = [saTokenAutomount];
