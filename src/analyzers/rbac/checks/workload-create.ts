/**
 * rbac.workload-create — CIS Kubernetes 5.1.4 (minimise access to create pods).
 * Reads:   every binding's role rules (aggregation resolved) and subjects
 * Fails:   a subject granted create on pods, or create, update or patch on the controllers that
 *          create pods (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs,
 *          ReplicationControllers). One finding per subject and scope.
 * Passes:  rules of every verb on every resource (rbac.cluster-admin reports those); Kubernetes'
 *          own component grants. A create rule limited by resourceNames grants nothing (creates
 *          cannot be limited by name) and is not reported.
 */
import type { InventoryCheck } from '../../inventory.js';
import { CAPABILITIES, capabilityCheck } from '../capabilities.js';
import { rbacGraphsOf } from '../graph.js';

export const workloadCreate: InventoryCheck = {
  id: 'rbac.workload-create',
  run(inventory, ctx) {
    return capabilityCheck(rbacGraphsOf(inventory, ctx), CAPABILITIES.workloadWrite, 'create-workloads', (who, where, actions) => ({
      en: `${who.en} can create or change workloads ${where.en} (${actions}): their pods may run as any ServiceAccount of the namespace, mount any of its Secrets and, where Pod Security admits privileged pods, take over a node`,
      zh: `${who.zh} ${where.zh}可创建或修改工作负载（${actions}）：其 Pod 可使用该命名空间的任一服务账号运行、挂载其中任一 Secret；若 Pod 安全级别允许特权 Pod，还可接管节点`,
    }));
  },
};
