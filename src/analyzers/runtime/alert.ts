import type { Asset, Check, ControlKey, Finding, Location, RuntimeAlertDetail, RuntimeEvent } from '../../model/index.js';
import { fingerprint, kubeObjectAsset, maskSecret } from '../../model/index.js';

/**
 * Turns a rule or baseline verdict on one event into a Finding: the asset at fault (the workload
 * when the event is attributed to one, else the audit request's target object, else the node),
 * a masked evidence line an operator can read, and the runtime detail. Command lines arrive
 * masked: every source masks argv before an event leaves it (RuntimeEvent's contract).
 */

export function alertFinding(check: Check, event: RuntimeEvent, subject: string, controls: ControlKey[], baseline?: RuntimeAlertDetail['baseline'], asset: Asset = assetOf(event)): Finding {
  const evidence = evidenceOf(event);
  const detail = detailOf(event, check.mitre ?? []);
  if (baseline) detail.baseline = baseline;
  detail.count = 1;
  const finding: Finding = {
    fingerprint: fingerprint(check.id, asset.ref, subject),
    checkId: check.id,
    severity: check.severity,
    status: 'fail',
    message: { en: `${check.title.en}: ${evidence}`, zh: `${check.title.zh}：${evidence}` },
    asset,
    subject,
    location: locationOf(event),
    evidence,
    controls,
    runtime: detail,
  };
  if (event.context.containerName) finding.container = event.context.containerName;
  return finding;
}

/** Plural resource → Kind for the objects runtime rules name; others keep the resource name. */
const KINDS: Record<string, string> = {
  pods: 'Pod',
  secrets: 'Secret',
  configmaps: 'ConfigMap',
  serviceaccounts: 'ServiceAccount',
  namespaces: 'Namespace',
  nodes: 'Node',
  events: 'Event',
  deployments: 'Deployment',
  daemonsets: 'DaemonSet',
  statefulsets: 'StatefulSet',
  replicasets: 'ReplicaSet',
  replicationcontrollers: 'ReplicationController',
  jobs: 'Job',
  cronjobs: 'CronJob',
  roles: 'Role',
  rolebindings: 'RoleBinding',
  clusterroles: 'ClusterRole',
  clusterrolebindings: 'ClusterRoleBinding',
  validatingwebhookconfigurations: 'ValidatingWebhookConfiguration',
  mutatingwebhookconfigurations: 'MutatingWebhookConfiguration',
  validatingadmissionpolicies: 'ValidatingAdmissionPolicy',
  validatingadmissionpolicybindings: 'ValidatingAdmissionPolicyBinding',
};

export function assetOf(event: RuntimeEvent): Asset {
  const c = event.context;
  if (c.workload) return kubeObjectAsset({ kind: c.workload.kind, name: c.workload.name, ...(c.cluster ? { cluster: c.cluster } : {}), ...(c.namespace ? { namespace: c.namespace } : {}) });
  if (event.kind === 'k8s-audit') {
    const ref = event.objectRef ?? {};
    const cluster = c.cluster ? { cluster: c.cluster } : {};
    // A named object is the target; a collection request (list secrets) targets its namespace,
    // a cluster-wide one the cluster itself.
    if (ref.resource && ref.name) return kubeObjectAsset({ kind: KINDS[ref.resource] ?? ref.resource, name: ref.name, ...cluster, ...(ref.namespace ? { namespace: ref.namespace } : {}) });
    if (ref.namespace) return kubeObjectAsset({ kind: 'Namespace', name: ref.namespace, ...cluster });
    return kubeObjectAsset({ kind: 'Cluster', name: c.cluster || 'cluster', ...cluster });
  }
  const node = c.node ?? '';
  const asset: Asset = { type: 'node', ref: `node://${c.cluster ?? ''}/${node}`, name: node || 'unknown node', kind: 'Node' };
  if (node) asset.objectName = node;
  if (c.cluster) asset.cluster = c.cluster;
  return asset;
}

function locationOf(event: RuntimeEvent): Location {
  if (event.kind === 'file') return { file: event.path };
  if (event.kind === 'process') return { file: event.process.exe };
  return {};
}

export function evidenceOf(event: RuntimeEvent): string {
  switch (event.kind) {
    case 'process':
      return `${(event.process.args.length ? event.process.args : [event.process.exe]).join(' ')}${event.action === 'setuid' ? ` (uid ${event.process.uid ?? '?'} → euid ${event.process.euid ?? '?'})` : ''}`;
    case 'file':
      return `${event.action} ${event.path} by ${event.process.exe}`;
    case 'network':
      return `${event.action} ${event.protocol} ${formatEndpoint(event.remoteAddress, event.remotePort)} by ${event.process.exe}`;
    case 'k8s-audit': {
      const code = event.responseCode !== undefined ? ` → ${event.responseCode}` : '';
      return `${event.user.username} ${event.verb} ${maskUrl(event.requestURI)}${code}`;
    }
  }
}

export function formatEndpoint(address: string | undefined, port: number | undefined): string {
  const a = address ?? '?';
  const host = a.includes(':') ? `[${a}]` : a;
  return port === undefined ? host : `${host}:${port}`;
}

function detailOf(event: RuntimeEvent, mitre: string[]): RuntimeAlertDetail {
  const c = event.context;
  const d: RuntimeAlertDetail = { eventId: event.id, eventTime: event.time, eventKind: event.kind, source: event.source, mitre };
  if (c.node) d.node = c.node;
  if (c.pod) d.pod = c.pod;
  if (c.containerId) d.containerId = c.containerId;
  if (event.kind !== 'k8s-audit') {
    const p = event.process;
    d.process = { exe: p.exe, args: [...p.args], pid: p.pid };
    const parent = p.parent?.exe ?? p.parent?.name;
    if (parent) d.process.parent = parent;
    if (p.uid !== undefined) d.process.uid = p.uid;
  }
  if (event.kind === 'file') d.file = event.path;
  if (event.kind === 'network') {
    d.connection = { protocol: event.protocol, direction: event.action === 'connect' ? 'outbound' : event.action === 'accept' ? 'inbound' : 'listen' };
    if (event.remoteAddress !== undefined) d.connection.address = event.remoteAddress;
    if (event.remotePort !== undefined) d.connection.port = event.remotePort;
  }
  if (event.kind === 'k8s-audit') {
    const ref = event.objectRef ?? {};
    d.audit = { user: event.user.username, verb: event.verb, sourceIPs: event.sourceIPs };
    if (ref.resource) d.audit.resource = ref.subresource ? `${ref.resource}/${ref.subresource}` : ref.resource;
    if (ref.namespace) d.audit.namespace = ref.namespace;
    if (ref.name) d.audit.name = ref.name;
    if (event.responseCode !== undefined) d.audit.responseCode = event.responseCode;
  }
  return d;
}

/** A user:password in a request URI (the audit source keeps requestURI as the API server logged it). */
function maskUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi, (_m, scheme: string, user: string, pass: string) => `${scheme}${user}:${maskSecret(pass)}@`);
}
