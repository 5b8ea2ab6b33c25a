import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeAnalysis } from '../../src/analyzers/kube-analysis.js';
import { loadFrameworks } from '../../src/catalog/index.js';
import type { Finding } from '../../src/model/index.js';
import { readYaml } from '../helpers/kube.js';

async function findingsOf(text: string): Promise<Finding[]> {
  const analysis = new KubeAnalysis({ frameworks: loadFrameworks(), pssVersion: 'latest', enabled: new Set(['pod.privileged']) });
  for (const r of (await readYaml(text)).resources) analysis.add(r);
  return analysis.finish().findings;
}

const AGENT = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  template:
    spec:
      containers:
      - {name: a, image: x, securityContext: {privileged: true}}
      - {name: b, image: x, securityContext: {privileged: true}}
`;

test('fingerprints stay the same when the object moves in its file, and differ per container', async () => {
  const before = await findingsOf(AGENT);
  const after = await findingsOf(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: pad}\n---\n# moved down\n\n${AGENT}`);
  assert.equal(before.length, 2);
  assert.deepEqual(before.map((f) => f.fingerprint), after.map((f) => f.fingerprint));
  assert.notEqual(before[0]?.location.line, after[0]?.location.line);
  assert.notEqual(before[0]?.fingerprint, before[1]?.fingerprint);
});

test('findings carry asset, controls from the framework files, and the line of the field', async () => {
  const [first] = await findingsOf(AGENT);
  assert.equal(first?.asset.ref, 'k8s:///monitoring/DaemonSet/agent');
  assert.equal(first?.asset.name, 'monitoring/DaemonSet/agent');
  assert.ok(first?.controls.includes('cis-k8s-1.12:5.2.2'), String(first?.controls));
  assert.equal(first?.location.line, 8);
});

test('a pod-bearing object with a malformed pod spec is an input error naming the field, not a crash', async () => {
  const analysis = new KubeAnalysis({ frameworks: loadFrameworks(), pssVersion: 'latest' });
  for (const r of (await readYaml(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: ns1}\nspec:\n  template:\n    spec:\n      containers: {name: a}\n`)).resources) analysis.add(r);
  const result = analysis.finish();
  assert.deepEqual(result.inputErrors.map((e) => [e.line, e.message]), [[7, 'Deployment ns1/d: spec.template.spec.containers: expected a non-empty list of containers']]);
});
