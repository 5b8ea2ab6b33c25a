import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kevImporter } from '../../../../src/analyzers/vuln/importers/kev.js';
import type { VulnEnrichment } from '../../../../src/model/index.js';

test('KEV (real catalogue 2025.08.25): every entry; CVE-2023-4911 with its dates', async () => {
  const enrichments: VulnEnrichment[] = [];
  const problems: string[] = [];
  const info = await kevImporter.run('/work/shared/vulndata/kev/known_exploited_vulnerabilities.json', { advisory: () => assert.fail('KEV gives no affected packages'), enrichment: (e) => enrichments.push(e), problem: (p) => problems.push(p) });
  assert.deepEqual(problems, []);
  assert.equal(info.records, 1404);
  assert.equal(info.date, '2025-08-25T17:04:19.9796Z');
  assert.deepEqual(
    enrichments.find((e) => e.id === 'CVE-2023-4911'),
    { id: 'CVE-2023-4911', kev: { dateAdded: '2023-11-21', dueDate: '2023-12-12', ransomware: false } },
  );
  assert.ok(enrichments.some((e) => e.kev?.ransomware === true));
  assert.ok(enrichments.every((e) => /^CVE-\d{4}-\d+$/.test(e.id) && /^\d{4}-\d\d-\d\d$/.test(e.kev?.dateAdded ?? '')));
  assert.ok(kevImporter.matches('kev/known_exploited_vulnerabilities.json'));
  assert.ok(!kevImporter.matches('kev/known_exploited_vulnerabilities_schema.json'));
});
