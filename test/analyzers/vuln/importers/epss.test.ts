import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { epssImporter } from '../../../../src/analyzers/vuln/importers/epss.js';
import type { VulnEnrichment } from '../../../../src/model/index.js';

const FILE = '/work/shared/vulndata/epss/epss_scores-current.head.csv';

async function importFile(file: string): Promise<{ enrichments: VulnEnrichment[]; problems: string[]; records: number; date?: string }> {
  const enrichments: VulnEnrichment[] = [];
  const problems: string[] = [];
  const info = await epssImporter.run(file, { advisory: () => assert.fail('EPSS gives no affected packages'), enrichment: (e) => enrichments.push(e), problem: (p) => problems.push(p) });
  return { enrichments, problems, records: info.records, ...(info.date ? { date: info.date } : {}) };
}

test('EPSS (real file head): the comment line dates every score', async () => {
  const { enrichments, problems, records, date } = await importFile(FILE);
  assert.deepEqual(problems, []);
  assert.equal(records, 30);
  assert.equal(date, '2026-09-29T12:00:22Z');
  assert.deepEqual(enrichments[0], { id: 'CVE-1999-0001', epss: { score: 0.03351, percentile: 0.88255, date: '2026-09-29T12:00:22Z' } });
  assert.ok(!enrichments.some((e) => e.id === 'CVE-1999-0020'));
});

test('EPSS: the published .csv.gz form, a bad row, a missing header', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-epss-'));
  try {
    const text = await readFile(FILE, 'utf8');
    const gz = path.join(dir, 'epss_scores-2026-09-29.csv.gz');
    await writeFile(gz, gzipSync(`${text}CVE-1999-9999,oops,0.5\n`));
    const { enrichments, problems } = await importFile(gz);
    assert.equal(enrichments.length, 30);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^line 33: not a cve,epss,percentile row/);
    const headless = path.join(dir, 'epss.csv');
    await writeFile(headless, 'CVE-1999-0001,0.1,0.2\n');
    await assert.rejects(importFile(headless), /expected the header cve,epss,percentile/);
    const undated = path.join(dir, 'epss_scores.csv');
    await writeFile(undated, 'cve,epss,percentile\nCVE-1999-0001,0.1,0.2\n');
    await assert.rejects(importFile(undated), /no "#model_version/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.ok(epssImporter.matches('epss/epss_scores-current.head.csv'));
});
