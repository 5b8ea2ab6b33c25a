/**
 * rbac.secrets-read — CIS Kubernetes 5.1.2 (minimise access to secrets).
 * Reads:   every binding's role rules (aggregation resolved) and subjects
 * Fails:   a subject granted get, list or watch on secrets (core API group), cluster-wide or in a
 *          namespace. One finding per subject and scope.
 * Passes:  a grant limited by resourceNames to named Secrets (the least-privilege way for an
 *          application to read its own credentials); rules of every verb on every resource
 *          (rbac.cluster-admin reports those); Kubernetes' own component grants.
 */
import type { InventoryCheck } from '../../inventory.js';
import { CAPABILITIES, capabilityCheck } from '../capabilities.js';
import { CLUSTER, rbacGraphsOf } from '../graph.js';

export const secretsRead: InventoryCheck = {
  id: 'rbac.secrets-read',
  run(inventory, ctx) {
    return capabilityCheck(rbacGraphsOf(inventory, ctx), CAPABILITIES.secretsRead, 'read-secrets', (who, where, actions, access) =>
      access.scope === CLUSTER
        ? {
            en: `${who.en} can read every Secret in the cluster (${actions}): database passwords, TLS keys and ServiceAccount tokens of every namespace`,
            zh: `${who.zh} 可读取集群中的所有 Secret（${actions}）：包括所有命名空间的数据库口令、TLS 私钥和服务账号令牌`,
          }
        : {
            en: `${who.en} can read every Secret ${where.en} (${actions})`,
            zh: `${who.zh} 可读取命名空间 ${access.scope} 中的所有 Secret（${actions}）`,
          },
    );
  },
};
