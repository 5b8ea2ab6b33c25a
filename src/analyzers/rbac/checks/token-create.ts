/**
 * rbac.token-create — CIS Kubernetes 5.1.13 (minimise access to service account token creation).
 * Reads:   every binding's role rules (aggregation resolved) and subjects
 * Fails:   a subject granted create on serviceaccounts/token, limited to named ServiceAccounts or
 *          not: each token it mints acts with every right of that ServiceAccount. One finding per
 *          subject and scope.
 * Passes:  rules of every verb on every resource (rbac.cluster-admin reports those); Kubernetes'
 *          own component grants (the kubelet and controller manager mint tokens by design).
 */
import type { InventoryCheck } from '../../inventory.js';
import { CAPABILITIES, capabilityCheck } from '../capabilities.js';
import { rbacGraphsOf } from '../graph.js';

export const tokenCreate: InventoryCheck = {
  id: 'rbac.token-create',
  run(inventory, ctx) {
    return capabilityCheck(rbacGraphsOf(inventory, ctx), CAPABILITIES.tokenCreate, 'create-tokens', (who, where, actions) => ({
      en: `${who.en} can mint ServiceAccount tokens ${where.en} (${actions}): each token acts with every right of its ServiceAccount, for as long as it is valid`,
      zh: `${who.zh} ${where.zh}可签发服务账号令牌（${actions}）：每个令牌在有效期内拥有对应服务账号的全部权限`,
    }));
  },
};
