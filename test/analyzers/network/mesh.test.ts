/**
 * Pod-to-pod encryption verdicts: sidecar injection as Istio's injector decides it, and the
 * PeerAuthentication mode as Istio resolves it (workload over namespace over mesh, UNSET
 * inheriting, oldest wins, port-level overrides); Linkerd injection and inbound policy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meshModel, namespaceEncryption, type WorkloadEncryption } from '../../../src/analyzers/network/mesh.js';
import type { NetworkModel } from '../../../src/analyzers/network/model.js';
import { modelOf, workload } from './fixtures.js';

function namespace(name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): string {
  const block = (key: string, map: Record<string, string>): string => (Object.keys(map).length ? `\n  ${key}: {${Object.entries(map).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}}` : '');
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}${block('labels', labels)}${block('annotations', annotations)}`;
}

function pa(ns: string, name: string, spec: string, created?: string): string {
  return `apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: ${name}\n  namespace: ${ns}${created ? `\n  creationTimestamp: "${created}"` : ''}\nspec:\n${spec}`;
}

function verdictOf(model: NetworkModel, ref: string): WorkloadEncryption {
  const pod = model.findPods(ref)[0];
  assert.ok(pod, ref);
  const w = meshModel(model).workloads[pod.index];
  assert.ok(w);
  return w;
}

const meshed = namespace('shop', { 'istio-injection': 'enabled' });
const app = (name: string, labels: Record<string, string> = { app: name }, ports: [string, number][] = [['http', 8080], ['admin', 9000]]): string => workload('shop', name, labels, ports);

test('without any PeerAuthentication a sidecar accepts plaintext: Istio\'s default mode is PERMISSIVE', async () => {
  const model = await modelOf(meshed, app('cart'));
  const w = verdictOf(model, 'shop/cart');
  assert.equal(w.mesh, 'istio');
  assert.equal(w.verdict, 'permissive');
  assert.equal(w.encrypted, false);
  assert.match(w.decidedBy?.text.en ?? '', /Istio default PERMISSIVE/);
  assert.equal(w.injection.text.en, 'label istio-injection=enabled on namespace shop');
});

test('a mesh-wide STRICT policy in istio-system applies to every namespace without its own', async () => {
  const model = await modelOf(meshed, app('cart'), pa('istio-system', 'default', '  mtls: {mode: STRICT}\n'));
  const w = verdictOf(model, 'shop/cart');
  assert.equal(w.verdict, 'strict');
  assert.equal(w.encrypted, true);
  assert.equal(w.decidedBy?.text.en, 'PeerAuthentication istio-system/default (mesh)');
});

test('a namespace policy overrides the mesh, a workload policy overrides the namespace, UNSET inherits from the level above', async () => {
  const docs = [meshed, app('cart'), app('vault', { app: 'vault' }), app('legacy', { app: 'legacy' }), pa('istio-system', 'default', '  mtls: {mode: STRICT}\n'), pa('shop', 'default', '  mtls: {mode: PERMISSIVE}\n')];
  const model = await modelOf(...docs, pa('shop', 'vault', '  selector: {matchLabels: {app: vault}}\n  mtls: {mode: STRICT}\n'), pa('shop', 'legacy', '  selector: {matchLabels: {app: legacy}}\n  mtls: {mode: UNSET}\n'));
  assert.equal(verdictOf(model, 'shop/cart').verdict, 'permissive');
  assert.equal(verdictOf(model, 'shop/cart').decidedBy?.text.en, 'PeerAuthentication shop/default (namespace)');
  assert.equal(verdictOf(model, 'shop/vault').verdict, 'strict');
  assert.equal(verdictOf(model, 'shop/vault').decidedBy?.text.en, 'PeerAuthentication shop/vault (workload)');
  assert.equal(verdictOf(model, 'shop/legacy').verdict, 'permissive', 'UNSET at workload level inherits the namespace mode');
  const unsetNamespace = await modelOf(meshed, app('cart'), pa('istio-system', 'default', '  mtls: {mode: STRICT}\n'), pa('shop', 'default', '  mtls: {mode: UNSET}\n'));
  assert.equal(verdictOf(unsetNamespace, 'shop/cart').verdict, 'strict', 'UNSET at namespace level inherits the mesh mode');
});

test('DISABLE turns mutual TLS off for a sidecar workload', async () => {
  const model = await modelOf(meshed, app('cart'), pa('shop', 'default', '  mtls: {mode: DISABLE}\n'));
  assert.equal(verdictOf(model, 'shop/cart').verdict, 'disabled');
});

test('portLevelMtls overrides the mode per container port; its UNSET inherits the workload\'s mode', async () => {
  const model = await modelOf(
    meshed,
    app('cart'),
    pa('istio-system', 'default', '  mtls: {mode: STRICT}\n'),
    pa('shop', 'cart', '  selector: {matchLabels: {app: cart}}\n  mtls: {mode: UNSET}\n  portLevelMtls:\n    9000: {mode: PERMISSIVE}\n    8080: {mode: UNSET}\n'),
  );
  const w = verdictOf(model, 'shop/cart');
  assert.equal(w.verdict, 'strict');
  assert.deepEqual(w.ports.map((p) => [p.port, p.verdict]), [[9000, 'permissive']]);
  assert.equal(w.encrypted, false, 'a weaker port makes the workload not encrypted as a whole');
});

test('among policies of one level the oldest applies; selector policies in the root namespace are ignored', async () => {
  const model = await modelOf(
    meshed,
    app('cart'),
    pa('shop', 'z-old', '  mtls: {mode: STRICT}\n', '2024-01-01T00:00:00Z'),
    pa('shop', 'a-new', '  mtls: {mode: PERMISSIVE}\n', '2025-06-01T00:00:00Z'),
    pa('istio-system', 'targeted', '  selector: {matchLabels: {app: cart}}\n  mtls: {mode: DISABLE}\n'),
  );
  assert.equal(verdictOf(model, 'shop/cart').verdict, 'strict');
  assert.equal(verdictOf(model, 'shop/cart').decidedBy?.text.en, 'PeerAuthentication shop/z-old (namespace)');
});

test('sidecar injection: either "disabled" wins, then either "enabled"; revision labels enable; hostNetwork never', async () => {
  const model = await modelOf(
    namespace('inj', { 'istio-injection': 'enabled' }),
    namespace('noinj', { 'istio-injection': 'disabled' }),
    namespace('rev', { 'istio.io/rev': 'canary' }),
    namespace('plain'),
    workload('inj', 'opted-out', { app: 'a', 'sidecar.istio.io/inject': 'false' }, []),
    workload('noinj', 'opted-in', { app: 'b', 'sidecar.istio.io/inject': 'true' }, []),
    workload('rev', 'revisioned', { app: 'c' }, []),
    workload('plain', 'pod-label', { app: 'd', 'sidecar.istio.io/inject': 'true' }, []),
    workload('plain', 'none', { app: 'e' }, []),
    workload('inj', 'node-agent', { app: 'f' }, [], '      hostNetwork: true\n'),
    `apiVersion: v1\nkind: Pod\nmetadata: {name: annotated, namespace: plain, annotations: {sidecar.istio.io/inject: "true"}}\nspec:\n  containers: [{name: a, image: b}]\n`,
  );
  assert.equal(verdictOf(model, 'inj/opted-out').mesh, undefined);
  assert.equal(verdictOf(model, 'inj/opted-out').injection.text.en, 'label sidecar.istio.io/inject=false on workload inj/opted-out');
  assert.equal(verdictOf(model, 'noinj/opted-in').mesh, undefined);
  assert.equal(verdictOf(model, 'noinj/opted-in').injection.text.en, 'label istio-injection=disabled on namespace noinj');
  assert.equal(verdictOf(model, 'rev/revisioned').mesh, 'istio');
  assert.equal(verdictOf(model, 'plain/pod-label').mesh, 'istio');
  assert.equal(verdictOf(model, 'plain/annotated').mesh, 'istio');
  assert.equal(verdictOf(model, 'plain/none').verdict, 'none');
  assert.equal(verdictOf(model, 'inj/node-agent').verdict, 'none');
  assert.equal(verdictOf(model, 'inj/node-agent').injection.text.en, 'hostNetwork pods cannot be meshed');
});

test('Istio ambient mode: mutual TLS through ztunnel, plaintext accepted unless STRICT; a pod can opt out', async () => {
  const ns = namespace('amb', { 'istio.io/dataplane-mode': 'ambient' });
  const permissive = await modelOf(ns, workload('amb', 'svc', { app: 'svc' }, []), workload('amb', 'out', { app: 'out', 'istio.io/dataplane-mode': 'none' }, []));
  assert.equal(verdictOf(permissive, 'amb/svc').mesh, 'istio-ambient');
  assert.equal(verdictOf(permissive, 'amb/svc').verdict, 'permissive');
  assert.equal(verdictOf(permissive, 'amb/out').verdict, 'none');
  const strict = await modelOf(ns, workload('amb', 'svc', { app: 'svc' }, []), pa('amb', 'default', '  mtls: {mode: STRICT}\n'));
  assert.equal(verdictOf(strict, 'amb/svc').verdict, 'strict');
});

test('Linkerd: injection by annotation on namespace or pod; plaintext refused only under an authenticated default inbound policy', async () => {
  const model = await modelOf(
    namespace('ld', {}, { 'linkerd.io/inject': 'enabled' }),
    namespace('strict', {}, { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'all-authenticated' }),
    workload('ld', 'api', { app: 'api' }, [['http', 8080], ['smtp', 25]]),
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: skip, namespace: strict}\nspec:\n  template:\n    metadata:\n      labels: {app: skip}\n      annotations: {config.linkerd.io/skip-inbound-ports: "25"}\n    spec:\n      containers:\n      - {name: a, image: b, ports: [{containerPort: 8080}, {containerPort: 25}]}\n`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: out, namespace: ld}\nspec:\n  template:\n    metadata:\n      labels: {app: out}\n      annotations: {linkerd.io/inject: disabled}\n    spec:\n      containers: [{name: a, image: b}]\n`,
  );
  assert.equal(verdictOf(model, 'ld/api').mesh, 'linkerd');
  assert.equal(verdictOf(model, 'ld/api').verdict, 'permissive');
  assert.equal(verdictOf(model, 'strict/skip').verdict, 'strict');
  assert.deepEqual(verdictOf(model, 'strict/skip').ports.map((p) => [p.port, p.verdict]), [[25, 'none']]);
  assert.equal(verdictOf(model, 'ld/out').verdict, 'none');
});

test('ports excluded from the Istio sidecar carry plaintext', async () => {
  const model = await modelOf(meshed, `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: x}\n      annotations: {traffic.sidecar.istio.io/excludeInboundPorts: "9000"}\n    spec:\n      containers:\n      - {name: a, image: b, ports: [{containerPort: 8080}, {containerPort: 9000}]}\n`, pa('shop', 'default', '  mtls: {mode: STRICT}\n'));
  assert.deepEqual(verdictOf(model, 'shop/x').ports.map((p) => [p.port, p.verdict]), [[9000, 'none']]);
});

test('a namespace verdict sums up its workloads', async () => {
  const model = await modelOf(meshed, app('cart'), app('vault', { app: 'vault' }), pa('shop', 'vault', '  selector: {matchLabels: {app: vault}}\n  mtls: {mode: STRICT}\n'));
  const ns = model.namespaces.get('shop');
  assert.ok(ns);
  assert.deepEqual(namespaceEncryption(model, ns), { name: 'shop', verdict: 'mixed', workloads: 2, encrypted: 1, meshed: 2 });
});
