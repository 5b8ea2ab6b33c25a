import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespaceDefaultDenyEgress, namespaceDefaultDenyIngress } from '../../../src/analyzers/network/default-deny.js';
import { inventoryViolations, namespace } from '../../helpers/inventory.js';
import { policy, workload } from './fixtures.js';

const SHOP = [namespace('shop'), workload('shop', 'web', { app: 'web' }, [['http', 8080]]), workload('shop', 'db', { app: 'db' }, [['pg', 5432]])];

test('network.namespace-default-deny-ingress fails a namespace without NetworkPolicy, on its Namespace object', async () => {
  const found = await inventoryViolations(namespaceDefaultDenyIngress, SHOP.join('---\n'));
  assert.equal(found.length, 1);
  const [v] = found;
  assert.equal(v?.resource.kind, 'Namespace');
  assert.deepEqual(v?.path, ['metadata', 'name']);
  assert.equal(v?.subject, 'networkpolicy:default-deny-ingress');
  assert.equal(v?.asset?.ref, 'k8s:////Namespace/shop');
  assert.equal(v?.message.en, 'namespace shop has no NetworkPolicy: its 2 workload(s) accept connections from any pod of any namespace and from any address');
  assert.match(v?.message.zh ?? '', /命名空间 shop 没有任何 NetworkPolicy/);
});

test('network.namespace-default-deny-ingress passes with podSelector {} isolating ingress, and egress still fails', async () => {
  const text = [...SHOP, policy('shop', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]\n')].join('---\n');
  assert.deepEqual(await inventoryViolations(namespaceDefaultDenyIngress, text), []);
  const egress = await inventoryViolations(namespaceDefaultDenyEgress, text);
  assert.equal(egress.length, 1);
  assert.match(egress[0]?.message.en ?? '', /no NetworkPolicy of namespace shop selects every pod for egress: 2 of 2 workload\(s\) \(shop\/db, shop\/web\) may connect to any pod and any address, including the internet/);
});

test('network.namespace-default-deny-egress: egress: [] without policyTypes does not count; policyTypes [Egress] does', async () => {
  const notEgress = [...SHOP, policy('shop', 'deny', '  podSelector: {}\n  egress: []\n')].join('---\n');
  assert.equal((await inventoryViolations(namespaceDefaultDenyEgress, notEgress)).length, 1);
  const egress = [...SHOP, policy('shop', 'deny', '  podSelector: {}\n  policyTypes: [Egress]\n')].join('---\n');
  assert.deepEqual(await inventoryViolations(namespaceDefaultDenyEgress, egress), []);
});

test('policies selecting only some workloads name those left open; selecting all of them today still fails for later ones', async () => {
  const some = [...SHOP, policy('shop', 'db', '  podSelector: {matchLabels: {app: db}}\n  ingress: []\n')].join('---\n');
  const [partial] = await inventoryViolations(namespaceDefaultDenyIngress, some);
  assert.match(partial?.message.en ?? '', /1 of 2 workload\(s\) \(shop\/web\) accept connections/);
  assert.equal(partial?.evidence, 'ingress policies: db');
  const all = [...SHOP, policy('shop', 'db', '  podSelector: {matchExpressions: [{key: app, operator: In, values: [db, web]}]}\n  ingress: []\n')].join('---\n');
  const [later] = await inventoryViolations(namespaceDefaultDenyIngress, all);
  assert.match(later?.message.en ?? '', /the 2 current workload\(s\) are each selected by a policy, but a workload added later will accept connections/);
});

test('an all-pods policy whose rule admits everything undoes the default deny, and the finding points at that rule', async () => {
  const text = [...SHOP, policy('shop', 'deny', '  podSelector: {}\n  ingress: []\n'), policy('shop', 'open', '  podSelector: {}\n  ingress:\n  - {}\n')].join('---\n');
  const [v] = await inventoryViolations(namespaceDefaultDenyIngress, text);
  assert.equal(v?.resource.kind, 'NetworkPolicy');
  assert.equal(v?.resource.name, 'open');
  assert.deepEqual(v?.path, ['spec', 'ingress', 0]);
  assert.equal(v?.asset?.ref, 'k8s:////Namespace/shop');
  assert.match(v?.message.en ?? '', /shop\/open selects every pod for ingress, but its rule ingress\[0\] admits all traffic/);
});

test('a namespace with workloads but no Namespace object is still reported, located on a workload, about the Namespace', async () => {
  const text = workload('orphan', 'job', { app: 'job' }, []);
  const [v] = await inventoryViolations(namespaceDefaultDenyIngress, text);
  assert.equal(v?.resource.kind, 'Deployment');
  assert.deepEqual(v?.path, ['metadata', 'namespace']);
  assert.equal(v?.asset?.kind, 'Namespace');
  assert.equal(v?.asset?.name, 'Namespace/orphan');
  assert.equal(v?.asset?.ref, 'k8s:////Namespace/orphan');
});

test('namespaces that appear only in a policy, with no Namespace object and no workload, are not judged', async () => {
  const text = [...SHOP, policy('shop', 'deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n'), policy('elsewhere', 'x', '  podSelector: {}\n')].join('---\n');
  assert.deepEqual(await inventoryViolations(namespaceDefaultDenyIngress, text), []);
});

test('the fingerprint of a namespace finding is the same whether the Namespace object is read or not, and wherever the objects sit', async () => {
  const { KubeAnalysis } = await import('../../../src/analyzers/kube-analysis.js');
  const { loadFrameworks } = await import('../../../src/catalog/index.js');
  const { readYaml } = await import('../../helpers/kube.js');
  const fingerprints = async (text: string): Promise<string[]> => {
    const analysis = new KubeAnalysis({ frameworks: loadFrameworks(), pssVersion: 'latest', enabled: new Set(['network.namespace-default-deny-ingress']) });
    for (const r of (await readYaml(text)).resources) analysis.add(r);
    return analysis.finish().findings.map((f) => f.fingerprint);
  };
  const withObject = await fingerprints(SHOP.join('---\n'));
  const moved = await fingerprints([SHOP[2], '# moved\n', SHOP[1], SHOP[0]].join('---\n'));
  const withoutObject = await fingerprints(SHOP.slice(1).join('---\n'));
  assert.equal(withObject.length, 1);
  assert.deepEqual(moved, withObject);
  assert.deepEqual(withoutObject, withObject);
});
