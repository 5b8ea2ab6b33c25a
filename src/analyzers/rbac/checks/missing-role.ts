/**
 * rbac.missing-role — a binding refers to a role that is not there.
 * Reads:   every binding's roleRef, the Roles and ClusterRoles of the input and the ClusterRoles
 *          every cluster has (cluster-admin, admin, edit, view and the system: roles)
 * Fails:   the role is neither in the input nor built in. The binding grants nothing today, but
 *          whoever creates a role of that name decides what its subjects may do; and what it
 *          grants cannot be analysed, so answers about these subjects may be incomplete. One
 *          finding per subject of the binding.
 * Passes:  roles found in the input; built-in ClusterRoles; bindings without subjects.
 */
import type { InventoryCheck, InventoryViolation } from '../../inventory.js';
import { rbacGraphsOf } from '../graph.js';
import { describeSubjectLocalized, isKubernetesComponentGrant, subjectAsset } from '../subjects.js';

export const missingRole: InventoryCheck = {
  id: 'rbac.missing-role',
  run(inventory, ctx) {
    const out: InventoryViolation[] = [];
    for (const graph of rbacGraphsOf(inventory, ctx)) {
      for (const binding of graph.bindings) {
        if (binding.roleStatus !== 'missing') continue;
        const ref = binding.roleRef;
        const where = ref.kind === 'Role' ? { en: ` in namespace ${binding.namespace ?? ''}`, zh: `（命名空间 ${binding.namespace ?? ''}）` } : { en: '', zh: '' };
        for (const bound of binding.subjects) {
          if (isKubernetesComponentGrant(bound.subject, binding)) continue;
          const who = describeSubjectLocalized(bound.subject);
          out.push({
            resource: binding.resource,
            path: ['roleRef', 'name'],
            subject: `missing-role@${binding.kind}/${binding.namespace ?? ''}/${binding.name}`,
            asset: subjectAsset(bound.subject),
            message: {
              en: `${who.en} is bound to ${ref.kind} ${ref.name}${where.en}, which is not in the input and not built into Kubernetes: its rights cannot be analysed, and if the role does not exist, whoever creates it decides what ${who.en} may do`,
              zh: `${who.zh} 被绑定到 ${ref.kind} ${ref.name}${where.zh}，该角色既不在输入中，也不是 Kubernetes 内置角色：无法分析其权限；若该角色并不存在，任何创建它的人都可决定 ${who.zh} 的权限`,
            },
            evidence: `roleRef: ${ref.kind} ${ref.name}`,
          });
        }
      }
    }
    return out;
  },
};
