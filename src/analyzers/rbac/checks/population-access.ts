import type { Localized } from '../../../model/index.js';
import type { InventoryViolation } from '../../inventory.js';
import { isDiscoveryOnly } from '../builtin-roles.js';
import { describeBinding, scopeKey, scopeText } from '../capabilities.js';
import type { BoundSubject, Grant, RbacGraph } from '../graph.js';
import { formatRule } from '../rules.js';
import { describeSubjectLocalized, subjectAsset, subjectKey, type Subject } from '../subjects.js';

/**
 * Grants beyond API discovery to subjects that stand for whole populations (anyone, every
 * authenticated identity). Kubernetes' own discovery, health, version and self-review grants to
 * them are expected and pass; so is a binding to a role Rampart cannot see (reported by
 * rbac.missing-role). One violation per subject and scope.
 */
export function populationViolations(graphs: readonly RbacGraph[], isTarget: (s: Subject) => boolean, who: (s: Subject) => Localized): InventoryViolation[] {
  const out: InventoryViolation[] = [];
  for (const graph of graphs) {
    const found = new Map<string, { subject: Subject; bound: BoundSubject; grants: Grant[] }>();
    for (const binding of graph.bindings) {
      const extra = binding.grants.filter((g) => !isDiscoveryOnly(g.rule));
      if (extra.length === 0) continue;
      for (const bound of binding.subjects) {
        if (!isTarget(bound.subject)) continue;
        for (const grant of extra) {
          const key = `${subjectKey(bound.subject)}|${grant.scope}`;
          const entry = found.get(key);
          if (entry) entry.grants.push(grant);
          else found.set(key, { subject: bound.subject, bound, grants: [grant] });
        }
      }
    }
    for (const { subject, bound, grants } of found.values()) {
      const first = grants[0] as Grant;
      // Summarised by binding and role: a role such as `view` holds dozens of rules.
      const byGrant = new Map<string, number>();
      for (const g of grants) byGrant.set(describeBinding(g.binding), (byGrant.get(describeBinding(g.binding)) ?? 0) + 1);
      const roles = [...byGrant].map(([grant, n]) => ({ en: `${grant} (${n} rule${n === 1 ? '' : 's'})`, zh: `${grant}（${n} 条规则）` }));
      const rules = [...new Set(grants.map((g) => formatRule(g.rule)))];
      const where = scopeText(first.scope);
      const w = who(subject);
      out.push({
        resource: bound.binding.resource,
        path: ['subjects', bound.index],
        subject: `beyond-discovery@${scopeKey(first.scope)}`,
        asset: subjectAsset(subject),
        message: {
          en: `${w.en} is granted more than API discovery ${where.en}: ${roles.map((r) => r.en).join('; ')}`,
          zh: `${w.zh}${where.zh}被授予超出 API 发现范围的权限：${roles.map((r) => r.zh).join(';')}`,
        },
        evidence: rules.length > 8 ? `${rules.slice(0, 8).join('; ')}; and ${rules.length - 8} more` : rules.join('; '),
      });
    }
  }
  return out;
}

export function describePopulation(s: Subject, en: string, zh: string): Localized {
  const d = describeSubjectLocalized(s);
  return { en: `${d.en} (${en})`, zh: `${d.zh}（${zh}）` };
}
