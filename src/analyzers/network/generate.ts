/**
 * Least-privilege NetworkPolicies for a list of flows (declared, or observed by a flow log):
 * a default deny of both directions in every namespace the input holds workloads in (system
 * namespaces excepted), then for each workload one ingress policy admitting exactly its listed
 * clients on their ports and one egress policy admitting exactly its listed destinations, plus,
 * unless turned off, DNS egress to kube-dns. Flows, not more: a rule is peers × ports, so sources
 * (destinations) are merged into one rule only when their port sets are identical.
 *
 * Workloads are selected by the fewest labels of their pod template that tell them apart from
 * the other workloads of their namespace (preferring app.kubernetes.io/name, app, k8s-app…),
 * with `DoesNotExist` expressions when another workload carries the same labels and more; two
 * workloads with identical labels cannot be told apart, which is reported.
 */
import type { Localized } from '../../model/index.js';
import { isRecord } from '../../model/index.js';
import type { LabelSelector } from '../label-selector.js';
import { parseCidr, type Cidr } from './ip.js';
import { NAME_LABEL, type NetPod, type NetworkModel } from './model.js';
import { isPortName } from './policy.js';
import { isProtocol, MAX_PORT, type Protocol } from './ports.js';

export interface Flow {
  from: string;
  to: string;
  port: number | string;
  protocol?: Protocol;
}

export interface FlowProblem {
  /** Index of the flow in the list, or undefined for the list itself. */
  index?: number;
  field?: string;
  message: string;
}

export interface GenerateOptions {
  /** Allow DNS (UDP and TCP 53) to kube-dns from every pod. Default true. */
  dns?: boolean;
}

export interface Generated {
  /** NetworkPolicy objects, ready to be written as YAML. */
  policies: Record<string, unknown>[];
  warnings: Localized[];
  namespaces: string[];
}

/** Namespaces a generated default deny would break the cluster in. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** Label keys that name an application, in the order they are preferred for selecting it. */
const PREFERRED_KEYS = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'component', 'tier'];
/** Label keys that change on every release: a selector on them breaks at the next rollout. */
const VOLATILE_KEYS = new Set(['app.kubernetes.io/version', 'version', 'pod-template-hash', 'controller-revision-hash', 'helm.sh/chart']);

type End = { kind: 'pod'; pod: NetPod } | { kind: 'address'; cidr: Cidr };

interface ResolvedFlow {
  from: End;
  to: End;
  port: number;
  protocol: Protocol;
}

/** Reads and checks the flows document: a JSON list, or an object with a `flows` list. */
export function parseFlows(model: NetworkModel, value: unknown): { flows: ResolvedFlow[]; problems: FlowProblem[] } {
  const problems: FlowProblem[] = [];
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.flows) ? value.flows : undefined;
  if (!list) return { flows: [], problems: [{ message: 'expected a JSON list of flows, each {"from", "to", "port", "protocol"}' }] };
  const flows: ResolvedFlow[] = [];
  list.forEach((raw: unknown, index) => {
    const problem = (field: string | undefined, message: string): void => {
      const p: FlowProblem = { index, message };
      if (field) p.field = field;
      problems.push(p);
    };
    if (!isRecord(raw)) return problem(undefined, 'expected an object {"from", "to", "port", "protocol"}');
    const from = endOf(model, raw.from, 'from', problem);
    const to = endOf(model, raw.to, 'to', problem);
    const protocol = raw.protocol ?? 'TCP';
    if (typeof protocol !== 'string' || !isProtocol(protocol.toUpperCase())) return problem('protocol', `expected TCP, UDP or SCTP (got ${JSON.stringify(raw.protocol)})`);
    const proto = protocol.toUpperCase() as Protocol;
    const port = raw.port;
    let resolvedPort: number | string;
    if (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= MAX_PORT) resolvedPort = port;
    else if (typeof port === 'string' && /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= MAX_PORT) resolvedPort = Number(port);
    else if (typeof port === 'string' && isPortName(port)) resolvedPort = port;
    else return problem('port', `expected a port number 1-${MAX_PORT} or a port name (got ${JSON.stringify(port)})`);
    if (!from || !to) return;
    if (from.kind === 'address' && to.kind === 'address') return problem(undefined, 'one end must be a workload: NetworkPolicy governs only traffic to or from pods');
    // A port name becomes the number it names on the destination: policies that say the
    // number are what a firewall review reads, and flows that give either agree.
    if (typeof resolvedPort === 'string') {
      if (to.kind !== 'pod') return problem('port', `port name "${resolvedPort}" needs a workload as destination`);
      const named = to.pod.ports.find((p) => p.name === resolvedPort && p.protocol === proto);
      if (!named) return problem('port', `${to.pod.label} declares no ${proto} container port named "${resolvedPort}"`);
      resolvedPort = named.port;
    }
    flows.push({ from, to, port: resolvedPort, protocol: proto });
  });
  return { flows, problems };
}

function endOf(model: NetworkModel, value: unknown, field: string, problem: (field: string, message: string) => void): End | undefined {
  if (typeof value !== 'string' || value === '') {
    problem(field, 'expected "namespace/workload" or an IP address or CIDR');
    return undefined;
  }
  if (/^[0-9.]+(\/\d+)?$/.test(value) || value.includes(':')) {
    const cidr = parseCidr(value);
    if (!cidr) problem(field, `"${value}" is not an IP address or CIDR`);
    return cidr ? { kind: 'address', cidr } : undefined;
  }
  const pods = model.findPods(value);
  if (pods.length === 1) return { kind: 'pod', pod: pods[0] as NetPod };
  if (pods.length > 1) problem(field, `"${value}" names several workloads (${pods.map((p) => p.id).join(', ')}): write namespace/Kind/name`);
  else problem(field, `no workload "${value}" in the input${knownIn(model, value)}`);
  return undefined;
}

function knownIn(model: NetworkModel, ref: string): string {
  const ns = model.namespaces.get(ref.split('/')[0] ?? '');
  if (!ns || ns.pods.length === 0) return '';
  const names = ns.pods.map((p) => p.name);
  return ` (namespace ${ns.name} holds: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})`;
}

export function generatePolicies(model: NetworkModel, flows: readonly ResolvedFlow[], options: GenerateOptions = {}): Generated {
  const warnings: Localized[] = [];
  const namespaces = new Set<string>();
  for (const ns of model.namespaceList()) if (ns.pods.length) namespaces.add(ns.name);
  for (const f of flows) for (const end of [f.from, f.to]) if (end.kind === 'pod') namespaces.add(end.pod.namespace.name);
  for (const system of SYSTEM_NAMESPACES) {
    if (namespaces.delete(system)) warnings.push({ en: `namespace ${system} left without a default deny: it runs the cluster's own components`, zh: `未对命名空间 ${system} 生成默认拒绝策略：其中运行着集群自身的组件` });
  }

  const selectors = new Map<NetPod, LabelSelector>();
  const selectorOf = (pod: NetPod): LabelSelector => {
    let s = selectors.get(pod);
    if (!s) {
      const { selector, twins } = uniqueSelector(pod);
      if (Object.keys(pod.labels).length === 0) warnings.push({ en: `${pod.label} has no pod labels: its policies select every pod of namespace ${pod.namespace.name}, including pods added later`, zh: `${pod.label} 没有 Pod 标签：其策略会选中命名空间 ${pod.namespace.name} 中的所有 Pod，包括日后新增的 Pod` });
      if (twins.length) warnings.push({ en: `${pod.label} has the same pod labels as ${twins.join(', ')}: their policies cannot tell them apart`, zh: `${pod.label} 的 Pod 标签与 ${twins.join('、')} 完全相同：策略无法区分它们` });
      s = selector;
      selectors.set(pod, s);
    }
    return s;
  };
  for (const f of flows) {
    for (const end of [f.from, f.to]) {
      if (end.kind === 'pod' && end.pod.hostNetwork) warnings.push({ en: `${end.pod.label} runs in the host network: NetworkPolicy does not govern its traffic`, zh: `${end.pod.label} 运行在宿主机网络中：NetworkPolicy 不管控其流量` });
    }
  }

  const policies: Record<string, unknown>[] = [];
  const sortedNamespaces = [...namespaces].sort();
  for (const ns of sortedNamespaces) {
    policies.push(policy(ns, 'default-deny', {}, ['Ingress', 'Egress'], {}));
    if (options.dns !== false) {
      policies.push(
        policy(ns, 'allow-dns', {}, ['Egress'], {
          egress: [
            {
              to: [{ namespaceSelector: { matchLabels: { [NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
              ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
            },
          ],
        }),
      );
    }
  }

  const peerOf = (end: End, own: string): Record<string, unknown> => {
    if (end.kind === 'address') return { ipBlock: { cidr: end.cidr.text } };
    const podSelector = selectorOf(end.pod);
    if (end.pod.namespace.name === own) return { podSelector };
    return { namespaceSelector: { matchLabels: { [NAME_LABEL]: end.pod.namespace.name } }, podSelector };
  };
  const keyOf = (end: End): string => (end.kind === 'pod' ? `pod:${end.pod.id}` : `ip:${end.cidr.text}`);

  const byName = new Map<string, number>();
  for (const pod of model.pods) byName.set(`${pod.namespace.name}/${pod.name}`, (byName.get(`${pod.namespace.name}/${pod.name}`) ?? 0) + 1);
  const suffix = (pod: NetPod): string => ((byName.get(`${pod.namespace.name}/${pod.name}`) ?? 0) > 1 ? `${pod.kind.toLowerCase()}-${pod.name}` : pod.name);

  for (const direction of ['ingress', 'egress'] as const) {
    // Per workload, per peer, the ports listed.
    const byPod = new Map<NetPod, Map<string, { peer: End; ports: Map<string, { protocol: Protocol; port: number }> }>>();
    for (const f of flows) {
      const self = direction === 'ingress' ? f.to : f.from;
      const other = direction === 'ingress' ? f.from : f.to;
      if (self.kind !== 'pod') continue;
      const peers = byPod.get(self.pod) ?? new Map();
      byPod.set(self.pod, peers);
      const entry = peers.get(keyOf(other)) ?? { peer: other, ports: new Map() };
      peers.set(keyOf(other), entry);
      entry.ports.set(`${f.protocol}/${f.port}`, { protocol: f.protocol, port: f.port });
    }
    const pods = [...byPod.keys()].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const pod of pods) {
      const peers = byPod.get(pod) as Map<string, { peer: End; ports: Map<string, { protocol: Protocol; port: number }> }>;
      // Peers with identical port lists share a rule.
      const rules = new Map<string, { peers: End[]; ports: { protocol: Protocol; port: number }[] }>();
      for (const key of [...peers.keys()].sort()) {
        const entry = peers.get(key) as { peer: End; ports: Map<string, { protocol: Protocol; port: number }> };
        const ports = [...entry.ports.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
        const portKey = ports.map((p) => `${p.protocol}/${p.port}`).join(',');
        const rule = rules.get(portKey) ?? { peers: [], ports };
        rule.peers.push(entry.peer);
        rules.set(portKey, rule);
      }
      const ns = pod.namespace.name;
      const peersKey = direction === 'ingress' ? 'from' : 'to';
      policies.push(
        policy(ns, `allow-${direction}-${suffix(pod)}`, selectorOf(pod), [direction === 'ingress' ? 'Ingress' : 'Egress'], {
          [direction]: [...rules.values()].map((r) => ({ [peersKey]: r.peers.map((p) => peerOf(p, ns)), ports: r.ports.map((p) => ({ protocol: p.protocol, port: p.port })) })),
        }),
      );
    }
  }
  return { policies, warnings, namespaces: sortedNamespaces };
}

function policy(namespace: string, name: string, podSelector: LabelSelector, policyTypes: string[], rules: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'rampart' } },
    spec: { podSelector, policyTypes, ...rules },
  };
}

/** The fewest stable labels that select the pod and no other workload of its namespace. */
function uniqueSelector(pod: NetPod): { selector: LabelSelector; twins: string[] } {
  const others = pod.namespace.pods.filter((p) => p !== pod);
  const keys = [
    ...PREFERRED_KEYS.filter((k) => pod.labels[k] !== undefined),
    ...Object.keys(pod.labels).filter((k) => !PREFERRED_KEYS.includes(k) && !VOLATILE_KEYS.has(k)).sort(),
    ...Object.keys(pod.labels).filter((k) => VOLATILE_KEYS.has(k)).sort(),
  ];
  const matchLabels: Record<string, string> = {};
  let rest = others;
  for (const key of keys) {
    // At least one label even when the pod is alone, or its policy would also select pods added later.
    if (rest.length === 0 && Object.keys(matchLabels).length > 0) break;
    const value = pod.labels[key] as string;
    const narrowed = rest.filter((o) => o.labels[key] === value);
    // Take a key when it rules something out, or when nothing has been chosen yet.
    if (narrowed.length < rest.length || Object.keys(matchLabels).length === 0) {
      matchLabels[key] = value;
      rest = narrowed;
    }
  }
  // What is left agrees with every label of the pod, so carries more labels, or exactly the same:
  // rule each out by a label the pod lacks.
  const expressions: { key: string; operator: 'DoesNotExist' }[] = [];
  const twins: string[] = [];
  for (const other of rest) {
    if (expressions.some((e) => other.labels[e.key] !== undefined)) continue;
    const extra = Object.keys(other.labels).filter((k) => pod.labels[k] === undefined).sort()[0];
    if (extra === undefined) twins.push(other.label);
    else expressions.push({ key: extra, operator: 'DoesNotExist' });
  }
  const selector: LabelSelector = {};
  if (Object.keys(matchLabels).length) selector.matchLabels = matchLabels;
  if (expressions.length) selector.matchExpressions = expressions;
  return { selector, twins };
}
