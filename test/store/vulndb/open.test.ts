import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { installBundle } from '../../../src/store/vulndb/install.js';
import { defaultDbDir } from '../../../src/store/vulndb/location.js';
import { MissingVulnDbError, openVulnDb } from '../../../src/store/vulndb/open.js';
import { formatStatus, readStatus } from '../../../src/store/vulndb/status.js';
import { makeBundle, makeKeys } from './bundle-helpers.js';
import { tempDir } from './fixtures.js';

let dbDir = '';
let keyId = '';

before(async () => {
  const keys = await makeKeys(await tempDir(), 'db');
  dbDir = await tempDir('rampart-db-');
  keyId = (await installBundle(await makeBundle(1, keys.privateKey, { built: '2026-03-01T00:00:00Z' }), { dbDir, trusted: [keys.publicKey] })).keyId;
});

test('the database folder: RAMPART_DB_DIR, else XDG_DATA_HOME, else ~/.local/share', () => {
  assert.equal(defaultDbDir({ RAMPART_DB_DIR: '/srv/rampart-db', XDG_DATA_HOME: '/x' }), '/srv/rampart-db');
  assert.equal(defaultDbDir({ XDG_DATA_HOME: '/data' }), '/data/rampart/db');
  assert.equal(defaultDbDir({ XDG_DATA_HOME: 'relative' }), path.join(os.homedir(), '.local/share/rampart/db'));
  assert.equal(defaultDbDir({}), path.join(os.homedir(), '.local/share/rampart/db'));
});

test('openVulnDb with no database throws one line telling how to get one', async () => {
  const empty = await tempDir();
  assert.throws(
    () => openVulnDb({ dbDir: empty }),
    (err: Error) =>
      err instanceof MissingVulnDbError &&
      !err.message.includes('\n') &&
      err.message.includes(`no vulnerability database in ${empty}`) &&
      err.message.includes('rampart db import rampart-db.tar.zst --trust') &&
      err.message.includes('rampart db build --from'),
  );
});

test('a fresh database opens without a warning and answers lookups', () => {
  const opened = openVulnDb({ dbDir, maxAgeDays: 7, now: new Date('2026-03-03T00:00:00Z') });
  assert.equal(opened.stale, false);
  assert.equal(opened.warning, undefined);
  assert.equal(opened.ageDays, 2);
  assert.equal(opened.meta.built, '2026-03-01T00:00:00.000Z');
  assert.deepEqual(opened.lookup.affected('npm', 'left-pad').map((r) => r.vulnId), ['CVE-2024-1001']);
  opened.lookup.close();
});

test('a database older than the limit is stale, with a one-line warning; the limit is configurable', () => {
  const now = new Date('2026-03-11T12:00:00Z');
  const opened = openVulnDb({ dbDir, now });
  assert.equal(opened.stale, true);
  assert.match(opened.warning ?? '', /^vulnerability database is 10 days old \(built 2026-03-01T00:00:00\.000Z, limit 7 days\).*rampart db update/);
  opened.lookup.close();
  const lenient = openVulnDb({ dbDir, now, maxAgeDays: 30 });
  assert.equal(lenient.stale, false);
  lenient.lookup.close();
});

test('status reports the build time, age, signer, sources and counts', () => {
  const status = readStatus(dbDir, { now: new Date('2026-03-01T06:00:00Z') });
  assert.equal(status.stale, false);
  assert.equal(status.signedBy, keyId);
  assert.deepEqual(status.namespaces, ['npm']);
  assert.equal(status.counts?.vulnerabilities, 1);
  const text = formatStatus(status);
  assert.match(text, /^built {6}2026-03-01T00:00:00\.000Z {2}\(6 hours old\)$/m);
  assert.match(text, new RegExp(`^signed by  key ${keyId}, vuln\\.db SHA-256 [0-9a-f]{64}$`, 'm'));
  assert.match(text, /^ {2}fake +- +1 records$/m);
  assert.match(text, /^records {4}\d+ vulnerabilities, \d+ aliases, \d+ affected-package records, \d+ CVSS scores, 0 in KEV, 0 with EPSS$/m);
  assert.match(formatStatus(readStatus(dbDir, { now: new Date('2026-04-01T00:00:00Z'), maxAgeDays: 3 })), /31 days old, older than the 3-day limit: STALE/);
});
