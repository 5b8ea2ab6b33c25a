/**
 * rbac.webhook-config — CIS Kubernetes 5.1.12 (minimise access to webhook configuration objects).
 * Reads:   every ClusterRoleBinding's role rules (aggregation resolved) and subjects; webhook
 *          configurations are cluster-scoped, so a RoleBinding cannot grant this
 * Fails:   a subject granted create, update, patch, delete or deletecollection on
 *          mutatingwebhookconfigurations or validatingwebhookconfigurations.
 * Passes:  read-only access; rules of every verb on every resource (rbac.cluster-admin reports
 *          those); Kubernetes' own component grants.
 */
import type { InventoryCheck } from '../../inventory.js';
import { CAPABILITIES, capabilityCheck } from '../capabilities.js';
import { rbacGraphsOf } from '../graph.js';

export const webhookConfig: InventoryCheck = {
  id: 'rbac.webhook-config',
  run(inventory, ctx) {
    return capabilityCheck(rbacGraphsOf(inventory, ctx), CAPABILITIES.webhookConfig, 'webhook-config', (who, _where, actions) => ({
      en: `${who.en} can change admission webhook configurations (${actions}): a webhook it points at its own endpoint receives every object sent to the API server, Secrets included, and a mutating one can rewrite any pod; deleting one removes a control`,
      zh: `${who.zh} 可修改准入 Webhook 配置（${actions}）：指向其自有端点的 Webhook 可收到发往 API Server 的所有对象（包括 Secret），变更型 Webhook 还可改写任意 Pod；删除 Webhook 则会移除一道管控`,
    }));
  },
};
