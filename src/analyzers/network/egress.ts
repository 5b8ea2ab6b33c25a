/**
 * What may leave the cluster from each workload, for the firewall team and the egress checks:
 * per egress rule that applies to the workload, the outside addresses it admits (its ipBlocks,
 * each minus its `except`; every address for a rule without `to`) and the ports. A workload whose
 * egress no policy isolates (and every hostNetwork workload) may send anywhere on any port.
 * Named ports in egress rules resolve against destination pods only, so they admit nothing
 * outside the cluster.
 */
import { IpSet, METADATA_ENDPOINTS, PUBLIC_INTERNET } from './ip.js';
import type { NetNamespace, NetPod, NetRule, NetworkModel } from './model.js';
import { EMPTY_PORTS, type Protocol } from './ports.js';

export interface EgressGrant {
  rule: NetRule;
  /** Outside addresses the rule admits. */
  addresses: IpSet;
  /** Port set id (model.ports). */
  ports: number;
  /** True for a rule without `to`: every destination, pods and addresses alike. */
  anyDestination: boolean;
}

export interface WorkloadEgress {
  pod: NetPod;
  /** No policy isolates its egress (or it is a hostNetwork pod): any address, any port. */
  unrestricted: boolean;
  grants: EgressGrant[];
}

export function workloadEgress(model: NetworkModel, pod: NetPod): WorkloadEgress {
  if (pod.egress.length === 0) return { pod, unrestricted: true, grants: [] };
  const grants: EgressGrant[] = [];
  for (const policy of pod.egress) {
    for (const rule of policy.egress) {
      const addresses = model.ipSet(rule);
      const ports = model.rulePorts(rule, undefined);
      if (addresses.isEmpty() || ports === EMPTY_PORTS) continue;
      grants.push({ rule, addresses, ports, anyDestination: !rule.peers });
    }
  }
  return { pod, unrestricted: false, grants };
}

/** Grants whose addresses reach the public internet, with the public part. */
export function internetGrants(egress: WorkloadEgress): { grant: EgressGrant; reach: IpSet }[] {
  return egress.grants.map((grant) => ({ grant, reach: grant.addresses.intersect(PUBLIC_INTERNET) })).filter((g) => !g.reach.isEmpty());
}

/** Grants that admit a cloud metadata endpoint over HTTP (TCP 80), with the endpoints. */
export function metadataGrants(model: NetworkModel, egress: WorkloadEgress): { grant: EgressGrant; endpoints: (typeof METADATA_ENDPOINTS)[number][] }[] {
  return egress.grants
    .map((grant) => ({ grant, endpoints: METADATA_ENDPOINTS.filter((m) => grant.addresses.covers(m.cidr)) }))
    .filter((g) => g.endpoints.length > 0 && model.ports.contains(g.grant.ports, 'TCP', 80));
}

/** One line of the firewall team's list: a destination some workloads of a namespace may reach. */
export interface EgressRow {
  namespace: string;
  workloads: string[];
  /** `0.0.0.0/0` and its except list as written, or `*` for any destination. */
  destination: string;
  except: string[];
  /** The destination addresses as CIDRs after `except`. */
  cidrs: string[];
  ports: string;
  protocols: Protocol[];
  /** `any` (every address), `public` (reaches the internet) or `private`. */
  scope: 'any' | 'public' | 'private';
  /** `payments/api-egress egress[1]`, or `(no egress policy)`. */
  grantedBy: string;
}

/**
 * Per namespace, every outside destination its workloads may reach: one row per rule (and per
 * ipBlock of it), with the workloads it applies to; one `*` row for the workloads no policy
 * isolates.
 */
export function egressTable(model: NetworkModel, namespaces: readonly NetNamespace[] = model.namespaceList()): EgressRow[] {
  const rows: EgressRow[] = [];
  for (const ns of namespaces) {
    const open = ns.pods.filter((p) => p.egress.length === 0).map((p) => p.label);
    if (open.length) {
      rows.push({ namespace: ns.name, workloads: open, destination: '*', except: [], cidrs: ['0.0.0.0/0', '::/0'], ports: 'all ports', protocols: ['TCP', 'UDP', 'SCTP'], scope: 'any', grantedBy: '(no egress policy)' });
    }
    const byRule = new Map<NetRule, { grant: EgressGrant; workloads: string[] }>();
    for (const pod of ns.pods) {
      for (const grant of workloadEgress(model, pod).grants) {
        const entry = byRule.get(grant.rule) ?? { grant, workloads: [] };
        entry.workloads.push(pod.label);
        byRule.set(grant.rule, entry);
      }
    }
    for (const { grant, workloads } of byRule.values()) {
      const set = model.ports.get(grant.ports);
      const protocols = (['TCP', 'UDP', 'SCTP'] as const).filter((p) => set[p].length > 0);
      const grantedBy = `${grant.rule.policy.id} ${grant.rule.direction}[${grant.rule.index}]`;
      const ports = model.ports.format(grant.ports);
      if (grant.anyDestination) {
        rows.push({ namespace: ns.name, workloads, destination: '*', except: [], cidrs: ['0.0.0.0/0', '::/0'], ports, protocols, scope: 'any', grantedBy });
        continue;
      }
      for (const peer of grant.rule.peers ?? []) {
        if (peer.kind !== 'ipBlock') continue;
        const scope = peer.addresses.coversFamily(peer.cidr.family) ? 'any' : peer.addresses.intersect(PUBLIC_INTERNET).isEmpty() ? 'private' : 'public';
        rows.push({ namespace: ns.name, workloads, destination: peer.cidr.text, except: peer.except.map((e) => e.text), cidrs: peer.addresses.toCidrs(), ports, protocols, scope, grantedBy });
      }
    }
  }
  return rows;
}
