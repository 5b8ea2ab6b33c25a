import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Report } from '../../src/model/index.js';
import { ResultStore } from '../../src/store/results/store.js';
import { rampart, type CliResult } from '../helpers/cli.js';
import { makeDemoImage } from '../helpers/demo-image.js';
import { tempDir } from '../helpers/images.js';
import { reportValidator } from '../helpers/schema.js';
import { buildAndImport, copyFeeds, makeSigningKeys } from '../helpers/vulndb.js';

/**
 * `rampart rescan` end to end: the demo image is scanned into a result store with one database,
 * then a second database is built (with `rampart db build`) from a different subset of the
 * publisher records and installed; the rescan must report exactly the difference and store it.
 */

let work = '';
let store = '';
let dbBefore = '';
let dbAfter = '';
let demoArchive = '';
let vex = '';
let env: NodeJS.ProcessEnv = {};

interface SecdbFile {
  packages: { pkg: { name: string } }[];
}

async function run(args: string[]): Promise<CliResult & { report: Report }> {
  const out = path.join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const result = await rampart([...args, '--format', 'json', '--output', out, '--no-progress'], { env });
  const text = await readFile(out, 'utf8').catch(() => undefined);
  assert.ok(text, `no report written (exit ${result.code}): ${result.stderr.trim()}`);
  return { ...result, report: JSON.parse(text) as Report };
}

const vulnFingerprints = (r: Report): Set<string> => new Set(r.findings.filter((f) => f.checkId === 'image.vuln').map((f) => f.fingerprint));

before(async () => {
  work = await tempDir('rampart-cli-rescan-');
  env = { HOME: work, DOCKER_CONFIG: work, RAMPART_DATA_DIR: path.join(work, 'data'), RAMPART_DB_DIR: path.join(work, 'no-db'), XDG_DATA_HOME: path.join(work, 'xdg') };
  store = path.join(work, 'results.db');
  demoArchive = path.join(work, 'payments-api.oci.tar');
  await makeDemoImage(demoArchive);
  const keys = await makeSigningKeys(work);
  // Before: Alpine 3.19 only. After: Alpine 3.19 without its expat records, plus the GitHub advisories.
  const [feedsBefore, feedsAfter] = await Promise.all([
    copyFeeds(path.join(work, 'feeds-before'), ['alpine-secdb/v3.19', 'kev', 'cve']),
    copyFeeds(path.join(work, 'feeds-after'), [
      { path: 'alpine-secdb/v3.19/main.json', transform: (json) => ({ ...(json as SecdbFile), packages: (json as SecdbFile).packages.filter((p) => p.pkg.name !== 'expat') }) },
      'alpine-secdb/v3.19/community.json',
      'osv/ghsa-subset',
      'kev',
      'cve',
    ]),
  ]);
  [dbBefore, dbAfter] = await Promise.all([buildAndImport(feedsBefore, path.join(work, 'db-before'), keys), buildAndImport(feedsAfter, path.join(work, 'db-after'), keys)]);
  vex = path.join(work, 'vex.json');
  await writeFile(
    vex,
    JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://bank.example/vex/busybox',
      author: 'Platform team',
      timestamp: '2025-01-01T00:00:00Z',
      version: 1,
      statements: [{ vulnerability: { name: 'CVE-2023-42366' }, products: [{ '@id': 'pkg:apk/alpine/busybox' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
    }),
  );
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('rescan against a changed database: new and resolved counts match the difference, exit 0, and a new scan is stored', async () => {
  const first = await run(['image', '--input', demoArchive, '--db-dir', dbBefore, '--store', store, '--vex', vex]);
  assert.equal(first.code, 0, first.stderr);
  const rescan = await run(['rescan', '--store', store, '--db-dir', dbAfter, '--vex', vex]);
  assert.equal(rescan.code, 0, rescan.stderr);
  const validate = reportValidator();
  assert.ok(validate(rescan.report), JSON.stringify(validate.errors?.slice(0, 3)));

  const before = vulnFingerprints(first.report);
  const after = vulnFingerprints(rescan.report);
  const added = rescan.report.findings.filter((f) => f.checkId === 'image.vuln' && !before.has(f.fingerprint));
  const resolved = first.report.findings.filter((f) => f.checkId === 'image.vuln' && !after.has(f.fingerprint));
  const unchanged = [...after].filter((fp) => before.has(fp)).length;
  // The difference is what the databases differ by: the GitHub advisories arrive, expat's Alpine records go.
  assert.deepEqual(added.map((f) => f.package?.name).sort(), ['minimist', 'requests']);
  assert.ok(resolved.length > 0 && resolved.every((f) => f.package?.name === 'libexpat'), resolved.map((f) => f.package?.name).join(' '));
  const reference = first.report.images?.[0]?.reference ?? '';
  assert.ok(
    rescan.stderr.includes(`rampart: ${reference}: ${added.length} new, ${resolved.length} resolved, 0 changed, ${unchanged} unchanged\n`),
    rescan.stderr,
  );
  assert.match(rescan.stderr, /^ {2}new: .*CVE-2021-44906 \(minimist\)/m);
  assert.match(rescan.stderr, /^ {2}resolved: .*\(libexpat\)/m);
  // The VEX statement still holds on the rematched finding: waived, not "changed".
  const busybox = rescan.report.findings.find((f) => f.vulnerability?.id === 'CVE-2023-42366' && f.package?.name === 'busybox');
  assert.equal(busybox?.status, 'waived');
  // Secrets and configuration findings need the layers: carried over from the stored scan.
  assert.ok(rescan.report.findings.some((f) => f.checkId === 'image.secret'));
  // The report names the database it matched against: the new one, with the GitHub advisories.
  assert.ok(rescan.report.vulnDb?.sources.some((s) => s.name === 'osv:npm'));
  assert.ok(!first.report.vulnDb?.sources.some((s) => s.name === 'osv:npm'));

  // The rescan was stored: the store's newest scan is it, and rescanning again changes nothing.
  const opened = ResultStore.open(store);
  try {
    const [latest] = opened.latestScans();
    assert.equal(latest?.scannedAt, rescan.report.scanTime);
    assert.deepEqual(new Set(opened.findingsOf(latest!.id).keys()), new Set(rescan.report.findings.map((f) => f.fingerprint)));
  } finally {
    opened.close();
  }
  const again = await run(['rescan', '--store', store, '--db-dir', dbAfter, '--vex', vex]);
  assert.equal(again.code, 0, again.stderr);
  assert.ok(again.stderr.includes(`rampart: ${reference}: 0 new, 0 resolved, 0 changed, ${after.size} unchanged\n`), again.stderr);
});

test('rescan without a database: exit 2 and how to get one', async () => {
  const r = await rampart(['rescan', '--store', path.join(work, 'other.db'), '--db-dir', path.join(work, 'empty-db')], { env });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^rampart: no vulnerability database .*rampart db import/);
  assert.equal(r.stdout, '');
});
