import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { fingerprint, imageAsset, type Finding, type PackageInventory } from '../../../src/model/index.js';
import { compareFindings } from '../../../src/store/results/changes.js';
import { ResultStore } from '../../../src/store/results/store.js';

const image = { reference: 'registry.bank.local/payments/api:1.4.2', manifestDigest: 'sha256:' + 'a'.repeat(64), configDigest: 'sha256:' + 'b'.repeat(64) };
const other = { reference: 'registry.bank.local/ledger/db:7', configDigest: 'sha256:' + 'c'.repeat(64) };
const inventory: PackageInventory = {
  os: { family: 'alpine', version: '3.19.1', name: 'Alpine Linux v3.19' },
  packages: [{ name: 'openssl', version: '3.1.4-r2', type: 'apk', purl: 'pkg:apk/alpine/openssl@3.1.4-r2?distro=alpine-3.19', licenses: ['Apache-2.0'], path: '/lib/apk/db/installed' }],
};

function finding(vuln: string, severity: Finding['severity'], fixed?: string): Finding {
  const asset = imageAsset(image);
  const subject = `pkg:apk/alpine/openssl#${vuln}`;
  return {
    fingerprint: fingerprint('image.vuln', asset.ref, subject),
    checkId: 'image.vuln',
    severity,
    status: 'fail',
    message: { en: vuln, zh: vuln },
    asset,
    subject,
    location: { file: '/lib/apk/db/installed' },
    controls: [],
    vulnerability: { id: vuln, aliases: [], status: fixed ? 'fixed' : 'affected', installedVersion: '3.1.4-r2', ...(fixed ? { fixedVersion: fixed } : {}), severitySource: 'nvd', dataSource: 'alpine-secdb' },
    package: { name: 'openssl', version: '3.1.4-r2', type: 'apk', purl: inventory.packages[0]!.purl },
  };
}

function tempStore(): string {
  return join(mkdtempSync(join(tmpdir(), 'rampart-results-')), 'nested', 'results.db');
}

test('a saved scan keeps its SBOM and findings, and the newest scan per image is what rescan starts from', () => {
  const file = tempStore();
  const store = ResultStore.open(file);
  const first = store.saveScan(image, inventory, [finding('CVE-2024-0727', 'medium')], new Date('2026-11-01T00:00:00Z'), '2026-10-31T00:00:00Z');
  const second = store.saveScan(image, inventory, [finding('CVE-2024-0727', 'medium'), finding('CVE-2024-2511', 'low', '3.1.4-r6')], new Date('2026-11-20T00:00:00Z'));
  store.saveScan(other, { packages: [] }, [], new Date('2026-11-21T00:00:00Z'));
  store.close();

  const reopened = ResultStore.open(file);
  const latest = reopened.latestScans();
  assert.deepEqual(latest.map((s) => [s.reference, s.id]), [[image.reference, second], [other.reference, latest[1]!.id]]);
  assert.ok(second > first);
  assert.deepEqual(latest[0]!.inventory, inventory);
  assert.equal(latest[0]!.manifestDigest, image.manifestDigest);
  assert.equal(latest[1]!.manifestDigest, undefined);
  const stored = reopened.findingsOf(second);
  assert.deepEqual([...stored.values()].map((f) => f.vulnerability?.id).sort(), ['CVE-2024-0727', 'CVE-2024-2511']);
  reopened.close();
});

test('migrations are recorded, and a store written by a newer rampart is refused with one clear line', () => {
  const file = tempStore();
  ResultStore.open(file).close();
  const db = new Database(file);
  assert.equal((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v, 1);
  db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (99, ?)').run(new Date().toISOString());
  db.close();
  assert.throws(() => ResultStore.open(file), (err: Error) => err.message.includes(file) && err.message.includes('schema version 99') && !err.message.includes('\n'));
});

test('compareFindings tells new, resolved and changed findings apart by fingerprint', () => {
  const before = new Map([finding('CVE-2024-0727', 'medium'), finding('CVE-2023-5678', 'low')].map((f) => [f.fingerprint, f]));
  const after = [finding('CVE-2024-0727', 'high', '3.1.4-r5'), finding('CVE-2024-4603', 'medium')];
  const changes = compareFindings(before, after);
  assert.deepEqual(changes.added.map((f) => f.vulnerability?.id), ['CVE-2024-4603']);
  assert.deepEqual(changes.resolved.map((f) => f.vulnerability?.id), ['CVE-2023-5678']);
  assert.deepEqual(changes.changed.map((c) => c.fields), [['severity', 'fixedVersion', 'vendorStatus']]);
  assert.equal(changes.unchanged, 0);
});
