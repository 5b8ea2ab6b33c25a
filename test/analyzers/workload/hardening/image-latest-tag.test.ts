import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageLatestTag } from '../../../../src/analyzers/workload/checks/hardening/image-latest-tag.js';
import { pod, violations } from '../../../helpers/kube.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;

function podWithImages(images: string[], extra = ''): string {
  return pod(`  containers:
${images.map((image, i) => `  - name: c${i}\n    image: ${JSON.stringify(image)}\n`).join('')}${extra}`);
}

test('pod.image-latest-tag fails :latest and untagged references, registry ports included', async () => {
  const images = ['nginx', 'nginx:latest', 'registry.local:5000/app', 'registry.local:5000/team/app:latest', 'docker.io/library/nginx'];
  const found = await violations(imageLatestTag, podWithImages(images));
  assert.deepEqual(found.map((v) => v.evidence), images.map((i) => `image: ${i}`));
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'image']);
  assert.match(found[0]?.message.en ?? '', /has no tag/);
  assert.match(found[1]?.message.en ?? '', /mutable "latest" tag/);
});

test('pod.image-latest-tag checks init containers but not ephemeral debug containers', async () => {
  const found = await violations(imageLatestTag, podWithImages(['app:1.0'], `  initContainers:
  - name: setup
    image: busybox
  ephemeralContainers:
  - name: debug
    image: busybox
`));
  assert.deepEqual(found.map((v) => v.subject), ['container:setup']);
});

test('pod.image-latest-tag passes version tags and any digest, even next to latest', async () => {
  const found = await violations(
    imageLatestTag,
    podWithImages(['nginx:1.25', 'registry.local:5000/app:1.0', `nginx@${DIGEST}`, `nginx:latest@${DIGEST}`, 'localhost:5000/team/app:v2']),
  );
  assert.deepEqual(found, []);
});

test('pod.image-latest-tag leaves unparseable references and missing images alone', async () => {
  const found = await violations(imageLatestTag, pod(`  containers:
  - name: a
    image: "app@sha256:short"
  - name: b
`));
  assert.deepEqual(found, []);
});
