import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageNoDigest } from '../../../../src/analyzers/workload/checks/hardening/image-no-digest.js';
import { pod, violations } from '../../../helpers/kube.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;

test('pod.image-no-digest fails tagged and untagged references without a digest', async () => {
  const found = await violations(imageNoDigest, pod(`  containers:
  - name: app
    image: registry.local:5000/app:1.0
  initContainers:
  - name: setup
    image: busybox
`));
  assert.deepEqual(found.map((v) => [v.container, v.evidence]), [
    ['app', 'image: registry.local:5000/app:1.0'],
    ['setup', 'image: busybox'],
  ]);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'image']);
});

test('pod.image-no-digest passes digests, with or without a tag, and skips ephemeral containers', async () => {
  const found = await violations(imageNoDigest, pod(`  containers:
  - name: app
    image: registry.local:5000/app@${DIGEST}
  - name: web
    image: nginx:1.25@${DIGEST}
  ephemeralContainers:
  - name: debug
    image: busybox
`));
  assert.deepEqual(found, []);
});
