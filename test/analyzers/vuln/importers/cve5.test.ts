import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cve5Importer } from '../../../../src/analyzers/vuln/importers/cve5.js';
import type { VulnEnrichment } from '../../../../src/model/index.js';

const DIR = '/work/shared/vulndata/cve/cvelist-v5/cves';

async function importFile(file: string): Promise<{ enrichments: VulnEnrichment[]; problems: string[]; records: number }> {
  const enrichments: VulnEnrichment[] = [];
  const problems: string[] = [];
  const info = await cve5Importer.run(file, { advisory: () => assert.fail('CVE records give no affected packages'), enrichment: (e) => enrichments.push(e), problem: (p) => problems.push(p) });
  return { enrichments, problems, records: info.records };
}

test('CVE 5 (real CVE-2024-0727): the CISA-ADP score NVD lacks; the CNA\'s "Low" text is not a score', async () => {
  const { enrichments, problems } = await importFile(`${DIR}/2024/0xxx/CVE-2024-0727.json`);
  assert.deepEqual(problems, []);
  assert.equal(enrichments.length, 1);
  const [openssl] = enrichments;
  assert.equal(openssl?.id, 'CVE-2024-0727');
  assert.deepEqual(openssl?.cvss, [{ source: 'cve:CISA-ADP', version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', score: 5.5 }]);
  assert.equal(openssl?.published, '2024-01-26T08:57:19.579Z');
  assert.match(openssl?.description ?? '', /^Issue summary: Processing a maliciously formatted PKCS12 file/);
});

test('CVE 5 (real CVE-2022-48174): SSVC only, no score; MITRE\'s description', async () => {
  const { enrichments } = await importFile(`${DIR}/2022/48xxx/CVE-2022-48174.json`);
  assert.equal(enrichments[0]?.cvss, undefined);
  assert.match(enrichments[0]?.description ?? '', /stack overflow vulnerability in ash\.c:6030/);
  assert.equal(enrichments[0]?.published, '2023-08-22T00:00:00Z');
});

test('CVE 5: a rejected record is skipped quietly; a non-record is a problem', async () => {
  const record = JSON.parse(await readFile(`${DIR}/2022/48xxx/CVE-2022-48174.json`, 'utf8')) as { cveMetadata: { state: string } };
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-cve5-'));
  try {
    record.cveMetadata.state = 'REJECTED';
    const rejected = path.join(dir, 'CVE-2022-48174.json');
    await writeFile(rejected, JSON.stringify(record));
    const quiet = await importFile(rejected);
    assert.deepEqual([quiet.enrichments, quiet.problems, quiet.records], [[], [], 0]);
    const other = path.join(dir, 'CVE-2022-0001.json');
    await writeFile(other, '{"id": "CVE-2022-0001"}');
    const loud = await importFile(other);
    assert.equal(loud.problems.length, 1);
    assert.match(loud.problems[0] ?? '', /not a CVE JSON 5 record/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.ok(cve5Importer.matches('cve/cvelist-v5/cves/2024/0xxx/CVE-2024-0727.json'));
  assert.ok(!cve5Importer.matches('cve/nvd-json-2.0/CVE-2024/CVE-2024-07xx/CVE-2024-0727.json'));
});
