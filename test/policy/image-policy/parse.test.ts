import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { parseImagePolicy } from '../../../src/policy/image-policy/index.js';
import { tempDir } from '../../helpers/images.js';
import { CA_EXTENSIONS, issue, type Issued } from './fixtures.js';

/** The `images:` section of admission.yaml: trust material loaded from files next to the policy, one-line errors naming file and field. */

let dir: string;
let policyFile: string;
let root: Issued;
const cosignPub = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rekorPub = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

before(async () => {
  dir = await tempDir('rampart-image-policy-parse-');
  await mkdir(path.join(dir, 'trust'));
  root = await issue(dir, 'root', '/O=bank.example/CN=root', CA_EXTENSIONS);
  await writeFile(path.join(dir, 'trust', 'cosign.pub'), cosignPub);
  await writeFile(path.join(dir, 'trust', 'rekor.pub'), rekorPub);
  await writeFile(path.join(dir, 'trust', 'fulcio.pem'), root.certPem);
  await writeFile(
    path.join(dir, 'trust', 'trustpolicy.json'),
    JSON.stringify({ version: '1.0', trustPolicies: [{ name: 'all', registryScopes: ['*'], signatureVerification: { level: 'strict' }, trustStores: ['ca:bank'], trustedIdentities: ['*'] }] }),
  );
  policyFile = path.join(dir, 'admission.yaml');
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const parse = (section: unknown) => parseImagePolicy(section, { file: policyFile });

test('a full images: section from YAML loads keys, certificates and the trust policy from paths relative to the policy file', () => {
  const doc = yaml.load(`
images:
  allowedRegistries: [registry.bank.example]
  forbiddenTags: [latest]
  requireDigest: true
  cacheTtlSeconds: 120
  signatures:
    - name: release
      images: ["registry.bank.example/payments/**"]
      cosign:
        keys: [trust/cosign.pub]
        keyless:
          fulcioRoots: [trust/fulcio.pem]
          rekorKeys: [trust/rekor.pub]
          identities:
            - {subjectRegExp: 'https://github\\.com/bank/.+', issuer: https://token.actions.githubusercontent.com}
    - name: notary
      notation:
        trustStores: {"ca:bank": [trust/fulcio.pem]}
        trustPolicy: trust/trustpolicy.json
  vulnerabilities: {failOn: critical, requireScan: true}
`) as { images: unknown };
  const policy = parse(doc.images);
  assert.deepEqual(policy.allowedRegistries, ['registry.bank.example']);
  assert.equal(policy.requireDigest, true);
  assert.equal(policy.cacheTtlSeconds, 120);
  assert.equal(policy.signatures[0]?.cosign?.keys[0]?.asymmetricKeyType, 'ec');
  assert.equal(policy.signatures[0]?.cosign?.keyless?.fulcioRoots[0]?.fingerprint256, root.cert.fingerprint256);
  assert.ok(policy.signatures[0]?.cosign?.keyless?.identities[0]?.subjectRegExp?.test('https://github.com/bank/app/.github/workflows/release.yml@refs/heads/main'));
  assert.ok(!policy.signatures[0]?.cosign?.keyless?.identities[0]?.subjectRegExp?.test('https://github.com/evil/bank/x'));
  assert.equal(policy.signatures[1]?.notation?.trustPolicy.trustPolicies[0]?.level, 'strict');
  assert.deepEqual(policy.vulnerabilities, { failOn: 'critical', checks: ['image.vuln'], requireScan: true });
});

test('an empty or absent section admits everything and caches for five minutes', () => {
  const policy = parse(undefined);
  assert.deepEqual({ ...policy, signatures: policy.signatures.length }, { allowedRegistries: [], allowedRepositories: [], forbiddenTags: [], requireDigest: false, signatures: 0, cacheTtlSeconds: 300 });
});

test('each mistake is one line naming the file and the field', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ allowedRegistry: ['x'] }, /admission\.yaml: images\.allowedRegistry: unknown field/],
    [{ forbiddenTags: 'latest' }, /images\.forbiddenTags: must be a list of non-empty strings/],
    [{ signatures: [{ name: 'a', cosign: { keys: ['trust/missing.pub'] } }] }, /images\.signatures\[0\]\.cosign\.keys\[0\]: cannot read trust\/missing\.pub \(ENOENT\)/],
    [{ signatures: [{ name: 'a', cosign: { keys: ['trust/trustpolicy.json'] } }] }, /images\.signatures\[0\]\.cosign\.keys\[0\]: not a PEM public key/],
    [{ signatures: [{ name: 'a' }] }, /images\.signatures\[0\]: needs exactly one of cosign or notation/],
    [
      { signatures: [{ name: 'a', cosign: { keyless: { fulcioRoots: ['trust/fulcio.pem'], identities: [{ subject: 'x', issuer: 'y' }] } } }] },
      /images\.signatures\[0\]\.cosign\.keyless\.rekorKeys: is required: offline keyless verification proves the signing time with the Rekor bundle/,
    ],
    [
      { signatures: [{ name: 'a', cosign: { keyless: { fulcioRoots: ['trust/fulcio.pem'], rekorKeys: ['trust/rekor.pub'], identities: [{ subject: 'x' }] } } }] },
      /identities\[0\]\.issuer: is required/,
    ],
    [
      { signatures: [{ name: 'n', notation: { trustStores: {}, trustPolicy: 'trust/trustpolicy.json' } }] },
      /images\.signatures\[0\]\.notation\.trustPolicy\.trustPolicies\[0\]\.trustStores: names ca:bank, which trustStores does not define/,
    ],
    [{ vulnerabilities: { failOn: 'severe' } }, /images\.vulnerabilities\.failOn: must be critical, high, medium, low or info/],
    [{ signatures: [{ name: 'a', cosign: { keys: [cosignPub] } }, { name: 'a', cosign: { keys: [cosignPub] } }] }, /two requirements are named "a"/],
  ];
  for (const [section, expected] of cases) {
    assert.throws(
      () => parse(section),
      (err: Error) => {
        assert.match(err.message, expected);
        assert.doesNotMatch(err.message, /\n/);
        return true;
      },
    );
  }
});
