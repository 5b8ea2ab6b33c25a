/**
 * rbac.csr-approve — CIS Kubernetes 5.1.11 (minimise access to the approval sub-resource of
 * certificatesigningrequests).
 * Reads:   every ClusterRoleBinding's role rules (aggregation resolved) and subjects; CSRs are
 *          cluster-scoped, so a RoleBinding cannot grant this
 * Fails:   a subject granted update or patch on certificatesigningrequests/approval. With create
 *          on CSRs and approve on the kube-apiserver-client signer it can issue itself a client
 *          certificate for any user or group, system:masters included (rbac.escalation-path
 *          follows that through).
 * Passes:  rules of every verb on every resource (rbac.cluster-admin reports those); Kubernetes'
 *          own component grants (the controller manager's CSR approver).
 */
import type { InventoryCheck } from '../../inventory.js';
import { CAPABILITIES, capabilityCheck } from '../capabilities.js';
import { rbacGraphsOf } from '../graph.js';

export const csrApprove: InventoryCheck = {
  id: 'rbac.csr-approve',
  run(inventory, ctx) {
    return capabilityCheck(rbacGraphsOf(inventory, ctx), CAPABILITIES.csrApprove, 'approve-csr', (who, _where, actions) => ({
      en: `${who.en} can approve certificate signing requests (${actions}): an approved client certificate authenticates as whatever user and groups it names`,
      zh: `${who.zh} 可批准证书签名请求（${actions}）：获批的客户端证书可以其中声明的任意用户和组身份通过认证`,
    }));
  },
};
