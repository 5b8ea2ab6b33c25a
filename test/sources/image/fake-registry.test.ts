import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { gzipSync, gunzipSync } from 'node:zlib';
import { ImageError, openImage, parseImageInput, type OpenImageOptions } from '../../../src/sources/image/index.js';
import { blobFile, buildImage, readManifest, tempDir, type BuiltImage } from '../../helpers/images.js';
import { serveBlobStorage, serveLayout, type FakeRegistry } from '../../helpers/registry.js';

// Faults a real registry will not produce (tampered blobs, 503 storms, storage redirects), from a
// local server speaking the distribution API's wire format over a umoci-built OCI layout.
let dir: string;
let image: BuiltImage;
let manifest: Awaited<ReturnType<typeof readManifest>>;
const running: FakeRegistry[] = [];
const fast: OpenImageOptions = { insecure: true, http: { retryBaseMs: 1, retries: 2 } };

before(async () => {
  dir = await tempDir();
  image = await buildImage(dir, [{ '/etc/motd': 'welcome\n' }, { '/srv/data.txt': 'payload\n' }], { tag: 'v1' });
  manifest = await readManifest(image);
});

after(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function serve(options: Parameters<typeof serveLayout>[1] = {}): Promise<FakeRegistry> {
  const registry = await serveLayout(image.layout, options);
  running.push(registry);
  return registry;
}

async function readAllFiles(ref: string, options: OpenImageOptions): Promise<Map<string, string>> {
  const opened = await openImage(parseImageInput(ref), options);
  const files = new Map<string, string>();
  try {
    await opened.readLayers([{ wants: () => true, file: (e, c) => void files.set(e.path, c.toString()) }]);
  } finally {
    opened.close();
  }
  return files;
}

function rejectsWith(pattern: RegExp): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof ImageError, `expected ImageError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  };
}

test('fake registry (wire format): a tampered layer blob fails its digest check while streaming', async () => {
  const layer = manifest.layers[1]!;
  // Same files, different bytes: a re-gzipped tar is a valid layer, but not the one the manifest names.
  const tampered = gzipSync(gunzipSync(await readFile(blobFile(image.layout, layer.digest))), { level: 1 });
  const registry = await serve({ replaceBlobs: new Map([[layer.digest, tampered]]) });
  const ref = `${registry.host}/test/image:v1`;
  await assert.rejects(readAllFiles(ref, fast), rejectsWith(new RegExp(`^${ref}: layer 2/2 ${layer.digest}: blob digest mismatch: expected ${layer.digest}, got sha256:[a-f0-9]{64}$`)));
});

test('fake registry (wire format): a tampered config or a manifest that does not match Docker-Content-Digest is refused', async () => {
  const config = Buffer.from((await readFile(blobFile(image.layout, manifest.config.digest), 'utf8')).replace('"amd64"', '"arm64"'));
  const registry = await serve({ replaceBlobs: new Map([[manifest.config.digest, config]]) });
  await assert.rejects(openImage(parseImageInput(`${registry.host}/test/image:v1`), fast), rejectsWith(/config digest mismatch: expected sha256:/));
  await assert.rejects(openImage(parseImageInput(`${registry.host}/test/image@sha256:${'0'.repeat(64)}`), fast), rejectsWith(/404 Not Found: manifest sha256:0{64} does not exist/));
  const lying = await serve({ manifestDigestHeader: `sha256:${'1'.repeat(64)}` });
  await assert.rejects(openImage(parseImageInput(`${lying.host}/test/image:v1`), fast), rejectsWith(new RegExp(`manifest digest mismatch: expected sha256:1{64}, got ${manifest.digest}`)));
});

test('fake registry (wire format): manifests are asked for with every supported media type in Accept', async () => {
  const registry = await serve();
  const files = await readAllFiles(`${registry.host}/test/image:v1`, fast);
  assert.equal(files.get('/srv/data.txt'), 'payload\n');
  const accept = registry.requests.find((r) => r.path.includes('/manifests/'))?.accept ?? '';
  for (const type of [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
  ]) {
    assert.ok(accept.includes(type), `Accept lacks ${type}`);
  }
});

test('fake registry (wire format): 503s are retried with back-off, a lasting 429 gives up after the bounded retries', async () => {
  const flaky = await serve({ failFirst: 2, failStatus: 503 });
  const files = await readAllFiles(`${flaky.host}/test/image:v1`, fast);
  assert.equal(files.get('/etc/motd'), 'welcome\n');
  assert.equal(flaky.requests.filter((r) => r.path === '/v2/').length, 3, 'two 503s, then the answer');
  const limited = await serve({ failFirst: 1000, failStatus: 429 });
  await assert.rejects(openImage(parseImageInput(`${limited.host}/test/image:v1`), fast), rejectsWith(/429 from 127\.0\.0\.1:\d+|429 Too Many Requests/));
  assert.equal(limited.requests.length, 3 + 3, 'ping and manifest: one try and two retries each');
});

test('fake registry (wire format): blob redirects to storage on another origin do not carry the Authorization header', async () => {
  const storage = await serveBlobStorage(image.layout);
  const authorization = `Basic ${Buffer.from('puller:pw-123').toString('base64')}`;
  const registry = await serve({ requireAuthorization: authorization, redirectBlobsTo: storage.origin('127.0.0.1') });
  try {
    const files = await readAllFiles(`${registry.host}/test/image:v1`, { ...fast, username: 'puller', password: 'pw-123' });
    assert.equal(files.get('/srv/data.txt'), 'payload\n');
    assert.equal(storage.authorizations.length, 3, 'config and two layers came from storage');
    assert.deepEqual(storage.authorizations, [undefined, undefined, undefined]);
    assert.ok(registry.requests.filter((r) => r.path.includes('/blobs/')).every((r) => r.authorization === authorization));
  } finally {
    await storage.stop();
  }
});

test('fake registry (wire format): plain HTTP only for a registry marked insecure', async () => {
  const registry = await serve();
  await assert.rejects(openImage(parseImageInput(`${registry.host}/test/image:v1`), { http: { retries: 0 } }), rejectsWith(/TLS error talking to 127\.0\.0\.1:\d+: the server did not speak TLS .*mark it --insecure/));
  assert.equal(registry.requests.length, 0, 'nothing was sent in clear text');
  const files = await readAllFiles(`${registry.host}/test/image:v1`, { insecure: [registry.host] });
  assert.equal(files.get('/etc/motd'), 'welcome\n');
});

test('fake registry (wire format): unsupported media types are named', async () => {
  const schema1 = await serve({ manifestContentType: 'application/vnd.docker.distribution.manifest.v1+prettyjws' });
  await assert.rejects(openImage(parseImageInput(`${schema1.host}/test/image:v1`), fast), rejectsWith(/unsupported media type: Docker schema 1 manifests are not supported/));
  const helm = await serve({ manifestContentType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip' });
  await assert.rejects(openImage(parseImageInput(`${helm.host}/test/image:v1`), fast), rejectsWith(/unsupported media type "application\/vnd\.cncf\.helm\.chart\.content\.v1\.tar\+gzip"/));
});
