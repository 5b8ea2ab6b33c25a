import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mtlsNotEnforced } from '../../../src/analyzers/network/mtls.js';
import { inventoryViolations, namespace } from '../../helpers/inventory.js';
import { workload } from './fixtures.js';

const pa = (ns: string, spec: string): string => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: ${ns}}\nspec:\n${spec}`;
const APPS = [namespace('shop', { 'istio-injection': 'enabled' }), namespace('legacy'), workload('shop', 'cart', { app: 'cart' }, [['http', 8080]]), workload('legacy', 'cms', { app: 'cms' }, [])];

test('network.mtls-not-enforced passes STRICT workloads and fails those outside the mesh, on the workload', async () => {
  const found = await inventoryViolations(mtlsNotEnforced, [...APPS, pa('istio-system', '  mtls: {mode: STRICT}\n')].join('---\n'));
  assert.equal(found.length, 1);
  const [v] = found;
  assert.equal(v?.resource.name, 'cms');
  assert.deepEqual(v?.path, ['spec', 'template', 'metadata']);
  assert.equal(v?.subject, 'mtls');
  assert.equal(v?.message.en, 'traffic to legacy/cms is not required to be mutually authenticated and encrypted: not in a service mesh, so plaintext (no sidecar injection on namespace legacy or workload legacy/cms)');
  assert.match(v?.message.zh ?? '', /访问 legacy\/cms 的流量未被强制双向认证和加密/);
});

test('a PERMISSIVE namespace fails its meshed workloads, located on the PeerAuthentication that sets the mode', async () => {
  const found = await inventoryViolations(mtlsNotEnforced, [...APPS, pa('istio-system', '  mtls: {mode: STRICT}\n'), pa('shop', '  mtls: {mode: PERMISSIVE}\n')].join('---\n'));
  const cart = found.find((v) => v.asset?.name === 'shop/Deployment/cart');
  assert.ok(cart, JSON.stringify(found.map((v) => v.asset?.name ?? v.resource.name)));
  assert.equal(cart.resource.kind, 'PeerAuthentication');
  assert.deepEqual(cart.path, ['spec', 'mtls', 'mode']);
  assert.match(cart.message.en, /Istio sidecar, mutual TLS between meshed pods, plaintext still accepted \(PeerAuthentication shop\/default \(namespace\)\)/);
});
