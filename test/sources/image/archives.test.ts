import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { LayerEntry, LayerVisitor } from '../../../src/model/image.js';
import { ImageError, floorRead, openImage, parseImageInput, type OpenedImage } from '../../../src/sources/image/index.js';
import { buildImage, buildMultiArchImage, readManifest, tempDir, toDockerArchive, toOciArchive, toZstdLayout, type BuiltImage } from '../../helpers/images.js';

// Real images: umoci builds the layout, skopeo converts it to docker-archive, oci-archive and zstd.
const SECRET = 'AKIAIOSFODNN7EXAMPLE';
let dir: string;
let image: BuiltImage;

before(async () => {
  dir = await tempDir();
  image = await buildImage(
    dir,
    [
      [{ '/etc/app.conf': 'mode=prod\n', '/etc/old/a.txt': 'old a', '/etc/old/b.txt': 'old b', '/usr/bin/helper': { content: '#!/bin/sh\n', mode: 0o4755 } }, { createdBy: 'COPY base /' }],
      [{ '/opt/app/.env': `AWS_ACCESS_KEY_ID=${SECRET}\n` }, { createdBy: 'COPY .env /opt/app/' }],
      [{ '/opt/app/.env': null }, { createdBy: 'RUN rm /opt/app/.env' }],
      [{ '/etc/old/new.txt': 'only me' }, { opaque: '/etc/old', createdBy: 'COPY old /etc/old' }],
      [{ '/etc/app.conf': 'mode=debug\n' }],
    ],
    { tag: 'v1', config: { user: 'app', env: ['PATH=/usr/bin'], cmd: ['/usr/bin/helper'], labels: { team: 'payments' }, exposedPorts: ['8080/tcp'] } },
  );
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A visitor that keeps every file it is given, keyed by path@layer. */
function recorder(filter: (e: LayerEntry) => boolean = () => true): LayerVisitor & { seen: Map<string, string>; offered: string[] } {
  const seen = new Map<string, string>();
  const offered: string[] = [];
  return {
    seen,
    offered,
    wants(entry) {
      offered.push(`${entry.path}@${entry.layer}`);
      return filter(entry);
    },
    file(entry, content) {
      assert.ok(!seen.has(`${entry.path}@${entry.layer}`), `file ${entry.path}@${entry.layer} given twice`);
      seen.set(`${entry.path}@${entry.layer}`, content.toString());
    },
  };
}

async function checkImageContent(opened: OpenedImage): Promise<void> {
  const visitor = recorder((e) => e.path.startsWith('/opt/') || e.path.startsWith('/etc/'));
  const other = recorder((e) => e.path === '/usr/bin/helper');
  const view = await opened.readLayers([visitor, other]);
  // The secret is gone from the final view but its history says which layer holds it.
  assert.equal(view.files.has('/opt/app/.env'), false);
  assert.deepEqual(view.history.get('/opt/app/.env'), [
    { layer: 1, action: 'add' },
    { layer: 2, action: 'delete' },
  ]);
  assert.equal(visitor.seen.get('/opt/app/.env@1'), `AWS_ACCESS_KEY_ID=${SECRET}\n`);
  // Opaque directory: the lower layer's files are hidden, the new one is final.
  assert.equal(view.files.has('/etc/old/a.txt'), false);
  assert.equal(view.files.has('/etc/old/b.txt'), false);
  assert.deepEqual(view.history.get('/etc/old/a.txt'), [
    { layer: 0, action: 'add' },
    { layer: 3, action: 'delete' },
  ]);
  assert.equal(view.files.get('/etc/old/new.txt')?.layer, 3);
  // Changed in a later layer: both versions seen, only the last is final.
  assert.equal(visitor.seen.get('/etc/app.conf@0'), 'mode=prod\n');
  assert.equal(visitor.seen.get('/etc/app.conf@4'), 'mode=debug\n');
  assert.equal(view.isFinal('/etc/app.conf', 4), true);
  assert.equal(view.isFinal('/etc/app.conf', 0), false);
  assert.deepEqual(view.history.get('/etc/app.conf'), [
    { layer: 0, action: 'add' },
    { layer: 4, action: 'change' },
  ]);
  // setuid bit survives into the entry; the second visitor got only what it asked for.
  const helper = view.files.get('/usr/bin/helper');
  assert.equal(helper?.mode, 0o4755);
  assert.equal(helper?.type, 'file');
  assert.deepEqual([...other.seen.keys()], ['/usr/bin/helper@0']);
  assert.ok(other.offered.includes('/opt/app/.env@1'), 'wants() is asked for every regular file');
}

test('OCI layout directory (umoci): config, layers with history, whiteout and opaque history, visitors fed once', async () => {
  const opened = await openImage(parseImageInput(image.ociRef));
  const manifest = await readManifest(image);
  assert.equal(opened.info.manifestDigest, manifest.digest);
  assert.equal(opened.info.configDigest, manifest.config.digest);
  assert.deepEqual(opened.info.tags, ['v1']);
  assert.equal(opened.info.layers.length, 5);
  assert.deepEqual(
    opened.info.layers.map((l) => l.digest),
    manifest.layers.map((l) => l.digest),
  );
  assert.equal(opened.info.layers[1]?.createdBy, 'COPY .env /opt/app/');
  assert.equal(opened.info.layers[0]?.mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
  assert.match(opened.info.layers[0]!.diffId, /^sha256:[a-f0-9]{64}$/);
  assert.equal(opened.info.config.user, 'app');
  assert.deepEqual(opened.info.config.cmd, ['/usr/bin/helper']);
  assert.deepEqual(opened.info.config.labels, { team: 'payments' });
  assert.deepEqual(opened.info.config.exposedPorts, ['8080/tcp']);
  assert.deepEqual(opened.info.platform, { os: 'linux', architecture: 'amd64' });
  await checkImageContent(opened);
});

test('docker-archive (skopeo docker-archive:) read by path, auto-detected and by explicit tag', async () => {
  const file = await toDockerArchive(image, path.join(dir, 'docker.tar'), 'bank/payments:1.4');
  for (const source of [parseImageInput(file), parseImageInput(`docker-archive:${file}:bank/payments:1.4`)]) {
    const opened = await openImage(source);
    assert.equal(opened.info.manifestDigest, undefined, 'docker-archive carries no manifest digest');
    assert.deepEqual(opened.info.tags, ['docker.io/bank/payments:1.4']);
    assert.equal(opened.info.repository, 'docker.io/bank/payments');
    assert.equal(opened.info.layers.length, 5);
    // Layers are stored uncompressed: blob digest and diffId coincide.
    assert.equal(opened.info.layers[0]!.digest, opened.info.layers[0]!.diffId);
    await checkImageContent(opened);
  }
  await assert.rejects(openImage(parseImageInput(`docker-archive:${file}:other/name:2`)), (err: unknown) => {
    assert.ok(err instanceof ImageError);
    assert.match(err.message, /no image tagged "other\/name:2" in the archive; it holds: docker\.io\/bank\/payments:1\.4/);
    return true;
  });
});

test('oci-archive (skopeo oci-archive:) by path and with the oci-archive: prefix', async () => {
  const file = await toOciArchive(image, path.join(dir, 'oci.tar'));
  const manifest = await readManifest(image);
  for (const arg of [file, `oci-archive:${file}:v1`]) {
    const opened = await openImage(parseImageInput(arg));
    assert.equal(opened.info.manifestDigest, manifest.digest);
    await checkImageContent(opened);
  }
});

test('zstd layers (skopeo --dest-compress-format zstd) are streamed through fzstd', async () => {
  const zstd = await toZstdLayout(image, path.join(dir, 'zstd'));
  const opened = await openImage(parseImageInput(zstd.ociRef));
  assert.ok(opened.info.layers.every((l) => l.mediaType === 'application/vnd.oci.image.layer.v1.tar+zstd'));
  await checkImageContent(opened);
});

test('multi-platform OCI layout: --platform picks the image, a missing platform lists the available ones', async () => {
  const sub = await tempDir();
  try {
    const multi = await buildMultiArchImage(sub, [
      { os: 'linux', architecture: 'amd64', layers: [{ '/arch': 'amd64' }] },
      { os: 'linux', architecture: 'arm64', variant: 'v8', layers: [{ '/arch': 'arm64' }] },
    ]);
    for (const [platform, expected] of [
      [undefined, 'amd64'],
      ['linux/arm64', 'arm64'],
      ['linux/arm64/v8', 'arm64'],
    ] as const) {
      const opened = await openImage(parseImageInput(multi.ociRef), platform ? { platform } : {});
      assert.equal(opened.info.platform.architecture, expected);
      const seen = recorder();
      await opened.readLayers([seen]);
      assert.equal(seen.seen.get('/arch@0'), expected);
    }
    await assert.rejects(openImage(parseImageInput(multi.ociRef), { platform: 'linux/s390x' }), /no image for platform linux\/s390x in the index; available: linux\/amd64, linux\/arm64\/v8/);
  } finally {
    await rm(sub, { recursive: true, force: true });
  }
});

test('floorRead decompresses each layer once and counts what it read', async () => {
  const opened = await openImage(parseImageInput(image.ociRef));
  const floor = await floorRead(opened);
  const manifest = await readManifest(image);
  assert.equal(floor.compressedBytes, manifest.layers.reduce((n, l) => n + l.size, 0));
  assert.ok(floor.uncompressedBytes > floor.entries, 'file bytes were counted');
  assert.ok(floor.entries >= 10);
});

test('bad local inputs: missing path, not an image archive, unknown layout ref', async () => {
  assert.throws(() => parseImageInput('./no/such/image.tar'), /\.\/no\/such\/image\.tar: no such file or directory/);
  const notImage = path.join(dir, 'app.conf');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(notImage, 'not a tar at all, just text that is long enough to fill a header block'.repeat(10));
  await assert.rejects(openImage(parseImageInput(notImage)), (err: unknown) => err instanceof ImageError && /app\.conf: not a valid tar archive/.test(err.message));
  await assert.rejects(openImage(parseImageInput(`oci:${image.layout}:nope`)), /no image named "nope" in the layout; it holds: v1/);
  await assert.rejects(openImage(parseImageInput(`oci:${dir}`)), /not an OCI image layout: the oci-layout file is missing/);
});
