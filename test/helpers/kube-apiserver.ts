import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { makeTlsCert, type TlsFiles } from './registry.js';

/**
 * A stand-in for kube-apiserver on 127.0.0.1 (no real API server can run here): HTTPS with a
 * self-signed CA, bearer-token authentication, and the real wire format for what a scan asks:
 * `/version`, discovery (`/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>` as APIVersions,
 * APIGroupList and APIResourceList), and lists (`<Kind>List` with metadata.resourceVersion and
 * `metadata.continue` tokens honouring `limit`, items without apiVersion/kind, metav1.Status
 * errors). Faults on demand: 403 per resource, 429 with Retry-After before success, a 503 group,
 * a slow resource, a missing namespace.
 */

interface ResourceDef {
  group: string;
  version: string;
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
}

const RESOURCES: ResourceDef[] = [
  { group: '', version: 'v1', name: 'namespaces', singularName: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
  { group: '', version: 'v1', name: 'pods', singularName: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'] },
  { group: '', version: 'v1', name: 'services', singularName: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'] },
  { group: '', version: 'v1', name: 'serviceaccounts', singularName: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
  { group: '', version: 'v1', name: 'replicationcontrollers', singularName: 'replicationcontroller', kind: 'ReplicationController', namespaced: true, shortNames: ['rc'] },
  { group: '', version: 'v1', name: 'secrets', singularName: 'secret', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', name: 'configmaps', singularName: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { group: 'apps', version: 'v1', name: 'deployments', singularName: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'] },
  { group: 'apps', version: 'v1', name: 'statefulsets', singularName: 'statefulset', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'] },
  { group: 'apps', version: 'v1', name: 'daemonsets', singularName: 'daemonset', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'] },
  { group: 'apps', version: 'v1', name: 'replicasets', singularName: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'] },
  { group: 'batch', version: 'v1', name: 'jobs', singularName: 'job', kind: 'Job', namespaced: true },
  { group: 'batch', version: 'v1', name: 'cronjobs', singularName: 'cronjob', kind: 'CronJob', namespaced: true, shortNames: ['cj'] },
  { group: 'networking.k8s.io', version: 'v1', name: 'networkpolicies', singularName: 'networkpolicy', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] },
  { group: 'networking.k8s.io', version: 'v1', name: 'ingresses', singularName: 'ingress', kind: 'Ingress', namespaced: true, shortNames: ['ing'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'roles', singularName: 'role', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'rolebindings', singularName: 'rolebinding', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'clusterroles', singularName: 'clusterrole', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'clusterrolebindings', singularName: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false },
  { group: 'admissionregistration.k8s.io', version: 'v1', name: 'validatingwebhookconfigurations', singularName: 'validatingwebhookconfiguration', kind: 'ValidatingWebhookConfiguration', namespaced: false },
  { group: 'admissionregistration.k8s.io', version: 'v1', name: 'mutatingwebhookconfigurations', singularName: 'mutatingwebhookconfiguration', kind: 'MutatingWebhookConfiguration', namespaced: false },
];

export interface FakeApiServerOptions {
  objects: Record<string, unknown>[];
  version?: Record<string, unknown>;
  token?: string;
  /** Plural resources the token may not list (403 as RBAC answers it). */
  forbidden?: string[];
  /** Plural resource → how many 429s (Retry-After: 0) before it answers. */
  throttled?: Record<string, number>;
  /** Plural resource → delay in ms before answering. */
  slow?: Record<string, number>;
  /** Group-versions whose discovery answers 503 (an aggregated API that is down). */
  unavailableGroups?: string[];
  /** Answer anonymous requests (no Authorization) instead of 401. */
  anonymous?: boolean;
}

export interface FakeApiServer {
  url: string;
  tls: TlsFiles;
  /** Every request: method, path with query, and whether it carried the token. */
  requests: { path: string; authorized: boolean; status: number }[];
  /** A kubeconfig for this server: token user, CA as certificate-authority-data. */
  kubeconfig(options?: { context?: string; token?: string; caFile?: boolean }): Promise<string>;
  close(): Promise<void>;
}

let tlsCache: Promise<TlsFiles> | undefined;

export function loadClusterFixture(): { version: Record<string, unknown>; objects: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(path.resolve('test/fixtures/kube-cluster/objects.json'), 'utf8')) as { version: Record<string, unknown>; objects: Record<string, unknown>[] };
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

export async function startFakeApiServer(options: FakeApiServerOptions): Promise<FakeApiServer> {
  tlsCache ??= mkdtemp(path.join(os.tmpdir(), 'rampart-kube-tls-')).then(makeTlsCert);
  const tls = await tlsCache;
  const token = options.token ?? 'rampart-test-token-4f1c';
  const throttled = new Map(Object.entries(options.throttled ?? {}));
  const requests: FakeApiServer['requests'] = [];
  const byResource = new Map<string, Record<string, unknown>[]>();
  for (const def of RESOURCES) byResource.set(`${def.group}/${def.name}`, []);
  for (const object of options.objects) {
    const apiVersion = String(object.apiVersion);
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const def = RESOURCES.find((r) => r.group === group && r.kind === object.kind);
    if (!def) throw new Error(`fake API server: no resource for ${apiVersion} ${String(object.kind)}`);
    byResource.get(`${def.group}/${def.name}`)?.push(object);
  }
  const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))];

  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const authorized = req.headers.authorization === `Bearer ${token}`;
    const send = (code: number, body: string, headers: Record<string, string> = {}): void => {
      requests.push({ path: url.pathname + url.search, authorized, status: code });
      res.writeHead(code, { 'Content-Type': 'application/json', 'Audit-Id': 'a1b2c3', ...headers });
      res.end(body);
    };
    if (!authorized && !(options.anonymous && req.headers.authorization === undefined)) {
      send(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const p = url.pathname.replace(/\/+$/, '');
    if (p === '/version') return send(200, JSON.stringify(options.version ?? { major: '1', minor: '33', gitVersion: 'v1.33.4', platform: 'linux/amd64' }));
    if (p === '/api') return send(200, JSON.stringify({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }] }));
    if (p === '/apis') {
      return send(200, JSON.stringify({
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } })),
      }));
    }
    const discovery = /^\/(?:api\/(v1)|apis\/([^/]+)\/(v1))$/.exec(p);
    if (discovery) {
      const group = discovery[2] ?? '';
      const gv = group ? `${group}/v1` : 'v1';
      if (options.unavailableGroups?.includes(gv)) return send(503, status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'));
      return send(200, JSON.stringify({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources: RESOURCES.filter((r) => r.group === group).map((r) => ({
          name: r.name, singularName: r.singularName, namespaced: r.namespaced, kind: r.kind,
          verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
          ...(r.shortNames ? { shortNames: r.shortNames } : {}),
        })),
      }));
    }
    const m = /^\/(?:api\/v1|apis\/([^/]+)\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(p);
    if (!m) return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const group = m[1] ?? '';
    const namespace = m[2] ? decodeURIComponent(m[2]) : undefined;
    const resource = m[3] as string;
    const name = m[4] ? decodeURIComponent(m[4]) : undefined;
    const def = RESOURCES.find((r) => r.group === group && r.name === resource);
    if (!def) return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const all = byResource.get(`${group}/${resource}`) ?? [];
    const respond = (): void => {
      const groupText = group === '' ? '""' : `"${group}"`;
      if (options.forbidden?.includes(resource)) {
        const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
        return send(403, status(403, 'Forbidden', `${resource}${group ? `.${group}` : ''} is forbidden: User "system:serviceaccount:rampart:scanner" cannot ${name ? 'get' : 'list'} resource "${resource}" in API group ${groupText} ${scope}`, { kind: resource, ...(group ? { group } : {}) }));
      }
      const left = throttled.get(resource) ?? 0;
      if (left > 0) {
        throttled.set(resource, left - 1);
        return send(429, status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 0 }), { 'Retry-After': '0' });
      }
      if (name) {
        const found = all.find((o) => (o.metadata as { name: string; namespace?: string }).name === name && (!namespace || (o.metadata as { namespace?: string }).namespace === namespace));
        if (!found) return send(404, status(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource }));
        return send(200, JSON.stringify(found));
      }
      const inScope = namespace ? all.filter((o) => (o.metadata as { namespace?: string }).namespace === namespace) : all;
      const limit = Number(url.searchParams.get('limit') ?? 0) || inScope.length;
      const cont = url.searchParams.get('continue');
      const start = cont ? (JSON.parse(Buffer.from(cont, 'base64').toString('utf8')) as { start: number }).start : 0;
      const page = inScope.slice(start, start + limit);
      const next = start + limit < inScope.length ? Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 91234, start: start + limit })).toString('base64') : undefined;
      send(200, JSON.stringify({
        kind: `${def.kind}List`,
        apiVersion: group ? `${group}/v1` : 'v1',
        metadata: { resourceVersion: '91234', ...(next ? { continue: next, remainingItemCount: inScope.length - start - limit } : {}) },
        // Items of a list carry no apiVersion/kind on the wire.
        items: page.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
      }));
    };
    const delay = options.slow?.[resource];
    if (delay) setTimeout(respond, delay);
    else respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tls,
    requests,
    async kubeconfig(k = {}) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-kubeconfig-'));
      const file = path.join(dir, 'config');
      const context = k.context ?? 'test-cluster';
      const ca = k.caFile ? `certificate-authority: ${tls.certPath}` : `certificate-authority-data: ${Buffer.from(tls.cert).toString('base64')}`;
      await writeFile(file, `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: ${url}
    ${ca}
users:
- name: scanner
  user:
    token: ${k.token ?? token}
contexts:
- name: ${context}
  context: {cluster: fake, user: scanner}
- name: other
  context: {cluster: fake, user: scanner, namespace: payments}
current-context: ${context}
`);
      return file;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
