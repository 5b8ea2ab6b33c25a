import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposuresOf, reachableFromOutside } from '../../../src/analyzers/network/exposure.js';
import type { NetworkModel } from '../../../src/analyzers/network/model.js';
import { modelOf, policy, workload } from './fixtures.js';

const APP = workload('shop', 'web', { app: 'web' }, [['http', 8080], ['admin', 9000]]);

function service(name: string, spec: string, metadata = ''): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop${metadata}\nspec:\n  selector: {app: web}\n${spec}`;
}

function paths(model: NetworkModel, ref: string): string[] {
  const pod = model.findPods(ref)[0];
  assert.ok(pod);
  return exposuresOf(model, pod).flatMap((e) => e.paths.map((p) => `${e.protocol}/${e.port ?? '*'} ${p.kind}: ${p.detail}`));
}

test('a ClusterIP Service exposes nothing outside the cluster', async () => {
  const model = await modelOf(APP, service('web', '  ports: [{port: 80, targetPort: http}]\n'));
  assert.deepEqual(paths(model, 'shop/web'), []);
  assert.equal(reachableFromOutside(model, model.findPods('shop/web')[0] as NonNullable<ReturnType<typeof model.findPods>[0]>), false);
});

test('NodePort, LoadBalancer and externalIPs open node and load-balancer addresses; named target ports resolve on the pod', async () => {
  const model = await modelOf(
    APP,
    service('np', '  type: NodePort\n  ports: [{port: 80, targetPort: http, nodePort: 30080}]\n'),
    service('lb', '  type: LoadBalancer\n  loadBalancerSourceRanges: [192.0.2.0/24]\n  ports: [{port: 9000}]\n', '\n  annotations: {service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet}'),
    service('lb-no-np', '  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  ports: [{port: 443, targetPort: 8080}]\n'),
    service('ext', '  externalIPs: [198.51.100.10]\n  ports: [{port: 8080}]\n'),
  );
  assert.deepEqual(paths(model, 'shop/web'), [
    'TCP/8080 NodePort: Service shop/np port 80/TCP → NodePort 30080',
    'TCP/8080 LoadBalancer: Service shop/lb-no-np port 443/TCP → load balancer',
    'TCP/8080 ExternalIP: Service shop/ext port 8080/TCP on external IP 198.51.100.10',
    'TCP/9000 NodePort: Service shop/lb port 9000/TCP → NodePort (allocated)',
    'TCP/9000 LoadBalancer: Service shop/lb port 9000/TCP → load balancer (internal), sources 192.0.2.0/24',
  ]);
});

test('Ingress backends and Gateway API routes reach the pods behind the Service port they name', async () => {
  const ingress = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: site, namespace: shop}\nspec:\n  rules:\n  - http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: web}}}}\n`;
  const route = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: admin, namespace: shop}\nspec:\n  parentRefs: [{name: public, namespace: edge}]\n  rules:\n  - backendRefs: [{name: web, port: 90}]\n`;
  const detached = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: detached, namespace: shop}\nspec:\n  rules:\n  - backendRefs: [{name: web, port: 90}]\n`;
  const model = await modelOf(APP, service('web', '  ports: [{name: web, port: 80, targetPort: http}, {name: admin, port: 90, targetPort: admin}]\n'), ingress, route, detached);
  assert.deepEqual(paths(model, 'shop/web'), [
    'TCP/8080 Ingress: Ingress shop/site → Service shop/web port 80',
    'TCP/9000 Route: HTTPRoute shop/admin via Gateway edge/public (not in the input) → Service shop/web port 90',
  ]);
});

test('hostPort and hostNetwork expose the pod on its node; hostNetwork is always reachable, NetworkPolicy does not govern it', async () => {
  const hostPort = workload('shop', 'agent', { app: 'agent' }, []).replace('image: app:1.0', 'image: app:1.0\n        ports: [{containerPort: 9100, hostPort: 19100}]');
  const hostNet = workload('shop', 'exporter', { app: 'exporter' }, [['metrics', 9100]], '      hostNetwork: true\n');
  const model = await modelOf(hostPort, hostNet, policy('shop', 'deny', '  podSelector: {}\n  ingress: []\n'));
  assert.deepEqual(paths(model, 'shop/agent'), ['TCP/9100 HostPort: hostPort 19100/TCP → 9100']);
  assert.deepEqual(paths(model, 'shop/exporter'), ['TCP/9100 HostNetwork: hostNetwork: node port 9100/TCP']);
  const [agent] = model.findPods('shop/agent');
  const [exporter] = model.findPods('shop/exporter');
  assert.ok(agent && exporter);
  assert.equal(reachableFromOutside(model, agent), false, 'the default deny blocks the hostPort');
  assert.equal(reachableFromOutside(model, exporter), true);
});

test('reachable from outside is computed with NetworkPolicy: direct paths need an admitted address, proxied paths a peer outside the namespace', async () => {
  const exposed = [APP, service('np', '  type: NodePort\n  ports: [{port: 80, targetPort: http}]\n'), `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: site, namespace: shop}\nspec:\n  defaultBackend: {service: {name: np, port: {number: 80}}}\n`];
  const reachable = async (...policies: string[]): Promise<boolean[]> => {
    const model = await modelOf(...exposed, ...policies);
    const [pod] = model.findPods('shop/web');
    assert.ok(pod);
    const e = exposuresOf(model, pod)[0];
    assert.ok(e);
    return [e.reachable, ...e.paths.map((p) => p.kind)].filter((x): x is boolean => typeof x === 'boolean');
  };
  assert.deepEqual(await reachable(), [true]);
  assert.deepEqual(await reachable(policy('shop', 'same-ns', '  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}}]\n')), [false]);
  assert.deepEqual(await reachable(policy('shop', 'from-ingress-nginx', '  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]\n')), [true]);
  assert.deepEqual(await reachable(policy('shop', 'office', '  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]\n    ports: [{port: 9000}]\n')), [false]);
  assert.deepEqual(await reachable(policy('shop', 'office', '  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]\n    ports: [{port: http}]\n')), [true]);
});
