import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redhatCsafImporter, rhelPlatform, rpmComponent } from '../../../../src/analyzers/vuln/importers/redhat-csaf.js';
import type { Advisory, AffectedPackage } from '../../../../src/model/index.js';

const FILE = '/work/shared/vulndata/redhat/csaf-vex-subset/2023/cve-2023-45853.json';

async function importFile(file: string): Promise<{ advisories: Advisory[]; problems: string[]; date?: string }> {
  const advisories: Advisory[] = [];
  const problems: string[] = [];
  const info = await redhatCsafImporter.run(file, { advisory: (a) => advisories.push(a), enrichment: () => assert.fail('no enrichment expected'), problem: (p) => problems.push(p) });
  return { advisories, problems, ...(info.date ? { date: info.date } : {}) };
}

const find = (affected: AffectedPackage[], namespace: string, pkg: string): AffectedPackage | undefined => affected.find((p) => p.namespace === namespace && p.package === pkg);

test('redhat CSAF VEX (real CVE-2023-45853): not-affected, out-of-support and the product tree', async () => {
  const { advisories, problems, date } = await importFile(FILE);
  assert.deepEqual(problems, []);
  assert.equal(date, '2026-09-17T12:12:51+00:00');
  assert.equal(advisories.length, 1);
  const [zlib] = advisories;
  assert.ok(zlib);
  assert.equal(zlib.id, 'CVE-2023-45853');
  assert.equal(zlib.source, 'redhat-csaf');
  assert.deepEqual(zlib.cvss, [{ source: 'redhat', version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:L', score: 5.3 }]);
  assert.match(zlib.details ?? '', /MiniZip component of the zlib package/);
  assert.equal(zlib.published, '2023-10-14T00:00:00+00:00');
  // RHEL 9 and 8 ship zlib without MiniZip: not affected (the 9.3 mainline verdict, not 9.2 EUS).
  assert.deepEqual(find(zlib.affected, 'rhel:9', 'zlib'), { namespace: 'rhel:9', package: 'zlib', scheme: 'rpm', status: 'not-affected', ranges: [], source: 'redhat-csaf', severity: 'medium' });
  assert.equal(find(zlib.affected, 'rhel:8', 'zlib-devel')?.status, 'not-affected');
  // minizip-compat is listed only for 9.2 EUS: that stream's verdict is all there is.
  assert.equal(find(zlib.affected, 'rhel:9', 'minizip-compat')?.status, 'not-affected');
  // RHEL 6 and 7 (ELS): known_affected with no_fix_planned "Out of support scope" → end-of-life.
  for (const ns of ['rhel:6', 'rhel:7']) {
    assert.equal(find(zlib.affected, ns, 'zlib')?.status, 'end-of-life', ns);
    assert.equal(find(zlib.affected, ns, 'minizip')?.status, 'end-of-life', ns);
    assert.equal(find(zlib.affected, ns, 'zlib-devel')?.status, 'not-affected', ns);
  }
  // Source RPMs and container images are not RHEL binary packages.
  assert.ok(zlib.affected.every((p) => /^rhel:[6-9]$/.test(p.namespace) && p.scheme === 'rpm' && p.package !== 'zlib.src'));
  assert.ok(!zlib.affected.some((p) => p.package.includes('rhel8')));
  // One record per namespace and package.
  const keys = zlib.affected.map((p) => `${p.namespace} ${p.package}`);
  assert.equal(new Set(keys).size, keys.length);
});

test('redhat CSAF VEX: other remediations and fixed products (the real document, remediation and status edited)', async () => {
  const document = JSON.parse(await readFile(FILE, 'utf8')) as { vulnerabilities: { remediations: { category: string; details: string; product_ids: string[]; url?: string }[]; product_status: Record<string, string[]> }[]; product_tree: { branches: { branches: { branches: { product: unknown }[] }[] }[] } };
  const vulnerability = document.vulnerabilities[0];
  assert.ok(vulnerability);
  vulnerability.remediations = [
    { category: 'no_fix_planned', details: 'Will not fix', product_ids: ['rhel-7-els.els:zlib/zlib'] },
    { category: 'none_available', details: 'Affected', product_ids: ['rhel-6-els.els:zlib/zlib'] },
    { category: 'none_available', details: 'Deferred', product_ids: ['rhel-6-els.els:zlib/minizip'] },
    { category: 'vendor_fix', details: 'For details on how to apply this update…', product_ids: ['rhel-9.3.0.z:zlib-fixed'], url: 'https://access.redhat.com/errata/RHSA-2024:1234' },
  ];
  // A fixed binary, as Red Hat's VEX writes one: a versioned purl with epoch and arch qualifiers.
  const branches = document.product_tree.branches[0]?.branches ?? [];
  branches.push({ branches: [{ product: { name: 'zlib-0:1.2.11-40.el9.x86_64', product_id: 'zlib-fixed-x86_64', product_identification_helper: { purl: 'pkg:rpm/redhat/zlib@1.2.11-40.el9?arch=x86_64&epoch=1' } } }] });
  (document.product_tree as unknown as { relationships: unknown[] }).relationships.push({
    category: 'default_component_of',
    full_product_name: { name: 'zlib fixed', product_id: 'rhel-9.3.0.z:zlib-fixed' },
    product_reference: 'zlib-fixed-x86_64',
    relates_to_product_reference: 'rhel-9.3.0.z',
  });
  vulnerability.product_status.known_not_affected = vulnerability.product_status.known_not_affected?.filter((id) => !id.startsWith('rhel-9')) ?? [];
  vulnerability.product_status.fixed = ['rhel-9.3.0.z:zlib-fixed'];
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-csaf-'));
  try {
    const file = path.join(dir, 'cve-2023-45853.json');
    await writeFile(file, JSON.stringify(document));
    const { advisories } = await importFile(file);
    const affected = advisories[0]?.affected ?? [];
    assert.equal(find(affected, 'rhel:7', 'zlib')?.status, 'will-not-fix');
    assert.equal(find(affected, 'rhel:6', 'zlib')?.status, 'affected');
    assert.equal(find(affected, 'rhel:6', 'minizip')?.status, 'fix-deferred');
    assert.deepEqual(find(affected, 'rhel:9', 'zlib'), { namespace: 'rhel:9', package: 'zlib', scheme: 'rpm', status: 'fixed', ranges: [{ fixed: '1:1.2.11-40.el9' }], source: 'redhat-csaf', advisory: 'RHSA-2024:1234', arches: ['x86_64'] });
    assert.deepEqual(advisories[0]?.aliases, ['RHSA-2024:1234']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('redhat CSAF VEX: CPEs, purls, file names, a document that is not CSAF', async () => {
  assert.deepEqual(rhelPlatform('cpe:/a:redhat:enterprise_linux:9::appstream'), { namespace: 'rhel:9', rank: 0 });
  assert.deepEqual(rhelPlatform('cpe:/a:redhat:rhel_eus:9.2'), { namespace: 'rhel:9', rank: 2 });
  assert.deepEqual(rhelPlatform('cpe:/o:redhat:rhel_els:6'), { namespace: 'rhel:6', rank: 1 });
  assert.equal(rhelPlatform('cpe:/a:redhat:openshift_gitops:1'), undefined);
  assert.deepEqual(rpmComponent('pkg:rpm/redhat/minizip?upstream=zlib'), { name: 'minizip' });
  assert.deepEqual(rpmComponent('pkg:rpm/redhat/zlib@1.2.11-40.el9?arch=x86_64&epoch=0'), { name: 'zlib', version: '1.2.11-40.el9', arch: 'x86_64' });
  assert.equal(rpmComponent('pkg:oci/argocd-rhel8?repository_url=registry.redhat.io/openshift-gitops-1/argocd-rhel8'), undefined);
  assert.ok(redhatCsafImporter.matches('redhat/csaf-vex-subset/2023/cve-2023-45853.json'));
  assert.ok(!redhatCsafImporter.matches('osv/ghsa-subset/advisories/GHSA-x.json'));
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-csaf-'));
  try {
    const file = path.join(dir, 'cve-2020-0001.json');
    await writeFile(file, '{"id": "CVE-2020-0001"}');
    await assert.rejects(importFile(file), new RegExp(`${file.replace(/[.]/g, '\\.')}: not a CSAF document`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
