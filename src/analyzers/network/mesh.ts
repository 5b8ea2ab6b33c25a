/**
 * Pod-to-pod encryption: whether traffic to each workload is mutually authenticated and encrypted
 * by a service mesh, and what says so.
 *
 * Istio, sidecar mode. A pod gets a sidecar when neither its namespace label `istio-injection`
 * nor its own `sidecar.istio.io/inject` (label, else the older annotation) says disabled/false,
 * and one of them, or a revision label `istio.io/rev` on the namespace or pod, enables it.
 * hostNetwork pods are never injected. Its inbound mTLS mode comes from PeerAuthentication:
 * a workload policy (selector matching its labels, in its namespace) over the namespace policy
 * (no selector, in its namespace) over the mesh policy (no selector, in the root namespace
 * `istio-system`); `UNSET` inherits from the next level and the mesh default is PERMISSIVE. Among
 * policies of one level the oldest wins (creationTimestamp, then name). Selector policies in the
 * root namespace are ignored, as Istio ignores them. `portLevelMtls` overrides the mode for a
 * container port (its UNSET inherits the workload's mode).
 * Istio, ambient mode: namespace or pod label `istio.io/dataplane-mode=ambient` (a pod's `none`
 * opts out); ztunnel carries mesh traffic over mTLS, PeerAuthentication decides whether
 * plaintext is still accepted (DISABLE is not supported there and leaves plaintext accepted).
 * Linkerd: annotation `linkerd.io/inject: enabled|ingress` on the pod template or its namespace
 * (the pod's `disabled` wins). Meshed-to-meshed traffic is always mTLS; plaintext from unmeshed
 * clients is refused only under a default inbound policy of all-authenticated,
 * cluster-authenticated or deny (`config.linkerd.io/default-inbound-policy`, pod over namespace;
 * the install default all-unauthenticated accepts it).
 * Ports that bypass the proxy (`traffic.sidecar.istio.io/excludeInboundPorts`, or not in a
 * non-`*` `includeInboundPorts`; `config.linkerd.io/skip-inbound-ports`) carry plaintext.
 */
import { isRecord, type KubeResource, type Localized, type ObjectPath } from '../../model/index.js';
import type { ModelError, NetNamespace, NetPod, NetworkModel } from './model.js';
import { DEFAULT_NAMESPACE } from './policy.js';

export const ISTIO_ROOT_NAMESPACE = 'istio-system';

export type MtlsMode = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';
const MODES: readonly string[] = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];

import type { EncryptionVerdict, Mesh } from '../../model/index.js';
export type { Mesh };

/**
 * `strict`: mutually authenticated and encrypted, plaintext refused. `permissive`: mTLS between
 * meshed pods, plaintext still accepted. `disabled`: meshed but mTLS switched off. `none`: no mesh.
 */
export type { EncryptionVerdict };

export interface PeerAuthenticationView {
  resource: KubeResource;
  namespace: string;
  selector?: Record<string, string>;
  mode: MtlsMode;
  ports: Map<number, MtlsMode>;
  created?: string;
}

/** What decided a verdict: a PeerAuthentication, an annotation, a label, or a default. */
export interface Source {
  kind: 'PeerAuthentication' | 'annotation' | 'label' | 'default';
  /** `PeerAuthentication istio-system/default (mesh)`, `annotation linkerd.io/inject=enabled on namespace cards`. */
  text: Localized;
  resource?: KubeResource;
}

export interface PortVerdict {
  port: number;
  verdict: EncryptionVerdict;
  source: Source;
}

export interface WorkloadEncryption {
  pod: NetPod;
  mesh?: Mesh;
  /** How the pod joined the mesh, or why it did not. */
  injection: Source;
  verdict: EncryptionVerdict;
  /** What decided the mode (absent when not meshed). */
  decidedBy?: Source;
  /** Ports whose verdict differs from the workload's. */
  ports: PortVerdict[];
  /** Strict, and no port weaker. */
  encrypted: boolean;
}

export interface NamespaceEncryption {
  name: string;
  /** `mixed` when its workloads differ. */
  verdict: EncryptionVerdict | 'mixed';
  workloads: number;
  encrypted: number;
  meshed: number;
}

export interface MeshModel {
  workloads: WorkloadEncryption[];
}

const RANK: Record<EncryptionVerdict, number> = { none: 0, disabled: 1, permissive: 2, strict: 3 };

const meshes = new WeakMap<NetworkModel, MeshModel>();

/** The encryption verdict of every workload, computed once per model. */
export function meshModel(model: NetworkModel): MeshModel {
  let known = meshes.get(model);
  if (!known) {
    known = { workloads: model.pods.map((pod) => encryptionOf(pod, model.peerAuthentications)) };
    meshes.set(model, known);
  }
  return known;
}

export function namespaceEncryption(model: NetworkModel, ns: NetNamespace): NamespaceEncryption {
  const list = meshModel(model).workloads.filter((w) => w.pod.namespace === ns);
  const verdicts = new Set(list.map((w) => (w.encrypted || w.verdict !== 'strict' ? w.verdict : 'permissive')));
  const verdict = verdicts.size === 1 ? ([...verdicts][0] as EncryptionVerdict) : verdicts.size === 0 ? 'none' : 'mixed';
  return { name: ns.name, verdict, workloads: list.length, encrypted: list.filter((w) => w.encrypted).length, meshed: list.filter((w) => w.mesh).length };
}

/**
 * One PeerAuthentication; malformed ones (which Istio's validation refuses) are input errors and
 * left out.
 */
export function parsePeerAuthentication(resource: KubeResource, errors: ModelError[]): PeerAuthenticationView | undefined {
  const spec = resource.object.spec ?? {};
  const fail = (path: ObjectPath, message: string): undefined => {
    errors.push({ resource, path, message: `${message}; Istio refuses this PeerAuthentication, so it is left out of the analysis` });
    return undefined;
  };
  if (!isRecord(spec)) return fail(['spec'], 'expected a mapping');
  const view: PeerAuthenticationView = { resource, namespace: resource.namespace ?? DEFAULT_NAMESPACE, mode: 'UNSET', ports: new Map() };
  const metadata = resource.object.metadata;
  if (isRecord(metadata) && typeof metadata.creationTimestamp === 'string') view.created = metadata.creationTimestamp;
  if (spec.selector !== undefined && spec.selector !== null) {
    if (!isRecord(spec.selector)) return fail(['spec', 'selector'], 'expected {matchLabels: …}');
    const labels = spec.selector.matchLabels ?? {};
    if (!isRecord(labels)) return fail(['spec', 'selector', 'matchLabels'], 'expected a mapping of labels');
    const selector: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string') return fail(['spec', 'selector', 'matchLabels', k], `expected a string (got ${JSON.stringify(v)}); quote the value`);
      selector[k] = v;
    }
    if (Object.keys(selector).length > 0) view.selector = selector;
  }
  const mode = modeAt(spec.mtls, ['spec', 'mtls', 'mode']);
  if (typeof mode !== 'string') return fail(mode.path, mode.message);
  view.mode = mode;
  if (spec.portLevelMtls !== undefined && spec.portLevelMtls !== null) {
    if (!isRecord(spec.portLevelMtls)) return fail(['spec', 'portLevelMtls'], 'expected a mapping of port number to {mode}');
    if (!view.selector) return fail(['spec', 'portLevelMtls'], 'portLevelMtls requires a selector with matchLabels');
    for (const [key, value] of Object.entries(spec.portLevelMtls)) {
      const port = Number(key);
      if (!/^\d+$/.test(key) || port < 1 || port > 65535) return fail(['spec', 'portLevelMtls', key], `expected a port number 1-65535 (got ${JSON.stringify(key)})`);
      const m = modeAt(value, ['spec', 'portLevelMtls', key, 'mode']);
      if (typeof m !== 'string') return fail(m.path, m.message);
      view.ports.set(port, m);
    }
  }
  return view;
}

function modeAt(mtls: unknown, path: ObjectPath): MtlsMode | { path: ObjectPath; message: string } {
  if (mtls === undefined || mtls === null) return 'UNSET';
  if (!isRecord(mtls)) return { path: path.slice(0, -1), message: 'expected {mode: STRICT|PERMISSIVE|DISABLE|UNSET}' };
  const mode = mtls.mode ?? 'UNSET';
  if (typeof mode !== 'string' || !MODES.includes(mode)) return { path, message: `expected STRICT, PERMISSIVE, DISABLE or UNSET (got ${JSON.stringify(mtls.mode)})` };
  return mode as MtlsMode;
}

function encryptionOf(pod: NetPod, peerAuthentications: readonly PeerAuthenticationView[]): WorkloadEncryption {
  const injection = injectionOf(pod);
  const out: WorkloadEncryption = { pod, injection: injection.source, verdict: 'none', ports: [], encrypted: false };
  if (!injection.mesh) return out;
  out.mesh = injection.mesh;
  if (injection.mesh === 'linkerd') {
    const policy = annotationOf(pod, 'config.linkerd.io/default-inbound-policy');
    const strict = policy !== undefined && ['all-authenticated', 'cluster-authenticated', 'deny'].includes(policy.value);
    out.verdict = strict ? 'strict' : 'permissive';
    out.decidedBy = policy ? policy.source : { kind: 'default', text: { en: 'Linkerd default inbound policy all-unauthenticated', zh: 'Linkerd 默认入站策略 all-unauthenticated' } };
    const skipped = annotationOf(pod, 'config.linkerd.io/skip-inbound-ports');
    if (skipped) for (const port of portsIn(skipped.value, pod)) out.ports.push({ port, verdict: 'none', source: skipped.source });
  } else {
    const ns = pod.namespace.name;
    const oldest = (list: PeerAuthenticationView[]): PeerAuthenticationView | undefined => list[0];
    const workloadPolicy = ns === ISTIO_ROOT_NAMESPACE ? undefined : oldest(peerAuthentications.filter((p) => p.namespace === ns && p.selector && Object.entries(p.selector).every(([k, v]) => pod.labels[k] === v)));
    const namespacePolicy = oldest(peerAuthentications.filter((p) => p.namespace === ns && !p.selector));
    const meshPolicy = oldest(peerAuthentications.filter((p) => p.namespace === ISTIO_ROOT_NAMESPACE && !p.selector));
    const levels: [PeerAuthenticationView | undefined, Localized][] = [
      [workloadPolicy, { en: 'workload', zh: '工作负载级' }],
      [namespacePolicy, { en: 'namespace', zh: '命名空间级' }],
      [meshPolicy, { en: 'mesh', zh: '网格级' }],
    ];
    let mode: MtlsMode = 'PERMISSIVE';
    let source: Source = { kind: 'default', text: { en: 'Istio default PERMISSIVE (no PeerAuthentication sets a mode)', zh: 'Istio 默认 PERMISSIVE（没有 PeerAuthentication 设置模式）' } };
    for (const [policy, level] of levels) {
      if (policy && policy.mode !== 'UNSET') {
        mode = policy.mode;
        const name = `PeerAuthentication ${policy.namespace}/${policy.resource.name}`;
        source = { kind: 'PeerAuthentication', text: { en: `${name} (${level.en})`, zh: `${name}（${level.zh}）` }, resource: policy.resource };
        break;
      }
    }
    const verdictOf = (m: MtlsMode): EncryptionVerdict => (m === 'STRICT' ? 'strict' : m === 'DISABLE' && injection.mesh === 'istio' ? 'disabled' : 'permissive');
    out.verdict = verdictOf(mode);
    out.decidedBy = source;
    if (workloadPolicy) {
      for (const [port, m] of workloadPolicy.ports) {
        const v = m === 'UNSET' ? out.verdict : verdictOf(m);
        const text = `PeerAuthentication ${workloadPolicy.namespace}/${workloadPolicy.resource.name} portLevelMtls ${port}: ${m}`;
        if (v !== out.verdict) out.ports.push({ port, verdict: v, source: { kind: 'PeerAuthentication', text: { en: text, zh: text }, resource: workloadPolicy.resource } });
      }
    }
    if (injection.mesh === 'istio') {
      const excluded = annotationOf(pod, 'traffic.sidecar.istio.io/excludeInboundPorts');
      if (excluded) for (const port of portsIn(excluded.value, pod)) out.ports.push({ port, verdict: 'none', source: excluded.source });
      const included = annotationOf(pod, 'traffic.sidecar.istio.io/includeInboundPorts');
      if (included && included.value.trim() !== '*') {
        const listed = new Set(portsIn(included.value, pod));
        for (const p of pod.ports) if (!listed.has(p.port)) out.ports.push({ port: p.port, verdict: 'none', source: included.source });
      }
    }
  }
  // One entry per port: the weakest wins.
  const byPort = new Map<number, PortVerdict>();
  for (const p of out.ports) {
    const known = byPort.get(p.port);
    if (!known || RANK[p.verdict] < RANK[known.verdict]) byPort.set(p.port, p);
  }
  out.ports = [...byPort.values()].sort((a, b) => a.port - b.port);
  out.encrypted = out.verdict === 'strict' && out.ports.every((p) => p.verdict === 'strict');
  return out;
}

function injectionOf(pod: NetPod): { mesh?: Mesh; source: Source } {
  const ns = pod.namespace;
  if (pod.hostNetwork) return { source: { kind: 'default', text: { en: 'hostNetwork pods cannot be meshed', zh: 'hostNetwork Pod 无法加入网格' } } };
  const podLabel = (k: string): string | undefined => pod.labels[k];
  const nsLabel = (k: string): string | undefined => ns.labels[k];
  const label = (key: string, value: string, on: Localized): Source => ({ kind: 'label', text: { en: `label ${key}=${value} on ${on.en}`, zh: `${on.zh}的标签 ${key}=${value}` } });
  const annotation = (key: string, value: string, on: Localized): Source => ({ kind: 'annotation', text: { en: `annotation ${key}=${value} on ${on.en}`, zh: `${on.zh}的注解 ${key}=${value}` } });
  const podName: Localized = { en: `workload ${pod.label}`, zh: `工作负载 ${pod.label} ` };
  const nsName: Localized = { en: `namespace ${ns.name}`, zh: `命名空间 ${ns.name} ` };

  // Istio sidecar: either "disabled" wins, then either "enabled".
  const podInjectLabel = podLabel('sidecar.istio.io/inject');
  const podInject = podInjectLabel ?? pod.annotations['sidecar.istio.io/inject'];
  const podInjectSource = podInjectLabel !== undefined ? label('sidecar.istio.io/inject', podInjectLabel, podName) : annotation('sidecar.istio.io/inject', podInject ?? '', podName);
  const nsInjection = nsLabel('istio-injection');
  let istioOff: Source | undefined;
  if (nsInjection === 'disabled') istioOff = label('istio-injection', 'disabled', nsName);
  else if (podInject === 'false') istioOff = podInjectSource;
  if (!istioOff) {
    if (nsInjection === 'enabled') return { mesh: 'istio', source: label('istio-injection', 'enabled', nsName) };
    if (podInject === 'true') return { mesh: 'istio', source: podInjectSource };
    const podRev = podLabel('istio.io/rev');
    if (podRev !== undefined) return { mesh: 'istio', source: label('istio.io/rev', podRev, podName) };
    const nsRev = nsLabel('istio.io/rev');
    if (nsRev !== undefined && nsInjection === undefined) return { mesh: 'istio', source: label('istio.io/rev', nsRev, nsName) };
  }

  // Linkerd: the pod's annotation over the namespace's.
  const podLinkerd = pod.annotations['linkerd.io/inject'];
  const nsLinkerd = ns.annotations['linkerd.io/inject'];
  if (podLinkerd === 'enabled' || podLinkerd === 'ingress') return { mesh: 'linkerd', source: annotation('linkerd.io/inject', podLinkerd, podName) };
  if (podLinkerd !== 'disabled' && (nsLinkerd === 'enabled' || nsLinkerd === 'ingress')) return { mesh: 'linkerd', source: annotation('linkerd.io/inject', nsLinkerd, nsName) };

  // Istio ambient: the pod's dataplane-mode over the namespace's.
  const podMode = podLabel('istio.io/dataplane-mode');
  const nsMode = nsLabel('istio.io/dataplane-mode');
  if (podMode === 'ambient') return { mesh: 'istio-ambient', source: label('istio.io/dataplane-mode', 'ambient', podName) };
  if (podMode !== 'none' && nsMode === 'ambient') return { mesh: 'istio-ambient', source: label('istio.io/dataplane-mode', 'ambient', nsName) };

  if (istioOff) return { source: istioOff };
  if (podLinkerd === 'disabled') return { source: annotation('linkerd.io/inject', 'disabled', podName) };
  return { source: { kind: 'default', text: { en: `no sidecar injection on ${nsName.en} or ${podName.en}`, zh: `${nsName.zh}和${podName.zh}均未启用 Sidecar 注入` } } };
}

/** The pod's annotation, else its namespace's, with where it was found. */
function annotationOf(pod: NetPod, key: string): { value: string; source: Source } | undefined {
  const own = pod.annotations[key];
  if (own !== undefined) return { value: own, source: { kind: 'annotation', text: { en: `annotation ${key}=${own} on workload ${pod.label}`, zh: `工作负载 ${pod.label} 的注解 ${key}=${own}` } } };
  const inherited = pod.namespace.annotations[key];
  if (inherited !== undefined) return { value: inherited, source: { kind: 'annotation', text: { en: `annotation ${key}=${inherited} on namespace ${pod.namespace.name}`, zh: `命名空间 ${pod.namespace.name} 的注解 ${key}=${inherited}` } } };
  return undefined;
}

/** Ports listed as `80,8080-8090`, limited to those the pod declares when a range is given. */
function portsIn(list: string, pod: NetPod): number[] {
  const out: number[] = [];
  for (const part of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo === hi) out.push(lo);
    else for (const p of pod.ports) if (p.port >= lo && p.port <= hi) out.push(p.port);
  }
  return out;
}
