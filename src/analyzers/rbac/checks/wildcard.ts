/**
 * rbac.wildcard — CIS Kubernetes 5.1.3 (minimise wildcard use in Roles and ClusterRoles).
 * Reads:   every binding's role rules (aggregation resolved) and subjects
 * Fails:   a subject granted a rule with `*` among its verbs, API groups, resources or
 *          non-resource URLs: the grant covers every present and future verb, resource or API
 *          (custom resources included). One finding per subject, role and scope.
 * Passes:  bindings that grant every verb on every resource (rbac.cluster-admin reports those); roles
 *          nobody is bound to; Kubernetes' own component grants.
 */
import type { InventoryCheck, InventoryViolation } from '../../inventory.js';
import { grantsEverything, scopeKey, scopeText } from '../capabilities.js';
import { rbacGraphsOf, type BoundSubject, type Grant } from '../graph.js';
import { formatRule, hasWildcard } from '../rules.js';
import { describeSubjectLocalized, isKubernetesComponentGrant, subjectAsset, subjectKey, type Subject } from '../subjects.js';

export const wildcard: InventoryCheck = {
  id: 'rbac.wildcard',
  run(inventory, ctx) {
    const out: InventoryViolation[] = [];
    for (const graph of rbacGraphsOf(inventory, ctx)) {
      const found = new Map<string, { subject: Subject; bound: BoundSubject; grants: Grant[] }>();
      for (const binding of graph.bindings) {
        if (grantsEverything(binding)) continue;
        for (const grant of binding.grants) {
          if (!hasWildcard(grant.rule)) continue;
          for (const bound of binding.subjects) {
            if (isKubernetesComponentGrant(bound.subject, binding)) continue;
            const key = `${subjectKey(bound.subject)}|${binding.roleRef.kind}/${binding.roleRef.name}|${grant.scope}`;
            const entry = found.get(key);
            if (entry) entry.grants.push(grant);
            else found.set(key, { subject: bound.subject, bound, grants: [grant] });
          }
        }
      }
      for (const { subject, bound, grants } of found.values()) {
        const first = grants[0] as Grant;
        const role = `${bound.binding.roleRef.kind} ${bound.binding.roleRef.name}`;
        const rules = [...new Set(grants.map((g) => formatRule(g.rule)))].join('; ');
        const who = describeSubjectLocalized(subject);
        const where = scopeText(first.scope);
        out.push({
          resource: bound.binding.resource,
          path: ['subjects', bound.index],
          subject: `wildcard:${bound.binding.roleRef.kind}/${bound.binding.roleRef.name}@${scopeKey(first.scope)}`,
          asset: subjectAsset(subject),
          message: {
            en: `${who.en} is granted wildcard rules of ${role} ${where.en}: ${rules}`,
            zh: `${who.zh} ${where.zh}被授予 ${role} 中的通配符规则：${rules}`,
          },
          evidence: rules,
        });
      }
    }
    return out;
  },
};
