/**
 * rbac.nodes-proxy — CIS Kubernetes 5.1.10 (minimise access to the proxy sub-resource of nodes).
 * Reads:   every ClusterRoleBinding's role rules (aggregation resolved) and subjects; nodes are
 *          cluster-scoped, so a RoleBinding cannot grant this
 * Fails:   a subject granted get or create on nodes/proxy: the kubelet API of every node, which
 *          runs commands in any pod there, outside the API server's audit log and admission.
 * Passes:  nodes/metrics, nodes/stats and nodes/log (read-only kubelet endpoints); rules of every
 *          verb on every resource (rbac.cluster-admin reports those); Kubernetes' own component grants.
 */
import type { InventoryCheck } from '../../inventory.js';
import { CAPABILITIES, capabilityCheck } from '../capabilities.js';
import { rbacGraphsOf } from '../graph.js';

export const nodesProxy: InventoryCheck = {
  id: 'rbac.nodes-proxy',
  run(inventory, ctx) {
    return capabilityCheck(rbacGraphsOf(inventory, ctx), CAPABILITIES.nodesProxy, 'nodes-proxy', (who, _where, actions) => ({
      en: `${who.en} can reach every kubelet through nodes/proxy (${actions}): it can run commands in any pod of any node, unseen by the API server's audit log and admission control`,
      zh: `${who.zh} 可通过 nodes/proxy 访问所有节点的 kubelet（${actions}）：可在任意节点的任意 Pod 中执行命令，且不经过 API Server 的审计日志和准入控制`,
    }));
  },
};
