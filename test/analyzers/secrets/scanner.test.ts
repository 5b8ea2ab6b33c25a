import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadFrameworks } from '../../../src/catalog/index.js';
import { parseSecretAllowList } from '../../../src/analyzers/secrets/allow-list.js';
import { SecretScanner } from '../../../src/analyzers/secrets/scanner.js';
import type { LayerEntry } from '../../../src/model/index.js';
import { fingerprint, imageRef } from '../../../src/model/index.js';
import { BASE32, BASE64, buildView, diffIdOf, entryOf, fakeToken, imageInfo, visitLayers, type LayerSpec } from '../image/image-fixture.js';

const ALNUM = BASE64.slice(0, 62);
const awsId = `AKIA${fakeToken(16, BASE32, 101)}`;
const awsSecret = fakeToken(40, BASE64, 102);
const githubToken = `ghp_${fakeToken(36, ALNUM, 103)}`;
const dbPassword = `Pr0d-${fakeToken(14, ALNUM, 104)}`;

async function scan(layers: LayerSpec[], scanner = new SecretScanner()) {
  await visitLayers(scanner, layers);
  return scanner.finish(buildView(layers), imageInfo(layers.length));
}

test('a secret added in one layer and deleted in a later one is still reported, with where to recover it', async () => {
  const layers: LayerSpec[] = [
    { files: [{ path: '/etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' }] },
    { files: [{ path: '/root/.aws/credentials', content: `[default]\naws_access_key_id = ${awsId}\naws_secret_access_key = ${awsSecret}\n`, mode: 0o600 }] },
    { files: [{ path: '/srv/app.py', content: 'print("hello")\n' }] },
    { deletes: ['/root/.aws/credentials'] },
  ];
  const findings = await scan(layers);
  assert.equal(findings.length, 2);
  for (const f of findings) {
    assert.equal(f.checkId, 'image.secret');
    assert.equal(f.status, 'fail');
    assert.equal(f.location.file, '/root/.aws/credentials');
    assert.equal(f.location.layer, diffIdOf(1));
    assert.match(f.message.en, /deleted in layer 4 \([0-9a-f]{12}\), but still recoverable from layer 2 \([0-9a-f]{12}\)'s blob/);
    assert.match(f.message.zh, /已在第 4 层.*删除，但仍可从第 2 层/);
    // The id and its secret together are a usable credential.
    assert.equal(f.severity, 'critical');
    assert.match(f.message.en, /counterpart/);
  }
  const id = findings.find((f) => f.subject.endsWith(':aws-access-key-id#1'));
  assert.equal(id?.location.line, 2);
  assert.equal(id?.subject, 'file:/root/.aws/credentials@layer2:aws-access-key-id#1');
  assert.equal(id?.fingerprint, fingerprint('image.secret', imageRef(imageInfo(4)), id?.subject ?? ''));
  assert.equal(id?.asset.type, 'image');
});

test('a secret overwritten by a later layer is reported for the old version, and the new version on its own', async () => {
  const newToken = `ghp_${fakeToken(36, ALNUM, 105)}`;
  const layers: LayerSpec[] = [
    { files: [{ path: '/srv/.env', content: `GITHUB_TOKEN=${githubToken}\n` }] },
    { files: [{ path: '/srv/.env', content: `# rotated\nGITHUB_TOKEN=${newToken}\n` }] },
  ];
  const findings = await scan(layers);
  assert.equal(findings.length, 2);
  const [old, current] = findings;
  assert.equal(old?.location.layer, diffIdOf(0));
  assert.match(old?.message.en ?? '', /overwritten in layer 2 .* still recoverable from layer 1/);
  assert.equal(current?.location.layer, diffIdOf(1));
  assert.equal(current?.location.line, 2);
  assert.doesNotMatch(current?.message.en ?? '', /recoverable/);
  assert.equal(current?.severity, 'high');
});

test('a file removed with its directory is reported as gone from the final image', async () => {
  const layers: LayerSpec[] = [
    { files: [{ path: '/build/secrets/.env', content: `DATABASE_URL=postgres://payments:${dbPassword}@db:5432/payments\n` }] },
    { deletes: ['/build'] },
  ];
  const [finding, ...rest] = await scan(layers);
  assert.equal(rest.length, 0);
  assert.equal(finding?.evidence?.includes(dbPassword), false);
  assert.match(finding?.message.en ?? '', /not in the final image .* still recoverable from layer 1/);
});

test('evidence is masked: no secret appears anywhere in the findings JSON', async () => {
  const dockerAuth = Buffer.from(`ci-bot:${dbPassword}`).toString('base64');
  const layers: LayerSpec[] = [
    {
      files: [
        { path: '/root/.aws/credentials', content: `aws_access_key_id=${awsId}\naws_secret_access_key=${awsSecret}\n` },
        { path: '/root/.docker/config.json', content: JSON.stringify({ auths: { 'registry.bank.example': { auth: dockerAuth } } }) },
        { path: '/srv/.env', content: `GITHUB_TOKEN=${githubToken}\nDB_PASSWORD="${dbPassword}"\n` },
      ],
    },
  ];
  const findings = await scan(layers);
  assert.equal(findings.length, 5);
  const json = JSON.stringify(findings);
  for (const secret of [awsId, awsSecret, githubToken, dbPassword, dockerAuth]) {
    assert.equal(json.includes(secret), false, `${secret.slice(0, 4)}… leaked into the findings`);
    assert.equal(json.includes(secret.slice(2, -2)), false, 'an unmasked middle part leaked');
  }
  const docker = findings.find((f) => f.subject.includes('docker-config-auth'));
  assert.match(docker?.evidence ?? '', /user "ci-bot" and a password/);
});

test('binary files are skipped by extension and by a NUL byte in their first 8 KiB', async () => {
  const scanner = new SecretScanner();
  const so: LayerEntry = entryOf({ path: '/usr/lib/libpayments.so.1', content: githubToken }, 0);
  assert.equal(scanner.wants(so), false);
  const layers: LayerSpec[] = [
    { files: [{ path: '/srv/bin/payments-api', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]), Buffer.from(`token=${githubToken}`)]) }] },
  ];
  const findings = await scan(layers, scanner);
  assert.deepEqual(findings, []);
  assert.equal(scanner.skippedBinary, 1);
});

test('files over the size limit, package documentation and third-party test fixtures are not read; the application\'s own tests are', () => {
  const scanner = new SecretScanner({ maxFileSize: 1024 });
  const wants = (p: string, size = 100) => scanner.wants({ ...entryOf({ path: p, content: 'x' }, 0), size });
  assert.equal(wants('/srv/.env', 2048), false);
  assert.equal(wants('/srv/.env'), true);
  assert.equal(wants('/usr/share/doc/openssl/README'), false);
  assert.equal(wants('/srv/node_modules/ssh2/test/fixtures/id_rsa'), false);
  assert.equal(wants('/usr/lib/python3/dist-packages/cryptography/hazmat/tests/key.pem'), false);
  assert.equal(wants('/srv/test/fixtures/key.pem'), true);
  assert.equal(scanner.wants({ ...entryOf({ path: '/srv/link', type: 'symlink' }, 0), size: 10 }), false);
});

test('the allow-list silences by path, by rule and by the SHA-256 of a known test value', async () => {
  const layers: LayerSpec[] = [
    {
      files: [
        { path: '/srv/test/keys/.env', content: `GITHUB_TOKEN=${githubToken}\n` },
        { path: '/srv/.env', content: `GITHUB_TOKEN=${githubToken}\nDB_PASSWORD="${dbPassword}"\n` },
        { path: '/srv/config/aws', content: `aws_access_key_id=${awsId}\n` },
      ],
    },
  ];
  assert.equal((await scan(layers)).length, 4);
  const byPath = parseSecretAllowList('paths: ["/srv/test/**"]\n', 'allow.yaml');
  assert.deepEqual((await scan(layers, new SecretScanner({ allowList: byPath }))).map((f) => f.location.file), ['/srv/.env', '/srv/.env', '/srv/config/aws']);
  const byRule = parseSecretAllowList('disabledRules: [generic-secret-assignment]\n', 'allow.yaml');
  assert.deepEqual(
    (await scan(layers, new SecretScanner({ allowList: byRule }))).map((f) => `${f.location.file} ${f.subject.split(':').at(-1)}`),
    ['/srv/.env github-token#1', '/srv/config/aws aws-access-key-id#1', '/srv/test/keys/.env github-token#1'],
  );
  const sha = createHash('sha256').update(githubToken).digest('hex');
  const byHash = parseSecretAllowList(`secrets:\n  - sha256: ${sha}\n    note: token of the demo organisation\n`, 'allow.yaml');
  const left = await scan(layers, new SecretScanner({ allowList: byHash }));
  assert.equal(left.length, 2);
  assert.ok(left.every((f) => !f.subject.includes('github-token')));
});

test('findings carry the controls the frameworks map image.secret to, when the frameworks are given', async () => {
  const layers: LayerSpec[] = [{ files: [{ path: '/srv/.env', content: `GITHUB_TOKEN=${githubToken}\n` }] }];
  const [withControls] = await scan(layers, new SecretScanner({ frameworks: loadFrameworks() }));
  assert.ok(withControls?.controls.includes('cis-docker-1.6:4.10'), JSON.stringify(withControls?.controls));
  assert.ok(withControls?.controls.includes('pci-dss-4.0:8.6.2'));
  const [without] = await scan(layers);
  assert.deepEqual(without?.controls, []);
});

test('real Debian configuration files under /etc raise no secret findings', async () => {
  // Real files of this machine's Debian packages (the same tree a debian:bookworm image ships),
  // read as one layer: a near-miss corpus full of "password", "secret" and "key" in prose and config.
  const files: { path: string; content: Buffer }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        // /etc/chromium.d is left out on purpose: it holds the Google API key and OAuth client
        // secret Google assigned to Debian's chromium package, which the scanner rightly reports.
        if (!['ssl', 'ssh', 'pam.d', 'security', 'default', 'apt', 'systemd', 'dpkg', 'profile.d'].some((d) => full.startsWith(`/etc/${d}`))) continue;
        walk(full);
      } else if (st.isFile() && st.size < 1_000_000 && !name.endsWith('.key') && !full.includes('/private/') && !/^ssh_host_.*_key$/.test(name)) {
        files.push({ path: full, content: readFileSync(full) });
      }
    }
  };
  walk('/etc');
  assert.ok(files.length > 50, `only ${files.length} files read from /etc`);
  const findings = await scan([{ files }]);
  assert.deepEqual(findings.map((f) => `${f.location.file}: ${f.message.en}`), []);
});
