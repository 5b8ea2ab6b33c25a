/**
 * NetworkPolicy evaluation. A connection from a pod to a pod is allowed when both ends allow it:
 * the source's egress and the destination's ingress, each decided on its own. A pod that no
 * policy of a direction selects is not isolated in that direction and allows everything; an
 * isolated pod allows exactly the union of the rules of the policies that select it. A rule
 * matches when one of its peers selects the other end and one of its ports covers the
 * connection's protocol and port (named ports resolved against the destination pod).
 *
 * `decide` answers one question and explains it (which policies isolate, which rules allow, which
 * came close); `reachability` computes every workload pair at once with interned port sets.
 * Tests hold the two to the same answers.
 */
import { matchesSelector } from '../label-selector.js';
import { IpSet, type Cidr } from './ip.js';
import { NAME_LABEL, type NetPod, type NetPolicy, type NetRule, type NetworkModel } from './model.js';
import type { Direction } from './policy.js';
import { ALL_PORTS, EMPTY_PORTS, MAX_PORT, type Protocol } from './ports.js';

export type Endpoint = { kind: 'pod'; pod: NetPod } | { kind: 'address'; cidr: Cidr };

export type Verdict = 'allowed' | 'denied' | 'partial';

export interface SideDecision {
  direction: Direction;
  /** The pod whose policies decide this side. */
  pod: NetPod;
  /** False for hostNetwork pods: NetworkPolicy does not govern them. */
  governed: boolean;
  isolated: boolean;
  /** Policies that select the pod and isolate it in this direction. */
  policies: NetPolicy[];
  /** Rules whose peers and ports both match. */
  allowedBy: NetRule[];
  /** Rules of those policies that match the peer but not the port, or the port but not the peer. */
  nearMisses: { rule: NetRule; missing: 'peer' | 'port' }[];
  /** For an address peer: the part of its range this side admits. */
  admitted?: IpSet;
  verdict: Verdict;
}

export type DecisionNote = 'same-workload' | 'host-network-source' | 'host-network-destination' | 'named-port';

export interface Decision {
  verdict: Verdict;
  from: Endpoint;
  to: Endpoint;
  protocol: Protocol;
  port: number;
  /** The port name the question used, when it named one. */
  portName?: string;
  /** The source's egress (absent when the source is an address outside the cluster). */
  egress?: SideDecision;
  /** The destination's ingress (absent when the destination is an address). */
  ingress?: SideDecision;
  notes: DecisionNote[];
}

export class QueryError extends Error {}

/**
 * Whether `from` may open a connection to `to` on protocol/port, and why. A port name resolves
 * against the destination pod's container ports.
 */
export function decide(model: NetworkModel, from: Endpoint, to: Endpoint, port: number | string, protocol?: Protocol): Decision {
  if (from.kind === 'address' && to.kind === 'address') throw new QueryError('at least one end must be a workload: NetworkPolicy governs only connections to or from pods');
  let portName: string | undefined;
  let number: number;
  let proto: Protocol = protocol ?? 'TCP';
  if (typeof port === 'string') {
    if (to.kind !== 'pod') throw new QueryError(`port name "${port}" needs a workload as destination, to resolve it against its container ports`);
    const named = to.pod.ports.filter((p) => p.name === port && (!protocol || p.protocol === protocol));
    const first = named[0];
    if (!first) throw new QueryError(`${to.pod.label} declares no container port named "${port}"${protocol ? ` for ${protocol}` : ''}`);
    portName = port;
    number = first.port;
    proto = first.protocol;
  } else {
    if (!Number.isInteger(port) || port < 1 || port > MAX_PORT) throw new QueryError(`port must be 1-${MAX_PORT} (got ${port})`);
    number = port;
  }
  const destination = to.kind === 'pod' ? to.pod : undefined;
  const decision: Decision = { verdict: 'allowed', from, to, protocol: proto, port: number, notes: [] };
  if (portName !== undefined) {
    decision.portName = portName;
    decision.notes.push('named-port');
  }
  if (from.kind === 'pod') decision.egress = side(model, 'egress', from.pod, to, destination, proto, number);
  if (to.kind === 'pod') decision.ingress = side(model, 'ingress', to.pod, from, destination, proto, number);
  if (from.kind === 'pod' && to.kind === 'pod' && from.pod === to.pod) decision.notes.push('same-workload');
  if (from.kind === 'pod' && from.pod.hostNetwork) decision.notes.push('host-network-source');
  if (to.kind === 'pod' && to.pod.hostNetwork) decision.notes.push('host-network-destination');
  const verdicts = [decision.egress?.verdict, decision.ingress?.verdict].filter((v): v is Verdict => v !== undefined);
  decision.verdict = verdicts.includes('denied') ? 'denied' : verdicts.includes('partial') ? 'partial' : 'allowed';
  return decision;
}

function side(model: NetworkModel, direction: Direction, pod: NetPod, peer: Endpoint, destination: NetPod | undefined, protocol: Protocol, port: number): SideDecision {
  const policies = direction === 'ingress' ? pod.ingress : pod.egress;
  const out: SideDecision = {
    direction,
    pod,
    governed: !pod.hostNetwork,
    isolated: policies.length > 0,
    policies,
    allowedBy: [],
    nearMisses: [],
    verdict: 'allowed',
  };
  if (peer.kind === 'address') out.admitted = policies.length === 0 ? IpSet.of([peer.cidr]) : IpSet.EMPTY;
  if (policies.length === 0) return out;
  const range = peer.kind === 'address' ? IpSet.of([peer.cidr]) : undefined;
  for (const policy of policies) {
    for (const rule of policy[direction]) {
      const portOk = model.ports.contains(model.rulePorts(rule, destination), protocol, port);
      let peerOk: boolean;
      if (peer.kind === 'pod') peerOk = model.peerSelects(rule, peer.pod);
      else {
        const hit = model.ipSet(rule).intersect(range as IpSet);
        peerOk = !hit.isEmpty();
        if (peerOk && portOk) out.admitted = (out.admitted as IpSet).union(hit);
      }
      if (peerOk && portOk) out.allowedBy.push(rule);
      else if (peerOk || portOk) out.nearMisses.push({ rule, missing: peerOk ? 'port' : 'peer' });
    }
  }
  if (peer.kind === 'pod') out.verdict = out.allowedBy.length > 0 ? 'allowed' : 'denied';
  else {
    const admitted = out.admitted as IpSet;
    out.verdict = admitted.covers(peer.cidr) ? 'allowed' : admitted.isEmpty() ? 'denied' : 'partial';
  }
  return out;
}

/** Whether a pod may connect to a pod on the port: `decide` without the explanation. */
export function connectionAllowed(model: NetworkModel, from: NetPod, to: NetPod, protocol: Protocol, port: number): boolean {
  const allows = (policies: readonly NetPolicy[], direction: Direction, peer: NetPod): boolean =>
    policies.length === 0 ||
    policies.some((policy) => policy[direction].some((rule) => model.peerSelects(rule, peer) && model.ports.contains(model.rulePorts(rule, to), protocol, port)));
  return allows(from.egress, 'egress', to) && allows(to.ingress, 'ingress', from);
}

/** Every workload pair at once: `allowed[from * size + to]` is the id of the port set allowed. */
export interface Reachability {
  size: number;
  allowed: Int32Array;
}

const matrices = new WeakMap<NetworkModel, Reachability>();

/**
 * The reachability matrix of the model's workloads: for each ordered pair, the ports on which
 * the source's egress and the destination's ingress both allow a connection. Built once per
 * model, in time proportional to the pairs the rules name rather than to rules times pairs.
 */
export function reachability(model: NetworkModel): Reachability {
  const known = matrices.get(model);
  if (known) return known;
  const n = model.pods.length;
  const sets = model.ports;
  // ingress[to * n + from] and egress[from * n + to], combined below into egress's memory.
  const ingress = new Int32Array(n * n);
  const egress = new Int32Array(n * n);
  for (const pod of model.pods) {
    const row = pod.index * n;
    if (pod.ingress.length === 0) ingress.fill(ALL_PORTS, row, row + n);
    else {
      for (const policy of pod.ingress) {
        for (const rule of policy.ingress) {
          const ports = model.rulePorts(rule, pod);
          if (ports === EMPTY_PORTS) continue;
          const peers = model.peerPods(rule);
          if (!peers) for (let i = 0; i < n; i++) ingress[row + i] = sets.union(ingress[row + i] as number, ports);
          else for (const i of peers) ingress[row + i] = sets.union(ingress[row + i] as number, ports);
        }
      }
    }
    if (pod.egress.length === 0) egress.fill(ALL_PORTS, row, row + n);
    else {
      for (const policy of pod.egress) {
        for (const rule of policy.egress) {
          const named = rule.ports?.some((p) => typeof p.port === 'string') ?? false;
          const fixed = named ? EMPTY_PORTS : model.rulePorts(rule, undefined);
          if (!named && fixed === EMPTY_PORTS) continue;
          const peers = model.peerPods(rule);
          const add = (i: number): void => {
            const ports = named ? model.rulePorts(rule, model.pods[i]) : fixed;
            if (ports !== EMPTY_PORTS) egress[row + i] = sets.union(egress[row + i] as number, ports);
          };
          if (!peers) for (let i = 0; i < n; i++) add(i);
          else for (const i of peers) add(i);
        }
      }
    }
  }
  for (let from = 0; from < n; from++) {
    const row = from * n;
    for (let to = 0; to < n; to++) {
      const e = egress[row + to] as number;
      if (e !== EMPTY_PORTS) egress[row + to] = sets.intersect(e, ingress[to * n + from] as number);
    }
  }
  const result: Reachability = { size: n, allowed: egress };
  matrices.set(model, result);
  return result;
}

/** Labels of a namespace no input mentions: only its automatic name label, with a name no selector lists. */
const UNLISTED_NAMESPACE = { [NAME_LABEL]: '\u0000unlisted' };

/** Whether the rule admits a pod without labels from a namespace the input does not hold. */
export function admitsAnyNamespace(rule: NetRule): boolean {
  if (!rule.peers) return true;
  return rule.peers.some((p) => p.kind === 'pods' && p.namespaceSelector !== undefined && matchesSelector(p.namespaceSelector, UNLISTED_NAMESPACE) && (!p.podSelector || matchesSelector(p.podSelector, {})));
}

/**
 * Ingress rules of the pod that admit pods of every namespace, including namespaces created
 * later, with the ports they admit; undefined when the pod's ingress is not isolated.
 */
export function everyNamespaceRules(model: NetworkModel, pod: NetPod): { rule: NetRule; ports: number }[] | undefined {
  if (pod.ingress.length === 0) return undefined;
  const out: { rule: NetRule; ports: number }[] = [];
  for (const policy of pod.ingress) {
    for (const rule of policy.ingress) {
      if (!admitsAnyNamespace(rule)) continue;
      const ports = model.rulePorts(rule, pod);
      if (ports !== EMPTY_PORTS) out.push({ rule, ports });
    }
  }
  return out;
}

/** Whether the pod's ingress admits some address outside the cluster on the port. */
export function admitsExternal(model: NetworkModel, pod: NetPod, protocol: Protocol, port: number): boolean {
  if (pod.ingress.length === 0) return true;
  return pod.ingress.some((policy) =>
    policy.ingress.some((rule) => !model.ipSet(rule).isEmpty() && model.ports.contains(model.rulePorts(rule, pod), protocol, port)),
  );
}

/**
 * Whether the pod's ingress admits some source outside its own namespace on the port: an address,
 * or pods of another namespace (one the input holds, or one a selector names that it does not).
 */
export function admitsOtherNamespaces(model: NetworkModel, pod: NetPod, protocol: Protocol, port: number): boolean {
  if (pod.ingress.length === 0) return true;
  const own = pod.namespace;
  return pod.ingress.some((policy) =>
    policy.ingress.some((rule) => {
      if (!model.ports.contains(model.rulePorts(rule, pod), protocol, port)) return false;
      if (!rule.peers || !model.ipSet(rule).isEmpty() || admitsAnyNamespace(rule)) return true;
      // A namespace selector that leaves out the own namespace names others, in the input or not
      // (ingress controllers often run in a namespace the manifests do not hold).
      return rule.peers.some((p) => {
        if (p.kind !== 'pods' || p.namespaceSelector === undefined) return false;
        const matched = model.namespacesMatching(p.namespaceSelector, own);
        return matched.some((ns) => ns !== own) || !matched.includes(own);
      });
    }),
  );
}
