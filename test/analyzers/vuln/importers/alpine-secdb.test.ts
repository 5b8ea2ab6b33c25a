import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alpineSecdbImporter, convertAlpineSecdb, importAlpineSecdb } from '../../../../src/analyzers/vuln/importers/alpine-secdb.js';
import { IMPORTERS } from '../../../../src/analyzers/vuln/importers/index.js';
import { CollectingSink, VULNDATA } from './osv-test-sink.js';

test('v3.19 main: each secfixes key is a fixed version of the origin package', async () => {
  const sink = new CollectingSink();
  const info = await importAlpineSecdb(`${VULNDATA}/alpine-secdb/v3.19/main.json`, sink);
  assert.deepEqual(sink.problems, []);
  assert.equal(info.name, 'alpine-secdb:v3.19/main');
  assert.equal(info.records, sink.advisories.length);
  const zlib = sink.byId('CVE-2022-37434');
  assert.deepEqual(zlib.affected, [{ namespace: 'alpine:3.19', package: 'zlib', scheme: 'apk', status: 'fixed', ranges: [{ fixed: '1.2.12-r2' }], source: 'alpine-secdb' }]);
  // minizip's CVE-2023-45853 is filed under key "0" for zlib: never affected in this branch.
  assert.deepEqual(sink.byId('CVE-2023-45853').affected.map((a) => [a.package, a.status, a.ranges]), [['zlib', 'not-affected', []]]);
});

test('key "0" means the branch was never affected; two ids in one string become id and alias', async () => {
  const sink = new CollectingSink();
  await importAlpineSecdb(`${VULNDATA}/alpine-secdb/edge/community.json`, sink);
  const sdl = sink.byId('CVE-2017-12122');
  assert.deepEqual(sdl.aliases, ['TALOS-2017-0488']);
  assert.deepEqual(sdl.affected.map((a) => [a.namespace, a.package, a.ranges]), [['alpine:edge', 'sdl2_image', [{ fixed: '2.0.3-r0' }]]]);
  const never = sink.advisories.flatMap((a) => a.affected.filter((p) => p.status === 'not-affected'));
  assert.ok(never.length > 0);
  assert.ok(never.every((p) => p.ranges.length === 0));
});

test('a file that is not a secdb branch is refused naming it', () => {
  assert.throws(() => convertAlpineSecdb({ packages: [], distroversion: 'sid' }, 'x.json', () => undefined), /^Error: x\.json: distroversion "sid" is not an Alpine branch/);
  assert.throws(() => convertAlpineSecdb({}, 'y.json', () => undefined), /y\.json: not an Alpine secdb file/);
  const problems: string[] = [];
  convertAlpineSecdb({ distroversion: 'v3.18', packages: [{ pkg: { secfixes: {} } }] }, 'z.json', (m) => problems.push(m));
  assert.deepEqual(problems, ['z.json: packages[0] has no pkg.name or pkg.secfixes']);
});

test('the secdb importer is registered and claims branch files only', () => {
  assert.ok(IMPORTERS.includes(alpineSecdbImporter));
  assert.ok(alpineSecdbImporter.matches('alpine-secdb/v3.19/main.json'));
  assert.ok(alpineSecdbImporter.matches('alpine-secdb/edge/community.json'));
  assert.ok(!alpineSecdbImporter.matches('kev/known_exploited_vulnerabilities.json'));
});
