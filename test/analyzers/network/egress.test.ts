import { test } from 'node:test';
import assert from 'node:assert/strict';
import { egressToInternet } from '../../../src/analyzers/network/egress-internet.js';
import { egressToMetadata } from '../../../src/analyzers/network/egress-metadata.js';
import { egressTable } from '../../../src/analyzers/network/egress.js';
import { inventoryViolations, namespace } from '../../helpers/inventory.js';
import { modelOf, policy, workload } from './fixtures.js';

const BASE = [namespace('batch'), workload('batch', 'export', { app: 'export' }, []), workload('batch', 'report', { app: 'report' }, [])];
const egress = (to: string, ports = ''): string => policy('batch', 'out', `  podSelector: {matchLabels: {app: export}}\n  policyTypes: [Egress]\n  egress:\n  - to: [${to}]\n${ports}`);
const run = (check: typeof egressToInternet, ...docs: string[]) => inventoryViolations(check, [...BASE, ...docs].join('---\n'));

test('network.egress-to-internet fails 0.0.0.0/0, located on the ipBlock cidr, about the workload', async () => {
  const [v, ...rest] = await run(egressToInternet, egress('{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}', '    ports: [{port: 443}]\n'));
  assert.equal(rest.length, 0, 'report is not isolated for egress: the namespace check reports it');
  assert.deepEqual(v?.path, ['spec', 'egress', 0, 'to', 0, 'ipBlock', 'cidr']);
  assert.equal(v?.asset?.ref, 'k8s:///batch/Deployment/export');
  assert.equal(v?.message.en, 'batch/export may connect to public internet addresses: addresses 0.0.0.0/0 except 169.254.169.254/32 on TCP 443 (batch/out egress[0])');
});

test('a rule without to reaches any address; a public /24 is the internet too; private ranges and pods are not', async () => {
  const [any] = await run(egressToInternet, policy('batch', 'out', '  podSelector: {matchLabels: {app: export}}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: 443}]\n'));
  assert.match(any?.message.en ?? '', /may connect to any address on the internet: any destination on TCP 443/);
  assert.equal((await run(egressToInternet, egress('{ipBlock: {cidr: 203.0.112.0/24}}'))).length, 1);
  assert.deepEqual(await run(egressToInternet, egress('{ipBlock: {cidr: 10.0.0.0/8}}, {ipBlock: {cidr: 100.64.0.0/10}}, {ipBlock: {cidr: "fd00::/8"}}')), []);
  assert.deepEqual(await run(egressToInternet, egress('{namespaceSelector: {}}')), []);
});

test('network.egress-to-metadata fails HTTP to 169.254.169.254 through a broad ipBlock; passes with it excepted or without port 80', async () => {
  const [v] = await run(egressToMetadata, egress('{ipBlock: {cidr: 0.0.0.0/0}}'));
  assert.equal(v?.subject, 'egress:metadata');
  assert.match(v?.message.en ?? '', /^batch\/export may connect over HTTP to cloud metadata endpoints 169\.254\.169\.254, 100\.100\.100\.200, 169\.254\.0\.23/);
  assert.deepEqual(await run(egressToMetadata, egress('{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16, 100.100.100.200/32]}}')), []);
  assert.deepEqual(await run(egressToMetadata, egress('{ipBlock: {cidr: 0.0.0.0/0}}', '    ports: [{port: 443}]\n')), []);
  const [v6] = await run(egressToMetadata, egress('{ipBlock: {cidr: "fd00::/8"}}'));
  assert.match(v6?.message.en ?? '', /endpoint fd00:ec2::254,/);
});

test('the egress table lists, per namespace, open workloads as * and each ipBlock with its scope and rule', async () => {
  const model = await modelOf(...BASE, egress('{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}, {ipBlock: {cidr: 10.20.0.0/16}}', '    ports: [{port: 22}]\n'));
  const rows = egressTable(model, [model.namespaces.get('batch') as NonNullable<ReturnType<typeof model.namespaces.get>>]);
  assert.deepEqual(
    rows.map((r) => [r.workloads.join(' '), r.destination, r.except.join(' '), r.ports, r.scope, r.grantedBy]),
    [
      ['batch/report', '*', '', 'all ports', 'any', '(no egress policy)'],
      ['batch/export', '0.0.0.0/0', '169.254.169.254/32', 'TCP 22', 'public', 'batch/out egress[0]'],
      ['batch/export', '10.20.0.0/16', '', 'TCP 22', 'private', 'batch/out egress[0]'],
    ],
  );
  assert.equal(rows[1]?.cidrs.length, 32, '0.0.0.0/0 minus one address is 32 blocks');
});
