import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { nvdImporter, nvdScorer } from '../../../../src/analyzers/vuln/importers/nvd.js';
import type { VulnEnrichment } from '../../../../src/model/index.js';

const DIR = '/work/shared/vulndata/cve/nvd-json-2.0';

async function importFile(file: string): Promise<{ enrichments: VulnEnrichment[]; problems: string[]; date?: string }> {
  const enrichments: VulnEnrichment[] = [];
  const problems: string[] = [];
  const info = await nvdImporter.run(file, { advisory: () => assert.fail('NVD gives no affected packages'), enrichment: (e) => enrichments.push(e), problem: (p) => problems.push(p) });
  return { enrichments, problems, ...(info.date ? { date: info.date } : {}) };
}

test('NVD (real CVE-2023-4911, Awaiting Analysis): only Red Hat\'s secondary score, no NVD score', async () => {
  const { enrichments, problems, date } = await importFile(`${DIR}/CVE-2023/CVE-2023-49xx/CVE-2023-4911.json`);
  assert.deepEqual(problems, []);
  assert.equal(date, '2023-10-03T23:55:59.983Z');
  assert.equal(enrichments.length, 1);
  const [glibc] = enrichments;
  assert.equal(glibc?.id, 'CVE-2023-4911');
  assert.deepEqual(glibc?.cvss, [{ source: 'redhat', version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', score: 7.8 }]);
  assert.equal(glibc?.published, '2023-10-03T18:15:10.463Z');
  assert.match(glibc?.description ?? '', /^A buffer overflow was discovered in the GNU C Library's dynamic loader/);
});

test('NVD (real CVE-2023-45853): NVD primary 9.8 and CISA-ADP secondary 8.8, English description', async () => {
  const { enrichments } = await importFile(`${DIR}/CVE-2023/CVE-2023-458xx/CVE-2023-45853.json`);
  assert.deepEqual(enrichments[0]?.cvss, [
    { source: 'nvd', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
    { source: 'cve:CISA-ADP', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', score: 8.8 },
  ]);
  assert.match(enrichments[0]?.description ?? '', /^MiniZip in zlib through 1\.3/);
});

test('NVD (real early records with "metrics": {}): no score at all', async () => {
  for (const file of ['CVE-2024/CVE-2024-07xx/CVE-2024-0727.json', 'CVE-2024/CVE-2024-29xx/CVE-2024-2961.json', 'CVE-2023/CVE-2023-423xx/CVE-2023-42363.json']) {
    const { enrichments, problems } = await importFile(`${DIR}/${file}`);
    assert.deepEqual(problems, []);
    assert.equal(enrichments.length, 1, file);
    assert.equal(enrichments[0]?.cvss, undefined, file);
    assert.ok(enrichments[0]?.description, file);
  }
});

test('NVD: an API response page (gzip) gives every record in it; a record without id is a problem', async () => {
  const records = await Promise.all(['CVE-2022/CVE-2022-481xx/CVE-2022-48174.json', 'CVE-2023/CVE-2023-423xx/CVE-2023-42366.json'].map(async (f) => JSON.parse(await readFile(`${DIR}/${f}`, 'utf8')) as unknown));
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-nvd-'));
  try {
    const file = path.join(dir, 'page-0.json.gz');
    await writeFile(file, gzipSync(JSON.stringify({ resultsPerPage: 3, format: 'NVD_CVE', version: '2.0', vulnerabilities: [...records.map((cve) => ({ cve })), { cve: { descriptions: [] } }] })));
    const { enrichments, problems } = await importFile(file);
    assert.deepEqual(enrichments.map((e) => e.id), ['CVE-2022-48174', 'CVE-2023-42366']);
    assert.equal(enrichments[0]?.cvss?.find((c) => c.source === 'nvd')?.score, 9.8);
    assert.equal(enrichments[1]?.cvss?.find((c) => c.source === 'nvd')?.score, 5.5);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /without an "id"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('NVD: scorer names and file names', () => {
  assert.equal(nvdScorer('nvd@nist.gov', 'Primary'), 'nvd');
  assert.equal(nvdScorer('secalert@redhat.com', 'Secondary'), 'redhat');
  assert.equal(nvdScorer('134c704f-9b21-4f2e-91b3-4a467353bcc0', 'Secondary'), 'cve:CISA-ADP');
  assert.equal(nvdScorer('psirt@example.com', 'Secondary'), 'nvd:psirt@example.com');
  assert.ok(nvdImporter.matches('cve/nvd-json-2.0/CVE-2023/CVE-2023-49xx/CVE-2023-4911.json'));
  assert.ok(!nvdImporter.matches('cve/cvelist-v5/cves/2024/0xxx/CVE-2024-0727.json'));
});
