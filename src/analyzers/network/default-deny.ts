/**
 * network.namespace-default-deny-ingress / network.namespace-default-deny-egress — CIS 5.3.2.
 * Reads:   NetworkPolicies of each namespace the input declares or holds workloads in:
 *          spec.podSelector, spec.policyTypes (defaulted), spec.ingress / spec.egress
 * Passes:  a policy selecting every pod (`podSelector: {}`) isolates the direction, so every pod,
 *          present and future, receives (sends) only what some rule allows, and no such all-pods
 *          policy has a rule admitting everything (`- {}`), which would undo the deny.
 * Fails:   no NetworkPolicy at all; policies that select only some pods (the message names the
 *          workloads left open); an all-pods policy whose rule admits all traffic.
 * Workloads left open by these findings are not reported again by network.reachable-from-all-
 * namespaces, network.egress-to-internet or network.egress-to-metadata, which report what
 * policy rules grant.
 */
import type { Localized } from '../../model/index.js';
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { describeRule, ruleName } from './describe.js';
import { networkModel, type NetNamespace } from './model.js';
import type { Direction } from './policy.js';
import { listSome, namespacesInScope } from './scope.js';

import type { Isolation } from '../../model/index.js';
export type { Isolation };

/**
 * How a namespace isolates a direction: `default-deny` when an all-pods policy isolates it and no
 * all-pods rule admits everything; `partial` when only some workloads are isolated; `none`.
 */
export function namespaceIsolation(ns: NetNamespace, direction: Direction): Isolation {
  const allPods = ns.policies.filter((p) => p.selectsAll && p.types[direction]);
  if (allPods.length > 0 && !allPods.some((p) => p[direction].some((r) => !r.peers && !r.ports))) return 'default-deny';
  return ns.pods.some((p) => p[direction].length > 0) ? 'partial' : 'none';
}

function defaultDenyCheck(direction: Direction): InventoryCheck {
  return {
    id: `network.namespace-default-deny-${direction}`,
    run(inventory, ctx) {
      const model = networkModel(inventory, ctx.inputError);
      const out: InventoryViolation[] = [];
      const subject = `networkpolicy:default-deny-${direction}`;
      const open: Localized =
        direction === 'ingress'
          ? { en: 'accept connections from any pod of any namespace and from any address', zh: '接受任意命名空间的任意 Pod 及任意地址的连接' }
          : { en: 'may connect to any pod and any address, including the internet and cloud metadata endpoints such as 169.254.169.254', zh: '可连接任意 Pod 和任意地址，包括互联网及 169.254.169.254 等云元数据地址' };
      const later: Localized =
        direction === 'ingress'
          ? { en: 'will accept connections from any pod of any namespace and from any address', zh: '将接受任意命名空间的任意 Pod 及任意地址的连接' }
          : { en: 'will be able to connect to any pod and any address', zh: '将可连接任意 Pod 和任意地址' };
      const dirZh = direction === 'ingress' ? '入站' : '出站';
      for (const { ns, resource, path, asset } of namespacesInScope(model.namespaceList())) {
        const allPods = ns.policies.filter((p) => p.selectsAll && p.types[direction]);
        const undo = allPods.flatMap((p) => p[direction]).find((r) => !r.peers && !r.ports);
        if (allPods.length > 0 && !undo) continue;
        const pods = ns.pods.length;
        const unisolated = ns.pods.filter((p) => p[direction].length === 0).map((p) => p.label);
        const typed = ns.policies.filter((p) => p.types[direction]);
        if (undo) {
          out.push({
            resource: undo.policy.resource,
            path: undo.path,
            asset,
            subject,
            message: {
              en: `namespace ${ns.name}: ${undo.policy.id} selects every pod for ${direction}, but its rule ${direction}[${undo.index}] admits all traffic (${describeRule(undo).en}), which undoes the default deny`,
              zh: `命名空间 ${ns.name}：${undo.policy.id} 选中了全部 Pod 的${dirZh}流量，但其规则 ${direction}[${undo.index}] 放行全部流量（${describeRule(undo).zh}），使默认拒绝失效`,
            },
            evidence: `${ruleName(undo)}: {}`,
          });
          continue;
        }
        let message: Localized;
        if (ns.policies.length === 0 && pods === 0) {
          message = {
            en: `namespace ${ns.name} has no NetworkPolicy: a workload deployed there ${later.en}`,
            zh: `命名空间 ${ns.name} 没有任何 NetworkPolicy：部署到其中的工作负载${later.zh}`,
          };
        } else if (ns.policies.length === 0) {
          message = {
            en: `namespace ${ns.name} has no NetworkPolicy: its ${pods} workload(s) ${open.en}`,
            zh: `命名空间 ${ns.name} 没有任何 NetworkPolicy：其中 ${pods} 个工作负载${open.zh}`,
          };
        } else if (unisolated.length > 0) {
          const names = listSome(unisolated);
          message = {
            en: `no NetworkPolicy of namespace ${ns.name} selects every pod for ${direction}: ${unisolated.length} of ${pods} workload(s) (${names.en}) ${open.en}, and so will every workload added later`,
            zh: `命名空间 ${ns.name} 中没有选中全部 Pod 的${dirZh} NetworkPolicy：${pods} 个工作负载中有 ${unisolated.length} 个（${names.zh}）${open.zh}，此后新增的工作负载同样如此`,
          };
        } else {
          message = {
            en: `no NetworkPolicy of namespace ${ns.name} selects every pod for ${direction}: the ${pods} current workload(s) are each selected by a policy, but a workload added later ${later.en}`,
            zh: `命名空间 ${ns.name} 中没有选中全部 Pod 的${dirZh} NetworkPolicy：当前 ${pods} 个工作负载均已被策略选中，但此后新增的工作负载${later.zh}`,
          };
        }
        out.push({
          resource,
          path,
          asset,
          subject,
          message,
          evidence: typed.length ? `${direction} policies: ${typed.map((p) => p.name).join(', ')}` : `no NetworkPolicy with ${direction === 'ingress' ? 'Ingress' : 'Egress'} in policyTypes`,
        });
      }
      return out;
    },
  };
}

export const namespaceDefaultDenyIngress = defaultDenyCheck('ingress');
export const namespaceDefaultDenyEgress = defaultDenyCheck('egress');
