/**
 * Least-privilege generation, proven by the engine: generate policies for a list of flows, read
 * them back through the manifest reader as `kubectl apply` would get them, add them to the
 * inventory, and check every workload pair, port and protocol: exactly the listed flows are
 * allowed, nothing else; the same for addresses outside the cluster.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsyaml from 'js-yaml';
import { decide } from '../../../src/analyzers/network/engine.js';
import { generatePolicies, parseFlows } from '../../../src/analyzers/network/generate.js';
import { parseCidr } from '../../../src/analyzers/network/ip.js';
import type { NetworkModel } from '../../../src/analyzers/network/model.js';
import { PROTOCOLS, type Protocol } from '../../../src/analyzers/network/ports.js';
import { objectsYaml } from '../../../src/cli/netpol-text.js';
import { namespace } from '../../helpers/inventory.js';
import { readYaml } from '../../helpers/kube.js';
import { modelOf, probePorts, workload } from './fixtures.js';

const ESTATE = [
  namespace('web'),
  namespace('pay'),
  namespace('data'),
  workload('web', 'site', { 'app.kubernetes.io/name': 'site', 'app.kubernetes.io/version': '1.2' }, [['http', 8080]]),
  // Same labels as web/site plus one: its selector must rule the canary out.
  workload('web', 'site-canary', { 'app.kubernetes.io/name': 'site', 'app.kubernetes.io/version': '1.2', track: 'canary' }, [['http', 8080]]),
  workload('pay', 'api', { app: 'api', tier: 'backend' }, [['https', 8443], ['metrics', 9090]]),
  workload('pay', 'worker', { app: 'worker', tier: 'backend' }, []),
  workload('data', 'db', { app: 'db' }, [['postgres', 5432]]),
  workload('data', 'cache', { app: 'cache' }, [['redis', 6379], ['stats', 6380, 'UDP']]),
];

const FLOWS = [
  { from: 'web/site', to: 'pay/api', port: 8443 },
  { from: 'pay/api', to: 'data/db', port: 'postgres' },
  { from: 'pay/worker', to: 'data/db', port: 5432 },
  { from: 'pay/api', to: 'data/cache', port: 6379 },
  { from: 'pay/api', to: 'data/cache', port: 6380, protocol: 'UDP' },
  { from: 'pay/worker', to: 'pay/api', port: 9090 },
  { from: 'pay/worker', to: '198.51.100.0/24', port: 22 },
  { from: '203.0.113.0/24', to: 'web/site', port: 8080 },
];

interface Expected {
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
}

async function roundTrip(flows: unknown, dns = true): Promise<{ model: NetworkModel; yaml: string; expected: Expected[] }> {
  const before = await modelOf(...ESTATE);
  const { flows: resolved, problems } = parseFlows(before, flows);
  assert.deepEqual(problems, []);
  const generated = generatePolicies(before, resolved, { dns });
  const yaml = objectsYaml(generated.policies);
  const read = await readYaml(yaml);
  assert.deepEqual(read.errors, [], 'the manifest reader reads the generated YAML');
  assert.equal(read.resources.length, generated.policies.length);
  const model = await modelOf(...ESTATE, yaml);
  const expected = resolved.map((f) => {
    return { from: f.from.kind === 'pod' ? f.from.pod.id : f.from.cidr.text, to: f.to.kind === 'pod' ? f.to.pod.id : f.to.cidr.text, protocol: f.protocol, port: f.port };
  });
  return { model, yaml, expected };
}

test('generated policies allow exactly the listed flows between workloads: every pair, port and protocol', async () => {
  const { model, expected } = await roundTrip(FLOWS);
  const ports = probePorts(model, [22, 8443, 6379, 6380, 9090]);
  let allowed = 0;
  for (const from of model.pods) {
    for (const to of model.pods) {
      for (const protocol of PROTOCOLS) {
        for (const port of ports) {
          const listed = expected.some((e) => e.from === from.id && e.to === to.id && e.protocol === protocol && e.port === port);
          const verdict = decide(model, { kind: 'pod', pod: from }, { kind: 'pod', pod: to }, port, protocol).verdict;
          assert.equal(verdict === 'allowed', listed, `${from.label} -> ${to.label} ${protocol}/${port}: ${verdict}`);
          if (listed) allowed++;
        }
      }
    }
  }
  assert.equal(allowed, 6, 'the six in-cluster flows, each once');
});

test('generated policies allow exactly the listed flows to and from addresses outside the cluster', async () => {
  const { model, expected } = await roundTrip(FLOWS);
  const addresses = ['198.51.100.1', '198.51.100.254', '198.51.101.1', '203.0.113.9', '203.0.114.1', '8.8.8.8', '169.254.169.254', '10.0.0.1'];
  for (const pod of model.pods) {
    for (const address of addresses) {
      const cidr = parseCidr(address);
      assert.ok(cidr);
      for (const port of [22, 80, 443, 8080]) {
        const out = expected.some((e) => e.from === pod.id && parseCidr(e.to)?.lo !== undefined && (parseCidr(e.to)?.lo ?? 0n) <= cidr.lo && cidr.hi <= (parseCidr(e.to)?.hi ?? -1n) && e.port === port);
        assert.equal(decide(model, { kind: 'pod', pod }, { kind: 'address', cidr }, port).verdict === 'allowed', out, `${pod.label} -> ${address}:${port}`);
        const inbound = expected.some((e) => e.to === pod.id && (parseCidr(e.from)?.lo ?? 1n) <= cidr.lo && cidr.hi <= (parseCidr(e.from)?.hi ?? -1n) && e.port === port);
        assert.equal(decide(model, { kind: 'address', cidr }, { kind: 'pod', pod }, port).verdict === 'allowed', inbound, `${address} -> ${pod.label}:${port}`);
      }
    }
  }
});

test('the generated set: default deny and DNS per namespace, one ingress and one egress policy per workload, stable selectors', async () => {
  const { yaml } = await roundTrip(FLOWS);
  const docs = jsyaml.loadAll(yaml) as { metadata: { name: string; namespace: string }; spec: Record<string, unknown> }[];
  assert.deepEqual(docs.map((d) => `${d.metadata.namespace}/${d.metadata.name}`), [
    'data/default-deny', 'data/allow-dns', 'pay/default-deny', 'pay/allow-dns', 'web/default-deny', 'web/allow-dns',
    'data/allow-ingress-cache', 'data/allow-ingress-db', 'pay/allow-ingress-api', 'web/allow-ingress-site',
    'pay/allow-egress-api', 'pay/allow-egress-worker', 'web/allow-egress-site',
  ]);
  const site = docs.find((d) => d.metadata.name === 'allow-ingress-site');
  assert.deepEqual(site?.spec.podSelector, { matchLabels: { 'app.kubernetes.io/name': 'site' }, matchExpressions: [{ key: 'track', operator: 'DoesNotExist' }] }, 'no version label, the canary ruled out');
  const db = docs.find((d) => d.metadata.name === 'allow-ingress-db');
  assert.deepEqual(db?.spec.ingress, [
    {
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'pay' } }, podSelector: { matchLabels: { app: 'api' } } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'pay' } }, podSelector: { matchLabels: { app: 'worker' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    },
  ], 'sources with the same ports share a rule; a port name in a flow is written as the number it names');
});

test('--no-dns leaves DNS out; flows naming unknown workloads, bad ports or two addresses are refused with their index', async () => {
  const { yaml } = await roundTrip(FLOWS, false);
  assert.doesNotMatch(yaml, /allow-dns/);
  const model = await modelOf(...ESTATE);
  const { problems } = parseFlows(model, [
    { from: 'web/site', to: 'pay/apii', port: 8443 },
    { from: 'web/site', to: 'pay/api', port: 'grpc' },
    { from: '10.0.0.0/8', to: '192.168.0.1', port: 80 },
    { from: 'web/site', to: 'pay/api', port: 70000 },
    { from: 'web/site', to: 'pay/api', port: 80, protocol: 'ICMP' },
  ]);
  assert.deepEqual(problems.map((p) => [p.index, p.field, p.message]), [
    [0, 'to', 'no workload "pay/apii" in the input (namespace pay holds: api, worker)'],
    [1, 'port', 'pay/api declares no TCP container port named "grpc"'],
    [2, undefined, 'one end must be a workload: NetworkPolicy governs only traffic to or from pods'],
    [3, 'port', 'expected a port number 1-65535 or a port name (got 70000)'],
    [4, 'protocol', 'expected TCP, UDP or SCTP (got "ICMP")'],
  ]);
  assert.deepEqual(parseFlows(model, { not: 'a list' }).problems.map((p) => p.message), ['expected a JSON list of flows, each {"from", "to", "port", "protocol"}']);
});

test('workloads with identical labels cannot be told apart, and generation says so', async () => {
  const model = await modelOf(namespace('x'), workload('x', 'a', { app: 'same' }, []), workload('x', 'b', { app: 'same' }, []));
  const { flows } = parseFlows(model, [{ from: 'x/a', to: 'x/b', port: 80 }]);
  const { warnings } = generatePolicies(model, flows);
  assert.deepEqual(warnings.map((w) => w.en).sort(), ['x/a has the same pod labels as x/b: their policies cannot tell them apart', 'x/b has the same pod labels as x/a: their policies cannot tell them apart']);
});
