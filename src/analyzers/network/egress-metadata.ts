/**
 * network.egress-to-metadata — egress rules that let a workload reach a cloud metadata endpoint.
 * Reads:   egress rules of the NetworkPolicies that isolate each workload's egress: `to`
 *          (ipBlock cidr and except), ports
 * Fails:   a rule admits TCP port 80 to 169.254.169.254 (AWS, Azure, Google Cloud, Huawei Cloud,
 *          OpenStack), fd00:ec2::254 (AWS IPv6), 100.100.100.200 (Alibaba Cloud) or 169.254.0.23
 *          (Tencent Cloud): no `to`, or an ipBlock that holds the address after its except list.
 *          Whoever controls such a pod (or an SSRF in it) can read the node's cloud credentials.
 * Passes:  the address is in the except list, or the rule's ports leave out TCP 80. Workloads
 *          whose egress no policy isolates are reported once, per namespace, by
 *          network.namespace-default-deny-egress.
 * Located at the first such rule; the finding is about the workload.
 */
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { ruleName } from './describe.js';
import { metadataGrants, workloadEgress } from './egress.js';
import { networkModel } from './model.js';
import { workloadAsset } from './scope.js';

export const egressToMetadata: InventoryCheck = {
  id: 'network.egress-to-metadata',
  run(inventory, ctx) {
    const model = networkModel(inventory, ctx.inputError);
    const out: InventoryViolation[] = [];
    for (const pod of model.pods) {
      if (pod.egress.length === 0) continue;
      const grants = metadataGrants(model, workloadEgress(model, pod));
      const first = grants[0];
      if (!first) continue;
      const rule = first.grant.rule;
      const endpoints = [...new Set(grants.flatMap((g) => g.endpoints.map((e) => e.address)))];
      const block = rule.peers?.find((p) => p.kind === 'ipBlock' && first.endpoints.some((e) => p.addresses.covers(e.cidr)));
      const rules = grants.map((g) => ruleName(g.grant.rule)).join(', ');
      out.push({
        resource: rule.policy.resource,
        path: block ? [...block.path, 'cidr'] : rule.path,
        asset: workloadAsset(pod),
        subject: 'egress:metadata',
        message: {
          en: `${pod.label} may connect over HTTP to cloud metadata ${endpoints.length > 1 ? 'endpoints' : 'endpoint'} ${endpoints.join(', ')}, where the node's cloud credentials can be read: allowed by ${rules}; add ${endpoints.length > 1 ? 'them' : 'it'} to the ipBlock's except list`,
          zh: `${pod.label} 可通过 HTTP 访问云元数据地址 ${endpoints.join('、')}，从中可读取节点的云平台凭据：由 ${rules} 放行；应将其加入 ipBlock 的 except 列表`,
        },
        evidence: `${rules}: ${endpoints.join(', ')} TCP 80`,
      });
    }
    return out;
  },
};

