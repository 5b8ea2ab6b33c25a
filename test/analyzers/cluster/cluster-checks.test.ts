import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAnalysis } from '../../../src/analyzers/cluster/index.js';
import { ImagesInUse, pinnedReference } from '../../../src/analyzers/cluster/images-in-use.js';
import { judgeVersion } from '../../../src/analyzers/cluster/version.js';
import { webhookBlocksSystem, webhookFailOpen, webhookTimeout } from '../../../src/analyzers/cluster/webhooks.js';
import { KubeAnalysis } from '../../../src/analyzers/kube-analysis.js';
import { loadFrameworks } from '../../../src/catalog/index.js';
import type { KubeObject, KubeResource } from '../../../src/model/index.js';
import { loadClusterFixture } from '../../helpers/kube-apiserver.js';

const TODAY = new Date('2026-11-23T12:00:00Z');

function resource(object: KubeObject): KubeResource {
  const metadata = object.metadata as { name: string; namespace?: string };
  const r: KubeResource = { apiVersion: String(object.apiVersion), kind: String(object.kind), name: metadata.name, object, source: 'https://10.0.0.1:6443', cluster: 'prod', lineOf: () => undefined };
  if (metadata.namespace) r.namespace = metadata.namespace;
  return r;
}
const fixture = loadClusterFixture().objects.map((o) => resource(structuredClone(o)));
const byName = (name: string): KubeResource => fixture.find((r) => r.name === name) as KubeResource;

test('webhooks: a fail-open policy engine, a fail-closed injector that can block kube-system, a 30 s timeout', () => {
  const gatekeeper = byName('gatekeeper-validating-webhook-configuration');
  const injector = byName('sidecar-injector');
  assert.deepEqual(webhookFailOpen.run(gatekeeper).map((v) => v.subject), ['webhook:validation.gatekeeper.sh']);
  assert.deepEqual(webhookFailOpen.run(injector), [], 'not a security webhook, and it fails closed');
  // Gatekeeper's selector (ignore label DoesNotExist) matches kube-system, but it fails open.
  assert.deepEqual(webhookBlocksSystem.run(gatekeeper), []);
  const blocks = webhookBlocksSystem.run(injector);
  assert.equal(blocks.length, 1);
  assert.deepEqual(blocks[0]?.path, ['webhooks', 0, 'namespaceSelector']);
  assert.deepEqual(webhookTimeout.run(injector).map((v) => v.evidence), ['timeoutSeconds: 30']);
  assert.deepEqual(webhookTimeout.run(gatekeeper), []);
  // Excluding kube-system by its immutable name label clears the finding.
  const fixed = structuredClone(injector.object);
  ((fixed.webhooks as Record<string, unknown>[])[0] as Record<string, unknown>).namespaceSelector = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'mesh-system'] }] };
  assert.deepEqual(webhookBlocksSystem.run(resource(fixed)), []);
});

test('version: judged against the end-of-life table on the scan date', () => {
  const v = (minor: string, git: string) => ({ major: '1', minor, gitVersion: git });
  assert.equal(judgeVersion(v('35', 'v1.35.9'), TODAY)?.unsupported, undefined);
  assert.equal(judgeVersion(v('34', 'v1.34.8'), TODAY)?.unsupported?.endOfLife, '2026-10-27');
  assert.equal(judgeVersion(v('34', 'v1.34.8'), new Date('2026-10-27T00:00:00Z'))?.unsupported, undefined, 'supported through its last day');
  assert.match(judgeVersion(v('30+', 'v1.30.5-eks-ce1d5eb'), TODAY)?.unsupported?.message.en ?? '', /v1\.30\.5-eks-ce1d5eb \(1\.30\), out of upstream support since 2025-07-15.*supported: 1\.35, 1\.36, 1\.37/);
  assert.ok(judgeVersion(v('19', 'v1.19.16'), TODAY)?.unsupported, 'older than the table');
  assert.equal(judgeVersion(v('41', 'v1.41.0'), TODAY)?.unknown, true, 'newer than the table is not judged');
});

test('cluster analysis: version finding, anonymous 200s, and not-evaluated when /version or the webhooks could not be read', () => {
  const frameworks = loadFrameworks();
  const analysis = new ClusterAnalysis({ frameworks, cluster: 'prod', source: 'https://10.0.0.1:6443', today: TODAY });
  for (const r of fixture) analysis.add(r);
  analysis.serverVersion({ major: '1', minor: '33', gitVersion: 'v1.33.4' });
  analysis.anonymous([{ path: '/api', status: 200, detail: '200 OK' }, { path: '/api/v1/pods?limit=1', status: 403, detail: '403 Forbidden' }]);
  const findings = analysis.finish();
  const ids = findings.map((f) => `${f.checkId}:${f.status}`).sort();
  assert.deepEqual(ids, ['cluster.anonymous-api:fail', 'cluster.version-unsupported:fail', 'cluster.webhook-blocks-system:fail', 'cluster.webhook-fail-open:fail', 'cluster.webhook-timeout:fail']);
  assert.ok(findings.every((f) => f.controls.length > 0));
  assert.equal(findings.find((f) => f.checkId === 'cluster.version-unsupported')?.asset.ref, 'k8s://prod//Cluster/prod');

  const blind = new ClusterAnalysis({ frameworks, cluster: 'prod', source: 'https://10.0.0.1:6443', today: TODAY });
  blind.unavailable(new Map([['MutatingWebhookConfiguration', 'list mutatingwebhookconfigurations.admissionregistration.k8s.io cluster-wide: 403 Forbidden']]));
  blind.serverVersion(undefined, 'GET /version: timed out after 30 s');
  const notEvaluated = blind.finish();
  assert.equal(notEvaluated.length, 4);
  assert.ok(notEvaluated.every((f) => f.status === 'not-evaluated' && f.reason?.en));
  assert.match(notEvaluated.find((f) => f.checkId === 'cluster.webhook-timeout')?.reason?.en ?? '', /MutatingWebhookConfiguration: list mutatingwebhookconfigurations.* 403 Forbidden/);
});

test('unavailable kinds: checks across objects that need them report not-evaluated instead of false findings', () => {
  const frameworks = loadFrameworks();
  const withoutPolicies = fixture.filter((r) => r.kind !== 'NetworkPolicy' && r.kind !== 'Role');
  const run = (unavailable?: Map<string, string>) => {
    const analysis = new KubeAnalysis({ frameworks, pssVersion: 'latest', ...(unavailable ? { unavailable: { cluster: 'prod', kinds: unavailable } } : {}) });
    for (const r of withoutPolicies) analysis.add(r);
    return analysis.finish().findings;
  };
  // Blind, the scan would claim payments has no default deny and the binding's Role is missing.
  const naive = run();
  assert.ok(naive.some((f) => f.checkId === 'network.namespace-default-deny-ingress' && f.asset.name.includes('payments')));
  assert.ok(naive.some((f) => f.checkId === 'rbac.missing-role'));
  const honest = run(new Map([['NetworkPolicy', 'list networkpolicies.networking.k8s.io in all namespaces: 403 Forbidden'], ['Role', 'list roles.rbac.authorization.k8s.io in all namespaces: timed out after 30 s']]));
  assert.ok(!honest.some((f) => f.status === 'fail' && (f.checkId.startsWith('network.') || f.checkId.startsWith('rbac.'))));
  const ne = honest.filter((f) => f.status === 'not-evaluated');
  assert.ok(ne.some((f) => f.checkId === 'network.namespace-default-deny-ingress' && /NetworkPolicy: list networkpolicies.*403 Forbidden/.test(f.reason?.en ?? '')));
  assert.ok(ne.some((f) => f.checkId === 'rbac.missing-role' && /Role: .*timed out/.test(f.reason?.en ?? '')));
  // Workload checks still judge the pods that were read, and are not blocked by RBAC or policy kinds.
  assert.ok(honest.some((f) => f.checkId === 'pod.privileged' && f.status === 'fail'));
  assert.ok(!ne.some((f) => f.checkId === 'pod.privileged'));
});

test('images in use: by digest from containerStatuses, resolved to the Deployment, spec image when no digest', () => {
  const images = new ImagesInUse();
  for (const r of fixture) images.add(r);
  const pending = resource({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new', namespace: 'payments' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] }, status: { phase: 'Pending' } });
  images.add(pending);
  const list = images.list();
  const api = list.find((i) => i.reference.startsWith('registry.bank.example/payments/api@sha256:'));
  assert.ok(api);
  assert.equal(api.digest, 'sha256:3f1d0a6c1b8e2f4a5d7c9e0b1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e');
  assert.deepEqual(api.workloads, ['payments/Deployment/api']);
  assert.equal(api.pods, 2);
  assert.deepEqual(api.specImages, ['registry.bank.example/payments/api:1.4.2']);
  assert.deepEqual(list.find((i) => i.reference.startsWith('docker.io/library/busybox@'))?.workloads, ['default/Pod/debug-shell']);
  const nginx = list.find((i) => i.reference === 'nginx:1.27');
  assert.equal(nginx?.digest, undefined);
  assert.equal(pinnedReference('docker-pullable://nginx@sha256:' + 'a'.repeat(64))?.reference, `nginx@sha256:${'a'.repeat(64)}`);
  assert.equal(pinnedReference(`sha256:${'b'.repeat(64)}`), undefined, 'a local image id is not pullable');
});
