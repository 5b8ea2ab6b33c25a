import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { init as zstdInit, compress as zstdCompress } from '@bokuweb/zstd-wasm';
import type { LayerEntry } from '../../../src/model/image.js';
import { ImageError, openImage, parseImageInput } from '../../../src/sources/image/index.js';
import { blobFile, layoutFromTars, readManifest, tarOf, tempDir } from '../../helpers/images.js';

// Hostile and broken layers no real tool writes, wrapped by hand in a valid OCI layout.
let dir: string;

before(async () => {
  dir = await tempDir();
  await zstdInit();
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readImage(tars: Buffer[], options: Parameters<typeof layoutFromTars>[2] = {}, limits = {}): Promise<{ files: Map<string, LayerEntry>; given: string[] }> {
  const image = await layoutFromTars(dir, tars, options);
  const opened = await openImage(parseImageInput(image.ociRef));
  const given: string[] = [];
  const view = await opened.readLayers([{ wants: () => true, file: (e, c) => void given.push(`${e.path}=${c.toString()}`) }], { limits });
  return { files: new Map(view.files), given };
}

function rejectsWith(pattern: RegExp): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof ImageError, `expected ImageError, got ${String(err)}`);
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes('\n'), 'one line');
    return true;
  };
}

test('a "../" entry is refused as path traversal, naming the layer digest', async () => {
  const evil = await tarOf([{ name: 'etc/ok', content: 'fine' }, { name: '../../etc/cron.d/evil', content: '* * * * * root sh' }]);
  const image = await layoutFromTars(dir, [evil]);
  const digest = (await readManifest(image)).layers[0]!.digest;
  const opened = await openImage(parseImageInput(image.ociRef));
  await assert.rejects(opened.readLayers([]), rejectsWith(new RegExp(`layer 1/1 ${digest}: tar entry "\\.\\./\\.\\./etc/cron\\.d/evil" climbs out of the image root`)));
});

test('hard links and symlinks whose targets climb out of the root are refused; absolute symlinks stay inside', async () => {
  const hard = await tarOf([{ name: 'x', type: 'link', linkname: '../../etc/shadow' }]);
  await assert.rejects(readImage([hard]), rejectsWith(/hard link "\/x" → "\.\.\/\.\.\/etc\/shadow" points outside the image root/));
  const soft = await tarOf([{ name: 'a/b', type: 'symlink', linkname: '../../../etc/shadow' }]);
  await assert.rejects(readImage([soft]), rejectsWith(/symlink "\/a\/b" → "\.\.\/\.\.\/\.\.\/etc\/shadow" climbs out of the image root/));
  const fine = await tarOf([
    { name: 'usr/bin/vi', type: 'symlink', linkname: '/etc/alternatives/vi' },
    { name: 'usr/lib/x', type: 'symlink', linkname: '../share/x' },
    { name: 'usr/bin/perl', content: 'perl' },
    { name: 'usr/bin/perl5', type: 'link', linkname: 'usr/bin/perl' },
  ]);
  const { files } = await readImage([fine]);
  assert.equal(files.get('/usr/bin/vi')?.linkTarget, '/etc/alternatives/vi');
  assert.equal(files.get('/usr/bin/perl5')?.type, 'hardlink');
  assert.equal(files.get('/usr/bin/perl5')?.linkTarget, '/usr/bin/perl');
});

test('decompression bomb: total uncompressed bytes past maxTotalBytes stop the read (gzip and zstd)', async () => {
  const big = await tarOf([{ name: 'zeros', content: Buffer.alloc(4 * 1024 * 1024) }]);
  assert.ok(gzipSync(big).length < 20_000, 'the layer is highly compressible');
  await assert.rejects(readImage([big], {}, { maxTotalBytes: 1024 * 1024 }), rejectsWith(/uncompressed content exceeds 1048576 bytes for the image \(limit maxTotalBytes; possible decompression bomb\)/));
  await assert.rejects(
    readImage([big], { compress: (t) => Buffer.from(zstdCompress(t, 19)) }, { maxTotalBytes: 1024 * 1024 }),
    rejectsWith(/layer 1\/1 sha256:[a-f0-9]{64}: uncompressed content exceeds 1048576 bytes/),
  );
  // The budget is for the whole image: two layers under it one by one still fail together.
  const half = await tarOf([{ name: 'h', content: Buffer.alloc(700 * 1024) }]);
  await assert.rejects(readImage([half, half], {}, { maxTotalBytes: 1024 * 1024 }), rejectsWith(/layer 2\/2 .*maxTotalBytes/));
});

test('entry count past maxEntries is refused; files over maxFileSize are not given to visitors', async () => {
  const many = await tarOf(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, content: 'x' })));
  await assert.rejects(readImage([many], {}, { maxEntries: 20 }), rejectsWith(/more than 20 tar entries in the image \(limit maxEntries/));
  const sizes = await tarOf([
    { name: 'small', content: 'tiny' },
    { name: 'large', content: 'y'.repeat(5000) },
  ]);
  const { files, given } = await readImage([sizes], {}, { maxFileSize: 1000 });
  assert.deepEqual(given, ['/small=tiny']);
  assert.equal(files.get('/large')?.size, 5000, 'an oversized file is still in the view');
});

test('corrupted gzip layer: one clear line naming the layer digest', async () => {
  const good = gzipSync(await tarOf([{ name: 'a', content: 'a'.repeat(10_000) }]));
  const corrupt = Buffer.from(good);
  for (let i = 20; i < 60; i++) corrupt[i] = corrupt[i]! ^ 0xff;
  const image = await layoutFromTars(dir, [await tarOf([{ name: 'a', content: 'a'.repeat(10_000) }])], { compress: () => corrupt });
  const digest = (await readManifest(image)).layers[0]!.digest;
  const opened = await openImage(parseImageInput(image.ociRef));
  await assert.rejects(opened.readLayers([]), rejectsWith(new RegExp(`${image.layout}:latest: layer 1/1 ${digest}: corrupt gzip data`)));
});

test('a blob whose bytes do not match its digest is refused (stored digest checked while streaming)', async () => {
  const tarball = await tarOf([{ name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]);
  const image = await layoutFromTars(dir, [tarball]);
  const layer = (await readManifest(image)).layers[0]!;
  // Another valid gzip of the same tar: decompresses fine, but is not the blob the manifest names.
  await writeFile(blobFile(image.layout, layer.digest), gzipSync(tarball, { level: 1 }));
  const opened = await openImage(parseImageInput(image.ociRef));
  await assert.rejects(opened.readLayers([]), rejectsWith(new RegExp(`layer 1/1 ${layer.digest}: blob digest mismatch: expected ${layer.digest}, got sha256:`)));
});

test('a layer whose tar does not match the config diff_id is refused', async () => {
  const a = await tarOf([{ name: 'a', content: 'one' }]);
  const b = await tarOf([{ name: 'a', content: 'two' }]);
  // The config records a's diffId, the blob holds b.
  const image = await layoutFromTars(dir, [a], { compress: () => gzipSync(b) });
  await assert.rejects((await openImage(parseImageInput(image.ociRef))).readLayers([]), rejectsWith(/diffId \(uncompressed tar\) digest mismatch: expected sha256:/));
});

test('compression is sniffed, not trusted: an uncompressed tar labelled gzip reads; xz is refused clearly', async () => {
  const plain = await tarOf([{ name: 'etc/os-release', content: 'ID=debian\n' }]);
  const image = await layoutFromTars(dir, [plain], { compress: false });
  // Relabel the uncompressed layer as gzip, as some registries do.
  const manifestPath = blobFile(image.layout, (await readManifest(image)).digest);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { layers: Array<{ mediaType: string }> };
  manifest.layers[0]!.mediaType = 'application/vnd.oci.image.layer.v1.tar+gzip';
  const { writeBlob } = await import('../../helpers/images.js');
  const body = Buffer.from(JSON.stringify(manifest));
  const digest = await writeBlob(image.layout, body);
  await writeFile(`${image.layout}/index.json`, JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: body.length }] }));
  const opened = await openImage(parseImageInput(`oci:${image.layout}`));
  const given: string[] = [];
  await opened.readLayers([{ wants: () => true, file: (e, c) => void given.push(`${e.path}=${c}`) }]);
  assert.deepEqual(given, ['/etc/os-release=ID=debian\n']);

  const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(100)]);
  const xzImage = await layoutFromTars(dir, [plain], { compress: () => xz });
  await assert.rejects((await openImage(parseImageInput(xzImage.ociRef))).readLayers([]), rejectsWith(/xz-compressed layers are not supported/));
});

test('whiteouts: a deleted directory takes its children with it; re-adding in a later layer is an add', async () => {
  const l0 = await tarOf([
    { name: 'srv/', type: 'directory' },
    { name: 'srv/keys/', type: 'directory' },
    { name: 'srv/keys/id_rsa', content: 'KEY' },
  ]);
  const l1 = await tarOf([{ name: 'srv/.wh.keys', content: '' }]);
  const l2 = await tarOf([{ name: 'srv/keys/id_rsa', content: 'NEW' }]);
  const image = await layoutFromTars(dir, [l0, l1, l2]);
  const view = await (await openImage(parseImageInput(image.ociRef))).readLayers([]);
  assert.deepEqual(view.history.get('/srv/keys/id_rsa'), [
    { layer: 0, action: 'add' },
    { layer: 1, action: 'delete' },
    { layer: 2, action: 'add' },
  ]);
  assert.deepEqual(view.history.get('/srv/keys'), [
    { layer: 0, action: 'add' },
    { layer: 1, action: 'delete' },
  ]);
  assert.equal(view.files.get('/srv/keys/id_rsa')?.layer, 2);
  assert.equal(view.files.has('/srv/keys'), false, 'the directory entry itself was deleted and never re-added');
});
