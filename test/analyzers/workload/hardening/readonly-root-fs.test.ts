import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readonlyRootFs } from '../../../../src/analyzers/workload/checks/hardening/readonly-root-fs.js';
import { pod, violations } from '../../../helpers/kube.js';

test('pod.readonly-root-fs fails unset and false, in containers and init containers', async () => {
  const found = await violations(readonlyRootFs, pod(`  containers:
  - name: app
    image: a
  - name: sidecar
    image: b
    securityContext: {readOnlyRootFilesystem: false}
  initContainers:
  - name: setup
    image: c
`));
  assert.deepEqual(found.map((v) => v.subject), ['container:app', 'container:sidecar', 'container:setup']);
  assert.deepEqual(found[1]?.path, ['spec', 'containers', 1, 'securityContext', 'readOnlyRootFilesystem']);
  assert.equal(found[0]?.evidence, 'readOnlyRootFilesystem: unset');
  assert.equal(found[1]?.evidence, 'readOnlyRootFilesystem: false');
});

test('pod.readonly-root-fs passes true and leaves ephemeral debug containers alone', async () => {
  const found = await violations(readonlyRootFs, pod(`  containers:
  - name: app
    image: a
    securityContext: {readOnlyRootFilesystem: true}
  ephemeralContainers:
  - name: debug
    image: busybox
`));
  assert.deepEqual(found, []);
});

test('pod.readonly-root-fs does not accept the string "true"', async () => {
  const found = await violations(readonlyRootFs, pod(`  containers:
  - name: app
    image: a
    securityContext: {readOnlyRootFilesystem: "true"}
`));
  assert.equal(found[0]?.evidence, 'readOnlyRootFilesystem: "true"');
});
