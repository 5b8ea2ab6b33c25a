import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseSecretAllowList } from '../../../src/analyzers/secrets/allow-list.js';
import { scanImageConfigForSecrets } from '../../../src/analyzers/secrets/config.js';
import { BASE64, debianServiceConfig, diffIdOf, fakeToken, imageInfo } from '../image/image-fixture.js';

const ALNUM = BASE64.slice(0, 62);
const npmToken = `npm_${fakeToken(36, ALNUM, 201)}`;
const dbPassword = `Pr0d-${fakeToken(14, ALNUM, 202)}`;
const stripeKey = ['sk', 'live', fakeToken(24, ALNUM, 203)].join('_');

test('a realistic configuration (PATH, GPG_KEY fingerprint, OCI labels, build history) raises nothing', () => {
  assert.deepEqual(scanImageConfigForSecrets(imageInfo(3)), []);
});

test('ENV with a token and ENV named as a password are reported; pointers and switches are not', () => {
  const config = debianServiceConfig({
    env: [
      'PATH=/usr/local/bin:/usr/bin:/bin',
      `STRIPE_KEY=${stripeKey}`,
      `DB_PASSWORD=${dbPassword}`,
      'DB_PASSWORD_FILE=/run/secrets/db',
      'MYSQL_ALLOW_EMPTY_PASSWORD=yes',
      'REDIS_PASSWORD=',
      'API_TOKEN=${API_TOKEN}',
      'GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305',
    ],
  });
  const findings = scanImageConfigForSecrets(imageInfo(3, config));
  assert.deepEqual(findings.map((f) => [f.subject, f.severity, f.location.path]), [
    ['config:env:STRIPE_KEY', 'critical', 'config.Env[1]'],
    ['config:env:DB_PASSWORD', 'high', 'config.Env[2]'],
  ]);
  assert.ok(findings.every((f) => f.checkId === 'image.secret-in-config'));
  assert.match(findings[1]?.message.en ?? '', /ENV DB_PASSWORD holds a literal credential/);
  const json = JSON.stringify(findings);
  assert.ok(!json.includes(dbPassword) && !json.includes(stripeKey));
  assert.match(findings[1]?.evidence ?? '', /^DB_PASSWORD=Pr\*+[A-Za-z0-9]{2}$/);
});

test('a label holding a token is reported', () => {
  const config = debianServiceConfig({ labels: { 'org.opencontainers.image.title': 'api', 'ci.token': `glpat-${fakeToken(20, ALNUM, 204)}` } });
  const findings = scanImageConfigForSecrets(imageInfo(3, config));
  assert.deepEqual(findings.map((f) => [f.subject, f.location.path]), [['config:label:ci.token', 'config.Labels["ci.token"]']]);
});

test('a build argument recorded in the history is reported against its layer; one already reported in ENV is not repeated', () => {
  const config = debianServiceConfig({
    env: ['PATH=/usr/bin:/bin', `DB_PASSWORD=${dbPassword}`],
    history: [
      { createdBy: '/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ' },
      { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', emptyLayer: true },
      { createdBy: `RUN |1 NPM_TOKEN=${npmToken} /bin/sh -c npm ci --omit=dev # buildkit` },
      { createdBy: `ENV DB_PASSWORD=${dbPassword}`, emptyLayer: true },
    ],
  });
  const findings = scanImageConfigForSecrets(imageInfo(2, config));
  assert.deepEqual(findings.map((f) => f.subject), ['config:env:DB_PASSWORD', 'config:history:2:npm-token#1']);
  const history = findings[1];
  assert.equal(history?.location.layer, diffIdOf(1));
  assert.equal(history?.location.path, 'history[2].created_by');
  assert.match(history?.message.en ?? '', /build history \(step 3\)/);
  assert.ok(!JSON.stringify(findings).includes(npmToken));
});

test('the allow-list applies to configuration secrets too', () => {
  const config = debianServiceConfig({ env: [`DB_PASSWORD=${dbPassword}`, `STRIPE_KEY=${stripeKey}`] });
  const sha = createHash('sha256').update(dbPassword).digest('hex');
  const allowList = parseSecretAllowList(`secrets: [{sha256: ${sha}}]\ndisabledRules: [stripe-live-key]\n`, 'allow.yaml');
  const findings = scanImageConfigForSecrets(imageInfo(3, config), { allowList });
  // The Stripe rule is off; the name STRIPE_KEY does not say "secret", so nothing is left.
  assert.deepEqual(findings, []);
});
