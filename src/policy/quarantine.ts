import { ApiException, CoreV1Api, NetworkingV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1NetworkPolicy } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { Finding } from '../model/index.js';

/**
 * Quarantine of a pod, done only when an operator asks for it (nothing calls this by default):
 * a deny-all NetworkPolicy `rampart-quarantine` in the pod's namespace selects pods labelled
 * `rampart.io/quarantine: "true"` and allows no ingress and no egress; a JSON merge patch adds
 * that label (and why) to the pod. The policy is put in place before the pod is labelled, so the
 * pod is isolated the moment it carries the label.
 *
 * Limits the user must know, printed with the YAML: NetworkPolicies are additive, so another
 * policy that selects the pod and allows traffic still allows it; enforcement needs a CNI that
 * implements NetworkPolicy; connections already open may survive, depending on the CNI.
 */

export const QUARANTINE_LABEL = 'rampart.io/quarantine';
export const QUARANTINE_POLICY_NAME = 'rampart-quarantine';
/** Namespaces refused unless `force`: isolating the control plane's pods can take the cluster down. */
export const PROTECTED_NAMESPACES: readonly string[] = ['kube-system'];

export interface QuarantineRequest {
  namespace: string;
  pod: string;
  /** The alert that prompted it: named in the annotations. */
  alert?: Finding;
  /** Why, when there is no alert (or in addition to it). */
  reason?: string;
  /** Allow a protected namespace (kube-system). */
  force?: boolean;
  /** When the quarantine was decided; now by default. */
  now?: Date;
}

/** A JSON merge patch (RFC 7386) for the pod. */
export interface PodQuarantinePatch {
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
}

export interface QuarantinePlan {
  namespace: string;
  pod: string;
  networkPolicy: V1NetworkPolicy;
  podPatch: PodQuarantinePatch;
}

export interface QuarantineResult {
  policy: 'created' | 'updated';
  pod: 'labelled';
}

export class QuarantineError extends Error {}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A quarantine request for the pod an alert is about, or undefined when the alert names no pod. */
export function quarantineRequestForAlert(alert: Finding, options: { force?: boolean } = {}): QuarantineRequest | undefined {
  const pod = alert.runtime?.pod;
  const namespace = alert.asset.namespace;
  if (!pod || !namespace) return undefined;
  return { namespace, pod, alert, ...(options.force ? { force: true } : {}) };
}

export function planQuarantine(request: QuarantineRequest): QuarantinePlan {
  const { namespace, pod } = request;
  if (!DNS_LABEL.test(namespace)) throw new QuarantineError(`quarantine: namespace "${namespace}" is not a valid namespace name`);
  if (!DNS_SUBDOMAIN.test(pod)) throw new QuarantineError(`quarantine: pod "${pod}" is not a valid pod name`);
  if (PROTECTED_NAMESPACES.includes(namespace) && !request.force) {
    throw new QuarantineError(`quarantine: refusing to isolate pod ${pod} in ${namespace} (cluster components run there); force it if you mean to`);
  }
  const at = (request.now ?? new Date()).toISOString();
  const reason = describeReason(request);
  const alertAnnotations: Record<string, string> = {};
  if (request.alert) {
    alertAnnotations['rampart.io/alert-check'] = request.alert.checkId;
    alertAnnotations['rampart.io/alert-fingerprint'] = request.alert.fingerprint;
    if (request.alert.runtime?.eventId) alertAnnotations['rampart.io/alert-event'] = request.alert.runtime.eventId;
  }
  const networkPolicy: V1NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: QUARANTINE_POLICY_NAME,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'rampart' },
      annotations: {
        'rampart.io/description': `Deny-all quarantine: pods labelled ${QUARANTINE_LABEL}=true in this namespace get no ingress and no egress traffic. Remove the label from a pod to release it.`,
        'rampart.io/last-quarantined-pod': pod,
        'rampart.io/reason': reason,
        'rampart.io/quarantined-at': at,
        ...alertAnnotations,
      },
    },
    spec: {
      podSelector: { matchLabels: { [QUARANTINE_LABEL]: 'true' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
    },
  };
  const podPatch: PodQuarantinePatch = {
    metadata: {
      labels: { [QUARANTINE_LABEL]: 'true' },
      annotations: { 'rampart.io/quarantine-reason': reason, 'rampart.io/quarantined-at': at, ...alertAnnotations },
    },
  };
  return { namespace, pod, networkPolicy, podPatch };
}

/** YAML to apply by hand: the NetworkPolicy, with the pod label as a kubectl command and the limits, as comments. */
export function printQuarantine(plan: QuarantinePlan): string {
  const patch = JSON.stringify(plan.podPatch);
  return [
    `# Rampart quarantine for pod ${plan.namespace}/${plan.pod}.`,
    '# 1. Apply this deny-all NetworkPolicy:  kubectl apply -f <this file>',
    '# 2. Then label the pod into it:',
    `#    kubectl -n ${plan.namespace} patch pod ${plan.pod} --type merge -p '${patch.replace(/'/g, `'\\''`)}'`,
    '# NetworkPolicies add up: another policy that selects this pod and allows traffic still allows it.',
    '# Enforcement needs a CNI plugin that implements NetworkPolicy; open connections may survive.',
    `# Release: kubectl -n ${plan.namespace} label pod ${plan.pod} ${QUARANTINE_LABEL}-`,
    '---',
    stringify(plan.networkPolicy, { lineWidth: 0 }).trimEnd(),
    '',
  ].join('\n');
}

/** Creates or updates the quarantine policy, then labels the pod, with the kubeconfig's credentials. */
export async function applyQuarantine(kubeConfig: KubeConfig, plan: QuarantinePlan): Promise<QuarantineResult> {
  const where = `quarantine ${plan.namespace}/${plan.pod}`;
  const networking = kubeConfig.makeApiClient(NetworkingV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const name = QUARANTINE_POLICY_NAME;
  const namespace = plan.namespace;
  let policy: QuarantineResult['policy'];
  try {
    const existing = await readPolicy(networking, name, namespace);
    if (existing) {
      const body: V1NetworkPolicy = { ...plan.networkPolicy, metadata: { ...plan.networkPolicy.metadata, resourceVersion: existing.metadata?.resourceVersion } };
      await networking.replaceNamespacedNetworkPolicy({ name, namespace, body });
      policy = 'updated';
    } else {
      await networking.createNamespacedNetworkPolicy({ namespace, body: plan.networkPolicy });
      policy = 'created';
    }
  } catch (err) {
    throw new QuarantineError(`${where}: NetworkPolicy ${name}: ${describeApiError(err)}`);
  }
  try {
    await core.patchNamespacedPod({ name: plan.pod, namespace, body: plan.podPatch }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  } catch (err) {
    throw new QuarantineError(`${where}: label pod: ${describeApiError(err)}`);
  }
  return { policy, pod: 'labelled' };
}

async function readPolicy(api: NetworkingV1Api, name: string, namespace: string): Promise<V1NetworkPolicy | undefined> {
  try {
    return await api.readNamespacedNetworkPolicy({ name, namespace });
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return undefined;
    throw err;
  }
}

function describeReason(request: QuarantineRequest): string {
  const parts: string[] = [];
  if (request.alert) parts.push(`${request.alert.checkId}: ${request.alert.message.en}`);
  if (request.reason) parts.push(request.reason);
  return parts.join(' — ') || 'quarantined on request';
}

/** `404 Not Found: pods "x" not found` from an ApiException carrying a metav1.Status, else the error's first line. */
function describeApiError(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = typeof err.body === 'string' ? safeParse(err.body) : err.body;
    const message = body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : undefined;
    return message ? `${err.code} ${message}` : `HTTP ${err.code}`;
  }
  const e = err as { code?: string; message?: string };
  return (e?.message ?? String(err)).split('\n')[0] ?? 'unknown error';
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
