import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/model/index.js';
import { rampart, type CliResult } from '../helpers/cli.js';
import { loadClusterFixture, startFakeApiServer, type FakeApiServer } from '../helpers/kube-apiserver.js';

const fixture = loadClusterFixture();
let server: FakeApiServer;
let restricted: FakeApiServer;
let dir: string;

/** The real CLI; KUBECONFIG emptied so only --kubeconfig is read. */
function rampartCluster(args: string[]): Promise<CliResult> {
  return rampart(['cluster', ...args], { env: { KUBECONFIG: '' } });
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-cluster-cli-'));
  server = await startFakeApiServer({ objects: fixture.objects, version: fixture.version });
  restricted = await startFakeApiServer({ objects: fixture.objects, version: fixture.version, forbidden: ['networkpolicies', 'pods'] });
});
after(async () => {
  await server.close();
  await restricted.close();
});

test('rampart cluster: workload, RBAC, network and cluster checks in one JSON report, images listed by digest (wire format served locally)', async () => {
  const imagesOut = path.join(dir, 'images.json');
  const r = await rampartCluster(['--kubeconfig', await server.kubeconfig({ context: 'prod-sh' }), '--format', 'json', '--images-out', imagesOut, '--no-progress']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  const failed = new Set(report.findings.filter((f) => f.status === 'fail').map((f) => f.checkId));
  for (const id of ['pod.privileged', 'pod.host-network', 'rbac.secrets-read', 'cluster.webhook-fail-open', 'cluster.webhook-blocks-system', 'cluster.webhook-timeout', 'cluster.version-unsupported']) assert.ok(failed.has(id), `${id} expected`);
  assert.equal(report.summary.findings.notEvaluated, 0);
  // The Deployment is judged once: its ReplicaSet and two pods add no duplicate findings.
  assert.ok(!report.findings.some((f) => f.asset.kind === 'ReplicaSet' || f.asset.name.includes('api-7d9f8c6b5')));
  assert.ok(report.findings.every((f) => f.asset.cluster === 'prod-sh' || f.asset.type !== 'k8s-object'));
  assert.equal(report.findings.find((f) => f.checkId === 'pod.privileged')?.location.file, server.url);
  assert.ok(report.namespaces.some((n) => n.name === 'payments' && n.enforce === 'restricted'));
  const images = JSON.parse(await readFile(imagesOut, 'utf8')) as { images: { reference: string; workloads: string[] }[] };
  assert.deepEqual(images.images.map((i) => i.workloads).sort(), [['default/Pod/debug-shell'], ['payments/Deployment/api']]);
  assert.match(r.stderr, /2 images in use \(2 by digest, 0 by tag only\)/);
});

test('rampart cluster: forbidden kinds make dependent checks not-evaluated, counted in the summary and on stderr, exit 2 (wire format served locally)', async () => {
  const r = await rampartCluster(['--kubeconfig', await restricted.kubeconfig(), '--format', 'json', '--no-progress', '--scanners', 'misconfig,network']);
  assert.equal(r.code, 2, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.ok(report.summary.findings.notEvaluated > 0);
  const ne = report.findings.filter((f) => f.status === 'not-evaluated');
  assert.ok(ne.some((f) => f.checkId === 'network.namespace-default-deny-ingress' && /NetworkPolicy: list networkpolicies\.networking\.k8s\.io in all namespaces: 403 Forbidden/.test(f.reason?.en ?? '')));
  assert.ok(ne.some((f) => f.checkId === 'pod.privileged' && /Pod: list pods/.test(f.reason?.en ?? '')));
  assert.ok(!report.findings.some((f) => f.checkId.startsWith('network.') && f.status === 'fail'), 'no network verdict without the policies');
  assert.ok(!report.findings.some((f) => f.checkId.startsWith('rbac.')), 'rbac scanner not selected');
  assert.match(r.stderr, new RegExp(`rampart: ${report.summary.findings.notEvaluated} check results not evaluated \\(input could not be read\\)`));
  assert.match(r.stderr, /Pod not read \(list\): list pods in all namespaces: 403 Forbidden/);
  assert.ok(report.inputErrors.some((e) => /NetworkPolicy not read/.test(e.message)));
});

test('rampart cluster: an unknown namespace or context is an input error (exit 2); -n scopes the findings (wire format served locally)', async () => {
  const kubeconfig = await server.kubeconfig();
  const missing = await rampartCluster(['--kubeconfig', kubeconfig, '-n', 'paymnets', '--no-progress']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /namespace "paymnets" not found in cluster test-cluster/);
  assert.equal(missing.stdout, '');
  const context = await rampartCluster(['--kubeconfig', kubeconfig, '--context', 'prod', '--no-progress']);
  assert.equal(context.code, 2);
  assert.match(context.stderr, /context "prod" not found in the kubeconfig \(contexts: test-cluster, other\)/);
  const scoped = await rampartCluster(['--kubeconfig', kubeconfig, '-n', 'payments', '--format', 'json', '--no-progress', '--fail-on', 'high']);
  const report = JSON.parse(scoped.stdout) as Report;
  assert.ok(report.findings.filter((f) => f.asset.type === 'k8s-object' && f.asset.namespace).every((f) => f.asset.namespace === 'payments'));
  assert.equal(scoped.code, 1, 'a high finding with --fail-on high');
});
