import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cvssBaseScore, cvssScore, cvssVersion } from '../../../src/analyzers/vuln/cvss.js';

// Vectors and scores as NVD/GHSA publish them for real CVEs (score in the comment's source).
test('CVSS v3.1 base scores match the published scores of real advisories', () => {
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8); // CVE-2022-48174, NVD
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'), 10); // log4shell, GHSA-jfh8-c2jp-5v3q
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:L'), 8.3); // snakeyaml, GHSA-mjmj-j48q-9wg2
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H'), 5.9); // rexml, GHSA-vmwr-mc7x-5vc3
  assert.equal(cvssBaseScore('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H'), 7.8); // CVE-2023-4911, Red Hat
  assert.equal(cvssBaseScore('CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H'), 5.5); // CVE-2023-42366, NVD
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N'), 7.2); // scope changed, low impacts
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'), 0); // no impact
});

test('CVSS v3.0 uses the 3.0 round-up and the same weights', () => {
  assert.equal(cvssBaseScore('CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H'), 8.1); // RUSTSEC-2016-0001
  assert.equal(cvssVersion('CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H'), '3.0');
});

test('CVSS v2 base scores', () => {
  assert.equal(cvssBaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P'), 7.5);
  assert.equal(cvssBaseScore('AV:N/AC:M/Au:N/C:N/I:P/A:N'), 4.3);
  assert.equal(cvssBaseScore('AV:N/AC:L/Au:N/C:C/I:C/A:C'), 10);
  assert.equal(cvssVersion('AV:N/AC:L/Au:N/C:P/I:P/A:P'), '2.0');
});

test('temporal metrics in a v3 vector do not change the base score', () => {
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C'), 9.8);
});

test('CVSS v4 vectors are validated and kept; the score is the publisher\'s or 0', () => {
  const vector = 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N';
  assert.deepEqual(cvssScore('ghsa', vector), { source: 'ghsa', version: '4.0', vector, score: 0 });
  assert.equal(cvssScore('ghsa', vector, 8.2).score, 8.2);
  assert.throws(() => cvssBaseScore('CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:N/VA:X/SC:N/SI:N/SA:N'), /VA:X is not a valid value/);
});

test('malformed vectors fail with one line naming the vector and the fault', () => {
  assert.throws(() => cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H'), /^Error: CVSS vector CVSS:3\.1\/AV:N.*: base metric A missing$/);
  assert.throws(() => cvssBaseScore('CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), /AV:Q is not a valid value/);
  assert.throws(() => cvssBaseScore('CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), /metric AV given twice/);
  assert.throws(() => cvssBaseScore('CVSS:9.9/AV:N'), /unsupported CVSS version 9\.9/);
  assert.throws(() => cvssBaseScore('high'), /no CVSS version prefix/);
});
