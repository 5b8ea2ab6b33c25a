import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redhatCvss, redhatOvalImporter } from '../../../../src/analyzers/vuln/importers/redhat-oval.js';
import type { Advisory, VulnSourceInfo } from '../../../../src/model/index.js';

const FILE = '/work/shared/vulndata/redhat/com.redhat.rhsa-RHEL9.xml.gz';

async function importFile(): Promise<{ advisories: Advisory[]; problems: string[]; info: VulnSourceInfo }> {
  const advisories: Advisory[] = [];
  const problems: string[] = [];
  const info = await redhatOvalImporter.run(FILE, { advisory: (a) => advisories.push(a), enrichment: () => assert.fail('no enrichment expected'), problem: (p) => problems.push(p) });
  return { advisories, problems, info };
}

test('redhat OVAL (real RHEL 9 file): an RHSA gives CVE records with binary RPMs, epoch-bearing EVRs and arches', async () => {
  const { advisories, problems, info } = await importFile();
  assert.deepEqual(problems, []);
  assert.equal(info.date, '2023-04-05T15:46:46.000Z');
  const java = advisories.filter((a) => a.aliases.includes('RHSA-2022:1728'));
  assert.deepEqual(java.map((a) => a.id).sort(), ['CVE-2022-21426', 'CVE-2022-21434', 'CVE-2022-21443', 'CVE-2022-21476', 'CVE-2022-21496']);
  const first = java.find((a) => a.id === 'CVE-2022-21426');
  assert.ok(first);
  const runtime = first.affected.find((p) => p.package === 'java-11-openjdk');
  assert.deepEqual(runtime, {
    namespace: 'rhel:9',
    package: 'java-11-openjdk',
    scheme: 'rpm',
    status: 'fixed',
    ranges: [{ fixed: '1:11.0.15.0.10-1.el9_0' }],
    advisory: 'RHSA-2022:1728',
    source: 'redhat-oval',
    severity: 'medium',
    arches: ['aarch64', 'ppc64le', 's390x', 'x86_64'],
  });
  // Every binary of the erratum, never the signing-key or release checks.
  assert.ok(first.affected.length > 10);
  assert.ok(first.affected.every((p) => p.ranges[0]?.fixed?.startsWith('1:11.0.15.0.10-1.el9_0')));
  assert.ok(!advisories.flatMap((a) => a.affected).some((p) => p.package === 'redhat-release'));
  // The CVE's own impact (moderate) and score; the Bugzilla title and the CVE's public date.
  assert.deepEqual(first.cvss, [{ source: 'redhat', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', score: 5.3 }]);
  assert.match(first.summary ?? '', /^OpenJDK: /);
  assert.equal(first.published, '2022-04-19');
  assert.deepEqual(first.references, ['https://access.redhat.com/errata/RHSA-2022:1728', 'https://access.redhat.com/security/cve/CVE-2022-21426']);
  // Erratum severity Important where the CVE carries no impact of its own is high.
  assert.ok(advisories.every((a) => a.affected.every((p) => p.namespace === 'rhel:9' && p.scheme === 'rpm' && p.advisory?.match(/^RH[SBE]A-\d{4}:\d+$/))));
});

test('redhat OVAL: a bug-fix erratum that names a CVE is recorded under the CVE too', async () => {
  const { advisories } = await importFile();
  const dotnet = advisories.find((a) => a.id === 'CVE-2022-1650');
  assert.deepEqual(dotnet?.aliases, ['RHBA-2022:5749']);
  assert.deepEqual(dotnet?.affected.find((p) => p.package === 'dotnet-sdk-6.0')?.ranges, [{ fixed: '0:6.0.107-1.el9_0' }]);
  assert.deepEqual(dotnet?.cvss, [{ source: 'redhat', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N', score: 9.3 }]);
});

test('redhat OVAL: cvss attributes and file names', () => {
  assert.deepEqual(redhatCvss('7.8/CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H'), { source: 'redhat', version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', score: 7.8 });
  assert.deepEqual(redhatCvss('5.0/AV:N/AC:L/Au:N/C:N/I:N/A:P', true), { source: 'redhat', version: '2.0', vector: 'AV:N/AC:L/Au:N/C:N/I:N/A:P', score: 5 });
  assert.equal(redhatCvss('CVSS:3.1/AV:L'), undefined);
  assert.ok(redhatOvalImporter.matches('redhat/com.redhat.rhsa-RHEL9.xml.gz'));
  assert.ok(redhatOvalImporter.matches('rhel-9.oval.xml.bz2'));
  assert.ok(!redhatOvalImporter.matches('redhat/csaf-vex-subset/2023/cve-2023-45853.json'));
});
