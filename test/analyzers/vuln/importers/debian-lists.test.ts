import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debianDlaImporter, debianDsaImporter } from '../../../../src/analyzers/vuln/importers/debian-lists.js';
import type { Importer } from '../../../../src/analyzers/vuln/importers/importer.js';
import type { Advisory } from '../../../../src/model/index.js';

const DIR = '/work/shared/vulndata/debian';

async function importFile(importer: Importer, file: string): Promise<{ advisories: Advisory[]; problems: string[]; records: number; date?: string }> {
  const advisories: Advisory[] = [];
  const problems: string[] = [];
  const info = await importer.run(file, { advisory: (a) => advisories.push(a), enrichment: () => assert.fail('no enrichment expected'), problem: (p) => problems.push(p) });
  return { advisories, problems, records: info.records, ...(info.date ? { date: info.date } : {}) };
}

test('DSA list (real data/DSA/list, gzip): an advisory becomes a fixed record per CVE and release', async () => {
  const { advisories, problems, records, date } = await importFile(debianDsaImporter, `${DIR}/security-tracker-lists/DSA-list.gz`);
  assert.deepEqual(problems, []);
  assert.equal(records, advisories.length);
  assert.equal(date, '2023-03-29');
  const xorg = advisories.filter((a) => a.aliases.includes('DSA-5380-1'));
  assert.deepEqual(
    xorg.map((a) => ({ ...a })),
    [
      {
        id: 'CVE-2023-1393',
        aliases: ['DSA-5380-1'],
        cvss: [],
        references: ['https://security-tracker.debian.org/tracker/DSA-5380-1'],
        affected: [{ namespace: 'debian:11', package: 'xorg-server', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '2:1.20.11-1+deb11u6' }], advisory: 'DSA-5380-1', source: 'debian-dsa' }],
        source: 'debian-dsa',
      },
    ],
  );
  // Five CVEs, five records sharing the advisory's packages.
  assert.deepEqual(
    advisories.filter((a) => a.aliases.includes('DSA-5378-1')).map((a) => a.id),
    ['CVE-2022-23824', 'CVE-2022-42331', 'CVE-2022-42332', 'CVE-2022-42333', 'CVE-2022-42334'],
  );
  // Markers in place of a version.
  const markers = advisories.flatMap((a) => a.affected).filter((p) => p.status !== 'fixed');
  assert.ok(markers.some((p) => p.status === 'not-affected' && p.package === 'vlc' && p.namespace === 'debian:5' && p.ranges.length === 0));
  assert.ok(markers.some((p) => p.status === 'end-of-life' && p.package === 'virtualbox' && p.namespace === 'debian:8'));
  assert.ok(markers.every((p) => p.ranges.length === 0));
  // NOTE lines are not package lines.
  assert.ok(!advisories.flatMap((a) => a.affected).some((p) => p.package === 'clamav' && p.namespace === 'debian:4' && p.status === 'end-of-life'));
});

test('DLA list (real data/DLA/list, gzip)', async () => {
  const { advisories, problems, date } = await importFile(debianDlaImporter, `${DIR}/security-tracker-lists/DLA-list.gz`);
  assert.deepEqual(problems, []);
  assert.equal(date, '2023-04-01');
  const systemd = advisories.find((a) => a.aliases.includes('DLA-3377-1'));
  assert.equal(systemd?.id, 'CVE-2023-26604');
  assert.deepEqual(systemd?.affected, [{ namespace: 'debian:10', package: 'systemd', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '241-7~deb10u9' }], advisory: 'DLA-3377-1', source: 'debian-dla' }]);
});

test('DSA list excerpt (tracker sample): old and new releases, advisories without CVEs or packages', async () => {
  const { advisories, problems } = await importFile(debianDsaImporter, `${DIR}/tracker-sample/DSA`);
  assert.deepEqual(problems, []);
  const sope = advisories.find((a) => a.id === 'CVE-2025-53603');
  assert.deepEqual(sope?.affected, [{ namespace: 'debian:12', package: 'sope', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '5.8.0-1+deb12u1' }], advisory: 'DSA-5970-1', source: 'debian-dsa' }]);
  // DSA-140: two packages of one advisory, two CVEs.
  const libpng = advisories.filter((a) => a.aliases.includes('DSA-140'));
  assert.deepEqual(libpng.map((a) => a.id), ['CVE-2002-0660', 'CVE-2002-0728']);
  assert.deepEqual(libpng[0]?.affected.map((p) => `${p.namespace} ${p.package} ${p.ranges[0]?.fixed}`), ['debian:3.0 libpng 1.0.12-3.woody.2', 'debian:3.0 libpng3 1.2.1-1.1.woody.2']);
  // A regression update names no CVE: it is recorded under its own id, with its date and title.
  const openjpeg = advisories.find((a) => a.id === 'DSA-2808-2');
  assert.equal(openjpeg?.published, '2014-04-22');
  assert.equal(openjpeg?.summary, 'openjpeg - regression update');
  assert.deepEqual(openjpeg?.affected.map((p) => p.namespace), ['debian:6', 'debian:7']);
  // Announcements with no package line (key change, end of life) give nothing.
  assert.ok(!advisories.some((a) => a.id === 'DSA-3281-1' || a.id === 'DSA-4205-1' || a.id === 'DSA-2819-1'));
});

test('DSA/DLA lists: file names', () => {
  assert.ok(debianDsaImporter.matches('debian/security-tracker-lists/DSA-list.gz'));
  assert.ok(debianDsaImporter.matches('security-tracker/data/DSA/list'));
  assert.ok(debianDsaImporter.matches('debian/tracker-sample/DSA'));
  assert.ok(!debianDsaImporter.matches('debian/security-tracker-lists/DLA-list.gz'));
  assert.ok(debianDlaImporter.matches('debian/security-tracker-lists/DLA-list.gz'));
});
