import type { InventoryCheck } from '../inventory.js';
import { anonymousAccess } from './checks/anonymous-access.js';
import { authenticatedAccess } from './checks/authenticated-access.js';
import { clusterAdmin } from './checks/cluster-admin.js';
import { csrApprove } from './checks/csr-approve.js';
import { defaultServiceAccount } from './checks/default-service-account.js';
import { escalateBindImpersonate } from './checks/escalate-bind-impersonate.js';
import { escalationPath } from './checks/escalation-path.js';
import { missingRole } from './checks/missing-role.js';
import { missingSubject } from './checks/missing-subject.js';
import { nodesProxy } from './checks/nodes-proxy.js';
import { podExec } from './checks/pod-exec.js';
import { pvCreate } from './checks/pv-create.js';
import { secretsRead } from './checks/secrets-read.js';
import { tokenCreate } from './checks/token-create.js';
import { webhookConfig } from './checks/webhook-config.js';
import { wildcard } from './checks/wildcard.js';
import { workloadCreate } from './checks/workload-create.js';

/** The checks that report a right a subject holds: the access section of a report lists them per subject. */
export const RBAC_RIGHTS_CHECKS: readonly InventoryCheck[] = [
  clusterAdmin,
  secretsRead,
  wildcard,
  workloadCreate,
  escalateBindImpersonate,
  tokenCreate,
  podExec,
  nodesProxy,
  csrApprove,
  webhookConfig,
  pvCreate,
  defaultServiceAccount,
  anonymousAccess,
  authenticatedAccess,
];

/** RBAC checks over the whole inventory (roles, bindings, service accounts, workloads). */
export const RBAC_CHECKS: readonly InventoryCheck[] = [...RBAC_RIGHTS_CHECKS, missingSubject, missingRole, escalationPath];

export { accessSummary, type AccessSummary } from './summary.js';
