import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directExposure } from '../../../src/analyzers/network/direct-exposure.js';
import { inventoryViolations, namespace } from '../../helpers/inventory.js';
import { policy, workload } from './fixtures.js';

const APP = [namespace('shop'), workload('shop', 'web', { app: 'web' }, [['http', 8080]])];
const svc = (spec: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n${spec}`;
const run = (...docs: string[]) => inventoryViolations(directExposure, [...APP, ...docs].join('---\n'));

test('network.direct-exposure fails a NodePort Service, on the Service, saying whether policy lets outside traffic in', async () => {
  const [v] = await run(svc('  type: NodePort\n  ports: [{port: 80, targetPort: http, nodePort: 30080}]\n'));
  assert.equal(v?.resource.kind, 'Service');
  assert.deepEqual(v?.path, ['spec', 'type']);
  assert.equal(v?.message.en, 'Service shop/web (type NodePort) opens node ports 30080/TCP on every node to shop/web; NetworkPolicy admits outside addresses to shop/web');
  const [blocked] = await run(svc('  type: NodePort\n  ports: [{port: 80, targetPort: http}]\n'), policy('shop', 'deny', '  podSelector: {}\n  ingress: []\n'));
  assert.match(blocked?.message.en ?? '', /node ports auto \(for port 80\/TCP\) on every node to shop\/web; NetworkPolicy admits no outside address to its pods$/);
});

test('a LoadBalancer is reported with its source ranges; externalIPs on a ClusterIP Service too', async () => {
  const [lb] = await run(svc('  type: LoadBalancer\n  loadBalancerSourceRanges: [192.0.2.0/24]\n  ports: [{port: 443, targetPort: 8080, nodePort: 31443}]\n'));
  assert.match(lb?.message.en ?? '', /opens a load balancer \(sources 192\.0\.2\.0\/24\) and node ports 31443\/TCP/);
  const [ext] = await run(svc('  externalIPs: [198.51.100.7]\n  ports: [{port: 80, targetPort: 8080}]\n'));
  assert.deepEqual(ext?.path, ['spec', 'externalIPs']);
  assert.match(ext?.message.en ?? '', /opens external IPs 198\.51\.100\.7 to shop\/web/);
});

test('hostNetwork and hostPort workloads are reported on the field; ClusterIP Services pass', async () => {
  assert.deepEqual(await run(svc('  ports: [{port: 80}]\n')), []);
  const hostNet = workload('shop', 'agent', { app: 'agent' }, [['metrics', 9100]], '      hostNetwork: true\n');
  const hostPort = workload('shop', 'proxy', { app: 'proxy' }, []).replace('image: app:1.0', 'image: app:1.0\n        ports: [{containerPort: 8443, hostPort: 443}]');
  const found = await run(hostNet, hostPort);
  assert.deepEqual(found.map((v) => [v.resource.name, v.subject, v.path.join('.')]), [
    ['agent', 'exposure:hostNetwork', 'spec.template.spec.hostNetwork'],
    ['proxy', 'exposure:hostPort:TCP/443', 'spec.template.spec.containers.0.ports.0.hostPort'],
  ]);
});
