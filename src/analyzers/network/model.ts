/**
 * The network model of an inventory, built once and shared by every network check and by
 * `rampart netpol`: namespaces (with the automatic `kubernetes.io/metadata.name` label), the pod
 * template of every workload as a network endpoint, and every NetworkPolicy bound to the pods it
 * selects. Rule peers and ports are resolved lazily and memoised, because a scan may ask about a
 * handful of rules while the reachability matrix asks about all of them.
 */
import { isRecord, type KubeResource, type ObjectPath } from '../../model/index.js';
import type { Inventory } from '../inventory.js';
import { matchesSelector, selectsEverything, type LabelSelector, type Labels } from '../label-selector.js';
import type { PodView } from '../workload/pod-spec.js';
import { IpSet } from './ip.js';
import { DEFAULT_NAMESPACE, parseNetworkPolicy, type ParsedPolicy, type ParsedRule } from './policy.js';
import { ALL_PORTS, EMPTY_PORTS, isProtocol, MAX_PORT, PortSets, type Protocol } from './ports.js';
import { parseService, type ServiceView } from './services.js';
import { parsePeerAuthentication, type PeerAuthenticationView } from './mesh.js';

export const NAME_LABEL = 'kubernetes.io/metadata.name';

export interface NetNamespace {
  name: string;
  /** Labels of the Namespace object plus the automatic kubernetes.io/metadata.name. */
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
  /** The Namespace object, when the input holds it. */
  resource?: KubeResource;
  pods: NetPod[];
  policies: NetPolicy[];
}

export interface ContainerPortView {
  container: string;
  port: number;
  protocol: Protocol;
  name?: string;
  hostPort?: number;
  path: ObjectPath;
}

/** A workload's pod template as a network endpoint: every replica it runs behaves alike. */
export interface NetPod {
  index: number;
  /** `namespace/Kind/name`: unique. */
  id: string;
  /** `namespace/name`, or `namespace/Kind/name` when two workloads of the namespace share a name. */
  label: string;
  namespace: NetNamespace;
  kind: string;
  name: string;
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
  ports: ContainerPortView[];
  hostNetwork: boolean;
  view: PodView;
  /** Policies that select the pod and isolate its ingress / egress (none for hostNetwork pods). */
  ingress: NetPolicy[];
  egress: NetPolicy[];
}

export interface NetRule extends ParsedRule {
  /** Index across the model, for memo tables. */
  id: number;
  policy: NetPolicy;
}

export interface NetPolicy extends Omit<ParsedPolicy, 'ingress' | 'egress'> {
  /** `namespace/name`. */
  id: string;
  selectsAll: boolean;
  ingress: NetRule[];
  egress: NetRule[];
  /** Pods of its namespace its podSelector selects (hostNetwork pods included; policies do not apply to them). */
  selected: NetPod[];
}

export interface ModelError {
  resource: KubeResource;
  path: ObjectPath;
  message: string;
}

export type ErrorSink = (resource: KubeResource, path: ObjectPath, message: string) => void;

export class NetworkModel {
  readonly namespaces = new Map<string, NetNamespace>();
  readonly pods: NetPod[] = [];
  readonly policies: NetPolicy[] = [];
  readonly rules: NetRule[] = [];
  readonly services: ServiceView[] = [];
  /** Oldest first (creationTimestamp, then name): Istio applies the oldest of competing policies. */
  readonly peerAuthentications: PeerAuthenticationView[] = [];
  readonly ports = new PortSets();
  readonly errors: ModelError[] = [];
  /** Input errors are passed on once, to the first caller that can report them. */
  errorsReported = false;

  private readonly peerLists = new Map<number, Int32Array>();
  private readonly peerBitsets = new Map<number, Uint32Array>();
  private readonly ipSets = new Map<number, IpSet>();
  private readonly portMemo = new Map<number, number>();
  private readonly namespaceMatches = new Map<string, NetNamespace[]>();
  private readonly podMatches = new Map<string, Int32Array>();

  constructor(readonly inventory: Inventory) {}

  /** Namespaces in name order. */
  namespaceList(): NetNamespace[] {
    return [...this.namespaces.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Pods that `ns/name` or `ns/Kind/name` names (case-sensitive, as Kubernetes names are); more
   * than one when several kinds share the name.
   */
  findPods(ref: string): NetPod[] {
    const parts = ref.split('/');
    if (parts.length === 2) return this.pods.filter((p) => p.namespace.name === parts[0] && p.name === parts[1]);
    if (parts.length === 3) return this.pods.filter((p) => p.namespace.name === parts[0] && p.kind.toLowerCase() === parts[1]?.toLowerCase() && p.name === parts[2]);
    return [];
  }

  /** Namespaces whose labels the selector matches; undefined selector: the given own namespace. */
  namespacesMatching(selector: LabelSelector | undefined, own: NetNamespace): NetNamespace[] {
    if (!selector) return [own];
    const key = JSON.stringify(selector);
    let found = this.namespaceMatches.get(key);
    if (!found) {
      found = this.namespaceList().filter((ns) => matchesSelector(selector, ns.labels));
      this.namespaceMatches.set(key, found);
    }
    return found;
  }

  /**
   * Pods a rule's pod peers select, as sorted indices, without hostNetwork pods: their traffic
   * carries the node's address, which pod and namespace selectors do not match (the behaviour
   * the Kubernetes documentation describes for plugins that cannot tell them apart).
   * Undefined for a rule without peers (it admits every pod).
   */
  peerPods(rule: NetRule): Int32Array | undefined {
    if (!rule.peers) return undefined;
    let list = this.peerLists.get(rule.id);
    if (!list) {
      const own = this.namespaces.get(rule.policy.namespace) as NetNamespace;
      const seen = new Set<number>();
      for (const peer of rule.peers) {
        if (peer.kind !== 'pods') continue;
        for (const i of this.podsMatching(peer.namespaceSelector, peer.podSelector, own)) seen.add(i);
      }
      list = Int32Array.from([...seen].sort((a, b) => a - b));
      this.peerLists.set(rule.id, list);
    }
    return list;
  }

  /** Whether the rule's pod peers select the pod (always, for a rule without peers). */
  peerSelects(rule: NetRule, pod: NetPod): boolean {
    if (!rule.peers) return true;
    if (pod.hostNetwork) return false;
    let bits = this.peerBitsets.get(rule.id);
    if (!bits) {
      bits = new Uint32Array((this.pods.length >> 5) + 1);
      for (const i of this.peerPods(rule) as Int32Array) bits[i >> 5] = (bits[i >> 5] as number) | (1 << (i & 31));
      this.peerBitsets.set(rule.id, bits);
    }
    return ((bits[pod.index >> 5] as number) & (1 << (pod.index & 31))) !== 0;
  }

  /** Addresses the rule's ipBlock peers admit; every address for a rule without peers. */
  ipSet(rule: NetRule): IpSet {
    if (!rule.peers) return IpSet.ALL;
    let set = this.ipSets.get(rule.id);
    if (!set) {
      set = IpSet.EMPTY;
      for (const peer of rule.peers) if (peer.kind === 'ipBlock') set = set.union(peer.addresses);
      this.ipSets.set(rule.id, set);
    }
    return set;
  }

  /**
   * The ports a rule admits towards a destination pod (named ports resolve against that pod's
   * container ports, protocol included); with no destination pod, named ports admit nothing.
   */
  rulePorts(rule: NetRule, destination: NetPod | undefined): number {
    if (!rule.ports) return ALL_PORTS;
    const named = rule.ports.some((p) => typeof p.port === 'string');
    const key = rule.id * 0x200000 + (named && destination ? destination.index + 1 : 0);
    let id = this.portMemo.get(key);
    if (id === undefined) {
      id = EMPTY_PORTS;
      for (const p of rule.ports) {
        if (p.port === undefined) id = this.ports.union(id, this.ports.range(p.protocol, 1, MAX_PORT));
        else if (typeof p.port === 'number') id = this.ports.union(id, this.ports.range(p.protocol, p.port, p.endPort ?? p.port));
        else if (destination) {
          for (const cp of destination.ports) {
            if (cp.name === p.port && cp.protocol === p.protocol) id = this.ports.union(id, this.ports.range(p.protocol, cp.port));
          }
        }
      }
      this.portMemo.set(key, id);
    }
    return id;
  }

  private podsMatching(nsSelector: LabelSelector | undefined, podSelector: LabelSelector | undefined, own: NetNamespace): Int32Array {
    const key = `${nsSelector ? JSON.stringify(nsSelector) : `=${own.name}`}|${podSelector ? JSON.stringify(podSelector) : '*'}`;
    let found = this.podMatches.get(key);
    if (!found) {
      const out: number[] = [];
      for (const ns of this.namespacesMatching(nsSelector, own)) {
        for (const pod of ns.pods) if (!pod.hostNetwork && (!podSelector || matchesSelector(podSelector, pod.labels))) out.push(pod.index);
      }
      found = Int32Array.from(out.sort((a, b) => a - b));
      this.podMatches.set(key, found);
    }
    return found;
  }
}

const models = new WeakMap<Inventory, NetworkModel>();

/**
 * The network model of the inventory, built on first use and shared (the checks, the summary and
 * the commands all ask). Malformed input found while building is passed to `report` once.
 */
export function networkModel(inventory: Inventory, report?: ErrorSink): NetworkModel {
  let model = models.get(inventory);
  if (!model) {
    model = buildModel(inventory);
    models.set(inventory, model);
  }
  if (report && !model.errorsReported) {
    model.errorsReported = true;
    for (const e of model.errors) report(e.resource, e.path, e.message);
  }
  return model;
}

function buildModel(inventory: Inventory): NetworkModel {
  const model = new NetworkModel(inventory);
  const namespaceOf = (name: string): NetNamespace => {
    let ns = model.namespaces.get(name);
    if (!ns) {
      ns = { name, labels: { [NAME_LABEL]: name }, annotations: {}, pods: [], policies: [] };
      model.namespaces.set(name, ns);
    }
    return ns;
  };
  for (const resource of inventory.namespaces) {
    const ns = namespaceOf(resource.name);
    ns.resource = resource;
    // The API server sets kubernetes.io/metadata.name itself, over anything written.
    ns.labels = { ...stringMap(resource, ['metadata', 'labels'], model), [NAME_LABEL]: resource.name };
    ns.annotations = stringMap(resource, ['metadata', 'annotations'], model);
  }

  const views = [...inventory.workloads].sort((a, b) => compare(podKey(a), podKey(b)));
  const byName = new Map<string, number>();
  for (const view of views) {
    const k = `${view.resource.namespace ?? DEFAULT_NAMESPACE}/${view.resource.name}`;
    byName.set(k, (byName.get(k) ?? 0) + 1);
  }
  for (const view of views) {
    const ns = namespaceOf(view.resource.namespace ?? DEFAULT_NAMESPACE);
    const short = `${ns.name}/${view.resource.name}`;
    const pod: NetPod = {
      index: model.pods.length,
      id: `${ns.name}/${view.resource.kind}/${view.resource.name}`,
      label: (byName.get(short) ?? 0) > 1 ? `${ns.name}/${view.resource.kind}/${view.resource.name}` : short,
      namespace: ns,
      kind: view.resource.kind,
      name: view.resource.name,
      labels: stringMap(view.resource, [...view.metadataPath, 'labels'], model),
      annotations: stringMap(view.resource, [...view.metadataPath, 'annotations'], model),
      ports: containerPorts(view, model),
      hostNetwork: view.spec.hostNetwork === true,
      view,
      ingress: [],
      egress: [],
    };
    model.pods.push(pod);
    ns.pods.push(pod);
  }

  const policies = inventory.resources.filter((r) => r.kind === 'NetworkPolicy' && r.apiVersion.startsWith('networking.k8s.io/'));
  for (const resource of policies) {
    const { policy, problems } = parseNetworkPolicy(resource);
    for (const p of problems) model.errors.push({ resource, path: p.path, message: `${p.message}; the API server would refuse this NetworkPolicy, so it is left out of the analysis` });
    if (!policy) continue;
    const ns = namespaceOf(policy.namespace);
    const bound: NetPolicy = {
      ...policy,
      id: `${policy.namespace}/${policy.name}`,
      selectsAll: selectsEverything(policy.podSelector),
      ingress: [],
      egress: [],
      selected: ns.pods.filter((p) => matchesSelector(policy.podSelector, p.labels)),
    };
    for (const direction of ['ingress', 'egress'] as const) {
      bound[direction] = policy[direction].map((r) => {
        const rule: NetRule = { ...r, id: model.rules.length, policy: bound };
        model.rules.push(rule);
        return rule;
      });
    }
    model.policies.push(bound);
    ns.policies.push(bound);
    for (const pod of bound.selected) {
      if (pod.hostNetwork) continue;
      if (bound.types.ingress) pod.ingress.push(bound);
      if (bound.types.egress) pod.egress.push(bound);
    }
  }
  for (const resource of inventory.resources) {
    if (resource.kind !== 'Service' || resource.apiVersion !== 'v1') continue;
    const service = parseService(resource, (ns) => model.namespaces.get(ns)?.pods ?? [], model.errors);
    if (service) model.services.push(service);
  }
  for (const resource of inventory.resources) {
    if (resource.kind !== 'PeerAuthentication' || !resource.apiVersion.startsWith('security.istio.io/')) continue;
    const pa = parsePeerAuthentication(resource, model.errors);
    if (pa) model.peerAuthentications.push(pa);
  }
  model.peerAuthentications.sort((a, b) => (a.created ?? '').localeCompare(b.created ?? '') || compare(a.resource.name, b.resource.name));
  return model;
}

function podKey(view: PodView): string {
  return `${view.resource.namespace ?? DEFAULT_NAMESPACE}\u0000${view.resource.name}\u0000${view.resource.kind}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A mapping of strings at `path` (labels, annotations); other values are input errors. */
function stringMap(resource: KubeResource, path: ObjectPath, model: NetworkModel): Record<string, string> {
  let node: unknown = resource.object;
  for (const seg of path) node = isRecord(node) ? node[seg as string] : undefined;
  if (!isRecord(node)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node)) {
    if (typeof v === 'string') out[k] = v;
    else if (v !== null) model.errors.push({ resource, path: [...path, k], message: `expected a string (got ${JSON.stringify(v)}); quote the value` });
  }
  return out;
}

/** Ports of the containers that serve traffic: app containers and restartable (sidecar) init containers. */
function containerPorts(view: PodView, model: NetworkModel): ContainerPortView[] {
  const out: ContainerPortView[] = [];
  const lists = [['containers', view.spec.containers], ['initContainers', view.spec.initContainers ?? []]] as const;
  for (const [list, containers] of lists) {
    containers.forEach((c, ci) => {
      if (list === 'initContainers' && (c as { restartPolicy?: unknown }).restartPolicy !== 'Always') return;
      (c.ports ?? []).forEach((p, pi) => {
        const path: ObjectPath = [...view.specPath, list, ci, 'ports', pi];
        const port = p.containerPort;
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > MAX_PORT) {
          model.errors.push({ resource: view.resource, path: [...path, 'containerPort'], message: `expected a port number 1-${MAX_PORT} (got ${JSON.stringify(port)})` });
          return;
        }
        const protocol = p.protocol ?? 'TCP';
        if (typeof protocol !== 'string' || !isProtocol(protocol)) {
          model.errors.push({ resource: view.resource, path: [...path, 'protocol'], message: `expected TCP, UDP or SCTP (got ${JSON.stringify(p.protocol)})` });
          return;
        }
        const cp: ContainerPortView = { container: c.name, port, protocol, path };
        if (typeof p.name === 'string') cp.name = p.name;
        if (typeof p.hostPort === 'number' && p.hostPort > 0) cp.hostPort = p.hostPort;
        out.push(cp);
      });
    });
  }
  return out;
}
