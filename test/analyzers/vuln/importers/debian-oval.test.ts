import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { debianOvalImporter, stripZeroEpoch } from '../../../../src/analyzers/vuln/importers/debian-oval.js';
import type { Advisory, AffectedPackage, VulnSourceInfo } from '../../../../src/model/index.js';

const DIR = '/work/shared/vulndata/debian';

interface Imported {
  advisories: Advisory[];
  problems: string[];
  info: VulnSourceInfo;
}

const imported = new Map<string, Imported>();
let elapsedMs = 0;
let cpuMs = 0;

before(async () => {
  // Both real files (about 26k definitions each, 50 MB of XML each once unpacked), read as the build does.
  const started = Date.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    ['bookworm', 'bullseye'].map(async (release) => {
      const advisories: Advisory[] = [];
      const problems: string[] = [];
      const info = await debianOvalImporter.run(`${DIR}/oval-definitions-${release}.xml.bz2`, { advisory: (a) => advisories.push(a), enrichment: () => assert.fail('no enrichment expected'), problem: (p) => problems.push(p) });
      imported.set(release, { advisories, problems, info });
    }),
  );
  elapsedMs = Date.now() - started;
  const used = process.cpuUsage(cpu);
  cpuMs = Math.round((used.user + used.system) / 1000);
});

function affected(release: string, id: string, pkg: string): AffectedPackage {
  const found = imported
    .get(release)
    ?.advisories.filter((a) => a.id === id)
    .flatMap((a) => a.affected)
    .find((p) => p.package === pkg);
  assert.ok(found, `${id} ${pkg} in ${release}`);
  return found;
}

test('debian OVAL (real bookworm and bullseye files): every vulnerability definition becomes a record', () => {
  const bookworm = imported.get('bookworm');
  const bullseye = imported.get('bullseye');
  assert.ok(bookworm && bullseye);
  // 25,906 of bookworm's 25,932 definitions are per-CVE; the 26 others are DSAs whose CVEs those cover.
  assert.equal(bookworm.info.records, 25906);
  assert.deepEqual(bookworm.problems, []);
  assert.equal(bookworm.info.date, '2023-07-14T07:39:10.188Z');
  assert.ok(bookworm.advisories.every((a) => a.affected.every((p) => p.namespace === 'debian:12' && p.scheme === 'dpkg' && p.source === 'debian-oval')));
  assert.ok(bullseye.advisories.every((a) => a.affected.every((p) => p.namespace === 'debian:11')));
  // bullseye has three definitions whose dpkginfo object has an empty <name/>: reported, not fatal.
  assert.equal(bullseye.problems.length, 3);
  assert.match(bullseye.problems[0] ?? '', /object oval:org\.debian\.oval:obj:2577 has no package name/);
  // Wall time depends on the machine's load; the parse's own CPU time (bzip2 runs beside it in its own process) does not.
  console.log(`# imported both Debian OVAL files in ${elapsedMs} ms wall, ${cpuMs} ms CPU in this process`);
});

test('debian OVAL: fixed versions of known CVEs, by source package, without the 0: epoch', () => {
  // Baron Samedit, fixed in sudo 1.9.5p1-1.1 before either release.
  assert.deepEqual({ ...affected('bookworm', 'CVE-2021-3156', 'sudo') }, { namespace: 'debian:12', package: 'sudo', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '1.9.5p1-1.1' }], source: 'debian-oval' });
  assert.deepEqual(affected('bullseye', 'CVE-2021-3156', 'sudo').ranges, [{ fixed: '1.9.5p1-1.1' }]);
  assert.deepEqual(affected('bookworm', 'CVE-2023-0464', 'openssl').ranges, [{ fixed: '3.0.9-1' }]);
  // A real epoch stays.
  assert.deepEqual(affected('bookworm', 'CVE-2001-1534', 'apache2').ranges, []);
  assert.equal(stripZeroEpoch('1:3.9p1-1'), '1:3.9p1-1');
  assert.equal(stripZeroEpoch('0:2.2-1'), '2.2-1');
});

test('debian OVAL: "earlier than 0:0" is an open flaw with no fix', () => {
  const tar = affected('bookworm', 'CVE-2005-2541', 'tar');
  assert.equal(tar.status, 'affected');
  assert.deepEqual(tar.ranges, []);
  const open = imported.get('bookworm')?.advisories.flatMap((a) => a.affected).filter((p) => p.status === 'affected').length;
  assert.equal(open, 1533);
});

test('debian OVAL: the DSA definitions name the advisory that fixed a CVE in that release', () => {
  const bookworm = affected('bookworm', 'CVE-2023-3079', 'chromium');
  assert.deepEqual(bookworm.ranges, [{ fixed: '114.0.5735.106-1~deb12u1' }]);
  assert.equal(bookworm.advisory, 'DSA-5420-1');
  assert.deepEqual(imported.get('bookworm')?.advisories.find((a) => a.id === 'CVE-2023-3079')?.aliases, ['DSA-5420-1']);
  assert.deepEqual(affected('bullseye', 'CVE-2023-3079', 'chromium').ranges, [{ fixed: '114.0.5735.106-1~deb11u1' }]);
  // The DSA definition's "security update" text is not taken for the CVE's description.
  assert.equal(imported.get('bookworm')?.advisories.find((a) => a.id === 'CVE-2023-3079')?.details, undefined);
  assert.match(imported.get('bookworm')?.advisories.find((a) => a.id === 'CVE-2021-3156')?.details ?? '', /Sudo before 1\.9\.5p2/);
});

test('debian OVAL: file names', () => {
  assert.ok(debianOvalImporter.matches('debian/oval-definitions-bookworm.xml.bz2'));
  assert.ok(debianOvalImporter.matches('oval-definitions-trixie.xml'));
  assert.ok(!debianOvalImporter.matches('ubuntu/com.ubuntu.jammy.usn.oval.xml.gz'));
});
