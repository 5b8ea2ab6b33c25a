/**
 * Benchmark: `rampart cluster` against a local fake API server (HTTPS on 127.0.0.1, the real list
 * wire format with continue tokens) serving 5,000 recorded resources: 2,000 pods (owned by 400
 * ReplicaSets of 400 Deployments, plus bare pods), namespaces, services, service accounts, RBAC and
 * network policies. Prints wall time and peak RSS of the measured process. Target: under 10 s and
 * under 500 MB. Never fails a test run.
 */
import { spawnSync, spawn } from 'node:child_process';
import https from 'node:https';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPORT_PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('RAMPART_BENCH_MAXRSS '+process.resourceUsage().maxRSS+'\\n'))`;


type Obj = Record<string, unknown>;

function pod(i: number, owner?: { rs: string; uid: string }, ns = `team-${i % 40}`): Obj {
  const app = owner ? owner.rs.replace(/-[a-z0-9]+$/, '') : `debug-${i}`;
  return {
    metadata: { name: owner ? `${owner.rs}-${i.toString(36).padStart(5, 'x')}` : `debug-${i}`, namespace: ns, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, resourceVersion: String(10_000 + i), labels: { app },
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.rs, uid: owner.uid, controller: true, blockOwnerDeletion: true }] } : {}),
      managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': {} }, 'f:spec': { 'f:containers': {} } } }] },
    spec: { serviceAccountName: app, nodeName: `worker-${i % 50}`, hostNetwork: !owner, containers: [{ name: 'app', image: `registry.bank.example/payments/${app}:1.${i % 9}.0`, resources: { limits: { cpu: '500m', memory: '256Mi' } }, securityContext: { allowPrivilegeEscalation: false, privileged: !owner } }] },
    status: { phase: 'Running', podIP: `10.244.${i % 250}.${i % 200}`, containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: `registry.bank.example/payments/${app}:1.${i % 9}.0`, imageID: `registry.bank.example/payments/${app}@sha256:${(i % 400).toString(16).padStart(64, '0')}`, containerID: `containerd://${i.toString(16).padStart(64, '0')}`, state: { running: { startedAt: '2026-11-20T10:00:00Z' } } }] },
  };
}

function template(app: string, hash?: string): Obj {
  return { metadata: { labels: { app, ...(hash ? { 'pod-template-hash': hash } : {}) } }, spec: { serviceAccountName: app, containers: [{ name: 'app', image: `registry.bank.example/payments/${app}:1.0.0`, resources: { limits: { cpu: '500m', memory: '256Mi' } }, securityContext: { allowPrivilegeEscalation: false } }] } };
}

function estate(): Map<string, { kind: string; apiVersion: string; items: Obj[] }> {
  const lists = new Map<string, { kind: string; apiVersion: string; items: Obj[] }>();
  const put = (p: string, kind: string, apiVersion: string, items: Obj[]): void => void lists.set(p, { kind, apiVersion, items });
  const namespaces = Array.from({ length: 40 }, (_, i) => ({ metadata: { name: `team-${i}`, labels: { 'kubernetes.io/metadata.name': `team-${i}`, ...(i % 2 ? { 'pod-security.kubernetes.io/enforce': 'baseline' } : {}) } } }));
  put('/api/v1/namespaces', 'NamespaceList', 'v1', namespaces);
  const deployments: Obj[] = [];
  const replicaSets: Obj[] = [];
  const pods: Obj[] = [];
  for (let d = 0; d < 400; d++) {
    const ns = `team-${d % 40}`;
    const app = `app-${d}`;
    const uid = `11111111-0000-4000-8000-${String(d).padStart(12, '0')}`;
    const rs = `${app}-5f7c9d${(d % 1000).toString(36)}`;
    deployments.push({ metadata: { name: app, namespace: ns, uid: `22222222-0000-4000-8000-${String(d).padStart(12, '0')}` }, spec: { replicas: 4, selector: { matchLabels: { app } }, template: template(app) } });
    replicaSets.push({ metadata: { name: rs, namespace: ns, uid, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: app, uid: 'x', controller: true }] }, spec: { replicas: 4, template: template(app, 'h') } });
    for (let k = 0; k < 4; k++) pods.push(pod(d * 4 + k, { rs, uid }, ns));
  }
  for (let i = 1600; i < 2000; i++) pods.push(pod(i));
  put('/apis/apps/v1/deployments', 'DeploymentList', 'apps/v1', deployments);
  put('/apis/apps/v1/replicasets', 'ReplicaSetList', 'apps/v1', replicaSets);
  put('/api/v1/pods', 'PodList', 'v1', pods);
  put('/api/v1/services', 'ServiceList', 'v1', deployments.slice(0, 400).map((d) => ({ metadata: { name: (d.metadata as Obj).name, namespace: (d.metadata as Obj).namespace }, spec: { type: 'ClusterIP', selector: { app: (d.metadata as Obj).name }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } })));
  put('/api/v1/serviceaccounts', 'ServiceAccountList', 'v1', deployments.slice(0, 400).map((d) => ({ metadata: { name: (d.metadata as Obj).name, namespace: (d.metadata as Obj).namespace } })));
  put('/apis/rbac.authorization.k8s.io/v1/roles', 'RoleList', 'rbac.authorization.k8s.io/v1', Array.from({ length: 530 }, (_, i) => ({ metadata: { name: `role-${i}`, namespace: `team-${i % 40}` }, rules: [{ apiGroups: [''], resources: i % 10 ? ['configmaps'] : ['secrets'], verbs: ['get', 'list'] }] })));
  put('/apis/rbac.authorization.k8s.io/v1/rolebindings', 'RoleBindingList', 'rbac.authorization.k8s.io/v1', Array.from({ length: 530 }, (_, i) => ({ metadata: { name: `rb-${i}`, namespace: `team-${i % 40}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `role-${i}` }, subjects: [{ kind: 'ServiceAccount', name: `app-${i}`, namespace: `team-${i % 40}` }] })));
  put('/apis/rbac.authorization.k8s.io/v1/clusterroles', 'ClusterRoleList', 'rbac.authorization.k8s.io/v1', Array.from({ length: 100 }, (_, i) => ({ metadata: { name: `cr-${i}` }, rules: [{ apiGroups: ['*'], resources: i % 20 ? ['pods'] : ['*'], verbs: ['get', 'list', 'watch'] }] })));
  put('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'ClusterRoleBindingList', 'rbac.authorization.k8s.io/v1', Array.from({ length: 100 }, (_, i) => ({ metadata: { name: `crb-${i}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `cr-${i}` }, subjects: [{ kind: 'Group', name: `team-${i}`, apiGroup: 'rbac.authorization.k8s.io' }] })));
  put('/apis/networking.k8s.io/v1/networkpolicies', 'NetworkPolicyList', 'networking.k8s.io/v1', Array.from({ length: 100 }, (_, i) => ({ metadata: { name: `np-${i}`, namespace: `team-${i % 40}` }, spec: { podSelector: i % 3 ? { matchLabels: { app: `app-${i}` } } : {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }] }] } })));
  return lists;
}

const RESOURCES: [string, string, string, boolean][] = [
  ['', 'namespaces', 'Namespace', false], ['', 'pods', 'Pod', true], ['', 'services', 'Service', true], ['', 'serviceaccounts', 'ServiceAccount', true], ['', 'replicationcontrollers', 'ReplicationController', true],
  ['apps', 'deployments', 'Deployment', true], ['apps', 'statefulsets', 'StatefulSet', true], ['apps', 'daemonsets', 'DaemonSet', true], ['apps', 'replicasets', 'ReplicaSet', true],
  ['batch', 'jobs', 'Job', true], ['batch', 'cronjobs', 'CronJob', true], ['networking.k8s.io', 'networkpolicies', 'NetworkPolicy', true], ['networking.k8s.io', 'ingresses', 'Ingress', true],
  ['rbac.authorization.k8s.io', 'roles', 'Role', true], ['rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding', true], ['rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole', false], ['rbac.authorization.k8s.io', 'clusterrolebindings', 'ClusterRoleBinding', false],
  ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false], ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false],
];

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rampart-bench-cluster-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl is needed for the benchmark's TLS certificate: ${made.stderr}`);
  const lists = estate();
  const total = [...lists.values()].reduce((n, l) => n + l.items.length, 0);
  const groups = [...new Set(RESOURCES.map((r) => r[0]).filter(Boolean))];
  const server = https.createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const json = (code: number, body: unknown): void => void res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    const p = url.pathname;
    if (p === '/version') return json(200, { major: '1', minor: '35', gitVersion: 'v1.35.9', platform: 'linux/amd64' });
    if (p === '/api') return json(200, { kind: 'APIVersions', versions: ['v1'] });
    if (p === '/apis') return json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } })) });
    const disc = /^\/(?:api\/v1|apis\/([^/]+)\/v1)$/.exec(p);
    if (disc) return json(200, { kind: 'APIResourceList', groupVersion: disc[1] ? `${disc[1]}/v1` : 'v1', resources: RESOURCES.filter((r) => r[0] === (disc[1] ?? '')).map(([, name, kind, namespaced]) => ({ name, kind, namespaced, verbs: ['get', 'list', 'watch'] })) });
    const def = RESOURCES.find(([g, name]) => p === (g ? `/apis/${g}/v1/${name}` : `/api/v1/${name}`));
    if (!def) return json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
    const list = lists.get(p) ?? { kind: `${def[2]}List`, apiVersion: def[0] ? `${def[0]}/v1` : 'v1', items: [] };
    const limit = Number(url.searchParams.get('limit') ?? 500);
    const start = Number(url.searchParams.get('continue') ?? 0);
    const next = start + limit < list.items.length ? String(start + limit) : undefined;
    json(200, { kind: list.kind, apiVersion: list.apiVersion, metadata: { resourceVersion: '777', ...(next ? { continue: next } : {}) }, items: list.items.slice(start, start + limit) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = path.join(dir, 'config');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters: [{name: bench, cluster: {server: "${url}", certificate-authority-data: ${readFileSync(cert).toString('base64')}}}]\nusers: [{name: bench, user: {token: bench-token}}]\ncontexts: [{name: bench, context: {cluster: bench, user: bench}}]\ncurrent-context: bench\n`);
  if (process.env.BENCH_SERVE_ONLY) {
    // Keeps the fake API server up for profiling: `rampart cluster --kubeconfig <printed path>`.
    console.log(kubeconfig);
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const runs: { ms: number; rssMb: number }[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const child = spawn(process.execPath, [...loader, '--import', REPORT_PEAK_RSS, self, '--child', '--kubeconfig', kubeconfig, '--format', 'json', '--output', path.join(dir, 'report.json'), '--no-progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`rampart cluster exited ${code}: ${stderr.slice(-2000)}`);
    runs.push({ ms, rssMb: Number(/RAMPART_BENCH_MAXRSS (\d+)/.exec(stderr)?.[1]) / 1024 });
  }
  server.close();
  const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
  const peak = Math.max(...runs.map((r) => r.rssMb));
  console.log(`rampart cluster: ${total} resources (${lists.get('/api/v1/pods')?.items.length} pods) from a local fake API server over HTTPS, pages of 500`);
  console.log(`  wall time ${(best.ms / 1000).toFixed(2)} s (target < 10 s), peak RSS ${peak.toFixed(0)} MB (target < 500 MB); best of ${runs.length}`);
}

if (process.argv[2] === '--child') {
  // The measured process: `rampart cluster` in-process (main.ts registers the command separately).
  const { clusterCommand } = await import('../src/cli/commands/cluster.js');
  await clusterCommand().parseAsync(process.argv.slice(3), { from: 'user' });
} else {
  await main();
}
