/**
 * NetworkPolicy semantics as the Kubernetes documentation states them
 * (concepts/services-networking/network-policies and the networking/v1 API reference), one case
 * per rule of the model, each checked with `decide` and against the bulk reachability matrix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../../src/analyzers/network/engine.js';
import { ESTATE, assertMatrixAgrees, endpoint, expectTable, modelOf, policy, workload } from './fixtures.js';

test('without any NetworkPolicy every pod reaches every pod on every port and protocol', async () => {
  const model = await modelOf(ESTATE);
  expectTable(model, [
    ['beta/client', 'alpha/db', 5432, undefined, 'allowed'],
    ['gamma/tool', 'alpha/api', 9999, 'UDP', 'allowed'],
    ['alpha/web', '8.8.8.8', 443, undefined, 'allowed'],
    ['203.0.113.9', 'alpha/web', 80, undefined, 'allowed'],
  ]);
  assertMatrixAgrees(model);
});

test('podSelector {} with ingress: [] isolates every pod of the namespace for ingress only (policyTypes defaults to Ingress)', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'deny', '  podSelector: {}\n  ingress: []\n'));
  expectTable(model, [
    ['beta/client', 'alpha/web', 80, undefined, 'denied'],
    ['alpha/web', 'alpha/api', 8080, undefined, 'denied'],
    ['alpha/web', 'beta/web', 80, undefined, 'allowed'],
    ['alpha/api', '8.8.8.8', 443, undefined, 'allowed'],
    ['beta/client', 'beta/web', 80, undefined, 'allowed'],
  ]);
  assertMatrixAgrees(model);
});

test('egress: [] alone does not isolate egress: without policyTypes, Egress is added only when egress rules exist', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'deny', '  podSelector: {}\n  egress: []\n'));
  const api = model.findPods('alpha/api')[0];
  assert.equal(api?.egress.length, 0);
  assert.equal(api?.ingress.length, 1);
  expectTable(model, [
    ['alpha/api', 'beta/web', 80, undefined, 'allowed'],
    ['beta/client', 'alpha/api', 8080, undefined, 'denied'],
  ]);
});

test('policyTypes [Egress] without rules denies all egress and leaves ingress open', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'deny-out', '  podSelector: {}\n  policyTypes: [Egress]\n'));
  expectTable(model, [
    ['alpha/web', 'beta/web', 80, undefined, 'denied'],
    ['alpha/web', 'alpha/api', 8080, undefined, 'denied'],
    ['alpha/web', '10.0.0.1', 443, undefined, 'denied'],
    ['beta/client', 'alpha/web', 80, undefined, 'allowed'],
  ]);
  assertMatrixAgrees(model);
});

test('egress rules without policyTypes isolate both directions: the selected pod then receives nothing', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'api-to-db', '  podSelector: {matchLabels: {app: api}}\n  egress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n'));
  expectTable(model, [
    ['alpha/api', 'alpha/db', 5432, undefined, 'allowed'],
    ['alpha/api', 'beta/web', 80, undefined, 'denied'],
    ['alpha/web', 'alpha/api', 8080, undefined, 'denied'],
    ['alpha/web', 'alpha/db', 5432, undefined, 'allowed'],
  ]);
  assertMatrixAgrees(model);
});

test('a rule {} admits everything, as does a rule with from: [] and ports: []', async () => {
  for (const rule of ['  - {}\n', '  - from: []\n    ports: []\n']) {
    const model = await modelOf(ESTATE, policy('alpha', 'deny', '  podSelector: {}\n  ingress: []\n'), policy('alpha', 'open-api', `  podSelector: {matchLabels: {app: api}}\n  ingress:\n${rule}`));
    expectTable(model, [
      ['gamma/tool', 'alpha/api', 12345, 'UDP', 'allowed'],
      ['198.51.100.7', 'alpha/api', 8080, undefined, 'allowed'],
      ['gamma/tool', 'alpha/web', 80, undefined, 'denied'],
    ]);
    assertMatrixAgrees(model);
  }
});

test('a peer with only podSelector selects pods of the policy\'s own namespace', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'api-from-web', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n'));
  expectTable(model, [
    ['alpha/web', 'alpha/api', 8080, undefined, 'allowed'],
    ['beta/web', 'alpha/api', 8080, undefined, 'denied'],
    ['alpha/db', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  assertMatrixAgrees(model);
});

test('a peer with only namespaceSelector selects every pod of the matching namespaces, and not the own namespace unless it matches', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'api-from-b', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: b}}}]\n'));
  expectTable(model, [
    ['beta/client', 'alpha/api', 8080, undefined, 'allowed'],
    ['beta/web', 'alpha/api', 8080, undefined, 'allowed'],
    ['alpha/web', 'alpha/api', 8080, undefined, 'denied'],
    ['gamma/tool', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  assertMatrixAgrees(model);
});

test('namespaceSelector and podSelector in one peer both have to match (AND); in two peers either does (OR)', async () => {
  const and = await modelOf(ESTATE, policy('alpha', 'and', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: b}}\n      podSelector: {matchLabels: {app: web}}\n'));
  expectTable(and, [
    ['beta/web', 'alpha/api', 8080, undefined, 'allowed'],
    ['beta/client', 'alpha/api', 8080, undefined, 'denied'],
    ['alpha/web', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  assertMatrixAgrees(and);
  const or = await modelOf(ESTATE, policy('alpha', 'or', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: b}}\n    - podSelector: {matchLabels: {app: web}}\n'));
  expectTable(or, [
    ['beta/client', 'alpha/api', 8080, undefined, 'allowed'],
    ['alpha/web', 'alpha/api', 8080, undefined, 'allowed'],
    ['alpha/db', 'alpha/api', 8080, undefined, 'denied'],
    ['gamma/tool', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  assertMatrixAgrees(or);
});

test('namespaceSelector {} matches every namespace, including one with no Namespace object', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'all-ns', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n'));
  expectTable(model, [
    ['gamma/tool', 'alpha/api', 8080, undefined, 'allowed'],
    ['alpha/web', 'alpha/api', 8080, undefined, 'allowed'],
    ['203.0.113.1', 'alpha/api', 8080, undefined, 'denied'],
  ]);
});

test('every namespace carries kubernetes.io/metadata.name, set by the API server over any written value', async () => {
  const spoofed = `apiVersion: v1\nkind: Namespace\nmetadata: {name: delta, labels: {kubernetes.io/metadata.name: alpha}}\n---\n${workload('delta', 'x', { app: 'x' }, [])}`;
  const model = await modelOf(ESTATE, spoofed, policy('alpha', 'from-gamma', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: gamma}}}]\n'));
  expectTable(model, [
    ['gamma/tool', 'alpha/api', 8080, undefined, 'allowed'],
    ['beta/client', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  assert.equal(model.namespaces.get('delta')?.labels['kubernetes.io/metadata.name'], 'delta');
});

test('matchExpressions: NotIn holds when the label is absent, Exists needs it, In needs one of the values', async () => {
  const expr = (e: string): string => policy('alpha', 'expr', `  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {matchExpressions: [${e}]}}]\n`);
  expectTable(await modelOf(ESTATE, expr('{key: team, operator: NotIn, values: [a]}')), [
    ['beta/client', 'alpha/api', 8080, undefined, 'allowed'],
    ['gamma/tool', 'alpha/api', 8080, undefined, 'allowed'],
    ['alpha/web', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  expectTable(await modelOf(ESTATE, expr('{key: team, operator: Exists}')), [
    ['alpha/web', 'alpha/api', 8080, undefined, 'allowed'],
    ['beta/client', 'alpha/api', 8080, undefined, 'allowed'],
    ['gamma/tool', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  expectTable(await modelOf(ESTATE, expr('{key: team, operator: In, values: [b, c]}')), [
    ['beta/client', 'alpha/api', 8080, undefined, 'allowed'],
    ['alpha/web', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  const podExpr = await modelOf(ESTATE, policy('alpha', 'pods', '  podSelector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}\n  ingress: []\n'));
  expectTable(podExpr, [
    ['alpha/web', 'alpha/db', 5432, undefined, 'denied'],
    ['alpha/db', 'alpha/api', 8080, undefined, 'allowed'],
  ]);
});

test('ports: protocol defaults to TCP, a port without protocol is TCP only, a protocol without port is every port of it', async () => {
  const tcp = await modelOf(ESTATE, policy('alpha', 'p', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports: [{port: 8080}]\n'));
  expectTable(tcp, [
    ['beta/client', 'alpha/api', 8080, 'TCP', 'allowed'],
    ['beta/client', 'alpha/api', 8080, 'UDP', 'denied'],
    ['beta/client', 'alpha/api', 9090, 'TCP', 'denied'],
  ]);
  assertMatrixAgrees(tcp);
  const udp = await modelOf(ESTATE, policy('alpha', 'p', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports: [{protocol: UDP}]\n'));
  expectTable(udp, [
    ['beta/client', 'alpha/api', 5353, 'UDP', 'allowed'],
    ['beta/client', 'alpha/api', 1, 'UDP', 'allowed'],
    ['beta/client', 'alpha/api', 5353, 'TCP', 'denied'],
    ['beta/client', 'alpha/api', 8080, 'SCTP', 'denied'],
  ]);
  assertMatrixAgrees(udp);
});

test('endPort admits the inclusive range from port to endPort', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'range', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports: [{port: 8000, endPort: 8080}]\n'));
  expectTable(model, [
    ['beta/client', 'alpha/api', 7999, undefined, 'denied'],
    ['beta/client', 'alpha/api', 8000, undefined, 'allowed'],
    ['beta/client', 'alpha/api', 8080, undefined, 'allowed'],
    ['beta/client', 'alpha/api', 8081, undefined, 'denied'],
  ]);
  assertMatrixAgrees(model, [7999, 8000, 8081]);
});

test('named ports resolve per destination pod, protocol included', async () => {
  // One policy selecting every pod of alpha with port "http": api's http is 8080, web's is 80.
  const model = await modelOf(ESTATE, policy('alpha', 'http-only', '  podSelector: {}\n  ingress:\n  - ports: [{port: http}]\n'));
  expectTable(model, [
    ['beta/client', 'alpha/api', 8080, undefined, 'allowed'],
    ['beta/client', 'alpha/api', 80, undefined, 'denied'],
    ['beta/client', 'alpha/web', 80, undefined, 'allowed'],
    ['beta/client', 'alpha/web', 8080, undefined, 'denied'],
    ['beta/client', 'alpha/db', 5432, undefined, 'denied'],
    ['beta/client', 'alpha/api', 'http', undefined, 'allowed'],
  ]);
  assertMatrixAgrees(model);
  const wrongProtocol = await modelOf(ESTATE, policy('alpha', 'udp-http', '  podSelector: {}\n  ingress:\n  - ports: [{protocol: UDP, port: http}, {protocol: UDP, port: dns}]\n'));
  expectTable(wrongProtocol, [
    ['beta/client', 'alpha/api', 8080, 'TCP', 'denied'],
    ['beta/client', 'alpha/api', 8080, 'UDP', 'denied'],
    ['beta/client', 'alpha/api', 5353, 'UDP', 'allowed'],
  ]);
  // In egress the name resolves against the destination pod; an address has no port names.
  const egress = await modelOf(ESTATE, policy('beta', 'out', '  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: http}]\n'));
  expectTable(egress, [
    ['beta/client', 'alpha/api', 8080, undefined, 'allowed'],
    ['beta/client', 'alpha/web', 80, undefined, 'allowed'],
    ['beta/client', 'alpha/web', 8080, undefined, 'denied'],
    ['beta/client', '8.8.8.8', 80, undefined, 'denied'],
  ]);
  assertMatrixAgrees(egress);
});

test('ipBlock admits addresses in cidr but not in except, never pods; a range query can be partly admitted', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'office', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n'));
  expectTable(model, [
    ['10.2.3.4', 'alpha/web', 80, undefined, 'allowed'],
    ['10.1.2.3', 'alpha/web', 80, undefined, 'denied'],
    ['192.168.1.1', 'alpha/web', 80, undefined, 'denied'],
    ['10.2.0.0/16', 'alpha/web', 80, undefined, 'allowed'],
    ['10.0.0.0/8', 'alpha/web', 80, undefined, 'partial'],
    ['alpha/api', 'alpha/web', 80, undefined, 'denied'],
  ]);
  const partial = decide(model, endpoint(model, '10.0.0.0/8'), endpoint(model, 'alpha/web'), 80);
  assert.deepEqual(partial.ingress?.admitted?.toCidrs(), ['10.0.0.0/16', '10.2.0.0/15', '10.4.0.0/14', '10.8.0.0/13', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9']);
  assertMatrixAgrees(model);
});

test('egress to an ipBlock with except: the excepted address and other ports are denied, pods are not addresses', async () => {
  const model = await modelOf(
    ESTATE,
    policy('alpha', 'out', '  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]\n    ports: [{port: 443}]\n'),
  );
  expectTable(model, [
    ['alpha/api', '8.8.8.8', 443, undefined, 'allowed'],
    ['alpha/api', '169.254.169.254', 443, undefined, 'denied'],
    ['alpha/api', '8.8.8.8', 80, undefined, 'denied'],
    ['alpha/api', '2001:db8::1', 443, undefined, 'denied'],
    ['alpha/api', 'beta/web', 443, undefined, 'denied'],
  ]);
});

test('a connection needs the source\'s egress and the destination\'s ingress; with no common port nothing is reachable', async () => {
  const egressOnly = policy('beta', 'client-out', '  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: 80}]\n');
  const ingressOnly = policy('alpha', 'web-in', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 443}]\n');
  const model = await modelOf(ESTATE, egressOnly, ingressOnly);
  expectTable(model, [
    ['beta/client', 'alpha/web', 80, undefined, 'denied'],
    ['beta/client', 'alpha/web', 443, undefined, 'denied'],
    ['beta/client', 'beta/web', 80, undefined, 'allowed'],
    ['gamma/tool', 'alpha/web', 443, undefined, 'allowed'],
  ]);
  const d = decide(model, endpoint(model, 'beta/client'), endpoint(model, 'alpha/web'), 80);
  assert.equal(d.egress?.verdict, 'allowed');
  assert.equal(d.ingress?.verdict, 'denied');
  assert.deepEqual(d.ingress?.nearMisses.map((m) => [m.rule.policy.name, m.missing]), [['web-in', 'port']]);
  assertMatrixAgrees(model, [443]);
});

test('policies selecting the same pod add up: each rule admits its own peers on its own ports, never a cross product', async () => {
  const model = await modelOf(
    ESTATE,
    policy('alpha', 'a', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: 8080}]\n'),
    policy('alpha', 'b', '  podSelector: {matchLabels: {tier: back}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: client}}}]\n    ports: [{port: 9090}]\n'),
  );
  expectTable(model, [
    ['alpha/web', 'alpha/api', 8080, undefined, 'allowed'],
    ['alpha/web', 'alpha/api', 9090, undefined, 'denied'],
    ['beta/client', 'alpha/api', 9090, undefined, 'allowed'],
    ['beta/client', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  const d = decide(model, endpoint(model, 'alpha/web'), endpoint(model, 'alpha/api'), 8080);
  assert.deepEqual(d.ingress?.policies.map((p) => p.name), ['a', 'b']);
  assert.deepEqual(d.ingress?.allowedBy.map((r) => `${r.policy.name} ${r.direction}[${r.index}]`), ['a ingress[0]']);
  assertMatrixAgrees(model);
});

test('replicas of one workload are separate pods: a default deny applies between them, and the decision says so', async () => {
  const model = await modelOf(ESTATE, policy('alpha', 'deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n'));
  const d = decide(model, endpoint(model, 'alpha/api'), endpoint(model, 'alpha/api'), 8080);
  assert.equal(d.verdict, 'denied');
  assert.ok(d.notes.includes('same-workload'));
});

test('hostNetwork pods are not governed by the policies that select them, and pod selectors do not match them as peers', async () => {
  const agent = workload('alpha', 'agent', { app: 'agent' }, [['metrics', 9100]], '      hostNetwork: true\n');
  const model = await modelOf(
    ESTATE,
    agent,
    policy('alpha', 'deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n'),
    policy('alpha', 'api-from-alpha', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{podSelector: {}}]\n'),
  );
  expectTable(model, [
    ['beta/client', 'alpha/agent', 9100, undefined, 'allowed'],
    ['alpha/agent', 'beta/web', 80, undefined, 'allowed'],
    ['alpha/agent', 'alpha/api', 8080, undefined, 'denied'],
  ]);
  const d = decide(model, endpoint(model, 'beta/client'), endpoint(model, 'alpha/agent'), 9100);
  assert.equal(d.ingress?.governed, false);
  assert.ok(d.notes.includes('host-network-destination'));
  assertMatrixAgrees(model);
});

test('a workload without a namespace is in "default", as kubectl applies it', async () => {
  const model = await modelOf(ESTATE, 'apiVersion: v1\nkind: Pod\nmetadata: {name: loose}\nspec:\n  containers: [{name: a, image: b}]\n');
  assert.equal(model.findPods('default/loose').length, 1);
});
