import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryVulnLookup } from '../../../src/analyzers/vuln/memory-lookup.js';
import { kevEnrichment, nvdEnrichment, pypaAdvisory, ghsaAdvisory } from './real-records.js';

test('records by namespace and package; vulnerabilities by id or alias, merged across sources; enrichment by alias', () => {
  const lookup = new MemoryVulnLookup(
    [ghsaAdvisory('2023/05/GHSA-j8r2-6x86-q33q/GHSA-j8r2-6x86-q33q.json', 'pypi', 'pep440'), pypaAdvisory('vulns/requests/PYSEC-2023-74.yaml')],
    [{ id: 'CVE-2023-32681', epss: { score: 0.1, percentile: 0.5, date: '2025-01-01' } }],
  );
  assert.deepEqual(lookup.affected('pypi', 'requests').map((r) => r.vulnId).sort(), ['GHSA-j8r2-6x86-q33q', 'PYSEC-2023-74']);
  assert.deepEqual(lookup.affected('npm', 'requests'), []);
  assert.deepEqual(lookup.namespaces(), ['pypi']);
  assert.equal(lookup.vulnerability('CVE-2023-32681')?.id, 'GHSA-j8r2-6x86-q33q');
  assert.equal(lookup.vulnerability('GHSA-j8r2-6x86-q33q')?.epss?.score, 0.1);
  assert.equal(lookup.vulnerability('GHSA-j8r2-6x86-q33q')?.cvss[0]?.score, 6.1);
  assert.deepEqual(lookup.meta().sources.map((s) => [s.name, s.records]).sort(), [['ghsa', 1], ['osv:PyPI', 1]]);
});

test('KEV and NVD enrichments attach to the CVE record', () => {
  const lookup = new MemoryVulnLookup([], [kevEnrichment('CVE-2023-4911'), nvdEnrichment('CVE-2023-4911')]);
  const v = lookup.vulnerability('CVE-2023-4911');
  assert.equal(v?.kev?.dateAdded, '2023-11-21');
  assert.ok((v?.cvss.length ?? 0) > 0);
});
