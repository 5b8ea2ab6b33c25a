/**
 * rbac.pv-create — CIS Kubernetes 5.1.9 (minimise access to create persistent volumes).
 * Reads:   every ClusterRoleBinding's role rules (aggregation resolved) and subjects;
 *          PersistentVolumes are cluster-scoped, so a RoleBinding cannot grant this
 * Fails:   a subject granted create on persistentvolumes: a hostPath PersistentVolume bound
 *          through a claim gives a pod the node's filesystem, and Pod Security admission, which
 *          looks at the pod's own volumes, admits it even in a restricted namespace.
 * Passes:  rules of every verb on every resource (rbac.cluster-admin reports those); Kubernetes'
 *          own component grants (the volume provisioners).
 */
import type { InventoryCheck } from '../../inventory.js';
import { CAPABILITIES, capabilityCheck } from '../capabilities.js';
import { rbacGraphsOf } from '../graph.js';

export const pvCreate: InventoryCheck = {
  id: 'rbac.pv-create',
  run(inventory, ctx) {
    return capabilityCheck(rbacGraphsOf(inventory, ctx), CAPABILITIES.pvCreate, 'create-persistentvolumes', (who, _where, actions) => ({
      en: `${who.en} can create PersistentVolumes (${actions}): a hostPath volume claimed by a pod exposes the node's filesystem, whatever Pod Security level the pod's namespace enforces`,
      zh: `${who.zh} 可创建 PersistentVolume（${actions}）：被 Pod 声明的 hostPath 卷会暴露节点文件系统，不受 Pod 所在命名空间 Pod 安全级别的限制`,
    }));
  },
};
