import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createImagePolicyEvaluator, parseImagePolicy, type ImagePolicyEngine } from '../../../src/policy/image-policy/index.js';
import { buildImage, tempDir, type BuiltImage } from '../../helpers/images.js';
import { startRegistry, type RunningRegistry } from '../../helpers/registry.js';
import { CA_EXTENSIONS, getManifest, issue, notationJws, pushImage, pushNotationSignature, referrersFront, type Issued } from './fixtures.js';

/**
 * Notation verification against the real local registry: JWS envelopes in Notation's format,
 * signed by certificates from a CA made with openssl, stored as notation stores them on a
 * registry without the referrers API (signature manifest + referrers tag schema index).
 */

let dir: string;
let registry: RunningRegistry;
let image: BuiltImage;
let root: Issued;
let strangerRoot: Issued;
let signer: Issued;
let outsider: Issued;
let strangerSigner: Issued;
const engines: ImagePolicyEngine[] = [];

const CODE_SIGNING = ['extendedKeyUsage=codeSigning', 'keyUsage=critical,digitalSignature'];

before(async () => {
  dir = await tempDir('rampart-notation-');
  registry = await startRegistry();
  image = await buildImage(dir, [{ '/srv/index.html': '<h1>notary</h1>\n' }], { tag: 'web' });
  root = await issue(dir, 'bank-root', '/C=US/O=bank.example/CN=Bank Code Signing Root', CA_EXTENSIONS);
  strangerRoot = await issue(dir, 'stranger-root', '/C=US/O=stranger/CN=Stranger Root', CA_EXTENSIONS);
  signer = await issue(dir, 'release', '/C=US/ST=WA/L=Seattle/O=bank.example/CN=release', CODE_SIGNING, root);
  outsider = await issue(dir, 'intern', '/C=US/ST=WA/L=Seattle/O=contractor.example/CN=intern', CODE_SIGNING, root);
  strangerSigner = await issue(dir, 'stranger', '/C=US/ST=WA/O=bank.example/CN=release', CODE_SIGNING, strangerRoot);
});

after(async () => {
  for (const engine of engines) engine.close();
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function pushTestImage(repository: string): Promise<{ digest: string; size: number; mediaType: string }> {
  await pushImage(registry, image, repository, '1.0');
  const found = await getManifest(registry, repository, '1.0');
  return { ...found, mediaType: 'application/vnd.oci.image.manifest.v1+json' };
}

function evaluator(statements: Array<Record<string, unknown>> = [strict()]): ImagePolicyEngine {
  const policy = parseImagePolicy(
    { signatures: [{ name: 'notary', notation: { trustStores: { 'ca:bank': [root.certPem] }, trustPolicy: { version: '1.0', trustPolicies: statements } } }] },
    { file: path.join(dir, 'admission.yaml') },
  );
  const engine = createImagePolicyEvaluator(policy, { caCert: registry.tls!.cert, username: registry.username, password: registry.password });
  engines.push(engine);
  return engine;
}

function strict(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'bank-images', registryScopes: ['*'], signatureVerification: { level: 'strict' }, trustStores: ['ca:bank'], trustedIdentities: ['x509.subject: C=US, ST=WA, O=bank.example'], ...overrides };
}

async function evaluate(engine: ImagePolicyEngine, repository: string): Promise<{ checks: string[]; text: string; errors: string[] }> {
  const result = await engine.evaluate([{ container: 'web', image: `${registry.host}/${repository}:1.0` }], { namespace: 'web' });
  return { checks: result.violations.map((v) => v.checkId), text: result.violations.map((v) => v.message.en).join(' | '), errors: result.errors };
}

test('a Notation JWS signature chaining to the trust store, by a trusted identity, passes', async () => {
  const target = await pushTestImage('notary/good');
  await pushNotationSignature(registry, 'notary/good', target, notationJws(target, signer, [root]));
  assert.deepEqual(await evaluate(evaluator(), 'notary/good'), { checks: [], text: '', errors: [] });
});

test('an image with no Notation signature among its referrers is image.signature-missing', async () => {
  await pushTestImage('notary/unsigned');
  const result = await evaluate(evaluator(), 'notary/unsigned');
  assert.deepEqual(result.checks, ['image.signature-missing']);
  assert.match(result.text, /no Notation signature found/);
});

test('a signer whose subject is not a trusted identity is image.signature-invalid', async () => {
  const target = await pushTestImage('notary/outsider');
  await pushNotationSignature(registry, 'notary/outsider', target, notationJws(target, outsider, [root]));
  const result = await evaluate(evaluator(), 'notary/outsider');
  assert.deepEqual(result.checks, ['image.signature-invalid']);
  assert.match(result.text, /O=contractor\.example, CN=intern" is not a trusted identity of trust policy "bank-images"/);
});

test('a certificate from a CA outside the trust store is image.signature-invalid, even with the right subject', async () => {
  const target = await pushTestImage('notary/stranger');
  await pushNotationSignature(registry, 'notary/stranger', target, notationJws(target, strangerSigner, [strangerRoot]));
  const result = await evaluate(evaluator(), 'notary/stranger');
  assert.deepEqual(result.checks, ['image.signature-invalid']);
  assert.match(result.text, /does not chain to a trusted root/);
});

test('a signature whose payload targets another digest, or whose bytes were altered, is image.signature-invalid', async () => {
  const target = await pushTestImage('notary/other');
  await pushNotationSignature(registry, 'notary/other', target, notationJws(target, signer, [root], { payloadDigest: `sha256:${'cd'.repeat(32)}` }));
  const other = await evaluate(evaluator(), 'notary/other');
  assert.deepEqual(other.checks, ['image.signature-invalid']);
  assert.match(other.text, /the signature is for sha256:cdcd/);

  const tamperedTarget = await pushTestImage('notary/tampered');
  const envelope = JSON.parse(notationJws(tamperedTarget, signer, [root]).toString()) as { payload: string };
  const payload = JSON.parse(Buffer.from(envelope.payload, 'base64url').toString()) as { targetArtifact: { size: number } };
  payload.targetArtifact.size += 1;
  envelope.payload = Buffer.from(JSON.stringify(payload)).toString('base64url');
  await pushNotationSignature(registry, 'notary/tampered', tamperedTarget, Buffer.from(JSON.stringify(envelope)));
  const tampered = await evaluate(evaluator(), 'notary/tampered');
  assert.deepEqual(tampered.checks, ['image.signature-invalid']);
  assert.match(tampered.text, /JWS signature does not verify/);
});

test('a COSE envelope is reported as not supported yet, not silently accepted', async () => {
  const target = await pushTestImage('notary/cose');
  await pushNotationSignature(registry, 'notary/cose', target, Buffer.from([0xd2, 0x84, 0x40, 0xa0, 0x40, 0x40]), 'application/cose');
  const result = await evaluate(evaluator(), 'notary/cose');
  assert.deepEqual(result.checks, ['image.signature-invalid']);
  assert.match(result.text, /COSE signature envelopes are not supported yet/);
});

test('the trust policy statement for the repository wins over "*": skip admits, audit admits an unsigned image', async () => {
  await pushTestImage('notary/legacy');
  const skip = await evaluate(evaluator([strict(), { name: 'legacy', registryScopes: [`${registry.host}/notary/legacy`], signatureVerification: { level: 'skip' }, trustStores: [], trustedIdentities: [] }]), 'notary/legacy');
  assert.deepEqual(skip.checks, []);
  const audit = await evaluate(evaluator([strict(), strict({ name: 'legacy', registryScopes: [`${registry.host}/notary/legacy`], signatureVerification: { level: 'audit' } })]), 'notary/legacy');
  assert.deepEqual(audit.checks, []);
  const strictAll = await evaluate(evaluator([strict()]), 'notary/legacy');
  assert.deepEqual(strictAll.checks, ['image.signature-missing']);
});

test('signatures listed by the OCI 1.1 referrers API are found (API served by a local front: the installed distribution 2.8 has none)', async () => {
  const front = await referrersFront(registry);
  try {
    const target = await pushTestImage('notary/api');
    const descriptor = await pushNotationSignature(registry, 'notary/api', target, notationJws(target, signer, [root]), 'application/jose+json', { tagSchema: false });
    front.referrers.set(`notary/api@${target.digest}`, [descriptor]);
    const e = evaluator();
    const result = await e.evaluate([{ container: 'web', image: `${front.host}/notary/api:1.0` }], { namespace: 'web' });
    assert.deepEqual(result, { violations: [], errors: [] });
    assert.ok(front.apiRequests() >= 1, 'the referrers API was asked');

    front.referrers.set(`notary/api@${target.digest}`, []);
    const unlisted = await evaluator().evaluate([{ container: 'web', image: `${front.host}/notary/api:1.0` }], { namespace: 'web' });
    assert.deepEqual(unlisted.violations.map((v) => v.checkId), ['image.signature-missing']);
  } finally {
    await front.stop();
  }
});
