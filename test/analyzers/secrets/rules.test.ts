import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SecretMatcher, shannonEntropy } from '../../../src/analyzers/secrets/match.js';
import { SECRET_RULES } from '../../../src/analyzers/secrets/rules.js';
import { BASE32, BASE64, fakeToken, HEX, UPPER_DIGITS } from '../image/image-fixture.js';

/**
 * Every rule against a true positive and a realistic near miss. Tokens are generated (seeded) at
 * run time and keys by node's crypto and ssh-keygen, so the source holds no credential-shaped literal.
 */

const matcher = new SecretMatcher();
const rulesFound = (text: string, file = '/app/config') => matcher.match(text, file).map((m) => m.rule.id);

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsaPkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const ecPkcs8 = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const encryptedPkcs8 = ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse battery' }).toString();
const rsaPublic = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

function opensshKey(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-ssh-'));
  try {
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'deploy@ci', '-f', path.join(dir, 'id')], { stdio: 'ignore' });
    } catch (err) {
      throw new Error(`ssh-keygen (Debian package openssh-client) is needed for this test: ${(err as Error).message}`, { cause: err });
    }
    return readFileSync(path.join(dir, 'id'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function jwt(header: object, payload: object, key: string | undefined): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return key ? `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}` : `${unsigned}.`;
}

const gcpKeyJson = JSON.stringify({
  type: 'service_account',
  project_id: 'payments-prod',
  private_key_id: fakeToken(40, HEX, 3),
  private_key: ecPkcs8,
  client_email: 'api@payments-prod.iam.gserviceaccount.com',
}, null, 2);

interface Case {
  positive: string;
  positivePath?: string;
  nearMiss: string;
  nearMissPath?: string;
  why: string;
}

const CASES: Record<string, Case> = {
  'gcp-service-account-key': {
    positive: gcpKeyJson,
    positivePath: '/srv/keys/sa.json',
    nearMiss: JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----\n<paste the key here>\n-----END PRIVATE KEY-----\n' }),
    why: 'a template with no key material',
  },
  'private-key-encrypted': {
    positive: encryptedPkcs8,
    nearMiss: rsaPublic,
    why: 'a public key',
  },
  'private-key': {
    positive: `${rsaPkcs1}\n${opensshKey()}`,
    nearMiss: 'Put your key in id_rsa:\n-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n',
    why: 'a documentation stub',
  },
  'aws-access-key-id': {
    positive: `[default]\naws_access_key_id = AKIA${fakeToken(16, BASE32, 11)}\n`,
    nearMiss: '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n',
    why: 'AWS documents AKIAIOSFODNN7EXAMPLE as its example key id',
  },
  'aws-secret-access-key': {
    positive: `aws_secret_access_key = ${fakeToken(40, BASE64, 12)}\n`,
    nearMiss: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    why: 'the documented example secret',
  },
  'gcp-api-key': {
    positive: `const firebase = { apiKey: "AIza${fakeToken(35, BASE64.replace('+/', '_-'), 13)}" };`,
    nearMiss: 'const firebase = { apiKey: "AIzaSyXXXX" };',
    why: 'too short to be a key',
  },
  'azure-storage-account-key': {
    positive: `DefaultEndpointsProtocol=https;AccountName=payments;AccountKey=${fakeToken(86, BASE64, 14)}==;EndpointSuffix=core.windows.net`,
    nearMiss: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;',
    why: 'the published Azurite development key',
  },
  'azure-sas-token': {
    positive: `https://payments.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2027-01-01T00:00:00Z&sig=${fakeToken(43, BASE64, 15)}%3D`,
    nearMiss: 'https://payments.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl',
    why: 'a SAS URL with the signature stripped',
  },
  'azure-client-secret': {
    positive: `AZURE_CLIENT_SECRET="${fakeToken(3, BASE64.slice(0, 62), 16)}8Q~${fakeToken(34, BASE64.slice(0, 62), 17)}"`,
    nearMiss: 'AZURE_CLIENT_SECRET="abc8Q~"',
    why: 'the prefix alone',
  },
  'alibaba-access-key-id': {
    positive: `ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5t${fakeToken(18, BASE64.slice(0, 62), 18)}`,
    nearMiss: 'ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIxxxxxxxxxxxxxxxx',
    why: 'a placeholder',
  },
  'alibaba-access-key-secret': {
    positive: `aliyun:\n  access_key_secret: ${fakeToken(30, BASE64.slice(0, 62), 19)}\n`,
    nearMiss: 'aliyun:\n  access_key_secret: ${ALIYUN_SECRET}\n',
    why: 'read from the environment',
  },
  'tencent-secret-id': {
    positive: `secret_id = "AKID${fakeToken(32, BASE64.slice(0, 62), 20)}"`,
    nearMiss: 'secret_id = "AKIDxxxxxxxxxxxxxxxxxxxxxxxx"',
    why: 'a placeholder',
  },
  'tencent-secret-key': {
    positive: `TENCENTCLOUD_SECRET_KEY=${fakeToken(32, BASE64.slice(0, 62), 21)}`,
    nearMiss: `TENCENTCLOUD_SECRET_KEY=${fakeToken(20, BASE64.slice(0, 62), 21)}`,
    why: 'too short for a SecretKey',
  },
  'huawei-access-key': {
    positive: `HUAWEICLOUD_SDK_AK=${fakeToken(20, UPPER_DIGITS, 22)}`,
    nearMiss: `HUAWEICLOUD_SDK_AK=${fakeToken(12, UPPER_DIGITS, 22)}`,
    why: 'too short for an AK',
  },
  'huawei-secret-key': {
    positive: `huaweicloud_sk: "${fakeToken(40, BASE64.slice(0, 62), 23)}"`,
    nearMiss: 'huaweicloud_sk: "${HUAWEICLOUD_SDK_SK}"',
    why: 'read from the environment',
  },
  'baidu-access-key': {
    positive: `BCE_ACCESS_KEY_ID=${fakeToken(32, HEX, 24)}`,
    nearMiss: 'BCE_ACCESS_KEY_ID=your-access-key-id',
    why: 'a placeholder',
  },
  'baidu-secret-key': {
    positive: `bce_secret_access_key: "${fakeToken(32, BASE64.slice(0, 62), 25)}"`,
    nearMiss: 'bce_secret_access_key: "<secret access key>"',
    why: 'a placeholder',
  },
  'github-token': {
    positive: `git clone https://x-access-token:ghp_${fakeToken(36, BASE64.slice(0, 62), 26)}@github.com/bank/payments.git`,
    nearMiss: 'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    why: 'a placeholder',
  },
  'github-fine-grained-token': {
    positive: `token: github_pat_${fakeToken(22, BASE64.slice(0, 62), 27)}_${fakeToken(59, BASE64.slice(0, 62), 28)}`,
    nearMiss: 'token: github_pat_11ABCDEFG',
    why: 'truncated',
  },
  'gitlab-token': {
    positive: `GITLAB_TOKEN=glpat-${fakeToken(20, BASE64.slice(0, 62), 29)}`,
    nearMiss: 'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx',
    why: 'a placeholder',
  },
  'slack-token': {
    positive: `SLACK_BOT_TOKEN=xoxb-${fakeToken(12, '0123456789', 30)}-${fakeToken(13, '0123456789', 31)}-${fakeToken(24, BASE64.slice(0, 62), 32)}`,
    nearMiss: 'SLACK_BOT_TOKEN=xoxb-your-bot-token-here',
    why: 'the placeholder from Slack tutorials',
  },
  'slack-webhook': {
    positive: `ALERT_WEBHOOK=https://hooks.slack.com/services/T${fakeToken(10, UPPER_DIGITS, 33)}/B${fakeToken(10, UPPER_DIGITS, 34)}/${fakeToken(24, BASE64.slice(0, 62), 35)}`,
    nearMiss: 'ALERT_WEBHOOK=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    why: 'the example from Slack\'s documentation',
  },
  'stripe-live-key': {
    positive: `STRIPE_KEY=${['sk', 'live', fakeToken(24, BASE64.slice(0, 62), 36)].join('_')}`,
    nearMiss: `STRIPE_KEY=${['sk', 'test', fakeToken(24, BASE64.slice(0, 62), 36)].join('_')}`,
    why: 'a test-mode key cannot move money',
  },
  'twilio-api-key': {
    positive: `TWILIO_API_KEY=SK${fakeToken(32, HEX, 37)}`,
    nearMiss: 'SKU=SK1234 in stock',
    why: 'an ordinary word starting with SK',
  },
  'twilio-auth-token': {
    positive: `twilio_auth_token = "${fakeToken(32, HEX, 38)}"`,
    nearMiss: 'twilio_auth_token = os.environ["TWILIO_AUTH_TOKEN"]',
    why: 'read from the environment',
  },
  'sendgrid-api-key': {
    positive: `SENDGRID_API_KEY=SG.${fakeToken(22, BASE64.slice(0, 62), 39)}.${fakeToken(43, BASE64.slice(0, 62), 40)}`,
    nearMiss: 'SENDGRID_API_KEY=SG.example',
    why: 'not the key format',
  },
  'npm-token': {
    positive: `NPM_TOKEN=npm_${fakeToken(36, BASE64.slice(0, 62), 41)}`,
    nearMiss: 'run npm_config_cache=/tmp/npm npm ci',
    why: 'an npm_config_ variable',
  },
  'npmrc-auth': {
    positive: `registry=https://npm.bank.example/\n//npm.bank.example/:_authToken=${fakeToken(40, HEX, 42)}\n`,
    positivePath: '/root/.npmrc',
    nearMiss: '//npm.bank.example/:_authToken=${NPM_TOKEN}\n',
    nearMissPath: '/root/.npmrc',
    why: 'the token is read from the environment',
  },
  'pypi-token': {
    positive: `[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc${fakeToken(120, BASE64.slice(0, 62), 43)}\n`,
    nearMiss: `password = pypi-AgENdGVzdC5weXBpLm9yZw${fakeToken(20, BASE64.slice(0, 62), 43)}\n`,
    why: 'a TestPyPI token',
  },
  'docker-config-auth': {
    positive: JSON.stringify({ auths: { 'registry.bank.example': { auth: Buffer.from(`ci-bot:${fakeToken(24, BASE64.slice(0, 62), 44)}`).toString('base64') } } }),
    positivePath: '/root/.docker/config.json',
    nearMiss: JSON.stringify({ auths: { 'registry.bank.example': { auth: Buffer.from('just-a-token-without-colon').toString('base64') } } }),
    nearMissPath: '/root/.docker/config.json',
    why: 'not base64 of user:password',
  },
  'docker-config-identity-token': {
    positive: JSON.stringify({ auths: { 'bank.azurecr.io': { auth: '', identitytoken: fakeToken(64, BASE64.slice(0, 62), 45) } } }),
    positivePath: '/home/app/.docker/config.json',
    nearMiss: JSON.stringify({ auths: { 'bank.azurecr.io': { identitytoken: '' } } }),
    nearMissPath: '/home/app/.docker/config.json',
    why: 'empty',
  },
  'database-url-password': {
    positive: `DATABASE_URL=postgres://payments:${fakeToken(16, BASE64.slice(0, 62), 46)}@db.bank.example:5432/payments`,
    nearMiss: 'DATABASE_URL=postgres://payments:${DB_PASSWORD}@db.bank.example:5432/payments',
    why: 'the password is interpolated at run time',
  },
  'jdbc-url-password': {
    positive: `spring.datasource.url=jdbc:postgresql://db:5432/payments?user=app&password=${fakeToken(16, BASE64.slice(0, 62), 47)}`,
    nearMiss: 'spring.datasource.url=jdbc:postgresql://db:5432/payments?user=app',
    why: 'no password in the URL',
  },
  jwt: {
    positive: `Authorization: Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'svc-payments', iat: 1760000000 }, fakeToken(32, HEX, 48))}`,
    nearMiss: `token=${jwt({ alg: 'none' }, { sub: '1' }, undefined)}`,
    why: 'an unsigned token proves nothing',
  },
  'generic-secret-assignment': {
    positive: `[database]\nhost = db.bank.example\npassword = "Pr0d-${fakeToken(12, BASE64.slice(0, 62), 49)}"\n`,
    positivePath: '/etc/payments/app.ini',
    nearMiss: 'password = get_password()\nclient_secret: ${CLIENT_SECRET}\nPasswordAuthentication no\nsecret_file=/run/secrets/db\napi_key: REPLACE_ME\n#jdk.security.krb5.default.initiate.credential=always-impersonate\n',
    nearMissPath: '/etc/payments/app.ini',
    why: 'calls, interpolation, prose, file pointers, placeholders and option values',
  },
};

test('every secret rule has a test case', () => {
  assert.deepEqual(SECRET_RULES.map((r) => r.id).filter((id) => !CASES[id]), []);
  assert.equal(new Set(SECRET_RULES.map((r) => r.id)).size, SECRET_RULES.length, 'duplicate rule id');
});

for (const [id, c] of Object.entries(CASES)) {
  test(`secret rule ${id}: fires on a true positive`, () => {
    assert.ok(rulesFound(c.positive, c.positivePath).includes(id), `${id} missed: ${rulesFound(c.positive, c.positivePath).join(',')}`);
  });
  test(`secret rule ${id}: stays quiet on a near miss (${c.why})`, () => {
    assert.ok(!rulesFound(c.nearMiss, c.nearMissPath).includes(id), `${id} fired on the near miss`);
  });
}

test('rules are declarative data: id, category, titles in both languages, keywords in lower case', () => {
  for (const rule of SECRET_RULES) {
    assert.match(rule.id, /^[a-z0-9-]+$/);
    assert.ok(rule.title.en && /\p{Script=Han}/u.test(rule.title.zh), rule.id);
    assert.ok(rule.keywords.length > 0, rule.id);
    for (const k of rule.keywords) assert.equal(k, k.toLowerCase(), `${rule.id}: keyword ${k} must be lower case`);
  }
});

test('a path-bound rule does not fire outside its files', () => {
  const text = `//npm.bank.example/:_authToken=${fakeToken(40, HEX, 42)}\n`;
  assert.ok(rulesFound(text, '/root/.npmrc').includes('npmrc-auth'));
  assert.ok(!rulesFound(text, '/srv/README.md').includes('npmrc-auth'));
});

test('the AWS secret in a credentials file is reported once, by the AWS rule rather than the generic one', () => {
  const text = `[default]\naws_access_key_id = AKIA${fakeToken(16, BASE32, 11)}\naws_secret_access_key = ${fakeToken(40, BASE64, 12)}\n`;
  const ids = rulesFound(text, '/root/.aws/credentials');
  assert.deepEqual(ids.sort(), ['aws-access-key-id', 'aws-secret-access-key']);
});

test('the GCP key file is reported as a service-account key, not also as a bare private key', () => {
  assert.deepEqual(rulesFound(gcpKeyJson, '/srv/keys/sa.json'), ['gcp-service-account-key']);
});

test('the generic rule skips distribution and third-party library trees', () => {
  const text = `password = "Pr0d-${fakeToken(12, BASE64.slice(0, 62), 49)}"\n`;
  assert.ok(rulesFound(text, '/srv/app/settings.py').includes('generic-secret-assignment'));
  assert.ok(!rulesFound(text, '/usr/lib/python3/dist-packages/foo/settings.py').includes('generic-secret-assignment'));
  assert.ok(!rulesFound(text, '/srv/app/node_modules/pg/lib/defaults.js').includes('generic-secret-assignment'));
});

test('matches report the line of the secret and how often it repeats, with evidence masked', () => {
  const token = `ghp_${fakeToken(36, BASE64.slice(0, 62), 26)}`;
  const [m, ...rest] = matcher.match(`# ci\n\nA=${token}\nB=${token}\n`, '/srv/.env');
  assert.equal(rest.length, 0);
  assert.equal(m?.line, 3);
  assert.equal(m?.occurrences, 2);
  assert.ok(m && !m.evidence.includes(token) && m.evidence.startsWith('gh'));
});

test('Shannon entropy separates random tokens from words', () => {
  assert.equal(shannonEntropy('aaaaaaaa'), 0);
  assert.ok(shannonEntropy('password') < 3);
  assert.ok(shannonEntropy(fakeToken(40, BASE64, 1)) > 4.5);
});

test('JWTs: the jwt.io sample token and tokens inside library trees are not reported; an application token is', () => {
  const sample = jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '1234567890', name: 'John Doe', iat: 1516239022 }, 'your-256-bit-secret');
  assert.ok(!rulesFound(`curl -H "Authorization: Bearer ${sample}"`, '/srv/README.md').includes('jwt'));
  const real = jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'svc-payments', iat: 1760000000 }, fakeToken(32, HEX, 48));
  assert.ok(rulesFound(`TOKEN=${real}`, '/srv/.env').includes('jwt'));
  assert.ok(!rulesFound(`TOKEN=${real}`, '/usr/lib/python3/dist-packages/jwt/README.rst').includes('jwt'));
});
