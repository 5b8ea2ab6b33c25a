/**
 * What the API server (or Istio) would refuse is an input error naming the file, line and field,
 * never a crash and never silently read as something else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESTATE, can, modelWithErrors, policy } from './fixtures.js';

const CASES: [string, string, RegExp][] = [
  ['an unknown selector operator', '  podSelector: {matchExpressions: [{key: app, operator: Equals, values: [api]}]}\n', /spec\.podSelector\.matchExpressions\[0\]\.operator: operator must be one of In, NotIn, Exists, DoesNotExist/],
  ['a numeric label value in a peer selector', '  podSelector: {}\n  ingress:\n  - from: [{podSelector: {matchLabels: {tier: 3}}}]\n', /spec\.ingress\[0\]\.from\[0\]\.podSelector\.matchLabels\.tier: label values must be strings/],
  ['a quoted port number', '  podSelector: {}\n  ingress:\n  - ports: [{port: "5432"}]\n', /spec\.ingress\[0\]\.ports\[0\]\.port: "5432" is a string, which Kubernetes reads as a port name and refuses: write the number unquoted/],
  ['a port out of range', '  podSelector: {}\n  ingress:\n  - ports: [{port: 70000}]\n', /ports\[0\]\.port: expected a port number 1-65535 or a port name \(got 70000\)/],
  ['a port name with capitals', '  podSelector: {}\n  ingress:\n  - ports: [{port: HTTP}]\n', /"HTTP" is not a valid port name/],
  ['endPort with a named port', '  podSelector: {}\n  ingress:\n  - ports: [{port: http, endPort: 90}]\n', /ports\[0\]\.endPort: endPort needs a numeric port/],
  ['endPort below port', '  podSelector: {}\n  ingress:\n  - ports: [{port: 90, endPort: 80}]\n', /endPort 80 is below port 90/],
  ['endPort without port', '  podSelector: {}\n  ingress:\n  - ports: [{endPort: 80}]\n', /endPort needs port to be set/],
  ['an unknown protocol', '  podSelector: {}\n  ingress:\n  - ports: [{protocol: ICMP}]\n', /ports\[0\]\.protocol: expected TCP, UDP or SCTP \(got "ICMP"\)/],
  ['ipBlock together with a selector', '  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]\n', /from\[0\]: a peer may set ipBlock or podSelector\/namespaceSelector, not both/],
  ['an empty peer', '  podSelector: {}\n  ingress:\n  - from: [{}]\n', /from\[0\]: empty peer/],
  ['an except outside the cidr', '  podSelector: {}\n  egress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}}]\n', /except\[0\]: 192\.168\.0\.0\/16 is not strictly inside 10\.0\.0\.0\/8/],
  ['a bare address as cidr', '  podSelector: {}\n  egress:\n  - to: [{ipBlock: {cidr: 10.1.2.3}}]\n', /ipBlock\.cidr: expected a CIDR such as 10\.0\.0\.0\/8/],
  ['an unknown policy type', '  podSelector: {}\n  policyTypes: [Ingres]\n', /spec\.policyTypes\[0\]: expected Ingress or Egress \(got "Ingres"\)/],
  ['ingress that is not a list', '  podSelector: {}\n  ingress: {from: []}\n', /spec\.ingress: expected a list of ingress rules/],
];

for (const [what, spec, message] of CASES) {
  test(`a NetworkPolicy with ${what} is an input error with its line, and is left out as the API server would refuse it`, async () => {
    const doc = policy('alpha', 'broken', spec);
    const { model, errors } = await modelWithErrors(ESTATE, doc);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    const [error] = errors;
    assert.match(error?.message ?? '', message);
    assert.match(error?.message ?? '', /^NetworkPolicy alpha\/broken: .*the API server would refuse this NetworkPolicy, so it is left out of the analysis$/);
    assert.equal(error?.source, '-');
    assert.ok((error?.line ?? 0) > ESTATE.split('\n').length, 'the line is in the policy document');
    assert.equal(model.policies.length, 0);
    assert.equal(can(model, 'beta/client', 'alpha/api', 8080), 'allowed');
  });
}

test('malformed PeerAuthentications are input errors: a bad mode, portLevelMtls without a selector', async () => {
  const pa = (name: string, spec: string): string => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: alpha}\nspec:\n${spec}`;
  const { model, errors } = await modelWithErrors(ESTATE, pa('a', '  mtls: {mode: STRICTEST}\n'), pa('b', '  mtls: {mode: STRICT}\n  portLevelMtls:\n    8080: {mode: DISABLE}\n'));
  assert.deepEqual(
    errors.map((e) => e.message.replace(/; Istio refuses.*$/, '')),
    ['PeerAuthentication alpha/a: spec.mtls.mode: expected STRICT, PERMISSIVE, DISABLE or UNSET (got "STRICTEST")', 'PeerAuthentication alpha/b: spec.portLevelMtls: portLevelMtls requires a selector with matchLabels'],
  );
  assert.equal(model.peerAuthentications.length, 0);
});

test('a pod template label that is not a string, and a container port that is not a number, are input errors', async () => {
  const bad = `apiVersion: apps/v1
kind: Deployment
metadata: {name: odd, namespace: alpha}
spec:
  template:
    metadata:
      labels: {app: odd, version: 1.5}
    spec:
      containers:
      - name: app
        image: app:1
        ports: [{containerPort: http}]
`;
  const { errors } = await modelWithErrors(ESTATE, bad);
  assert.deepEqual(
    errors.map((e) => e.message),
    ['Deployment alpha/odd: spec.template.metadata.labels.version: expected a string (got 1.5); quote the value', 'Deployment alpha/odd: spec.template.spec.containers[0].ports[0].containerPort: expected a port number 1-65535 (got "http")'],
  );
});

test('input errors are reported once per model, to the first caller that can report them', async () => {
  const { networkModel } = await import('../../../src/analyzers/network/model.js');
  const { inventoryOf } = await import('../../helpers/inventory.js');
  const inventory = await inventoryOf([ESTATE, policy('alpha', 'broken', '  podSelector: {}\n  policyTypes: [Sideways]\n')].join('\n---\n'));
  const first: string[] = [];
  const second: string[] = [];
  networkModel(inventory);
  networkModel(inventory, (_r, _p, m) => first.push(m));
  networkModel(inventory, (_r, _p, m) => second.push(m));
  assert.equal(first.length, 1);
  assert.equal(second.length, 0);
});
