/**
 * network.reachable-from-all-namespaces — a workload whose ingress policies admit every namespace.
 * Reads:   ingress rules of the NetworkPolicies that isolate each workload's ingress: `from`
 *          peers (namespaceSelector, podSelector), ports
 * Fails:   a rule admits a pod without labels from a namespace the input does not hold (so: any
 *          namespace, including ones created later) on some port: no `from`, a namespaceSelector
 *          `{}` or one that only excludes (NotIn, DoesNotExist) with no podSelector or `{}`.
 * Passes:  rules that name the namespaces or the pods they admit. Workloads whose ingress no
 *          policy isolates are reported once, per namespace, by network.namespace-default-deny-ingress.
 * Located at the first such rule; the finding is about the workload.
 */
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { describeRule, portsText, ruleName } from './describe.js';
import { everyNamespaceRules } from './engine.js';
import { networkModel } from './model.js';
import { ALL_PORTS, EMPTY_PORTS } from './ports.js';
import { workloadAsset } from './scope.js';

export const reachableFromAllNamespaces: InventoryCheck = {
  id: 'network.reachable-from-all-namespaces',
  run(inventory, ctx) {
    const model = networkModel(inventory, ctx.inputError);
    const out: InventoryViolation[] = [];
    for (const pod of model.pods) {
      const rules = everyNamespaceRules(model, pod);
      const first = rules?.[0];
      if (!rules || !first) continue;
      const ports = portsText(model.ports.format(rules.reduce((acc, r) => model.ports.union(acc, r.ports), EMPTY_PORTS)));
      const anySource = rules.some((r) => !r.rule.peers);
      const allPorts = rules.some((r) => r.ports === ALL_PORTS);
      const others = rules.length > 1 ? { en: ` and ${rules.length - 1} more rule(s)`, zh: `及另外 ${rules.length - 1} 条规则` } : { en: '', zh: '' };
      out.push({
        resource: first.rule.policy.resource,
        path: first.rule.path,
        asset: workloadAsset(pod),
        subject: 'ingress:all-namespaces',
        message: {
          en: `${pod.label} accepts connections from ${anySource ? 'any source, inside or outside the cluster' : 'pods of every namespace, including namespaces created later'}, on ${allPorts ? 'any port' : ports.en}: ${ruleName(first.rule)} (${describeRule(first.rule).en})${others.en}`,
          zh: `${pod.label} 接受${anySource ? '集群内外任意来源' : '所有命名空间（包括日后新建的命名空间）中 Pod'}的连接，端口：${allPorts ? '任意端口' : ports.zh}；依据 ${ruleName(first.rule)}（${describeRule(first.rule).zh}）${others.zh}`,
        },
        evidence: rules.map((r) => ruleName(r.rule)).join(', '),
      });
    }
    return out;
  },
};
