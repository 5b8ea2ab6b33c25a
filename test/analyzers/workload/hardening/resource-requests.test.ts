import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceRequests } from '../../../../src/analyzers/workload/checks/hardening/resource-requests.js';
import { pod, violations } from '../../../helpers/kube.js';

test('pod.resource-requests names the missing requests, in containers and init containers', async () => {
  const found = await violations(resourceRequests, pod(`  containers:
  - name: app
    image: a
    resources:
      requests: {cpu: 100m}
  initContainers:
  - name: setup
    image: b
`));
  assert.deepEqual(found.map((v) => [v.container, v.evidence]), [
    ['app', 'missing: requests.memory'],
    ['setup', 'missing: requests.cpu, requests.memory'],
  ]);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'resources', 'requests', 'memory']);
});

test('pod.resource-requests passes a limit without a request, which Kubernetes copies into the request', async () => {
  const found = await violations(resourceRequests, pod(`  containers:
  - name: app
    image: a
    resources:
      limits: {cpu: 500m}
      requests: {memory: 128Mi}
`));
  assert.deepEqual(found, []);
});

test('pod.resource-requests passes explicit requests and skips ephemeral containers', async () => {
  const found = await violations(resourceRequests, pod(`  containers:
  - name: app
    image: a
    resources:
      requests: {cpu: 100m, memory: 128Mi}
  ephemeralContainers:
  - name: debug
    image: busybox
`));
  assert.deepEqual(found, []);
});
