import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeResource } from '../../../src/model/index.js';
import { collectCluster, NamespaceNotFoundError } from '../../../src/sources/kube/cluster.js';
import { ClusterConfigError, loadClusterTarget } from '../../../src/sources/kube/cluster-config.js';
import { KubeApiClient } from '../../../src/sources/kube/cluster-http.js';
import { probeAnonymous } from '../../../src/sources/kube/cluster-probe.js';
import { loadClusterFixture, startFakeApiServer, type FakeApiServer } from '../../helpers/kube-apiserver.js';

const fixture = loadClusterFixture();
let server: FakeApiServer;

before(async () => {
  server = await startFakeApiServer({ objects: fixture.objects, version: fixture.version });
});
after(async () => server.close());

async function collect(srv: FakeApiServer, extra: Partial<Parameters<typeof collectCluster>[1]> = {}, kubeconfig?: string) {
  const target = loadClusterTarget({ kubeconfig: kubeconfig ?? (await srv.kubeconfig()) });
  const seen: { resource: KubeResource; controlled: boolean }[] = [];
  const result = await collectCluster(target, { backoffMs: 5, ...extra, onResource: (resource, { controlled }) => seen.push({ resource, controlled }) });
  return { result, seen, target };
}

test('lists every kind through a token-authenticated kubeconfig with a custom CA, page by page (wire format served locally)', async () => {
  const { result, seen } = await collect(server, { pageSize: 1 });
  assert.deepEqual(result.unavailable, []);
  assert.equal(result.version?.gitVersion, 'v1.33.4');
  assert.equal(result.counts.get('Pod'), 3);
  assert.equal(result.counts.get('Namespace'), 3);
  assert.equal(result.counts.get('ValidatingWebhookConfiguration'), 1);
  assert.ok(server.requests.every((r) => r.authorized), 'every request carried the bearer token');
  // Three pods at limit=1: the first page and two continue tokens.
  const podPages = server.requests.filter((r) => r.path.startsWith('/api/v1/pods?'));
  assert.equal(podPages.length, 3);
  assert.equal(podPages.filter((r) => r.path.includes('continue=')).length, 2);
  const pod = seen.find((s) => s.resource.name === 'debug-shell');
  assert.ok(pod);
  assert.equal(pod.resource.kind, 'Pod');
  assert.equal(pod.resource.apiVersion, 'v1');
  assert.equal(pod.resource.object.kind, 'Pod', 'kind restored on the object from the list kind');
  assert.equal(pod.resource.namespace, 'default');
  assert.equal(pod.resource.cluster, 'test-cluster');
  assert.equal(pod.resource.source, server.url);
  assert.equal(pod.resource.lineOf(['spec']), undefined);
  const deployment = seen.find((s) => s.resource.kind === 'Deployment');
  assert.equal(deployment?.resource.apiVersion, 'apps/v1');
  const ns = seen.find((s) => s.resource.name === 'default' && s.resource.kind === 'Namespace');
  assert.equal((ns?.resource.object.metadata as Record<string, unknown>).managedFields, undefined, 'managedFields dropped');
  const payments = seen.find((s) => s.resource.name === 'payments' && s.resource.kind === 'Namespace');
  assert.equal(((payments?.resource.object.metadata as Record<string, unknown>).annotations as Record<string, unknown>)['kubectl.kubernetes.io/last-applied-configuration'], undefined);
});

test('objects a controller owns are flagged, so the Deployment is analysed once, not once per pod (wire format served locally)', async () => {
  const { seen } = await collect(server);
  const controlled = seen.filter((s) => s.controlled).map((s) => `${s.resource.kind}/${s.resource.name}`).sort();
  assert.deepEqual(controlled, ['Pod/api-7d9f8c6b5-q8d4m', 'Pod/api-7d9f8c6b5-x2x7k', 'ReplicaSet/api-7d9f8c6b5']);
  // Pods arrive after their ReplicaSets, which arrive after Deployments.
  const order = seen.map((s) => s.resource.kind);
  assert.ok(order.lastIndexOf('Deployment') < order.indexOf('ReplicaSet'));
  assert.ok(order.lastIndexOf('ReplicaSet') < order.indexOf('Pod'));
});

test('a 403, a timeout and a 503 API group are unavailable inputs with resource, verb and error; a 429 is retried (wire format served locally)', async () => {
  const faulty = await startFakeApiServer({
    objects: fixture.objects,
    forbidden: ['pods', 'clusterrolebindings'],
    throttled: { deployments: 2 },
    slow: { networkpolicies: 1500 },
    unavailableGroups: ['admissionregistration.k8s.io/v1'],
  });
  try {
    const { result, seen } = await collect(faulty, { timeoutMs: 300, retries: 2 });
    const byKind = new Map(result.unavailable.map((u) => [u.kind, u]));
    assert.equal(byKind.get('Pod')?.verb, 'list');
    assert.match(byKind.get('Pod')?.reason ?? '', /^list pods in all namespaces: 403 Forbidden: pods is forbidden: User "system:serviceaccount:rampart:scanner" cannot list resource "pods"/);
    assert.match(byKind.get('ClusterRoleBinding')?.reason ?? '', /clusterrolebindings\.rbac\.authorization\.k8s\.io cluster-wide: 403/);
    assert.match(byKind.get('NetworkPolicy')?.reason ?? '', /networkpolicies\.networking\.k8s\.io .*timed out after 0\.3 s/);
    assert.equal(byKind.get('ValidatingWebhookConfiguration')?.verb, 'discover');
    assert.match(byKind.get('ValidatingWebhookConfiguration')?.reason ?? '', /GET \/apis\/admissionregistration\.k8s\.io\/v1: 503 Service Unavailable/);
    assert.ok(!byKind.has('Deployment'), 'two 429s then success');
    assert.equal(result.counts.get('Deployment'), 1);
    assert.equal(faulty.requests.filter((r) => r.path.startsWith('/apis/apps/v1/deployments') && r.status === 429).length, 2);
    assert.ok(!seen.some((s) => s.resource.kind === 'Pod'));
    // With pods forbidden, the ReplicaSet's owner is complete, yet no pod is ever hidden as controlled.
    assert.ok(seen.some((s) => s.resource.kind === 'Namespace'));
  } finally {
    await faulty.close();
  }
});

test('-n limits the lists to one namespace; a namespace that does not exist is an error, not a clean pass (wire format served locally)', async () => {
  const { result, seen } = await collect(server, { namespace: 'payments' });
  assert.ok(seen.every((s) => s.resource.namespace === 'payments' || ['ClusterRole', 'ClusterRoleBinding', 'Namespace'].includes(s.resource.kind)));
  assert.equal(result.counts.get('Pod'), 2);
  assert.equal(result.counts.has('ValidatingWebhookConfiguration'), false);
  assert.ok(server.requests.some((r) => r.path === '/api/v1/namespaces/payments'));
  assert.ok(server.requests.some((r) => r.path.startsWith('/api/v1/namespaces/payments/pods?limit=')));
  await assert.rejects(collect(server, { namespace: 'paymnets' }), (err: unknown) => err instanceof NamespaceNotFoundError && /namespace "paymnets" not found in cluster test-cluster/.test(err.message));
});

test('a wrong token leaves every kind unavailable with the 401, never an empty cluster (wire format served locally)', async () => {
  const { result, seen } = await collect(server, {}, await server.kubeconfig({ token: 'expired' }));
  assert.equal(seen.length, 0);
  assert.ok(result.unavailable.length >= 20);
  assert.ok(result.unavailable.every((u) => /401 Unauthorized/.test(u.reason)));
  assert.match(result.versionError ?? '', /401/);
});

test('kubeconfig: --context selects a context, an unknown one is refused with the known ones, a CA file works (wire format served locally)', async () => {
  const file = await server.kubeconfig({ caFile: true });
  const other = loadClusterTarget({ kubeconfig: file, context: 'other' });
  assert.equal(other.context, 'other');
  assert.equal(other.namespace, 'payments');
  assert.equal(other.server, server.url);
  assert.throws(() => loadClusterTarget({ kubeconfig: file, context: 'prod' }), (err: unknown) => err instanceof ClusterConfigError && /context "prod" not found.*test-cluster, other/.test(err.message));
  assert.throws(() => loadClusterTarget({ kubeconfig: '/nonexistent/kubeconfig' }), /\/nonexistent\/kubeconfig: kubeconfig not found/);
  const { result } = await collect(server, { kinds: new Set(['Namespace']) }, file);
  assert.equal(result.counts.get('Namespace'), 3);
  assert.deepEqual([...result.counts.keys()], ['Namespace']);
});

test('the anonymous probe sends no credentials: 401 when anonymous access is off, 200 when on (wire format served locally)', async () => {
  const closed = loadClusterTarget({ kubeconfig: await server.kubeconfig() });
  const answers = await probeAnonymous(new KubeApiClient(closed.kubeConfig, closed.server));
  assert.deepEqual(answers.map((a) => a.status), [401, 401, 401]);
  assert.ok(server.requests.filter((r) => r.status === 401).every((r) => !r.authorized));
  const open = await startFakeApiServer({ objects: fixture.objects, anonymous: true });
  try {
    const target = loadClusterTarget({ kubeconfig: await open.kubeconfig() });
    const openAnswers = await probeAnonymous(new KubeApiClient(target.kubeConfig, target.server));
    assert.deepEqual(openAnswers.map((a) => [a.path, a.status]), [['/api', 200], ['/apis', 200], ['/api/v1/pods?limit=1', 200]]);
    assert.ok(open.requests.every((r) => !r.authorized));
  } finally {
    await open.close();
  }
});
