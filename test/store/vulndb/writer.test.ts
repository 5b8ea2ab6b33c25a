import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import path from 'node:path';
import Database from 'better-sqlite3';
import { IMPORTERS } from '../../../src/analyzers/vuln/importers/index.js';
import { SqliteVulnLookup } from '../../../src/store/vulndb/reader.js';
import { SCHEMA_VERSION } from '../../../src/store/vulndb/schema.js';
import { buildVulnDb, walk, type BuildResult } from '../../../src/store/vulndb/writer.js';
import { advisory, feedsFolder, TEST_IMPORTERS, tempDir } from './fixtures.js';

const npm = (pkg: string, fixed: string) => ({ namespace: 'npm', package: pkg, scheme: 'npm' as const, status: 'fixed' as const, ranges: [{ introduced: '0', fixed }], source: 'fake' });

let dbFile = '';
let result: BuildResult;
let lookup: SqliteVulnLookup;

before(async () => {
  const feeds = await feedsFolder({
    // The same flaw from three publishers, each naming it differently.
    'a/ghsa.advisories.json': {
      advisories: [
        advisory('CVE-2024-1000', ['GHSA-aaaa-bbbb-cccc'], {
          summary: 'prototype pollution in left-pad',
          cvss: [{ source: 'ghsa', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }],
          references: ['https://github.com/advisories/GHSA-aaaa-bbbb-cccc'],
          affected: [npm('left-pad', '1.3.1')],
        }),
        // One GHSA naming two CVEs: linked to both, never making them one flaw.
        advisory('GHSA-two2-cves-xxxx', ['CVE-2024-2001', 'CVE-2024-2002'], { affected: [npm('twin', '2.0.0')] }),
        advisory('GHSA-wwww-dddd-eeee', [], { withdrawn: '2024-05-01T00:00:00Z', affected: [npm('withdrawn-pkg', '1.0.0')] }),
      ],
    },
    'b/nvd.advisories.json': {
      advisories: [
        advisory('CVE-2024-1000', [], {
          details: 'A long NVD description.',
          cvss: [
            { source: 'nvd', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 7.5 },
            { source: 'nvd', version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N', score: 8.7 },
          ],
        }),
        advisory('CVE-2024-2001', [], { summary: 'first of the twins' }),
        advisory('CVE-2024-2002', [], { summary: 'second of the twins' }),
      ],
    },
    // Two groups without a CVE, later bridged by a record naming both, then claimed by a CVE.
    'c/osv.advisories.json': {
      advisories: [
        advisory('PYSEC-2024-1', ['GHSA-pppp-pppp-pppp'], { affected: [{ ...npm('x', '1'), namespace: 'pypi', package: 'requests-x', scheme: 'pep440' }] }),
        advisory('GO-2024-1', ['GHSA-gggg-gggg-gggg'], { affected: [{ ...npm('x', '1'), namespace: 'golang', package: 'example.com/x', scheme: 'go' }] }),
        advisory('OSV-2024-1', ['GHSA-pppp-pppp-pppp', 'GHSA-gggg-gggg-gggg']),
        advisory('CVE-2024-3000', ['GO-2024-1'], { summary: 'bridged flaw' }),
      ],
      enrichments: [{ id: 'CVE-2024-1000', epss: { score: 0.25, percentile: 0.9, date: '2025-08-25' } }],
      problems: ['record 7: no id'],
    },
    'e/malformed.advisories.json': { advisories: [{ id: 'CVE-2024-5000' } as never, advisory('CVE-2024-5001', [], { affected: [npm('after-bad', '1.0.0')] })] },
    'd/broken.advisories.json': { advisories: [advisory('CVE-2024-4000', [], { affected: [npm('half-read', '1.0.0')] })], fail: 'unexpected end of JSON at line 9' },
  });
  dbFile = path.join(await tempDir(), 'vuln.db');
  result = await buildVulnDb({ from: feeds, output: dbFile, importers: TEST_IMPORTERS, built: new Date('2026-01-02T03:04:05Z') });
  lookup = new SqliteVulnLookup(dbFile);
});

test('build reads every recognised file, reports unknown files, bad records and failed files, and carries on', () => {
  assert.equal(result.files.read, 7);
  assert.deepEqual(result.files.unmatched, ['README.md']);
  assert.equal(result.problems.length, 2);
  assert.equal(result.problems[0], 'c/osv.advisories.json: record 7: no id');
  assert.match(result.problems[1] ?? '', /^e\/malformed\.advisories\.json: record CVE-2024-5000: /);
  assert.deepEqual(result.failed, ['d/broken.advisories.json: unexpected end of JSON at line 9']);
  const names = result.sources.map((s) => s.name);
  assert.deepEqual(names, ['alpine-test', 'fake', 'kev-test']);
  assert.equal(result.sources.find((s) => s.name === 'kev-test')?.date, '2025-08-25T17:04:19.9796Z');
  assert.equal(result.sources.find((s) => s.name === 'kev-test')?.records, 1404);
});

test('real Alpine secdb records are queried by release and source package', () => {
  const aom = lookup.affected('alpine:3.19', 'aom');
  assert.deepEqual(
    aom.map((r) => r.vulnId),
    ['CVE-2021-30473', 'CVE-2021-30474', 'CVE-2021-30475'],
  );
  assert.deepEqual(aom[0]?.ranges, [{ introduced: '0', fixed: '3.1.1-r0' }]);
  assert.equal(aom[0]?.scheme, 'apk');
  assert.equal(aom[0]?.status, 'fixed');
  assert.equal(lookup.affected('alpine:3.18', 'aom').length, 0);
  assert.ok(lookup.namespaces().includes('alpine:3.19'));
});

test('KEV enrichment lands on the vulnerability the Alpine record names', () => {
  const apache = lookup.affected('alpine:3.19', 'apache2').find((r) => r.vulnId === 'CVE-2021-41773');
  assert.ok(apache, 'apache2 CVE-2021-41773 from the Alpine secdb');
  const v = lookup.vulnerability('CVE-2021-41773');
  assert.deepEqual(v?.kev, { dateAdded: '2021-11-03', dueDate: '2021-11-17', ransomware: true });
  assert.match(v?.details ?? '', /Apache HTTP Server/);
});

test('the same CVE from several sources is one vulnerability with every source’s CVSS', () => {
  const v = lookup.vulnerability('CVE-2024-1000');
  assert.ok(v);
  assert.deepEqual(v.aliases, ['GHSA-aaaa-bbbb-cccc']);
  assert.equal(v.summary, 'prototype pollution in left-pad');
  assert.equal(v.details, 'A long NVD description.');
  assert.deepEqual(
    v.cvss.map((c) => `${c.source} ${c.version} ${c.score}`),
    ['ghsa 3.1 9.8', 'nvd 3.1 7.5', 'nvd 4.0 8.7'],
  );
  assert.deepEqual(v.epss, { score: 0.25, percentile: 0.9, date: '2025-08-25' });
  assert.deepEqual(v.references, ['https://github.com/advisories/GHSA-aaaa-bbbb-cccc']);
  // By alias, the same record.
  assert.equal(lookup.vulnerability('GHSA-aaaa-bbbb-cccc')?.id, 'CVE-2024-1000');
  assert.deepEqual(lookup.affected('npm', 'left-pad').map((r) => r.vulnId), ['CVE-2024-1000']);
});

test('a GHSA naming two CVEs links to both without merging them', () => {
  assert.equal(lookup.vulnerability('CVE-2024-2001')?.summary, 'first of the twins');
  assert.equal(lookup.vulnerability('CVE-2024-2002')?.summary, 'second of the twins');
  const ghsa = lookup.vulnerability('GHSA-two2-cves-xxxx');
  assert.equal(ghsa?.id, 'GHSA-two2-cves-xxxx');
  assert.deepEqual(ghsa?.aliases, ['CVE-2024-2001', 'CVE-2024-2002']);
  assert.deepEqual(lookup.affected('npm', 'twin').map((r) => r.vulnId), ['GHSA-two2-cves-xxxx']);
});

test('groups bridged by a shared alias merge, and a later CVE claims them all', () => {
  const v = lookup.vulnerability('PYSEC-2024-1');
  assert.equal(v?.id, 'CVE-2024-3000');
  assert.equal(v?.summary, 'bridged flaw');
  assert.deepEqual(v?.aliases, ['GHSA-gggg-gggg-gggg', 'GHSA-pppp-pppp-pppp', 'GO-2024-1', 'OSV-2024-1', 'PYSEC-2024-1']);
  assert.deepEqual(lookup.affected('pypi', 'requests-x').map((r) => r.vulnId), ['CVE-2024-3000']);
  assert.deepEqual(lookup.affected('golang', 'example.com/x').map((r) => r.vulnId), ['CVE-2024-3000']);
});

test('a withdrawn record is stored as such and never matched', () => {
  assert.equal(lookup.vulnerability('GHSA-wwww-dddd-eeee')?.withdrawn, '2024-05-01T00:00:00Z');
  assert.deepEqual(lookup.affected('npm', 'withdrawn-pkg'), []);
});

test('a malformed record is skipped and the rest of its file still read', () => {
  assert.deepEqual(lookup.affected('npm', 'after-bad').map((r) => r.vulnId), ['CVE-2024-5001']);
});

test('what an importer wrote before failing is kept', () => {
  assert.deepEqual(lookup.affected('npm', 'half-read').map((r) => r.vulnId), ['CVE-2024-4000']);
});

test('the database records its schema, build time, sources and counts, and has the lookup indexes', () => {
  const meta = lookup.meta();
  assert.equal(meta.schemaVersion, SCHEMA_VERSION);
  assert.equal(meta.built, '2026-01-02T03:04:05.000Z');
  assert.equal(meta.sources.length, 3);
  const counts = lookup.counts();
  assert.ok(counts && counts.kev === 1404 && counts.epss === 1, JSON.stringify(counts));
  assert.equal(counts.vulnerabilities, result.counts.vulnerabilities);
  const db = new Database(dbFile, { readonly: true });
  const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM affected WHERE namespace = 'npm' AND package = 'x'").all() as { detail: string }[];
  assert.match(plan.map((p) => p.detail).join(' '), /USING INDEX affected_package/);
  // Every query the reader makes is an index search, never a scan.
  for (const sql of ["SELECT vuln FROM alias WHERE alias = 'x'", 'SELECT alias FROM alias WHERE vuln = 1', 'SELECT * FROM cvss WHERE vuln = 1', 'SELECT * FROM reference WHERE vuln = 1', "SELECT * FROM vulnerability WHERE id = 'x'"]) {
    const detail = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
    assert.match(detail, /^SEARCH /, `${sql}: ${detail}`);
  }
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  db.close();
});

test('the reader opens the file read-only', () => {
  const db = (lookup as unknown as { db: Database.Database }).db;
  assert.equal(db.readonly, true);
  assert.throws(() => db.exec('DELETE FROM vulnerability'), /readonly/);
});

test('a build with the registered importers runs on real feeds and accounts for every file', async () => {
  const feeds = await feedsFolder();
  const out = path.join(await tempDir(), 'vuln.db');
  const built = await buildVulnDb({ from: feeds, output: out, importers: IMPORTERS });
  assert.equal(built.files.read + built.files.unmatched.length, (await walk(feeds)).length);
  assert.deepEqual(built.failed, []);
  const reader = new SqliteVulnLookup(out);
  assert.equal(reader.counts()?.vulnerabilities, built.counts.vulnerabilities);
  // The registry holds real Alpine secdb and KEV importers: their records land, merged on the CVE.
  assert.ok(reader.affected('alpine:3.19', 'apache2').some((r) => r.vulnId === 'CVE-2021-41773'));
  assert.equal(reader.vulnerability('CVE-2021-41773')?.kev?.dateAdded, '2021-11-03');
  reader.close();
});

test('a missing --from folder is one clear error', async () => {
  await assert.rejects(buildVulnDb({ from: '/nonexistent/feeds', output: path.join(await tempDir(), 'v.db'), importers: TEST_IMPORTERS }), /^Error: --from \/nonexistent\/feeds: no such folder$/);
});
