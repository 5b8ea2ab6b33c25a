import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { certificateIdentity } from '../../../src/policy/image-policy/cosign.js';
import { createImagePolicyEvaluator, parseImagePolicy, type ImagePolicyEngine } from '../../../src/policy/image-policy/index.js';
import { buildImage, tempDir, type BuiltImage } from '../../helpers/images.js';
import { startRegistry, type RunningRegistry } from '../../helpers/registry.js';
import { CA_EXTENSIONS, cosignPayload, cosignSign, getManifest, issue, pushCosignSignature, pushImage, rekorBundle, type Issued } from './fixtures.js';

/**
 * cosign verification against the real local registry (CNCF distribution): signatures built
 * exactly as cosign stores them (simple-signing payload layer, signature annotation, `.sig` tag),
 * with keys made here; keyless signatures with a Fulcio-like CA chain made with openssl and a
 * Rekor bundle signed by a Rekor key made here.
 */

let dir: string;
let registry: RunningRegistry;
let image: BuiltImage;
const trusted = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const untrusted = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const rekor = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const otherRekor = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
let root: Issued;
let otherRoot: Issued;
let intermediate: Issued;
let leaf: Issued;
const engines: ImagePolicyEngine[] = [];

const pem = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString();
const ISSUER = 'https://oidc.bank.example';

before(async () => {
  dir = await tempDir('rampart-cosign-');
  registry = await startRegistry();
  image = await buildImage(dir, [{ '/etc/app.conf': 'signed=yes\n' }], { tag: 'app' });
  root = await issue(dir, 'fulcio-root', '/O=sigstore.dev/CN=sigstore', CA_EXTENSIONS);
  otherRoot = await issue(dir, 'other-root', '/O=elsewhere/CN=other', CA_EXTENSIONS);
  intermediate = await issue(dir, 'fulcio-intermediate', '/O=sigstore.dev/CN=sigstore-intermediate', CA_EXTENSIONS, root);
  leaf = await issue(
    dir,
    'leaf',
    '/O=sigstore.dev',
    ['subjectAltName=email:ci@bank.example', 'extendedKeyUsage=codeSigning', 'keyUsage=critical,digitalSignature', `1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:${ISSUER}`],
    intermediate,
  );
});

after(async () => {
  for (const engine of engines) engine.close();
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Pushes the test image to `repository:1.0` and returns its reference and digest. */
async function pushTestImage(repository: string): Promise<string> {
  const digest = await pushImage(registry, image, repository, '1.0');
  assert.equal((await getManifest(registry, repository, '1.0')).digest, digest);
  return digest;
}

function evaluator(cosign: Record<string, unknown>): ImagePolicyEngine {
  const policy = parseImagePolicy({ signatures: [{ name: 'release', cosign }] }, { file: path.join(dir, 'admission.yaml') });
  const engine = createImagePolicyEvaluator(policy, { caCert: registry.tls!.cert, username: registry.username, password: registry.password });
  engines.push(engine);
  return engine;
}

async function evaluate(engine: ImagePolicyEngine, repository: string): Promise<{ checks: string[]; text: string; errors: string[] }> {
  const result = await engine.evaluate([{ container: 'app', image: `${registry.host}/${repository}:1.0` }], { namespace: 'payments' });
  return { checks: result.violations.map((v) => v.checkId), text: result.violations.map((v) => v.message.en).join(' | '), errors: result.errors };
}

test('a cosign signature by the trusted key over this digest passes', async () => {
  const d = await pushTestImage('key/good');
  const payload = cosignPayload(`${registry.host}/key/good`, d);
  await pushCosignSignature(registry, 'key/good', d, [{ payload, annotations: { 'dev.cosignproject.cosign/signature': cosignSign(payload, trusted.privateKey) } }]);
  const result = await evaluate(evaluator({ keys: [pem(trusted.publicKey)] }), 'key/good');
  assert.deepEqual(result, { checks: [], text: '', errors: [] });
});

test('an image without a .sig manifest is image.signature-missing', async () => {
  await pushTestImage('key/unsigned');
  const result = await evaluate(evaluator({ keys: [pem(trusted.publicKey)] }), 'key/unsigned');
  assert.deepEqual(result.checks, ['image.signature-missing']);
  assert.match(result.text, /no cosign signature found, required by "release"/);
});

test('a valid signature whose payload names another digest is image.signature-invalid', async () => {
  const d = await pushTestImage('key/other-digest');
  const elsewhere = `sha256:${'ab'.repeat(32)}`;
  const payload = cosignPayload(`${registry.host}/key/other-digest`, elsewhere);
  await pushCosignSignature(registry, 'key/other-digest', d, [{ payload, annotations: { 'dev.cosignproject.cosign/signature': cosignSign(payload, trusted.privateKey) } }]);
  const result = await evaluate(evaluator({ keys: [pem(trusted.publicKey)] }), 'key/other-digest');
  assert.deepEqual(result.checks, ['image.signature-invalid']);
  assert.match(result.text, new RegExp(`the signature is for ${elsewhere}, not this digest`));
});

test('a signature by a key the policy does not trust is image.signature-invalid', async () => {
  const d = await pushTestImage('key/wrong-key');
  const payload = cosignPayload(`${registry.host}/key/wrong-key`, d);
  await pushCosignSignature(registry, 'key/wrong-key', d, [{ payload, annotations: { 'dev.cosignproject.cosign/signature': cosignSign(payload, untrusted.privateKey) } }]);
  const result = await evaluate(evaluator({ keys: [pem(trusted.publicKey)] }), 'key/wrong-key');
  assert.deepEqual(result.checks, ['image.signature-invalid']);
  assert.match(result.text, /does not verify with any trusted key/);
});

test('a payload altered after signing is image.signature-invalid', async () => {
  const d = await pushTestImage('key/tampered');
  const signed = cosignPayload(`${registry.host}/key/tampered`, d);
  const signature = cosignSign(signed, trusted.privateKey);
  const tampered = Buffer.from(signed.toString().replace('"optional":null', '"optional":{"approved":"yes"}'));
  assert.notDeepEqual(tampered, signed);
  await pushCosignSignature(registry, 'key/tampered', d, [{ payload: tampered, annotations: { 'dev.cosignproject.cosign/signature': signature } }]);
  const result = await evaluate(evaluator({ keys: [pem(trusted.publicKey)] }), 'key/tampered');
  assert.deepEqual(result.checks, ['image.signature-invalid']);
  assert.match(result.text, /does not verify with any trusted key/);
});

test('one good signature among bad ones is enough', async () => {
  const d = await pushTestImage('key/mixed');
  const payload = cosignPayload(`${registry.host}/key/mixed`, d);
  await pushCosignSignature(registry, 'key/mixed', d, [
    { payload, annotations: { 'dev.cosignproject.cosign/signature': cosignSign(payload, untrusted.privateKey) } },
    { payload, annotations: { 'dev.cosignproject.cosign/signature': cosignSign(payload, trusted.privateKey) } },
  ]);
  const result = await evaluate(evaluator({ keys: [pem(trusted.publicKey)] }), 'key/mixed');
  assert.deepEqual(result, { checks: [], text: '', errors: [] });
});

/** A keyless signature as cosign writes it: Fulcio certificate and chain, Rekor bundle. */
async function pushKeyless(repository: string, options: { bundleKey?: KeyObject; withBundle?: boolean } = {}): Promise<void> {
  const d = await pushTestImage(repository);
  const payload = cosignPayload(`${registry.host}/${repository}`, d);
  const signature = cosignSign(payload, leaf.key);
  const annotations: Record<string, string> = {
    'dev.cosignproject.cosign/signature': signature,
    'dev.sigstore.cosign/certificate': leaf.certPem,
    'dev.sigstore.cosign/chain': intermediate.certPem + root.certPem,
  };
  if (options.withBundle !== false) {
    annotations['dev.sigstore.cosign/bundle'] = rekorBundle({
      payload,
      signature,
      certPem: leaf.certPem,
      rekorKey: options.bundleKey ?? rekor.privateKey,
      rekorPublic: rekor.publicKey,
      integratedTime: Math.floor(Date.now() / 1000),
    });
  }
  await pushCosignSignature(registry, repository, d, [{ payload, annotations }]);
}

function keyless(identities: Array<Record<string, string>>, fulcioRoot = root.certPem): Record<string, unknown> {
  return { keyless: { fulcioRoots: [fulcioRoot], rekorKeys: [pem(rekor.publicKey)], identities } };
}

test('keyless: a Fulcio certificate chaining to the configured root, with the trusted identity and a Rekor bundle, passes', async () => {
  await pushKeyless('keyless/good');
  const result = await evaluate(evaluator(keyless([{ subject: 'ci@bank.example', issuer: ISSUER }])), 'keyless/good');
  assert.deepEqual(result, { checks: [], text: '', errors: [] });
  const byRegExp = await evaluate(evaluator(keyless([{ subjectRegExp: '.+@bank\\.example', issuer: ISSUER }])), 'keyless/good');
  assert.deepEqual(byRegExp.checks, []);
});

test('keyless: another signer identity or OIDC issuer is image.signature-invalid, naming who signed', async () => {
  await pushKeyless('keyless/identity');
  const wrongSubject = await evaluate(evaluator(keyless([{ subject: 'release@bank.example', issuer: ISSUER }])), 'keyless/identity');
  assert.deepEqual(wrongSubject.checks, ['image.signature-invalid']);
  assert.match(wrongSubject.text, /signed by ci@bank\.example \(issuer https:\/\/oidc\.bank\.example\), not a trusted identity/);
  const wrongIssuer = await evaluate(evaluator(keyless([{ subject: 'ci@bank.example', issuer: 'https://accounts.google.com' }])), 'keyless/identity');
  assert.deepEqual(wrongIssuer.checks, ['image.signature-invalid']);
});

test('keyless: a certificate that does not chain to the configured Fulcio root is image.signature-invalid', async () => {
  await pushKeyless('keyless/root');
  const result = await evaluate(evaluator(keyless([{ subject: 'ci@bank.example', issuer: ISSUER }], otherRoot.certPem)), 'keyless/root');
  assert.deepEqual(result.checks, ['image.signature-invalid']);
  assert.match(result.text, /does not chain to a trusted root/);
});

test('keyless: without a Rekor bundle the violation says what offline verification needs', async () => {
  await pushKeyless('keyless/no-bundle', { withBundle: false });
  const result = await evaluate(evaluator(keyless([{ subject: 'ci@bank.example', issuer: ISSUER }])), 'keyless/no-bundle');
  assert.deepEqual(result.checks, ['image.signature-invalid']);
  assert.match(result.text, /offline keyless verification needs the Rekor bundle \(dev\.sigstore\.cosign\/bundle\)/);
});

test('keyless: a bundle whose signed entry timestamp is not by the configured Rekor key fails', async () => {
  await pushKeyless('keyless/forged-set', { bundleKey: otherRekor.privateKey });
  const result = await evaluate(evaluator(keyless([{ subject: 'ci@bank.example', issuer: ISSUER }])), 'keyless/forged-set');
  assert.deepEqual(result.checks, ['image.signature-invalid']);
  assert.match(result.text, /signed entry timestamp does not verify with the configured Rekor key/);
});

test('keyless: a URI identity and the deprecated raw OIDC issuer extension (1.3.6.1.4.1.57264.1.1) are read too', async () => {
  const workflow = 'https://github.com/bank/app/.github/workflows/release.yml@refs/heads/main';
  const issuer = 'https://token.actions.githubusercontent.com';
  const cert = await issue(dir, 'gha', '/O=sigstore.dev', [`subjectAltName=URI:${workflow}`, 'extendedKeyUsage=codeSigning', `1.3.6.1.4.1.57264.1.1=DER:${Buffer.from(issuer).toString('hex')}`], intermediate);
  assert.deepEqual(certificateIdentity(cert.cert), { subject: workflow, issuer });
  assert.deepEqual(certificateIdentity(leaf.cert), { subject: 'ci@bank.example', issuer: ISSUER });
});
