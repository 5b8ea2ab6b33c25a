import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sensitivePortExposed } from '../../../src/analyzers/network/sensitive-port.js';
import { inventoryViolations, namespace } from '../../helpers/inventory.js';
import { policy, workload } from './fixtures.js';

const DB = workload('data', 'pg', { app: 'pg' }, [['sql', 5432], ['metrics', 9187]]);
const CLIENTS = [namespace('data'), namespace('web'), workload('web', 'shop', { app: 'shop' }, []), workload('data', 'app', { app: 'app' }, [])];
const run = (...docs: string[]) => inventoryViolations(sensitivePortExposed, [...CLIENTS, DB, ...docs].join('---\n'));

test('network.sensitive-port-exposed fails a database no policy isolates, naming the other namespaces\' workloads, on the container port', async () => {
  const [v, ...rest] = await run();
  assert.equal(rest.length, 0, 'only the database port, not its metrics port');
  assert.equal(v?.resource.name, 'pg');
  assert.deepEqual(v?.path, ['spec', 'template', 'spec', 'containers', 0, 'ports', 0]);
  assert.equal(v?.subject, 'port:TCP/5432');
  assert.equal(v?.message.en, 'PostgreSQL (database) on data/pg port TCP/5432 is reachable from pods of any namespace: no NetworkPolicy isolates its ingress; from 1 workload(s) of other namespaces: web/shop');
  assert.equal(v?.evidence, 'app: containerPort 5432/TCP (sql)');
});

test('passes when only its own namespace may connect; fails again when a rule lets another namespace in', async () => {
  const own = policy('data', 'pg', '  podSelector: {matchLabels: {app: pg}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: app}}}]\n');
  assert.deepEqual(await run(own), []);
  const [v] = await run(policy('data', 'pg', '  podSelector: {matchLabels: {app: pg}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}}]\n'));
  assert.match(v?.message.en ?? '', /reachable from 1 workload\(s\) of other namespaces: web\/shop$/);
});

test('the source\'s egress counts: a client whose egress forbids it is not listed', async () => {
  const dbOpenToWeb = policy('data', 'pg', '  podSelector: {matchLabels: {app: pg}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}}]\n');
  assert.deepEqual(await run(dbOpenToWeb, policy('web', 'deny-out', '  podSelector: {}\n  policyTypes: [Egress]\n')), []);
});

test('a port name marks a database on an unusual number; admin interfaces count too', async () => {
  const found = await inventoryViolations(sensitivePortExposed, [namespace('x'), workload('x', 'odd', { app: 'odd' }, [['redis', 16379], ['ssh', 22]])].join('---\n'));
  assert.deepEqual(found.map((v) => v.subject), ['port:TCP/16379', 'port:TCP/22']);
  assert.match(found[0]?.message.en ?? '', /^Redis \(cache or coordination store\)/);
  assert.match(found[1]?.message.en ?? '', /^SSH \(administration interface\)/);
});

test('reachability from outside the cluster is reported with the path', async () => {
  const isolated = policy('data', 'pg', '  podSelector: {matchLabels: {app: pg}}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]\n');
  const nodePort = 'apiVersion: v1\nkind: Service\nmetadata: {name: pg, namespace: data}\nspec:\n  type: NodePort\n  selector: {app: pg}\n  ports: [{port: 5432, nodePort: 30432}]\n';
  const [v] = await run(isolated, nodePort);
  assert.equal(v?.message.en, 'PostgreSQL (database) on data/pg port TCP/5432 is reachable from outside the cluster via Service data/pg port 5432/TCP → NodePort 30432');
});
