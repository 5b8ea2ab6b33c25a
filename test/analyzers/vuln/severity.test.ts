import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseSeverity, normalizeVendorSeverity, preferredCvss, severityOfScore } from '../../../src/analyzers/vuln/severity.js';
import type { CvssScore } from '../../../src/model/index.js';

test('vendor words: Debian urgency (with **), Ubuntu priority, Red Hat impact, GHSA', () => {
  assert.equal(normalizeVendorSeverity('high**'), 'high');
  assert.equal(normalizeVendorSeverity('unimportant'), 'low');
  assert.equal(normalizeVendorSeverity('negligible'), 'low');
  assert.equal(normalizeVendorSeverity('Important'), 'high');
  assert.equal(normalizeVendorSeverity('Moderate'), 'medium');
  assert.equal(normalizeVendorSeverity('CRITICAL'), 'critical');
  assert.equal(normalizeVendorSeverity('not yet assigned'), undefined);
  assert.equal(normalizeVendorSeverity('untriaged'), undefined);
});

test('CVSS bands; v2 has no critical', () => {
  assert.equal(severityOfScore(9.8), 'critical');
  assert.equal(severityOfScore(7.0), 'high');
  assert.equal(severityOfScore(4.0), 'medium');
  assert.equal(severityOfScore(0.1), 'low');
  assert.equal(severityOfScore(0), 'info');
  assert.equal(severityOfScore(10, '2.0'), 'high');
});

const s = (source: string, version: CvssScore['version'], score: number): CvssScore => ({ source, version, score, vector: `${source}/${version}` });

test('CVSS preference: NVD primary, then CVE CNA/ADP, then GHSA; v3.1 before v3.0 before v4.0 before v2', () => {
  assert.equal(preferredCvss([s('ghsa', '3.1', 5), s('nvd', '2.0', 7.5), s('nvd', '3.1', 9.8), s('nvd', '4.0', 9.3)])?.score, 9.8);
  assert.equal(preferredCvss([s('ghsa', '3.1', 5), s('cve:CISA-ADP', '3.1', 8.8)])?.source, 'cve:CISA-ADP');
  assert.equal(preferredCvss([s('nvd', '4.0', 9.3), s('nvd', '3.0', 7.1)])?.version, '3.0');
  assert.equal(preferredCvss([]), undefined);
});

test('the vendor rating wins over CVSS (trivy#4102), CVSS over nothing, and nothing is medium "unrated"', () => {
  assert.deepEqual(chooseSeverity({ severity: 'low', name: 'debian' }, [s('nvd', '3.1', 9.8)]), { severity: 'low', source: 'debian', cvss: s('nvd', '3.1', 9.8) });
  assert.deepEqual(chooseSeverity({ severity: 'not yet assigned', name: 'debian' }, [s('nvd', '3.1', 9.8)]).source, 'nvd');
  assert.deepEqual(chooseSeverity(undefined, []), { severity: 'medium', source: 'unrated' });
});
