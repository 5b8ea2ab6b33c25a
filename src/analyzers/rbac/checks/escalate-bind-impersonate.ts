/**
 * rbac.escalate-bind-impersonate — CIS Kubernetes 5.1.8 (limit use of the bind, impersonate and
 * escalate permissions).
 * Reads:   every binding's role rules (aggregation resolved) and subjects
 * Fails:   a subject granted escalate or bind on roles or clusterroles, or impersonate on users,
 *          groups, serviceaccounts, uids or userextras — whether or not limited to named
 *          objects, since impersonating one group (system:masters) or binding one role
 *          (cluster-admin) is enough. One finding per subject and scope.
 * Passes:  rules of every verb on every resource (rbac.cluster-admin reports those); Kubernetes'
 *          own component grants.
 */
import type { InventoryCheck } from '../../inventory.js';
import { CAPABILITIES, capabilityCheck } from '../capabilities.js';
import { rbacGraphsOf } from '../graph.js';

export const escalateBindImpersonate: InventoryCheck = {
  id: 'rbac.escalate-bind-impersonate',
  run(inventory, ctx) {
    return capabilityCheck(rbacGraphsOf(inventory, ctx), CAPABILITIES.escalateBindImpersonate, 'escalate-bind-impersonate', (who, where, actions) => ({
      en: `${who.en} holds RBAC's escalation verbs ${where.en} (${actions}): they let it grant, bind or act as permissions it does not hold`,
      zh: `${who.zh} ${where.zh}拥有 RBAC 提权动词（${actions}）：可授予、绑定或冒用自身并不具备的权限`,
    }));
  },
};
