import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reachableFromAllNamespaces } from '../../../src/analyzers/network/all-namespaces.js';
import { inventoryViolations, namespace } from '../../helpers/inventory.js';
import { policy, workload } from './fixtures.js';

const BASE = [namespace('shop'), workload('shop', 'api', { app: 'api' }, [['http', 8080]]), workload('shop', 'db', { app: 'db' }, [])];
const run = (...policies: string[]) => inventoryViolations(reachableFromAllNamespaces, [...BASE, ...policies].join('---\n'));

test('network.reachable-from-all-namespaces fails a rule with namespaceSelector {}, located on the rule, about the workload', async () => {
  const [v, ...rest] = await run(policy('shop', 'api-in', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n    ports: [{port: 8080}]\n'));
  assert.equal(rest.length, 0);
  assert.equal(v?.resource.kind, 'NetworkPolicy');
  assert.deepEqual(v?.path, ['spec', 'ingress', 0]);
  assert.equal(v?.asset?.ref, 'k8s:///shop/Deployment/api');
  assert.equal(v?.subject, 'ingress:all-namespaces');
  assert.equal(v?.message.en, 'shop/api accepts connections from pods of every namespace, including namespaces created later, on TCP 8080: shop/api-in ingress[0] (from every pod in every namespace, on TCP 8080)');
});

test('a rule without from admits any source, inside or outside the cluster', async () => {
  const [v] = await run(policy('shop', 'open', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports: [{port: http}]\n'));
  assert.match(v?.message.en ?? '', /from any source, inside or outside the cluster, on TCP 8080/);
});

test('a namespace selector that only excludes admits every other namespace, including future ones', async () => {
  const found = await run(policy('shop', 'not-dev', '  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchExpressions: [{key: env, operator: NotIn, values: [dev]}]}}]\n'));
  assert.deepEqual(found.map((v) => v.asset?.name), ['shop/Deployment/api', 'shop/Deployment/db']);
});

test('passes rules naming the namespaces or the pods they admit, and workloads no policy isolates', async () => {
  assert.deepEqual(await run(policy('shop', 'named', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}}]\n')), []);
  assert.deepEqual(await run(policy('shop', 'pods', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {}, podSelector: {matchLabels: {role: gateway}}}]\n')), []);
  assert.deepEqual(await run(), []);
});

test('a rule admitting every namespace on a port the workload does not have (a missing named port) admits nothing', async () => {
  assert.deepEqual(await run(policy('shop', 'named', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n    ports: [{port: grpc}]\n')), []);
});
