/**
 * rbac.default-service-account — CIS Kubernetes 5.1.5 (default service accounts not actively
 * used): the `default` ServiceAccount of a namespace granted rights.
 * Reads:   bindings naming ServiceAccount `default` (or the user
 *          system:serviceaccount:<ns>:default), their roles, and the workloads of the namespace
 * Fails:   such a binding grants anything beyond API discovery, or a role whose rules are not in
 *          the input: every pod of the namespace that names no ServiceAccount runs as `default`
 *          and carries these rights. One finding per binding.
 * Passes:  discovery-only grants; Kubernetes' own component grants. Pods that use `default` are
 *          pod.default-service-account's concern.
 */
import type { InventoryCheck, InventoryViolation } from '../../inventory.js';
import { isDiscoveryOnly } from '../builtin-roles.js';
import { scopeText } from '../capabilities.js';
import { rbacGraphsOf } from '../graph.js';
import { describeSubjectLocalized, isKubernetesComponentGrant, serviceAccountOfUserName, subjectAsset, serviceAccount } from '../subjects.js';

export const defaultServiceAccount: InventoryCheck = {
  id: 'rbac.default-service-account',
  run(inventory, ctx) {
    const out: InventoryViolation[] = [];
    for (const graph of rbacGraphsOf(inventory, ctx)) {
      for (const binding of graph.bindings) {
        const grantsSomething = binding.roleStatus !== 'resolved' || binding.grants.some((g) => !isDiscoveryOnly(g.rule));
        if (!grantsSomething) continue;
        for (const bound of binding.subjects) {
          const s = bound.subject;
          const sa = s.kind === 'ServiceAccount' ? { namespace: s.namespace ?? '', name: s.name } : s.kind === 'User' ? serviceAccountOfUserName(s.name) : undefined;
          if (!sa || sa.name !== 'default' || isKubernetesComponentGrant(s, binding)) continue;
          const subject = serviceAccount(sa.namespace, 'default', s.cluster);
          const who = describeSubjectLocalized(subject);
          const where = scopeText(binding.scope);
          const role = `${binding.roleRef.kind} ${binding.roleRef.name}`;
          const users = (graph.workloadsByServiceAccount.get(`${sa.namespace}/default`) ?? []).map((w) => `${w.pod.resource.kind}/${w.pod.resource.name}`);
          const using = users.length
            ? { en: `; it is used by ${users.join(', ')}`, zh: `；当前使用它的工作负载：${users.join('、')}` }
            : { en: '', zh: '' };
          out.push({
            resource: binding.resource,
            path: ['subjects', bound.index],
            subject: `default-granted@${binding.kind}/${binding.namespace ?? ''}/${binding.name}`,
            asset: subjectAsset(subject),
            message: {
              en: `${who.en} is granted ${role} ${where.en}: every pod of ${sa.namespace} that names no ServiceAccount runs with these rights${using.en}`,
              zh: `${who.zh} ${where.zh}被授予 ${role}：${sa.namespace} 中所有未指定服务账号的 Pod 都将带着这些权限运行${using.zh}`,
            },
            evidence: `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name} → ${role}`,
          });
        }
      }
    }
    return out;
  },
};
