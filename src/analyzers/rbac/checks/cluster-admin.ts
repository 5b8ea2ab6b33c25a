/**
 * rbac.cluster-admin — CIS Kubernetes 5.1.1 (use the cluster-admin role only where required).
 * Reads:   every binding, its role's rules (aggregation resolved; the built-in cluster-admin when
 *          the input does not define it) and its subjects
 * Fails:   a subject granted every verb on every resource of every API group — the cluster-admin
 *          ClusterRole or any role written the same way — cluster-wide (a ClusterRoleBinding), or
 *          in a namespace (a RoleBinding: full control of that namespace). One finding per subject
 *          and scope.
 * Passes:  Kubernetes' own grant of cluster-admin to system:masters and its other component
 *          grants (see isKubernetesComponentGrant). The other RBAC checks leave such all-verbs
 *          rules to this one, so one binding is reported once.
 */
import type { Localized } from '../../../model/index.js';
import type { InventoryCheck, InventoryViolation } from '../../inventory.js';
import { describeGrant, scopeKey } from '../capabilities.js';
import { CLUSTER, rbacGraphsOf, type BoundSubject, type Grant } from '../graph.js';
import { isFullWildcard } from '../rules.js';
import { describeSubjectLocalized, isKubernetesComponentGrant, subjectAsset, subjectKey, type Subject } from '../subjects.js';

export const clusterAdmin: InventoryCheck = {
  id: 'rbac.cluster-admin',
  run(inventory, ctx) {
    const out: InventoryViolation[] = [];
    for (const graph of rbacGraphsOf(inventory, ctx)) {
      const seen = new Map<string, { subject: Subject; bound: BoundSubject; grants: Grant[] }>();
      for (const binding of graph.bindings) {
        for (const grant of binding.grants) {
          if (!isFullWildcard(grant.rule)) continue;
          for (const bound of binding.subjects) {
            if (isKubernetesComponentGrant(bound.subject, binding)) continue;
            const key = `${subjectKey(bound.subject)}|${grant.scope}`;
            const entry = seen.get(key);
            if (entry) entry.grants.push(grant);
            else seen.set(key, { subject: bound.subject, bound, grants: [grant] });
          }
        }
      }
      for (const { subject, bound, grants } of seen.values()) {
        const first = grants[0] as Grant;
        out.push({
          resource: bound.binding.resource,
          path: ['subjects', bound.index],
          subject: `cluster-admin@${scopeKey(first.scope)}`,
          asset: subjectAsset(subject),
          message: message(describeSubjectLocalized(subject), first),
          evidence: [...new Set(grants.map(describeGrant))].join('; '),
        });
      }
    }
    return out;
  },
};

function message(who: Localized, grant: Grant): Localized {
  const role = grant.binding.roleRef;
  const roleText = role.name === 'cluster-admin' ? 'cluster-admin' : `${role.kind} ${role.name}, which grants every verb on every resource`;
  const roleZh = role.name === 'cluster-admin' ? 'cluster-admin' : `${role.kind} ${role.name}（对所有资源拥有全部操作权限）`;
  if (grant.scope === CLUSTER) {
    return {
      en: `${who.en} is bound to ${roleText} cluster-wide: it may do anything, in every namespace, including granting itself and others any access`,
      zh: `${who.zh} 在整个集群范围内被绑定到 ${roleZh}：可执行任何操作，覆盖所有命名空间，并可为自己和他人授予任意权限`,
    };
  }
  return {
    en: `${who.en} is bound to ${roleText} in namespace ${grant.scope}: full control of that namespace, its Secrets, workloads and RBAC`,
    zh: `${who.zh} 在命名空间 ${grant.scope} 中被绑定到 ${roleZh}：完全控制该命名空间，包括其中的 Secret、工作负载和 RBAC`,
  };
}
