import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import { installBundle } from '../../../src/store/vulndb/install.js';
import { SqliteVulnLookup } from '../../../src/store/vulndb/reader.js';
import { makeBundle, makeKeys, rewriteBundle, type TestKeys } from './bundle-helpers.js';
import { tempDir } from './fixtures.js';

let keys: TestKeys;
let otherKeys: TestKeys;
let gen1 = '';
let gen2 = '';

before(async () => {
  const dir = await tempDir('rampart-keys-');
  keys = await makeKeys(dir, 'db');
  otherKeys = await makeKeys(dir, 'other');
  gen1 = await makeBundle(1, keys.privateKey);
  gen2 = await makeBundle(2, keys.privateKey);
});

/** A database folder holding generation 1, installed through the real import. */
async function installedGen1(): Promise<string> {
  const dbDir = await tempDir('rampart-db-');
  await installBundle(gen1, { dbDir, trusted: [keys.publicKey] });
  return dbDir;
}

function generationOf(dbDir: string): string | undefined {
  const lookup = new SqliteVulnLookup(path.join(dbDir, 'vuln.db'));
  try {
    return lookup.affected('npm', 'left-pad')[0]?.ranges[0]?.fixed;
  } finally {
    lookup.close();
  }
}

const sha256 = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** The previous database is byte-for-byte untouched and nothing else is left in the folder. */
async function assertUntouched(dbDir: string, before: string): Promise<void> {
  assert.equal(await sha256(path.join(dbDir, 'vuln.db')), before);
  assert.deepEqual(await readdir(dbDir), ['vuln.db']);
  assert.equal(generationOf(dbDir), '1.0.0');
}

test('bundle round trip: import installs the database with its signed manifest', async () => {
  const dbDir = await tempDir('rampart-db-');
  const result = await installBundle(gen1, { dbDir, trusted: [otherKeys.publicKey, keys.publicKey] });
  assert.equal(result.dbFile, path.join(dbDir, 'vuln.db'));
  assert.equal(result.manifest.counts.vulnerabilities, result.manifest.counts.vulnerabilities);
  assert.equal(result.manifest.built, '2026-01-01T00:00:00.000Z');
  assert.equal(generationOf(dbDir), '1.0.0');
  const lookup = new SqliteVulnLookup(result.dbFile);
  assert.equal(JSON.parse(lookup.manifestText() ?? '{}').keyId, result.keyId);
  assert.equal(lookup.vulnerability('CVE-2024-1001')?.summary, 'generation 1');
  lookup.close();
  // A newer bundle replaces it.
  await installBundle(gen2, { dbDir, trusted: [keys.publicKey] });
  assert.equal(generationOf(dbDir), '2.0.0');
  assert.deepEqual(await readdir(dbDir), ['vuln.db']);
});

test('a bundle with one byte of vuln.db changed is refused and the previous database stays', async () => {
  const dbDir = await installedGen1();
  const before = await sha256(path.join(dbDir, 'vuln.db'));
  const tampered = await rewriteBundle(gen2, (entries) => {
    const db = entries.get('vuln.db') as Buffer;
    db[db.length - 100] = (db[db.length - 100] as number) ^ 0xff;
  });
  await assert.rejects(installBundle(tampered, { dbDir, trusted: [keys.publicKey] }), /vuln\.db does not match its signed manifest .*refusing it/);
  await assertUntouched(dbDir, before);
});

test('a bundle with its manifest edited is refused by the signature check', async () => {
  const dbDir = await installedGen1();
  const before = await sha256(path.join(dbDir, 'vuln.db'));
  const tampered = await rewriteBundle(gen2, (entries) => {
    const manifest = (entries.get('manifest.json') as Buffer).toString().replace('"built": "2026-01-01', '"built": "2026-09-01');
    entries.set('manifest.json', Buffer.from(manifest));
  });
  await assert.rejects(installBundle(tampered, { dbDir, trusted: [keys.publicKey] }), /signature does not verify with the trusted key/);
  await assertUntouched(dbDir, before);
});

test('a bundle signed with a key that is not trusted is refused', async () => {
  const dbDir = await installedGen1();
  const before = await sha256(path.join(dbDir, 'vuln.db'));
  const foreign = await makeBundle(2, otherKeys.privateKey);
  await assert.rejects(installBundle(foreign, { dbDir, trusted: [keys.publicKey] }), /signature does not verify/);
  await assertUntouched(dbDir, before);
});

test('a signed bundle whose database is swapped for another validly built one is refused', async () => {
  const dbDir = await installedGen1();
  const before = await sha256(path.join(dbDir, 'vuln.db'));
  const other = await rewriteBundle(gen1, () => undefined);
  const gen1Db = new Map<string, Buffer>();
  await rewriteBundle(other, (entries) => void gen1Db.set('db', entries.get('vuln.db') as Buffer));
  const swapped = await rewriteBundle(gen2, (entries) => void entries.set('vuln.db', gen1Db.get('db') as Buffer));
  await assert.rejects(installBundle(swapped, { dbDir, trusted: [keys.publicKey] }), /does not match its signed manifest/);
  await assertUntouched(dbDir, before);
});

test('a bundle of another schema version is refused even when properly signed', async () => {
  const dbDir = await installedGen1();
  const before = await sha256(path.join(dbDir, 'vuln.db'));
  const future = await makeBundle(2, keys.privateKey, { schemaVersion: 99 });
  await assert.rejects(installBundle(future, { dbDir, trusted: [keys.publicKey] }), /schema 99, this rampart reads schema 1/);
  await assertUntouched(dbDir, before);
});

test('garbage, truncated and incomplete bundles are refused with one line naming the file', async () => {
  const dbDir = await installedGen1();
  const before = await sha256(path.join(dbDir, 'vuln.db'));
  const dir = await tempDir();
  const garbage = path.join(dir, 'garbage.tar.zst');
  await writeFile(garbage, 'this is not a bundle');
  await assert.rejects(installBundle(garbage, { dbDir, trusted: [keys.publicKey] }), (err: Error) => err.message.startsWith(`bundle ${garbage}: not a zstd-compressed bundle`) && !err.message.includes('\n'));
  const truncated = path.join(dir, 'truncated.tar.zst');
  const bytes = await readFile(gen2);
  await writeFile(truncated, bytes.subarray(0, bytes.length >> 1));
  await assert.rejects(installBundle(truncated, { dbDir, trusted: [keys.publicKey] }), /^Error: bundle .*truncated\.tar\.zst: /);
  const noDb = await rewriteBundle(gen2, (entries) => void entries.delete('vuln.db'));
  await assert.rejects(installBundle(noDb, { dbDir, trusted: [keys.publicKey] }), /incomplete, it must hold manifest\.json, manifest\.sig, vuln\.db/);
  await assert.rejects(installBundle(path.join(dir, 'missing.tar.zst'), { dbDir, trusted: [keys.publicKey] }), /missing\.tar\.zst: no such file/);
  await assertUntouched(dbDir, before);
});

test('a failure just before the rename leaves the previous database and no temp files', async () => {
  const dbDir = await installedGen1();
  const before = await sha256(path.join(dbDir, 'vuln.db'));
  let sawTemp = false;
  await assert.rejects(
    installBundle(gen2, {
      dbDir,
      trusted: [keys.publicKey],
      beforeRename: (temp) => {
        sawTemp = existsSync(temp);
        throw new Error('disk full');
      },
    }),
    /disk full/,
  );
  assert.ok(sawTemp, 'the new database was fully written before the failure');
  await assertUntouched(dbDir, before);
});

test('an import killed (SIGKILL) in the middle leaves the old database working; the next import clears its leftovers', async () => {
  const dbDir = await installedGen1();
  const before = await sha256(path.join(dbDir, 'vuln.db'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/store/vulndb/crash-import.ts'), gen2, dbDir, keys.publicFile]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
  assert.equal(signal, 'SIGKILL', `child should have been killed mid-import: ${stderr}`);
  const temp = stdout.trim();
  assert.ok(existsSync(temp), `the crashed import left its fully written temp file ${temp}`);
  // The database a scan opens is still the old one, intact.
  assert.equal(await sha256(path.join(dbDir, 'vuln.db')), before);
  assert.equal(generationOf(dbDir), '1.0.0');
  // The next import removes what the dead one left, and succeeds.
  await installBundle(gen2, { dbDir, trusted: [keys.publicKey] });
  assert.deepEqual(await readdir(dbDir), ['vuln.db']);
  assert.equal(generationOf(dbDir), '2.0.0');
});

test('ECDSA P-256 publisher keys are accepted too', async () => {
  const ec = await makeKeys(await tempDir(), 'ec', 'ec');
  const bundle = await makeBundle(3, ec.privateKey);
  const dbDir = await tempDir('rampart-db-');
  await installBundle(bundle, { dbDir, trusted: [ec.publicKey] });
  assert.equal(generationOf(dbDir), '3.0.0');
  await assert.rejects(installBundle(bundle, { dbDir, trusted: [keys.publicKey] }), /signature does not verify/);
});
