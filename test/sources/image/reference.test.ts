import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ImageError, formatReference, parseImageInput, parsePlatform, parseReference } from '../../../src/sources/image/index.js';
import { tempDir } from '../../helpers/images.js';

test('Docker Hub names are normalised the way docker does (never contacted here)', () => {
  const cases: Array<[string, string]> = [
    ['alpine', 'docker.io/library/alpine:latest'],
    ['alpine:3.20', 'docker.io/library/alpine:3.20'],
    ['bitnami/redis', 'docker.io/bitnami/redis:latest'],
    ['docker.io/alpine', 'docker.io/library/alpine:latest'],
    ['index.docker.io/library/alpine:1', 'docker.io/library/alpine:1'],
    ['localhost/app', 'localhost/app:latest'],
    ['127.0.0.1:5000/team/app:1.4.2', '127.0.0.1:5000/team/app:1.4.2'],
    ['registry.bank.local/payments/api', 'registry.bank.local/payments/api:latest'],
    [`ghcr.io/org/app@sha256:${'a'.repeat(64)}`, `ghcr.io/org/app@sha256:${'a'.repeat(64)}`],
    [`app:1@sha256:${'b'.repeat(64)}`, `docker.io/library/app:1@sha256:${'b'.repeat(64)}`],
  ];
  for (const [input, expected] of cases) assert.equal(formatReference(parseReference(input)), expected, input);
});

test('bad references are refused with the reference and the reason', () => {
  for (const [input, reason] of [
    ['Alpine', /bad repository name "Alpine"/],
    ['alpine:', /bad tag ""/],
    ['alpine@sha256:123', /bad digest "sha256:123"/],
    ['a//b', /bad repository name/],
    ['', /empty/],
  ] as const) {
    assert.throws(
      () => parseReference(input),
      (err: unknown) => err instanceof ImageError && err.message.startsWith(`${input}: invalid image reference`) && reason.test(err.message),
      input,
    );
  }
});

test('parseImageInput: transports, existing paths, forced input kinds', async () => {
  const dir = await tempDir();
  try {
    const archive = path.join(dir, 'image.tar');
    await writeFile(archive, '');
    const layout = path.join(dir, 'layout');
    await mkdir(layout);
    assert.deepEqual(parseImageInput(archive), { kind: 'archive', path: archive });
    assert.deepEqual(parseImageInput(layout), { kind: 'oci-layout', path: layout });
    assert.deepEqual(parseImageInput(`oci:${layout}:v1`), { kind: 'oci-layout', path: layout, ref: 'v1' });
    assert.deepEqual(parseImageInput(`oci-archive:${archive}`), { kind: 'oci-archive', path: archive });
    assert.deepEqual(parseImageInput(`docker-archive:${archive}:team/app:1`), { kind: 'docker-archive', path: archive, tag: 'team/app:1' });
    assert.deepEqual(parseImageInput(archive, { input: 'docker-archive' }), { kind: 'docker-archive', path: archive });
    const registry = parseImageInput('docker://nginx:1.27');
    assert.equal(registry.kind, 'registry');
    assert.equal(registry.kind === 'registry' && formatReference(registry.reference), 'docker.io/library/nginx:1.27');
    assert.throws(() => parseImageInput('x', { input: 'podman' }), /unknown input kind "podman"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('platforms: os/arch[/variant]', () => {
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
  assert.throws(() => parsePlatform('amd64'), /amd64: invalid platform \(expected os\/architecture\[\/variant\]/);
});
