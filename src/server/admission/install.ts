import { randomBytes } from 'node:crypto';
import jsyaml from 'js-yaml';
import type { ServingCertificate } from './certs.js';

/**
 * The manifests `rampart admission install` prints. Built so the webhook can never lock a
 * cluster out:
 * - namespaceSelector leaves out kube-system, kube-node-lease (leases) and the webhook's own
 *   namespace; rules name only pod-bearing resources, so nodes, leases and everything else are
 *   never sent;
 * - failurePolicy Ignore with a 3 s timeout everywhere, except a second webhook entry, limited to
 *   the namespaces that asked to be fail-closed, with failurePolicy Fail;
 * - two replicas spread over nodes, a PodDisruptionBudget, probes, and a pod that runs
 *   restricted (non-root, read-only root filesystem, no capabilities).
 */

export interface InstallOptions {
  namespace: string;
  image: string;
  failClosedNamespaces: string[];
  /** Serving certificate made here; absent with cert-manager. */
  certificate?: ServingCertificate;
  certManager?: boolean;
  /** Metrics bearer token to put in the Secret; random when absent. */
  metricsToken?: string;
}

export const APP = 'rampart-admission';
export const WEBHOOK_PATH = '/validate';
/** Never sent to the webhook, whatever the policy says. */
export const ALWAYS_EXCLUDED_NAMESPACES = ['kube-system', 'kube-node-lease'];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export class InstallError extends Error {}

export function validateInstallOptions(options: InstallOptions): void {
  if (!DNS_LABEL.test(options.namespace)) throw new InstallError(`--namespace: "${options.namespace}" is not a valid namespace name`);
  for (const ns of options.failClosedNamespaces) {
    if (!DNS_LABEL.test(ns)) throw new InstallError(`--fail-closed-namespaces: "${ns}" is not a valid namespace name`);
    if (ns === options.namespace || ALWAYS_EXCLUDED_NAMESPACES.includes(ns)) {
      throw new InstallError(`--fail-closed-namespaces: "${ns}" is never sent to the webhook (it could lock the cluster out)`);
    }
  }
  if (!options.certManager && !options.certificate) throw new InstallError('a serving certificate or --cert-manager is required');
}

type Manifest = Record<string, unknown>;

export function installManifests(options: InstallOptions): Manifest[] {
  validateInstallOptions(options);
  const ns = options.namespace;
  const labels = { 'app.kubernetes.io/name': APP, 'app.kubernetes.io/part-of': 'rampart' };
  const meta = (name: string, extra: Manifest = {}): Manifest => ({ name, namespace: ns, labels, ...extra });
  const serviceHost = `${APP}.${ns}.svc`;
  const manifests: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted' } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(APP), automountServiceAccountToken: false },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${APP}-policy`),
      data: { 'admission.yaml': defaultPolicy(options.failClosedNamespaces) },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(`${APP}-metrics`),
      type: 'Opaque',
      stringData: { token: options.metricsToken ?? randomBytes(24).toString('base64url') },
    },
  ];
  if (options.certificate) {
    manifests.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(`${APP}-tls`),
      type: 'kubernetes.io/tls',
      stringData: { 'tls.crt': options.certificate.cert, 'tls.key': options.certificate.key, 'ca.crt': options.certificate.caCert },
    });
  } else {
    manifests.push(
      { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(`${APP}-selfsigned`), spec: { selfSigned: {} } },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: meta(APP),
        spec: {
          secretName: `${APP}-tls`,
          dnsNames: [APP, `${APP}.${ns}`, serviceHost, `${serviceHost}.cluster.local`],
          issuerRef: { name: `${APP}-selfsigned`, kind: 'Issuer' },
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
          duration: '2160h',
          renewBefore: '360h',
        },
      },
    );
  }
  manifests.push(deployment(options), {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(APP),
    spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': APP } } },
  }, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(APP),
    spec: { selector: { 'app.kubernetes.io/name': APP }, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] },
  }, webhookConfiguration(options));
  return manifests;
}

export function installYaml(options: InstallOptions): string {
  return installManifests(options).map((m) => jsyaml.dump(m, { lineWidth: -1, noRefs: true })).join('---\n');
}

function deployment(options: InstallOptions): Manifest {
  const probe = (path: string, period: number): Manifest => ({ httpGet: { path, port: 'https', scheme: 'HTTPS' }, periodSeconds: period, timeoutSeconds: 2 });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: APP, namespace: options.namespace, labels: { 'app.kubernetes.io/name': APP, 'app.kubernetes.io/part-of': 'rampart' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': APP } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': APP, 'app.kubernetes.io/part-of': 'rampart' } },
        spec: {
          serviceAccountName: APP,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': APP } } },
          ],
          containers: [
            {
              name: 'webhook',
              image: options.image,
              imagePullPolicy: 'IfNotPresent',
              args: [
                'admission', 'serve',
                '--policy', '/etc/rampart/policy/admission.yaml',
                '--tls-cert', '/etc/rampart/tls/tls.crt',
                '--tls-key', '/etc/rampart/tls/tls.key',
                '--listen', '0.0.0.0:8443',
                '--metrics-token-file', '/etc/rampart/metrics/token',
                '--audit-log', '-',
              ],
              ports: [{ name: 'https', containerPort: 8443, protocol: 'TCP' }],
              readinessProbe: probe('/readyz', 5),
              livenessProbe: probe('/healthz', 10),
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'tls', mountPath: '/etc/rampart/tls', readOnly: true },
                { name: 'policy', mountPath: '/etc/rampart/policy', readOnly: true },
                { name: 'metrics-token', mountPath: '/etc/rampart/metrics', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'tls', secret: { secretName: `${APP}-tls` } },
            { name: 'policy', configMap: { name: `${APP}-policy` } },
            { name: 'metrics-token', secret: { secretName: `${APP}-metrics` } },
          ],
        },
      },
    },
  };
}

/** Pod-bearing resources by API group, plus the ephemeral containers subresource (kubectl debug). */
const RULES = [
  { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'] },
].map((r) => ({ ...r, operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }));

function webhookConfiguration(options: InstallOptions): Manifest {
  const excluded = [...ALWAYS_EXCLUDED_NAMESPACES, options.namespace];
  const clientConfig: Manifest = { service: { namespace: options.namespace, name: APP, path: WEBHOOK_PATH, port: 443 } };
  if (options.certificate) clientConfig.caBundle = Buffer.from(options.certificate.caCert).toString('base64');
  const webhook = (name: string, failurePolicy: 'Ignore' | 'Fail', selector: Manifest[]): Manifest => ({
    name,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy,
    timeoutSeconds: 3,
    matchPolicy: 'Equivalent',
    namespaceSelector: { matchExpressions: selector },
    rules: RULES,
    clientConfig,
  });
  const notExcluded = { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...excluded, ...options.failClosedNamespaces] };
  const webhooks = [webhook(`workloads.${APP}.rampart.dev`, 'Ignore', [notExcluded])];
  if (options.failClosedNamespaces.length) {
    webhooks.push(webhook(`workloads-fail-closed.${APP}.rampart.dev`, 'Fail', [
      { key: 'kubernetes.io/metadata.name', operator: 'In', values: options.failClosedNamespaces },
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: excluded },
    ]));
  }
  const metadata: Manifest = { name: APP, labels: { 'app.kubernetes.io/name': APP, 'app.kubernetes.io/part-of': 'rampart' } };
  if (options.certManager) metadata.annotations = { 'cert-manager.io/inject-ca-from': `${options.namespace}/${APP}` };
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata, webhooks };
}

/** A starting policy: warn on the baseline level everywhere, enforce (fail-closed) where asked. */
function defaultPolicy(failClosed: string[]): string {
  const policy: Manifest = {
    language: 'en',
    defaults: { mode: 'warn', pss: { level: 'baseline', version: 'latest' }, failClosed: false },
  };
  if (failClosed.length) policy.namespaces = [{ match: { names: failClosed }, mode: 'enforce', pss: { level: 'restricted' }, failClosed: true }];
  return jsyaml.dump(policy, { lineWidth: -1 });
}
