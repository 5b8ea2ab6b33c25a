import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { alpineSecdbImporter } from '../../../../src/analyzers/vuln/importers/alpine-secdb.js';
import { friendsOfPhpImporter } from '../../../../src/analyzers/vuln/importers/friendsofphp.js';
import { IMPORTERS } from '../../../../src/analyzers/vuln/importers/index.js';
import { osvImporter } from '../../../../src/analyzers/vuln/importers/osv.js';
import { rubysecImporter } from '../../../../src/analyzers/vuln/importers/rubysec.js';
import type { Advisory } from '../../../../src/model/index.js';
import { VULNDATA } from './osv-test-sink.js';

const MINE = [osvImporter, rubysecImporter, friendsOfPhpImporter, alpineSecdbImporter];

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat().sort();
}

test('the whole vulndata folder: each archive yields the README record counts, with no problems', async () => {
  const records = new Map<string, number>();
  const withdrawn = new Map<string, number>();
  const problems: string[] = [];
  const claimed: string[] = [];
  for (const file of await walk(VULNDATA)) {
    const relative = path.relative(VULNDATA, file).split(path.sep).join('/');
    const importer = IMPORTERS.find((i) => i.matches(relative));
    if (!importer || !MINE.includes(importer)) continue;
    claimed.push(relative);
    let gone = 0;
    const info = await importer.run(file, {
      advisory: (a: Advisory) => void (a.withdrawn && gone++),
      enrichment: () => undefined,
      problem: (m) => problems.push(m),
    });
    records.set(relative, info.records);
    withdrawn.set(relative, gone);
  }
  assert.deepEqual(problems, []);
  assert.equal(records.get('osv/go/all.zip'), 4291);
  assert.equal(withdrawn.get('osv/go/all.zip'), 17);
  assert.equal(records.get('osv/pypi-pypa/vulns.tar.gz'), 2661);
  assert.equal(withdrawn.get('osv/pypi-pypa/vulns.tar.gz'), 10);
  assert.equal(records.get('osv/crates.io/all.zip'), 1206);
  assert.equal(withdrawn.get('osv/crates.io/all.zip'), 13);
  assert.equal(records.get('osv/almalinux9/all.zip'), 1780);
  assert.equal(records.get('native/rubysec/ruby-advisory-db.tar.gz'), 1381);
  assert.equal(records.get('native/friendsofphp/security-advisories.tar.gz'), 1592);
  assert.equal(claimed.filter((f) => f.startsWith('osv/ghsa-subset/')).length, 13);
  assert.equal(claimed.filter((f) => f.startsWith('ubuntu/osv-usn-subset/')).length, 2);
  const secdb = claimed.filter((f) => f.startsWith('alpine-secdb/'));
  assert.equal(secdb.length, 14);
  assert.ok(secdb.every((f) => (records.get(f) ?? 0) > 0), 'every secdb file yields advisories');
  // Nothing outside the OSV, native and secdb folders is claimed by these importers.
  assert.deepEqual(claimed.filter((f) => !/^(osv|native|alpine-secdb|ubuntu\/osv-usn-subset)\//.test(f)), []);
});
