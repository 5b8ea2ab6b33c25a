import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkSummary } from '../../../src/analyzers/network/index.js';
import { inventoryOf, namespace } from '../../helpers/inventory.js';
import { policy, workload } from './fixtures.js';

test('networkSummary: plain serialisable data with isolation, encryption, exposure, egress and edges', async () => {
  const inventory = await inventoryOf(
    [
      namespace('shop', { 'istio-injection': 'enabled' }),
      namespace('data'),
      workload('shop', 'web', { app: 'web' }, [['http', 8080]]),
      workload('data', 'db', { app: 'db' }, [['pg', 5432]]),
      workload('data', 'job', { app: 'job' }, []),
      policy('data', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]\n'),
      policy('data', 'db-from-shop', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]\n    ports: [{port: 5432}]\n'),
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n',
    ].join('---\n'),
  );
  const summary = networkSummary(inventory);
  assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary, 'round-trips through JSON unchanged');
  assert.deepEqual(summary.namespaces.map((n) => [n.name, n.ingress, n.egress, n.encryption.verdict]), [
    ['data', 'default-deny', 'none', 'none'],
    ['shop', 'none', 'none', 'permissive'],
  ]);
  const web = summary.workloads.find((w) => w.id === 'shop/Deployment/web');
  assert.equal(web?.reachableFromOutside, true);
  assert.deepEqual(web?.exposure.map((e) => [e.port, e.via.map((v) => v.kind)]), [[8080, ['NodePort']]]);
  assert.equal(web?.externalEgress, 'any');
  assert.deepEqual(web?.encryption, { verdict: 'permissive', encrypted: false, mesh: 'istio', decidedBy: { en: 'Istio default PERMISSIVE (no PeerAuthentication sets a mode)', zh: 'Istio 默认 PERMISSIVE（没有 PeerAuthentication 设置模式）' }, ports: [] });
  assert.deepEqual(summary.edges, [{ from: 'shop/Deployment/web', to: 'data/Deployment/db', ports: 'TCP 5432' }]);
  assert.deepEqual(summary.openIngress, ['shop/Deployment/web']);
  assert.deepEqual(summary.openEgress.length, 3);
  assert.equal(networkSummary(inventory, { maxEdges: 0 }).edgesTruncated, true);
  const verdictsOnly = networkSummary(inventory, { reachability: false });
  assert.deepEqual(verdictsOnly.edges, [], 'no reachability matrix, no edges');
  assert.equal(verdictsOnly.edgesTruncated, undefined);
  assert.deepEqual(verdictsOnly.namespaces, summary.namespaces, 'the verdicts are the same without the matrix');
  assert.equal(verdictsOnly.workloads.find((w) => w.id === 'shop/Deployment/web')?.reachableFromOutside, true);
});
