/**
 * rbac.escalation-path — multi-hop privilege escalation.
 * Reads:   the escalation graph (see ../escalation.ts): every bound subject's effective grants,
 *          the ServiceAccounts, workloads, legacy token Secrets and Namespaces of the input
 * Fails:   a subject that is not cluster-admin reaches cluster-admin (directly, or through a
 *          node), or else a namespace's Secrets, only by becoming another identity on the way:
 *          a ServiceAccount whose token it can mint, read or run a pod as, a user or group it
 *          can impersonate, a role it can bind, a node it can take over. One finding per subject
 *          and target, with the shortest chain; a subject that reaches cluster-admin is not also
 *          reported for Secrets.
 * Passes:  what a subject's own grants give it in one move (bind cluster-admin, read Secrets,
 *          create pods in a namespace): the capability checks report those; subjects whose
 *          shortest chain starts with a grant to a group they belong to (the group is reported);
 *          Kubernetes' own component grants.
 */
import type { InventoryCheck, InventoryViolation } from '../../inventory.js';
import { escalationGraphOf, formatChain, formatChainWithActions, type EscalationPath } from '../escalation.js';
import { rbacGraphsOf } from '../graph.js';
import { describeSubjectLocalized, subjectAsset, type Subject } from '../subjects.js';

export const escalationPath: InventoryCheck = {
  id: 'rbac.escalation-path',
  run(inventory, ctx) {
    const out: InventoryViolation[] = [];
    for (const graph of rbacGraphsOf(inventory, ctx)) {
      const e = escalationGraphOf(graph);
      for (const path of escalationFindings(graph)) {
        const first = path.steps[0];
        const grant = first?.via;
        if (!grant) continue;
        const fromId = e.identityNode(path.subject).id;
        const bound = grant.binding.subjects.find((b) => e.identityNode(b.subject).id === fromId);
        if (!bound) continue;
        const who = describeSubjectLocalized(path.subject);
        const steps = path.steps.length;
        const target = path.target === 'secrets' ? { en: `read the Secrets of namespace ${path.namespace ?? ''}`, zh: `读取命名空间 ${path.namespace ?? ''} 的 Secret` } : { en: 'become cluster-admin', zh: '获得 cluster-admin 权限' };
        out.push({
          resource: grant.binding.resource,
          path: ['subjects', bound.index],
          subject: path.target === 'secrets' ? `escalation:secrets:${path.namespace ?? ''}` : 'escalation:cluster-admin',
          asset: subjectAsset(path.subject),
          message: {
            en: `${who.en} can ${target.en} in ${steps} steps: ${formatChain(e, path, 'en')}`,
            zh: `${who.zh} 可经 ${steps} 步${target.zh}：${formatChain(e, path, 'zh')}`,
          },
          evidence: formatChainWithActions(e, path, 'en'),
        });
      }
    }
    return out;
  },
};

const findings = new WeakMap<object, EscalationPath[]>();

/**
 * The escalation chains rbac.escalation-path reports for one graph: per source subject, the
 * shortest chain to cluster-admin, or else to each namespace's Secrets, when its own grants do
 * not reach that target in one move.
 */
export function escalationFindings(graph: Parameters<typeof escalationGraphOf>[0]): EscalationPath[] {
  const known = findings.get(graph);
  if (known) return known;
  const e = escalationGraphOf(graph);
  const out: EscalationPath[] = [];
  const namespaces = [...graph.namespaces].sort();
  for (const subject of e.sources) {
    if (e.isAdmin(subject)) continue;
    const from = e.identityNode(subject).id;
    const direct = e.directReach(from);
    const toAdmin = e.chain(from, 'cluster-admin');
    if (toAdmin) {
      if (!direct.has('cluster-admin')) out.push(path(subject, 'cluster-admin', toAdmin));
      continue;
    }
    for (const ns of namespaces) {
      const id = `secrets:${ns}`;
      if (direct.has(id)) continue;
      const steps = e.chain(from, id);
      if (steps) out.push({ ...path(subject, 'secrets', steps), namespace: ns });
    }
  }
  out.sort((a, b) => a.steps.length - b.steps.length);
  findings.set(graph, out);
  return out;
}

function path(subject: Subject, target: EscalationPath['target'], steps: EscalationPath['steps']): EscalationPath {
  return { subject, target, steps, multiHop: true };
}
