import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceLimits } from '../../../../src/analyzers/workload/checks/hardening/resource-limits.js';
import { pod, violations } from '../../../helpers/kube.js';

test('pod.resource-limits names what is missing and points at it', async () => {
  const found = await violations(resourceLimits, pod(`  containers:
  - name: app
    image: a
  - name: web
    image: b
    resources:
      limits: {memory: 256Mi}
  initContainers:
  - name: setup
    image: c
    resources:
      limits: {cpu: 100m}
`));
  assert.deepEqual(found.map((v) => v.evidence), [
    'missing: limits.cpu, limits.memory',
    'missing: limits.cpu',
    'missing: limits.memory',
  ]);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'resources', 'limits']);
  assert.deepEqual(found[1]?.path, ['spec', 'containers', 1, 'resources', 'limits', 'cpu']);
  assert.deepEqual(found[2]?.path, ['spec', 'initContainers', 0, 'resources', 'limits', 'memory']);
  assert.match(found[1]?.message.en ?? '', /container "web" sets no limits\.cpu/);
});

test('pod.resource-limits does not count requests as limits', async () => {
  const found = await violations(resourceLimits, pod(`  containers:
  - name: app
    image: a
    resources:
      requests: {cpu: 100m, memory: 128Mi}
`));
  assert.equal(found.length, 1);
});

test('pod.resource-limits passes cpu and memory limits, and skips ephemeral containers, which cannot have them', async () => {
  const found = await violations(resourceLimits, pod(`  containers:
  - name: app
    image: a
    resources:
      limits: {cpu: 500m, memory: 256Mi}
  ephemeralContainers:
  - name: debug
    image: busybox
`));
  assert.deepEqual(found, []);
});

test('pod.resource-limits accepts pod-level limits for every container', async () => {
  const found = await violations(resourceLimits, pod(`  resources:
    limits: {cpu: "1", memory: 1Gi}
  containers:
  - name: app
    image: a
  - name: sidecar
    image: b
`));
  assert.deepEqual(found, []);
});
