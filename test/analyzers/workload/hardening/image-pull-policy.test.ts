import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imagePullPolicy } from '../../../../src/analyzers/workload/checks/hardening/image-pull-policy.js';
import { pod, violations } from '../../../helpers/kube.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;

test('pod.image-pull-policy fails IfNotPresent or Never with a latest or untagged image', async () => {
  const found = await violations(imagePullPolicy, pod(`  containers:
  - name: app
    image: app:latest
    imagePullPolicy: IfNotPresent
  initContainers:
  - name: setup
    image: registry.local:5000/tools
    imagePullPolicy: Never
`));
  assert.deepEqual(found.map((v) => v.subject), ['container:app', 'container:setup']);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'imagePullPolicy']);
  assert.equal(found[1]?.evidence, 'imagePullPolicy: Never, image: registry.local:5000/tools');
});

test('pod.image-pull-policy passes Always, the default, and pinned references', async () => {
  const found = await violations(imagePullPolicy, pod(`  containers:
  - name: a
    image: app:latest
    imagePullPolicy: Always
  - name: b
    image: app
  - name: c
    image: app:1.0
    imagePullPolicy: IfNotPresent
  - name: d
    image: app:latest@${DIGEST}
    imagePullPolicy: IfNotPresent
  ephemeralContainers:
  - name: debug
    image: busybox
    imagePullPolicy: IfNotPresent
`));
  assert.deepEqual(found, []);
});
