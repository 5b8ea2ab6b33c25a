import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRecord } from '../../../../src/analyzers/vuln/importers/archive-records.js';
import { convertFriendsOfPhpRecord, friendsOfPhpImporter } from '../../../../src/analyzers/vuln/importers/friendsofphp.js';
import { IMPORTERS } from '../../../../src/analyzers/vuln/importers/index.js';
import { archiveMembers, VULNDATA } from './osv-test-sink.js';

const TGZ = `${VULNDATA}/native/friendsofphp/security-advisories.tar.gz`;
const NAMES = ['symfony/symfony/CVE-2015-2308.yaml', 'cakephp/cakephp/2015-08-06.yaml', 'socialiteproviders/steam/2021-01-29.yaml', 'amphp/artax/CVE-2016-5385.yaml'];
const members = archiveMembers(TGZ, NAMES);

async function convert(name: string) {
  return convertFriendsOfPhpRecord(parseRecord((await members).get(name) ?? '', name), name);
}

test('symfony CVE-2015-2308: one range per branch, composer://vendor/pkg → package', async () => {
  const advisory = await convert('symfony/symfony/CVE-2015-2308.yaml');
  assert.equal(advisory.id, 'CVE-2015-2308');
  assert.equal(advisory.summary, 'Esi Code Injection');
  const [symfony] = advisory.affected;
  assert.equal(symfony?.namespace, 'composer');
  assert.equal(symfony?.scheme, 'composer');
  assert.equal(symfony?.package, 'symfony/symfony');
  assert.equal(symfony?.status, 'fixed');
  assert.equal(symfony?.ranges.length, 7);
  assert.deepEqual(symfony?.ranges[3], { introduced: '2.3.0', fixed: '2.3.27' });
  assert.deepEqual(symfony?.ranges[6], { introduced: '2.6.0', fixed: '2.6.6' });
});

test('an advisory without a CVE takes its GHSA link, else the repository key', async () => {
  const steam = await convert('socialiteproviders/steam/2021-01-29.yaml');
  assert.equal(steam.id, 'GHSA-hhw9-35p2-q2c5');
  assert.deepEqual(steam.affected[0]?.ranges, [{ fixed: '1.1' }]);
  const cake = await convert('cakephp/cakephp/2015-08-06.yaml'); // cve: ~
  assert.equal(cake.id, 'FriendsOfPHP:cakephp/cakephp/2015-08-06');
  assert.equal(cake.affected[0]?.ranges.length, 8);
});

test('branch keys and bare major versions stay strings; ">" reads as introduced', async () => {
  const artax = await convert('amphp/artax/CVE-2016-5385.yaml');
  assert.deepEqual(artax.affected[0]?.ranges, [
    { introduced: '2', fixed: '2.0.4' },
    { introduced: '0.7.1', fixed: '1.0.4' },
  ]);
});

test('bad constraints and references are refused naming the file and branch', () => {
  const bad = 'title: x\nreference: composer://a/b\nbranches:\n  1.x:\n    versions: ["^1.2"]\n';
  assert.throws(() => convertFriendsOfPhpRecord(parseRecord(bad, 'a/b/x.yaml'), 'a/b/x.yaml'), /^Error: a\/b\/x\.yaml: branch 1\.x: cannot read version constraint "\^1\.2"$/);
  assert.throws(() => convertFriendsOfPhpRecord(parseRecord('reference: npm://x\nbranches: {}\n', 'a/b/y.yaml'), 'a/b/y.yaml'), /reference "npm:\/\/x" is not composer:\/\/vendor\/package/);
});

test('the FriendsOfPHP importer is registered and claims its archive', () => {
  assert.ok(IMPORTERS.includes(friendsOfPhpImporter));
  assert.ok(friendsOfPhpImporter.matches('native/friendsofphp/security-advisories.tar.gz'));
  assert.ok(!friendsOfPhpImporter.matches('native/friendsofphp/LICENSE'));
});
