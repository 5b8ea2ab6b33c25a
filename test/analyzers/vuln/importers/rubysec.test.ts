import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRecord } from '../../../../src/analyzers/vuln/importers/archive-records.js';
import { IMPORTERS } from '../../../../src/analyzers/vuln/importers/index.js';
import { convertRubysecRecord, rubysecImporter } from '../../../../src/analyzers/vuln/importers/rubysec.js';
import { affectedRangesFromSafe } from '../../../../src/analyzers/vuln/importers/rubysec-requirements.js';
import { archiveMembers, VULNDATA } from './osv-test-sink.js';

const TGZ = `${VULNDATA}/native/rubysec/ruby-advisory-db.tar.gz`;
const NAMES = ['gems/rack/CVE-2019-16782.yml', 'gems/actiontext/CVE-2024-47888.yml', 'gems/pagy/CVE-2026-54659.yml', 'rubies/ruby/CVE-2008-3443.yml', 'gems/ckeditor/CVE-2021-32808.yml', 'gems/rest-client/CVE-2019-15224.yml'];
const members = archiveMembers(TGZ, NAMES);

async function convert(name: string) {
  return convertRubysecRecord(parseRecord((await members).get(name) ?? '', name), name);
}

test('requirements → affected ranges: the complement of patched and unaffected', () => {
  assert.deepEqual(affectedRangesFromSafe(['~> 1.2.3']), [{ fixed: '1.2.3' }, { introduced: '1.3' }]);
  assert.deepEqual(affectedRangesFromSafe(['>= 2.0, < 2.1.5']), [{ fixed: '2.0' }, { introduced: '2.1.5' }]);
  assert.deepEqual(affectedRangesFromSafe(['< 1.0.1', '> 1.0.1']), [{ introduced: '1.0.1', lastAffected: '1.0.1' }]);
  assert.deepEqual(affectedRangesFromSafe(['<= 1.6.9', '>= 1.6.14', '>= 1.7.0']), [{ introduced: '1.6.9', fixed: '1.6.14' }]);
  assert.deepEqual(affectedRangesFromSafe([]), [{}]); // nothing safe: every version
  assert.deepEqual(affectedRangesFromSafe(['< 5.1.2', '>= 5.1.2']), []); // everything safe
  assert.throws(() => affectedRangesFromSafe(['>= banana']), /gem requirement ">= banana": cannot read ">= banana"/);
});

test('rack CVE-2019-16782: "~> 1.6.12" and ">= 2.0.8" leave 1.6.12 and [1.7, 2.0.8) affected', async () => {
  const advisory = await convert('gems/rack/CVE-2019-16782.yml');
  assert.equal(advisory.id, 'CVE-2019-16782');
  assert.ok(advisory.aliases.every((a) => a.startsWith('GHSA-')));
  assert.deepEqual(advisory.affected, [
    { namespace: 'gem', package: 'rack', scheme: 'gem', status: 'fixed', ranges: [{ fixed: '1.6.12' }, { introduced: '1.7', fixed: '2.0.8' }], source: 'rubysec' },
  ]);
  assert.equal(advisory.published, '2019-12-18');
});

test('actiontext CVE-2024-47888: "~> 7.0.8, >= 7.0.8.5" pairs give one range per release line, "< 6.0.0" unaffected', async () => {
  const advisory = await convert('gems/actiontext/CVE-2024-47888.yml');
  assert.deepEqual(advisory.affected[0]?.ranges, [
    { introduced: '6.0.0', fixed: '6.1.7.9' },
    { introduced: '6.1.8', fixed: '7.0.8.5' }, // "~> 6.1.7.9" ends before 6.1.8
    { introduced: '7.1', fixed: '7.1.4.1' },
    { introduced: '7.2', fixed: '7.2.1.1' },
  ]);
  assert.ok(advisory.cvss.some((c) => c.source === 'rubysec' && c.score > 0));
});

test('unaffected_versions bound the affected range from below', async () => {
  const pagy = await convert('gems/pagy/CVE-2026-54659.yml');
  assert.deepEqual(pagy.affected[0]?.ranges, [{ introduced: '43.0.0', fixed: '43.5.6' }]);
  const ckeditor = await convert('gems/ckeditor/CVE-2021-32808.yml'); // "< 5.1.2" unaffected, ">= 5.1.2" patched
  assert.equal(ckeditor.affected[0]?.status, 'not-affected');
  assert.deepEqual(ckeditor.affected[0]?.ranges, []);
});

test('an interpreter advisory under rubies/ is kept out of the gem namespace', async () => {
  const ruby = await convert('rubies/ruby/CVE-2008-3443.yml');
  assert.equal(ruby.affected[0]?.namespace, 'ruby-engine');
  assert.equal(ruby.affected[0]?.package, 'ruby');
  assert.equal(ruby.affected[0]?.scheme, 'gem');
});

test('a record without gem or engine is refused naming the file', () => {
  assert.throws(() => convertRubysecRecord(parseRecord('title: x\n', 'gems/x/y.yml'), 'gems/x/y.yml'), /^Error: gems\/x\/y\.yml: rubysec advisory without gem or engine$/);
});

test('the rubysec importer is registered and claims its archive and checkout files', () => {
  assert.ok(IMPORTERS.includes(rubysecImporter));
  assert.ok(rubysecImporter.matches('native/rubysec/ruby-advisory-db.tar.gz'));
  assert.ok(rubysecImporter.matches('ruby-advisory-db/gems/rack/CVE-2019-16782.yml'));
  assert.ok(!rubysecImporter.matches('native/rubysec/MANIFEST.tsv'));
});
