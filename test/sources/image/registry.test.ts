import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ImageError, openImage, parseImageInput } from '../../../src/sources/image/index.js';
import { buildImage, buildMultiArchImage, readManifest, tempDir, type BuiltImage } from '../../helpers/images.js';
import { startRegistry, type RunningRegistry } from '../../helpers/registry.js';

// Debian's real docker-registry (CNCF distribution 2.8) on 127.0.0.1 with a self-signed TLS
// certificate, images pushed by skopeo.
let dir: string;
let image: BuiltImage;
let basic: RunningRegistry;
let token: RunningRegistry;

before(async () => {
  dir = await tempDir();
  image = await buildImage(dir, [{ '/etc/hostname': 'rampart\n' }, { '/app/config.yaml': 'db: prod\n' }], { tag: 'v1' });
  const multi = await buildMultiArchImage(dir, [
    { os: 'linux', architecture: 'amd64', layers: [{ '/arch': 'amd64' }] },
    { os: 'linux', architecture: 'arm64', layers: [{ '/arch': 'arm64' }] },
  ]);
  [basic, token] = await Promise.all([startRegistry({ auth: 'htpasswd' }), startRegistry({ auth: 'token' })]);
  await Promise.all([
    basic.push(image.ociRef, 'payments/api:1.4.2'),
    basic.push(image.ociRef, 'payments/api:docker', { format: 'v2s2' }),
    basic.push(multi.ociRef, 'payments/multi:1', { all: true }),
    token.push(image.ociRef, 'payments/api:1.4.2'),
  ]);
});

after(async () => {
  await Promise.all([basic?.stop(), token?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

function rejectsWith(pattern: RegExp): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof ImageError, `expected ImageError, got ${String(err)}`);
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes('\n'));
    return true;
  };
}

async function pullFiles(ref: string, options: Parameters<typeof openImage>[1]): Promise<{ files: Map<string, string>; manifestDigest?: string; mediaType?: string }> {
  const opened = await openImage(parseImageInput(ref), options);
  const files = new Map<string, string>();
  try {
    await opened.readLayers([{ wants: () => true, file: (e, c) => void files.set(e.path, c.toString()) }]);
  } finally {
    opened.close();
  }
  return { files, manifestDigest: opened.info.manifestDigest, mediaType: opened.info.layers[0]?.mediaType };
}

test('pull over TLS with a custom CA and Basic auth (htpasswd), explicit username and password', async () => {
  const ref = `${basic.host}/payments/api:1.4.2`;
  const pulled = await pullFiles(ref, { username: basic.username, password: basic.password, caCert: basic.tls!.cert });
  assert.equal(pulled.files.get('/app/config.yaml'), 'db: prod\n');
  assert.equal(pulled.manifestDigest, (await readManifest(image)).digest, 'skopeo kept the OCI manifest byte for byte');
  // Pinning the digest works too and is verified.
  const byDigest = await pullFiles(`${basic.host}/payments/api@${pulled.manifestDigest}`, { username: basic.username, password: basic.password, caCert: basic.tls!.cert });
  assert.equal(byDigest.files.get('/etc/hostname'), 'rampart\n');
});

test('Docker v2 schema 2 manifests (skopeo --format v2s2) with docker media types', async () => {
  const pulled = await pullFiles(`${basic.host}/payments/api:docker`, { username: basic.username, password: basic.password, caCert: basic.tls!.cert });
  assert.equal(pulled.mediaType, 'application/vnd.docker.image.rootfs.diff.tar.gzip');
  assert.equal(pulled.files.get('/app/config.yaml'), 'db: prod\n');
});

test('credentials from a docker config.json: base64 "auth" and username/password entries', async () => {
  const auth = Buffer.from(`${basic.username}:${basic.password}`).toString('base64');
  const configA = path.join(dir, 'config-a.json');
  await writeFile(configA, JSON.stringify({ auths: { [`https://${basic.host}`]: { auth } } }));
  const a = await pullFiles(`${basic.host}/payments/api:1.4.2`, { dockerConfig: configA, caCert: basic.tls!.cert });
  assert.equal(a.files.get('/etc/hostname'), 'rampart\n');
  const configB = path.join(dir, 'config-b.json');
  await writeFile(configB, JSON.stringify({ auths: { [basic.host]: { username: basic.username, password: basic.password } } }));
  const b = await pullFiles(`${basic.host}/payments/api:1.4.2`, { dockerConfig: configB, caCert: basic.tls!.cert });
  assert.equal(b.files.get('/etc/hostname'), 'rampart\n');
  // A credential helper is reported, not run.
  const configC = path.join(dir, 'config-c.json');
  await writeFile(configC, JSON.stringify({ credHelpers: { [basic.host]: 'ecr-login' } }));
  await assert.rejects(openImage(parseImageInput(`${basic.host}/payments/api:1.4.2`), { dockerConfig: configC, caCert: basic.tls!.cert }), rejectsWith(/credHelpers "ecr-login", which is not supported; use --username and --password-stdin/));
});

test('Bearer token auth: real docker-registry token config, token endpoint served by the test (ES256 JWT)', async () => {
  const before = token.tokenRequests.length;
  const pulled = await pullFiles(`${token.host}/payments/api:1.4.2`, { username: token.username, password: token.password, caCert: token.tls!.cert });
  assert.equal(pulled.files.get('/app/config.yaml'), 'db: prod\n');
  const asked = token.tokenRequests.slice(before);
  assert.deepEqual(asked, [{ user: token.username, scopes: ['repository:payments/api:pull'], service: 'rampart-test-registry' }], 'one token, fetched once, for pull only');
  await assert.rejects(
    openImage(parseImageInput(`${token.host}/payments/api:1.4.2`), { username: token.username, password: 'wrong', caCert: token.tls!.cert }),
    rejectsWith(new RegExp(`^${token.host}/payments/api:1\\.4\\.2: token endpoint 127\\.0\\.0\\.1:\\d+ refused \\(401\\): the credentials from the command line were rejected$`)),
  );
});

test('401 without credentials, and a wrong password: the reference and the cause, never the password', async () => {
  const ref = `${basic.host}/payments/api:1.4.2`;
  await assert.rejects(openImage(parseImageInput(ref), { caCert: basic.tls!.cert, dockerConfig: path.join(dir, 'none.json') }), rejectsWith(new RegExp(`^${ref}: 401 Unauthorized for tag "1\\.4\\.2": credentials are needed`)));
  await assert.rejects(openImage(parseImageInput(ref), { username: basic.username, password: 'hunter2-wrong', caCert: basic.tls!.cert }), (err: unknown) => {
    rejectsWith(/401 Unauthorized for tag "1\.4\.2": the credentials from the command line were rejected/)(err);
    assert.ok(!(err as Error).message.includes('hunter2'));
    return true;
  });
});

test('404 for an unknown tag and an unknown repository', async () => {
  const creds = { username: basic.username, password: basic.password, caCert: basic.tls!.cert };
  await assert.rejects(openImage(parseImageInput(`${basic.host}/payments/api:9.9.9`), creds), rejectsWith(/404 Not Found: tag "9\.9\.9" does not exist in 127\.0\.0\.1:\d+\/payments\/api \(MANIFEST_UNKNOWN/));
  await assert.rejects(openImage(parseImageInput(`${basic.host}/nobody/here:1`), creds), rejectsWith(/404 Not Found: tag "1" does not exist in 127\.0\.0\.1:\d+\/nobody\/here \(MANIFEST_UNKNOWN/));
});

test('TLS error when the registry CA is not given; --insecure is needed to skip verification', async () => {
  const ref = `${basic.host}/payments/api:1.4.2`;
  await assert.rejects(
    openImage(parseImageInput(ref), { username: basic.username, password: basic.password }),
    rejectsWith(/TLS error talking to 127\.0\.0\.1:\d+: the server certificate is self-signed and not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); pass the registry's CA with --ca-cert/),
  );
  const insecure = await pullFiles(ref, { username: basic.username, password: basic.password, insecure: [basic.host] });
  assert.equal(insecure.files.get('/etc/hostname'), 'rampart\n');
});

test('multi-arch index pushed with skopeo --all: platform selection and the list of available platforms', async () => {
  const creds = { username: basic.username, password: basic.password, caCert: basic.tls!.cert };
  const ref = `${basic.host}/payments/multi:1`;
  assert.equal((await pullFiles(ref, creds)).files.get('/arch'), 'amd64');
  const arm = await openImage(parseImageInput(ref), { ...creds, platform: 'linux/arm64' });
  arm.close();
  assert.equal(arm.info.platform.architecture, 'arm64');
  assert.equal((await pullFiles(ref, { ...creds, platform: 'linux/arm64' })).files.get('/arch'), 'arm64');
  await assert.rejects(openImage(parseImageInput(ref), { ...creds, platform: 'windows/amd64' }), rejectsWith(/no image for platform windows\/amd64 in the index; available: linux\/amd64, linux\/arm64/));
});
