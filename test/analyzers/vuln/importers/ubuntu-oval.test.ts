import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ubuntuOvalImporter } from '../../../../src/analyzers/vuln/importers/ubuntu-oval.js';
import type { Advisory, VulnSourceInfo } from '../../../../src/model/index.js';

const DIR = '/work/shared/vulndata/ubuntu';

async function importFile(file: string): Promise<{ advisories: Advisory[]; problems: string[]; info: VulnSourceInfo }> {
  const advisories: Advisory[] = [];
  const problems: string[] = [];
  const info = await ubuntuOvalImporter.run(file, { advisory: (a) => advisories.push(a), enrichment: () => assert.fail('no enrichment expected'), problem: (p) => problems.push(p) });
  return { advisories, problems, info };
}

test('ubuntu USN OVAL (real jammy file): a USN gives one record per CVE with its binary packages and fixed versions', async () => {
  const { advisories, problems, info } = await importFile(`${DIR}/com.ubuntu.jammy.usn.oval.xml.gz`);
  assert.deepEqual(problems, []);
  assert.equal(info.date, '2023-10-09T06:42:29.000Z');
  const sudo = advisories.filter((a) => a.aliases.includes('USN-6005-1'));
  assert.deepEqual(sudo.map((a) => a.id), ['CVE-2023-28486', 'CVE-2023-28487']);
  const first = sudo[0];
  assert.ok(first);
  assert.deepEqual(first.affected, [
    { namespace: 'ubuntu:22.04', package: 'sudo', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '1.9.9-1ubuntu2.4' }], advisory: 'USN-6005-1', source: 'ubuntu-oval', severity: 'medium' },
    { namespace: 'ubuntu:22.04', package: 'sudo-ldap', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '1.9.9-1ubuntu2.4' }], advisory: 'USN-6005-1', source: 'ubuntu-oval', severity: 'medium' },
  ]);
  assert.deepEqual(first.cvss, [{ source: 'ubuntu', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', score: 5.3 }]);
  // The CVE's own public date, not the notice's; the notice's prose stays with the notice.
  assert.equal(first.published, '2023-03-16');
  assert.equal(first.details, undefined);
  // The pam USN names only binaries (libpam0g, libpam-modules…): those are the keys.
  const pam = advisories.flatMap((a) => a.affected).filter((p) => p.package === 'libpam-modules');
  assert.ok(pam.length > 0);
  assert.ok(!advisories.flatMap((a) => a.affected).some((p) => p.package === 'pam'));
  assert.ok(advisories.every((a) => a.affected.every((p) => p.namespace === 'ubuntu:22.04' && p.status === 'fixed' && !p.ranges[0]?.fixed?.startsWith('0:'))));
  // Livepatch notices test the running kernel, not packages: no records.
  assert.ok(!advisories.some((a) => a.aliases.some((id) => id.startsWith('LSN-'))));
  // Per-CVE priority wins over the notice's severity (USN-5205-1 is Medium; CVE-2018-20552 is low),
  // and an Ubuntu Pro (ESM) fix is a fix.
  const tcpreplay = advisories.find((a) => a.id === 'CVE-2018-20552' && a.aliases.includes('USN-5205-1'));
  assert.deepEqual(tcpreplay?.affected, [{ namespace: 'ubuntu:22.04', package: 'tcpreplay', scheme: 'dpkg', status: 'fixed', ranges: [{ fixed: '4.3.4-1ubuntu0.1~esm1' }], advisory: 'USN-5205-1', source: 'ubuntu-oval', severity: 'low' }]);
  // Kernel notices test the running kernel's version, which a container does not have: no records.
  assert.ok(!advisories.some((a) => a.aliases.includes('USN-6004-1')));
});

test('ubuntu USN OVAL (real noble file): namespace 24.04', async () => {
  const { advisories, problems, info } = await importFile(`${DIR}/com.ubuntu.noble.usn.oval.xml.gz`);
  assert.deepEqual(problems, []);
  assert.ok(info.records > 200);
  assert.ok(advisories.every((a) => a.affected.every((p) => p.namespace === 'ubuntu:24.04')));
  // A notice with CVEs is recorded per CVE with the notice as alias; one without, under its own id.
  assert.ok(advisories.every((a) => (a.id.startsWith('CVE-') ? a.aliases.length === 1 && /^USN-\d+-\d+$/.test(a.aliases[0] ?? '') : /^USN-/.test(a.id) && a.aliases.length === 0)));
  const noCve = advisories.find((a) => a.id === 'USN-6663-3');
  assert.ok(noCve?.summary?.startsWith('USN-6663-3'));
  assert.ok(noCve?.affected.length);
  assert.ok(ubuntuOvalImporter.matches('ubuntu/com.ubuntu.noble.usn.oval.xml.gz'));
  assert.ok(ubuntuOvalImporter.matches('com.ubuntu.focal.usn.oval.xml.bz2'));
});
