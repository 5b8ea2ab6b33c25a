import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Advisory, Package } from '../../../src/model/index.js';
import { MemoryVulnLookup } from '../../../src/analyzers/vuln/memory-lookup.js';
import { matchVulnerabilities } from '../../../src/analyzers/vuln/matcher.js';
import { vulnFindings } from '../../../src/analyzers/vuln/findings.js';

// CPU time, not wall time: the figure must not depend on what else the machine runs.
test('10,000 packages against 20,000 records match by index in under 2 s of CPU', () => {
  const advisories: Advisory[] = [];
  for (let i = 0; i < 10_000; i++) {
    for (const fixed of ['1.0.5', '2.0.1']) {
      advisories.push({
        id: `GHSA-test-${i}-${fixed}`,
        aliases: [`CVE-2099-${i}${fixed.replace(/\./g, '')}`],
        cvss: [{ source: 'nvd', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }],
        references: [],
        source: 'ghsa',
        affected: [{ namespace: 'npm', package: `pkg-${i}`, scheme: 'npm', status: 'fixed', ranges: [{ introduced: fixed.startsWith('1') ? '0' : '2.0.0', fixed }], source: 'ghsa' }],
      });
    }
  }
  const lookup = new MemoryVulnLookup(advisories);
  const packages: Package[] = Array.from({ length: 10_000 }, (_, i) => ({ name: `pkg-${i}`, version: i % 2 ? '1.0.0' : '3.0.0', type: 'npm', purl: `pkg:npm/pkg-${i}@${i % 2 ? '1.0.0' : '3.0.0'}`, licenses: [], path: `/app/node_modules/pkg-${i}/package.json` }));
  const start = process.cpuUsage();
  const { matches } = matchVulnerabilities({ packages }, lookup);
  const findings = vulnFindings(matches, { type: 'image', ref: 'image://sha256:x', name: 'x' });
  const used = process.cpuUsage(start);
  const elapsed = (used.user + used.system) / 1000;
  assert.equal(findings.length, 5_000);
  assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
});
