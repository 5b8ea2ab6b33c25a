/**
 * network.policy-selects-nothing — NetworkPolicies whose podSelector matches no workload.
 * Reads:   spec.podSelector of each NetworkPolicy; pod template labels of the workloads of its
 *          namespace
 * Fails:   the policy's namespace holds workloads in the input and none matches: a typo in a
 *          label, or a policy left behind. It protects nothing, and an auditor reading it
 *          believes something is protected.
 * Passes:  `podSelector: {}` (every pod, present and future); selectors matching a workload;
 *          policies in namespaces whose workloads the input does not hold (they may be deployed
 *          from elsewhere).
 */
import { formatSelector } from '../label-selector.js';
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { networkModel } from './model.js';

export const policySelectsNothing: InventoryCheck = {
  id: 'network.policy-selects-nothing',
  run(inventory, ctx) {
    const model = networkModel(inventory, ctx.inputError);
    const out: InventoryViolation[] = [];
    for (const policy of model.policies) {
      const ns = model.namespaces.get(policy.namespace);
      if (!ns || ns.pods.length === 0 || policy.selectsAll || policy.selected.length > 0) continue;
      const selector = formatSelector(policy.podSelector);
      out.push({
        resource: policy.resource,
        path: ['spec', 'podSelector'],
        subject: 'spec.podSelector',
        message: {
          en: `NetworkPolicy ${policy.id} selects none of the ${ns.pods.length} workload(s) of namespace ${ns.name} (podSelector ${selector}): it isolates and allows nothing`,
          zh: `NetworkPolicy ${policy.id} 未选中命名空间 ${ns.name} 中 ${ns.pods.length} 个工作负载中的任何一个（podSelector ${selector}）：它既不隔离也不放行任何流量`,
        },
        evidence: `podSelector: ${selector}`,
      });
    }
    return out;
  },
};
