/** Computes the network view of an inventory (the NetworkSummary of src/model/network.ts). */
import type { NamespaceNetwork, NetworkSummary, WorkloadNetwork } from '../../model/index.js';
import type { Inventory } from '../inventory.js';
import { namespaceIsolation } from './default-deny.js';
import { workloadEgress } from './egress.js';
import { reachability } from './engine.js';
import { exposuresOf } from './exposure.js';
import { meshModel, namespaceEncryption } from './mesh.js';
import { networkModel } from './model.js';
import { ALL_PORTS, EMPTY_PORTS } from './ports.js';

/** `reachability: false` asks for verdicts only, leaving out the reachability matrix (the expensive part) and its edges. */
export function networkSummary(inventory: Inventory, options: { maxEdges?: number; reachability?: boolean } = {}): NetworkSummary {
  const model = networkModel(inventory);
  const mesh = meshModel(model);
  const namespaces: NamespaceNetwork[] = model
    .namespaceList()
    .filter((ns) => ns.resource || ns.pods.length)
    .map((ns) => {
      const enc = namespaceEncryption(model, ns);
      return {
        name: ns.name,
        workloads: ns.pods.length,
        policies: ns.policies.length,
        ingress: namespaceIsolation(ns, 'ingress'),
        egress: namespaceIsolation(ns, 'egress'),
        encryption: { verdict: enc.verdict, encrypted: enc.encrypted, meshed: enc.meshed },
      };
    });
  const workloads: WorkloadNetwork[] = model.pods.map((pod) => {
    const egress = workloadEgress(model, pod);
    const enc = mesh.workloads[pod.index];
    const exposure = exposuresOf(model, pod);
    const w: WorkloadNetwork = {
      id: pod.id,
      label: pod.label,
      namespace: pod.namespace.name,
      kind: pod.kind,
      name: pod.name,
      hostNetwork: pod.hostNetwork,
      ports: pod.ports.map((p) => (p.name ? { port: p.port, protocol: p.protocol, name: p.name } : { port: p.port, protocol: p.protocol })),
      ingressIsolated: pod.ingress.length > 0,
      egressIsolated: pod.egress.length > 0,
      ingressPolicies: pod.ingress.map((p) => p.id),
      egressPolicies: pod.egress.map((p) => p.id),
      exposure: exposure.map((e) => {
        const item: WorkloadNetwork['exposure'][number] = {
          protocol: e.protocol,
          reachable: e.reachable,
          via: e.paths.map((p) => ({ kind: p.kind, object: `${p.resource.kind} ${p.resource.namespace ? `${p.resource.namespace}/` : ''}${p.resource.name}`, detail: p.detail })),
        };
        if (e.port !== undefined) item.port = e.port;
        return item;
      }),
      reachableFromOutside: exposure.some((e) => e.reachable),
      externalEgress: egress.unrestricted
        ? 'any'
        : egress.grants.map((g) => ({ rule: `${g.rule.policy.id} ${g.rule.direction}[${g.rule.index}]`, destinations: g.anyDestination ? ['*'] : g.addresses.toCidrs(), ports: model.ports.format(g.ports) })),
      encryption: { verdict: enc?.verdict ?? 'none', encrypted: enc?.encrypted ?? false, ports: (enc?.ports ?? []).map((p) => ({ port: p.port, verdict: p.verdict })) },
    };
    if (enc?.mesh) w.encryption.mesh = enc.mesh;
    if (enc?.decidedBy) w.encryption.decidedBy = enc.decidedBy.text;
    return w;
  });

  const maxEdges = options.maxEdges ?? 50_000;
  const edges: NetworkSummary['edges'] = [];
  let truncated = false;
  const { size, allowed } = options.reachability === false ? { size: 0, allowed: [] as ArrayLike<number> } : reachability(model);
  for (let from = 0; from < size && !truncated; from++) {
    const src = model.pods[from];
    for (let to = 0; to < size; to++) {
      const dst = model.pods[to];
      const ports = allowed[from * size + to] as number;
      if (ports === EMPTY_PORTS || !src || !dst) continue;
      if (src.egress.length === 0 && dst.ingress.length === 0 && ports === ALL_PORTS) continue;
      if (edges.length >= maxEdges) {
        truncated = true;
        break;
      }
      edges.push({ from: src.id, to: dst.id, ports: model.ports.format(ports) });
    }
  }
  const summary: NetworkSummary = {
    namespaces,
    workloads,
    edges,
    openIngress: model.pods.filter((p) => p.ingress.length === 0).map((p) => p.id),
    openEgress: model.pods.filter((p) => p.egress.length === 0).map((p) => p.id),
  };
  if (truncated) summary.edgesTruncated = true;
  return summary;
}
