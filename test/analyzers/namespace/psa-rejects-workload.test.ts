import { test } from 'node:test';
import assert from 'node:assert/strict';
import { psaRejectsWorkload } from '../../../src/analyzers/namespace/psa-rejects-workload.js';
import { deployment, inventoryViolations, namespace } from '../../helpers/inventory.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const VERSION = 'pod-security.kubernetes.io/enforce-version';
const PRIVILEGED = `        securityContext: {privileged: true}
`;

test('namespace.psa-rejects-workload reports the workload its namespace would reject, on the workload', async () => {
  const text = [namespace('payments', { [ENFORCE]: 'baseline', [VERSION]: 'v1.33' }), deployment('api', 'payments', PRIVILEGED), deployment('web', 'payments')].join('---\n');
  const found = await inventoryViolations(psaRejectsWorkload, text);
  assert.equal(found.length, 1);
  const [v] = found;
  assert.equal(v?.resource.kind, 'Deployment');
  assert.equal(v?.resource.name, 'api');
  assert.deepEqual(v?.path, ['spec', 'template', 'spec']);
  assert.equal(v?.subject, 'spec.template.spec');
  assert.equal(v?.message.en, 'rejected by namespace payments (enforce=baseline, v1.33): pod.privileged (app)');
  assert.match(v?.message.zh ?? '', /命名空间 payments.*pod\.privileged \(app\)/);
  // The line of the Deployment's `spec:` under `template:`.
  const lines = text.split('\n');
  assert.equal(v?.resource.lineOf(v.path), lines.indexOf('  template:') + 2);
});

test('namespace.psa-rejects-workload lists each failing check once with all its containers', async () => {
  const found = await inventoryViolations(
    psaRejectsWorkload,
    `${namespace('payments', { [ENFORCE]: 'baseline', [VERSION]: 'v1.33' })}---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: payments}
spec:
  containers:
  - {name: app, image: a, securityContext: {privileged: true}}
  - {name: sidecar, image: b, securityContext: {privileged: true}}
  initContainers:
  - {name: setup, image: c, securityContext: {privileged: true}}
`,
  );
  assert.equal(found.length, 1);
  assert.match(found[0]?.message.en ?? '', /: pod\.privileged \(app, sidecar, setup\)$/);
  assert.deepEqual(found[0]?.path, ['spec']);
});

test('namespace.psa-rejects-workload evaluates restricted as more than baseline', async () => {
  const text = (level: string): string => [namespace('payments', { [ENFORCE]: level, [VERSION]: 'v1.33' }), deployment('api', 'payments')].join('---\n');
  assert.deepEqual(await inventoryViolations(psaRejectsWorkload, text('baseline')), []);
  const restricted = await inventoryViolations(psaRejectsWorkload, text('restricted'));
  assert.equal(restricted.length, 1);
  assert.match(restricted[0]?.message.en ?? '', /\(enforce=restricted, v1\.33\): .*pod\.run-as-non-root \(app\)/);
});

test('namespace.psa-rejects-workload rejects nothing where the namespace enforces privileged or nothing', async () => {
  const found = await inventoryViolations(
    psaRejectsWorkload,
    [
      namespace('agents', { [ENFORCE]: 'privileged' }),
      deployment('agent', 'agents', PRIVILEGED),
      namespace('legacy', { 'pod-security.kubernetes.io/warn': 'restricted' }),
      deployment('old', 'legacy', PRIVILEGED),
    ].join('---\n'),
  );
  assert.deepEqual(found, []);
});

test('namespace.psa-rejects-workload judges only workloads of namespaces it has read', async () => {
  const found = await inventoryViolations(
    psaRejectsWorkload,
    [namespace('payments', { [ENFORCE]: 'restricted' }), deployment('elsewhere', 'other', PRIVILEGED)].join('---\n'),
  );
  assert.deepEqual(found, []);
});

test('namespace.psa-rejects-workload enforces an invalid level as restricted, as Pod Security Admission does', async () => {
  const found = await inventoryViolations(
    psaRejectsWorkload,
    [namespace('payments', { [ENFORCE]: 'strict', [VERSION]: 'v1.33' }), deployment('api', 'payments', PRIVILEGED)].join('---\n'),
  );
  assert.equal(found.length, 1);
  assert.match(found[0]?.message.en ?? '', /\(enforce=strict, invalid, enforced as restricted, v1\.33\): .*pod\.privileged \(app\)/);
});

test('namespace.psa-rejects-workload evaluates latest or a missing version at the scan policy version', async () => {
  const text = [namespace('payments', { [ENFORCE]: 'baseline' }), deployment('api', 'payments', PRIVILEGED)].join('---\n');
  const latest = await inventoryViolations(psaRejectsWorkload, text);
  assert.match(latest[0]?.message.en ?? '', /\(enforce=baseline, latest\)/);
  const pinnedScan = await inventoryViolations(psaRejectsWorkload, text, 31);
  assert.match(pinnedScan[0]?.message.en ?? '', /\(enforce=baseline, latest, evaluated at v1\.31\)/);
});
