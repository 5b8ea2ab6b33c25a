import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Advisory, Package } from '../../../src/model/index.js';
import { MemoryVulnLookup } from '../../../src/analyzers/vuln/memory-lookup.js';
import { matchVulnerabilities } from '../../../src/analyzers/vuln/matcher.js';
import { vulnFindings } from '../../../src/analyzers/vuln/findings.js';

// Speed is bench/vuln.ts's business; this checks that a large inventory is matched completely and exactly.
test('10,000 packages against 20,000 records: every affected package found once, no unaffected one', () => {
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
  const { matches } = matchVulnerabilities({ packages }, lookup);
  const findings = vulnFindings(matches, { type: 'image', ref: 'image://sha256:x', name: 'x' });
  assert.equal(findings.length, 5_000);
  assert.equal(new Set(findings.map((f) => f.fingerprint)).size, 5_000);
  assert.ok(findings.every((f) => f.package?.version === '1.0.0'), 'only the packages below the first fix are affected');
});
