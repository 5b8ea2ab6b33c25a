import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { rampart, type CliResult } from '../helpers/cli.js';
import { installBundle } from '../../src/store/vulndb/install.js';
import { makeBundle, makeKeys, rewriteBundle, type TestKeys } from '../store/vulndb/bundle-helpers.js';
import { feedsFolder, tempDir } from '../store/vulndb/fixtures.js';
import { makeTestCa } from '../store/vulndb/tls-helpers.js';

/** `rampart db …` through the real CLI, with no database folder inherited from the environment. */
function rampartDb(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return rampart(['db', ...args], { env: { RAMPART_DB_DIR: '', ...env } });
}

let work = '';
let keys: TestKeys;
let gen2 = '';
let server: https.Server;
let caCert = '';

before(async () => {
  work = await tempDir('rampart-cli-db-');
  keys = await makeKeys(work, 'lib');
  gen2 = await makeBundle(2, keys.privateKey);
  const ca = await makeTestCa(work);
  caCert = ca.caCert;
  const body = await readFile(gen2);
  server = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    if (req.url === '/rampart/rampart-db.tar.zst') res.end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

after(() => {
  server.closeAllConnections();
  server.close();
});

test('keygen, build, import, status: the whole offline workflow', async () => {
  const prefix = path.join(work, 'site');
  const keygen = await rampartDb(['keygen', '--out', prefix]);
  assert.equal(keygen.code, 0, keygen.stderr);
  assert.equal((await stat(`${prefix}.key`)).mode & 0o777, 0o600);
  assert.match(await readFile(`${prefix}.pub`, 'utf8'), /^-----BEGIN PUBLIC KEY-----/);

  const feeds = await feedsFolder();
  const bundle = path.join(work, 'rampart-db.tar.zst');
  const local = path.join(work, 'local-db');
  const build = await rampartDb(['build', '--from', feeds, '--output', bundle, '--sign-key', `${prefix}.key`, '--level', '3', '--install', '--db-dir', local]);
  assert.equal(build.code, 0, build.stderr);
  assert.match(build.stderr, /^rampart: wrote .*rampart-db\.tar\.zst \(\d+\.\d MB\) in \d+\.\d s: \d+ vulnerabilities, .*from \d+ files \(\d+ not recognised/m);
  assert.match(build.stderr, new RegExp(`^rampart: installed ${local}/vuln\\.db: `, 'm'));
  assert.deepEqual(await readdir(local), ['vuln.db']);
  assert.deepEqual((await readdir(work)).filter((f) => f.includes('.db')), [], 'the build leaves no temp database beside the bundle');

  const dbDir = path.join(work, 'db');
  const imported = await rampartDb(['import', bundle, '--trust', `${prefix}.pub`, '--db-dir', dbDir]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /^rampart: installed .*vuln\.db: built \d{4}-.*signed by key [0-9a-f]{16}\)\n$/);

  const status = await rampartDb(['status', '--db-dir', dbDir]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /^database {3}.*vuln\.db \(\d+\.\d MB, schema 1\)$/m);
  assert.match(status.stdout, /^built {6}\d{4}-\d\d-\d\dT.*\(\d+ hours old\)$/m);
  assert.equal(status.stderr, '');
});

test('update from an HTTPS mirror on 127.0.0.1 with a custom CA; import with keys from <db dir>/trusted/; status of an old database warns', async () => {
  const mirrorDir = await tempDir('rampart-db-');
  const trustDir = await tempDir('rampart-db-');
  await mkdir(path.join(trustDir, 'trusted'));
  await copyFile(keys.publicFile, path.join(trustDir, 'trusted', 'publisher.pub'));
  const oldDir = await tempDir('rampart-db-');
  await installBundle(await makeBundle(1, keys.privateKey, { built: '2020-01-01T00:00:00Z' }), { dbDir: oldDir, trusted: [keys.publicKey] });
  const mirror = `https://127.0.0.1:${(server.address() as AddressInfo).port}/rampart/`;
  const [update, trusted, stale] = await Promise.all([
    rampartDb(['update', '--mirror', mirror, '--ca-cert', caCert, '--trust', keys.publicFile, '--db-dir', mirrorDir, '--timeout', '5']),
    rampartDb(['import', gen2], { RAMPART_DB_DIR: trustDir }),
    rampartDb(['status', '--db-dir', oldDir, '--max-age', '30', '--format', 'json']),
  ]);
  assert.equal(update.code, 0, update.stderr);
  assert.match(update.stderr, /^rampart: installed /);
  assert.deepEqual(await readdir(mirrorDir), ['vuln.db']);
  assert.equal(trusted.code, 0, trusted.stderr);
  assert.ok((await readdir(trustDir)).includes('vuln.db'));
  assert.equal(stale.code, 0);
  const parsed = JSON.parse(stale.stdout) as { schemaVersion: number; stale: boolean; dbFile: string; built: string };
  assert.deepEqual([parsed.schemaVersion, parsed.stale, parsed.dbFile, parsed.built], [1, true, path.join(oldDir, 'vuln.db'), '2020-01-01T00:00:00.000Z']);
  assert.equal(stale.stderr, 'rampart: warning: the database is older than 30 days; run "rampart db update" or import a newer bundle\n');
});

test('refusals exit 2 with one line on stderr, and leave an installed database untouched', async () => {
  const installed = await tempDir('rampart-db-');
  await installBundle(gen2, { dbDir: installed, trusted: [keys.publicKey] });
  const before = await readFile(path.join(installed, 'vuln.db'));
  const tampered = await rewriteBundle(gen2, (entries) => {
    const db = entries.get('vuln.db') as Buffer;
    db[4096] = (db[4096] as number) ^ 1;
  });
  const existing = path.join(work, 'existing');
  await writeFile(`${existing}.key`, 'a key someone relies on');
  const bad = path.join(work, 'bad.key');
  await writeFile(bad, 'not a key');
  const empty = await tempDir('rampart-db-');
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['import', tampered, '--trust', keys.publicFile, '--db-dir', installed], {}, /^rampart: bundle .*: vuln\.db does not match its signed manifest .*refusing it\n$/],
    [['import', gen2], { RAMPART_DB_DIR: empty }, /^rampart: no trusted key: pass --trust <publisher\.pub>, or put the publisher's public key in .*\/trusted\/\n$/],
    [['status', '--db-dir', empty], {}, /^rampart: no vulnerability database in .*: install one with "rampart db import rampart-db\.tar\.zst --trust <publisher\.pub>" .*"rampart db build --from <feeds> .*"\n$/],
    [['update', '--trust', keys.publicFile, '--db-dir', installed], { RAMPART_DB_MIRROR: '' }, /^rampart: --mirror <url> is required \(or set RAMPART_DB_MIRROR\)\n$/],
    [['keygen', '--out', existing], {}, /^rampart: .*existing\.key exists: refusing to overwrite a key \(use --force\)\n$/],
    [['build', '--from', work, '--sign-key', bad, '--output', path.join(work, 'x.tar.zst')], {}, /^rampart: signing key .*bad\.key: not a PEM Ed25519 or ECDSA private key .*\n$/],
    [['build', '--from', work, '--sign-key', path.join(work, 'none.key')], {}, /^rampart: signing key .*none\.key: no such file\n$/],
  ];
  const [help, ...results] = await Promise.all([rampartDb(['--help']), ...cases.map(([args, env]) => rampartDb(args, env))]);
  for (const [i, r] of results.entries()) {
    const [args, , stderr] = cases[i] as (typeof cases)[number];
    assert.equal(r.code, 2, `rampart db ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, stderr);
  }
  assert.deepEqual(await readFile(path.join(installed, 'vuln.db')), before);
  assert.deepEqual(await readdir(installed), ['vuln.db']);
  assert.equal(await readFile(`${existing}.key`, 'utf8'), 'a key someone relies on');
  assert.equal(help?.code, 0);
  for (const sub of ['build', 'import', 'update', 'status', 'keygen']) assert.match(help?.stdout ?? '', new RegExp(`^  ${sub}\\b`, 'm'));
  assert.match(help?.stdout ?? '', /rampart db import rampart-db\.tar\.zst --trust db\.pub/);
});
