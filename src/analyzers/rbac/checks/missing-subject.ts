/**
 * rbac.missing-subject — a binding names a ServiceAccount that is not there.
 * Reads:   ServiceAccount subjects of every binding (and users named
 *          system:serviceaccount:<ns>:<name>), the ServiceAccount objects of their namespace, and
 *          the workloads that run as them
 * Fails:   the input holds ServiceAccounts of that namespace but not this one, and no workload
 *          read runs as it. The binding grants nothing today; whoever can create a
 *          ServiceAccount of that name in the namespace inherits the grant.
 * Passes:  `default` (every namespace has one); namespaces of which the input holds no
 *          ServiceAccount at all (their accounts are managed elsewhere, so absence proves
 *          nothing); ServiceAccounts a workload runs as (it must exist for the pod to start);
 *          users and groups, which no object records; Kubernetes' own component grants.
 */
import type { InventoryCheck, InventoryViolation } from '../../inventory.js';
import { rbacGraphsOf } from '../graph.js';
import { describeSubjectLocalized, isKubernetesComponentGrant, serviceAccount, serviceAccountOfUserName, subjectAsset } from '../subjects.js';

export const missingSubject: InventoryCheck = {
  id: 'rbac.missing-subject',
  run(inventory, ctx) {
    const out: InventoryViolation[] = [];
    for (const graph of rbacGraphsOf(inventory, ctx)) {
      for (const binding of graph.bindings) {
        for (const bound of binding.subjects) {
          const s = bound.subject;
          const sa = s.kind === 'ServiceAccount' ? { namespace: s.namespace ?? '', name: s.name } : s.kind === 'User' ? serviceAccountOfUserName(s.name) : undefined;
          if (!sa || sa.name === 'default' || isKubernetesComponentGrant(s, binding)) continue;
          const present = graph.serviceAccountObjects.get(sa.namespace);
          if (!present || present.size === 0 || present.has(sa.name)) continue;
          if ((graph.workloadsByServiceAccount.get(`${sa.namespace}/${sa.name}`) ?? []).length > 0) continue;
          const subject = serviceAccount(sa.namespace, sa.name, s.cluster);
          const who = describeSubjectLocalized(subject);
          const others = [...present.keys()].sort();
          const listed = others.length > 5 ? `${others.slice(0, 5).join(', ')}, …` : others.join(', ');
          const role = `${binding.roleRef.kind} ${binding.roleRef.name}`;
          out.push({
            resource: binding.resource,
            path: ['subjects', bound.index],
            subject: `missing-serviceaccount@${binding.kind}/${binding.namespace ?? ''}/${binding.name}`,
            asset: subjectAsset(subject),
            message: {
              en: `${who.en}, granted ${role}, is not among the ServiceAccounts read for namespace ${sa.namespace} (${listed}): if it does not exist, the grant waits for whoever creates a ServiceAccount of that name; if it is defined in files not scanned, scan them together`,
              zh: `${who.zh} 被授予 ${role}，但不在为命名空间 ${sa.namespace} 读取到的服务账号之中（${listed}）：若其并不存在，任何创建同名服务账号的人都将继承该授权；若其定义在未扫描的文件中，请一并扫描`,
            },
            evidence: `ServiceAccounts read in ${sa.namespace}: ${others.join(', ')}`,
          });
        }
      }
    }
    return out;
  },
};
