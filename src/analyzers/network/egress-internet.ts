/**
 * network.egress-to-internet — egress rules that let a workload reach the internet.
 * Reads:   egress rules of the NetworkPolicies that isolate each workload's egress: `to`
 *          (ipBlock cidr and except), ports
 * Fails:   a rule admits public internet addresses: no `to` at all, or an ipBlock that, minus
 *          its except list, overlaps the public address space (everything but private, shared,
 *          loopback, link-local, documentation, multicast and reserved ranges).
 * Passes:  egress only to pods and to private ranges. Workloads whose egress no policy isolates
 *          are reported once, per namespace, by network.namespace-default-deny-egress.
 * Located at the first such rule (its ipBlock); the finding is about the workload.
 */
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { describePeer, portsText, ruleName } from './describe.js';
import { internetGrants, workloadEgress } from './egress.js';
import { networkModel } from './model.js';
import { workloadAsset } from './scope.js';

export const egressToInternet: InventoryCheck = {
  id: 'network.egress-to-internet',
  run(inventory, ctx) {
    const model = networkModel(inventory, ctx.inputError);
    const out: InventoryViolation[] = [];
    for (const pod of model.pods) {
      if (pod.egress.length === 0) continue;
      const grants = internetGrants(workloadEgress(model, pod));
      const first = grants[0];
      if (!first) continue;
      const rule = first.grant.rule;
      const block = rule.peers?.find((p) => p.kind === 'ipBlock' && !p.addresses.intersect(first.reach).isEmpty());
      const describe = (g: (typeof grants)[number]): { en: string; zh: string } => {
        const r = g.grant.rule;
        const blocks = (r.peers ?? []).filter((p) => p.kind === 'ipBlock' && !p.addresses.intersect(g.reach).isEmpty()).map((p) => describePeer(p, r.policy.namespace));
        const ports = portsText(model.ports.format(g.grant.ports));
        const where = g.grant.anyDestination ? { en: 'any destination', zh: '任意目的地' } : { en: blocks.map((b) => b.en).join(', '), zh: blocks.map((b) => b.zh).join('、') };
        return { en: `${where.en} on ${ports.en} (${ruleName(r)})`, zh: `${where.zh}，端口 ${ports.zh}（${ruleName(r)}）` };
      };
      const anyAddress = grants.some((g) => g.grant.addresses.coversFamily(4) || g.grant.addresses.coversFamily(6));
      const parts = grants.map(describe);
      out.push({
        resource: rule.policy.resource,
        path: block ? [...block.path, 'cidr'] : rule.path,
        asset: workloadAsset(pod),
        subject: 'egress:internet',
        message: {
          en: `${pod.label} may connect to ${anyAddress ? 'any address on the internet' : 'public internet addresses'}: ${parts.map((p) => p.en).join('; ')}`,
          zh: `${pod.label} 可连接${anyAddress ? '互联网上的任意地址' : '互联网公网地址'}：${parts.map((p) => p.zh).join('；')}`,
        },
        evidence: grants.map((g) => `${ruleName(g.grant.rule)}: ${g.grant.anyDestination ? 'to: any' : (g.grant.rule.peers ?? []).flatMap((p) => (p.kind === 'ipBlock' ? [p.cidr.text] : [])).join(', ')}`).join('; '),
      });
    }
    return out;
  },
};
