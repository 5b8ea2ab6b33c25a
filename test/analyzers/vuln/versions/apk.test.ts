import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareApk, isValidApk } from '../../../../src/analyzers/vuln/versions/apk.js';
import { VersionError } from '../../../../src/analyzers/vuln/versions/version-error.js';
import { parseRelationLines } from './helpers.js';

// From apk-tools test/version.data (a selection covering every token kind).
const VERSION_DATA = `
2.34 > 0.1.0_alpha
0.1.0_alpha = 0.1.0_alpha
0.1.0_alpha < 0.1.3_alpha
0.1.3_alpha > 0.1.0_alpha
0.1.0_alpha2 > 0.1.0_alpha
0.1.0_alpha < 2.2.39-r1
2.2.39-r1 > 1.0.4-r3
1.0.4-r3 < 1.0.4-r4
1.0.4-r4 < 1.6
1.0.2 > 0.7-r1
1.1 > 1.1_alpha1
1.1_alpha1 < 1.2.1
1.2.1 > 1.2
1.2 < 1.3_alpha
1.3_alpha < 1.3_alpha2
0.7.0 < 0.8_beta1
0.8_beta1 < 0.8_beta2
3.10.18-r1 > 2.3.0b-r1
2.3.0b-r1 < 2.3.0b-r2
2.3.0b-r4 > 0.12.1
0.12.3 > 0.12
0.12 < 0.13_beta1
1.2.11 < 1.2.12.1
1.2.12.1 < 1.2.13
0.2.0-r1 < 3.1_p16
3.1_p16 < 3.1_p17
3.1_p17 > 1.06-r6
1.06-r6 < 006
006 > 1.0.0
1.2.2-r1 > 1.2.2
2.59 < 20050718-r1
20050718-r1 < 20050718-r2
3.9.8-r5 > 2.01.01_alpha10
2.01.01_alpha10 > 0.94
1.0 > 0.99.3.20040818
1.00_beta2 > 0.9.2
1.02 < 1.03-r1
2.8.0.6-r1 > 0.5.2.7
0.5.2.7 < 4.2.52_p2-r1
4.2.52_p2-r1 < 4.2.52_p4-r2
4.2.52_p4-r2 > 1.02.07
1.02.07 < 1.02.10-r1
2.18.3-r10 > 1.05-r18
20060720 > 3.0.20060720
3.0.20060720 < 20060720
2.5.1-r8 < 2.5.1a-r1
1.3.5-r10 > 1.3.5-r8
20040401 > 2.0.0_rc3-r1
3.0.0-r2 < 021109-r3
021109-r3 < 20060512
0.9.16-r1 < 3.9_pre20060124
1.1.7 < 6b-r7
0.10.0-r1 > 0.10.0
0.10.0 < 0.10.1_rc1
0.15.1b-r2 > 0.15.1b
22.7-r1 < 22.7.3-r1
22.7 > 2.1_pre20
2.1_pre20 < 2.1_pre26
2.10.1 > 02.08.01b
3.81 > 1.6d
1.6d > 1.2.07.8
1.2.07.8 < 1.2.12.04
1.2.12.04 < 1.2.12.05
1.07-r1 < 1.07.5
20061003 > 0.1_pre20060810
0.1_pre20060810 < 0.1_pre20060817
3.3.17 > 0.59s-r11
4.20 > 0.20070118
0.20070118 < 0.20070207_rc1
0.20070207_rc1 < 1.0
4.5_p1-r1 > 4.5_p1
4.5_p1 > 0.9.8c-r1
0.9.8c-r1 < 0.9.8d
1.7 < 1.7b
1.8.5 < 1.8.5_p2
2.9.11_pre20051101-r3 > 2.9.11_pre20051101
1.6.8_p12-r1 > 1.6.8_p9-r2
0.9.28-r2 < 0.9.28.1
0.9.28.1 < 087-r1
104-r11 > 104-r9
5.52-r1 > 1.2.5_rc2
20040406-r1 > 2.12r-r4
2.12r-r4 < 2.12r-r5
7.0.17 < 7.0.174
1.1.1-r3 > 0.3.4_pre20061029
1.3-r0 < 1.3.1-r0
1.3_pre1-r1 < 1.3.2
1.0_p10-r0 > 1.0_p9-r0
0.1.0_alpha_pre2 < 0.1.0_alpha
1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
`;

test('apk-tools test/version.data', () => {
  for (const { a, b, expected, line } of parseRelationLines(VERSION_DATA)) {
    assert.equal(compareApk(a, b), expected, line);
    assert.equal(compareApk(b, a), -expected || 0, `reversed: ${line}`);
  }
});

test('suffix order: _alpha < _beta < _pre < _rc < release < _cvs < _svn < _git < _hg < _p; then -rN', () => {
  const order = ['1.0_alpha', '1.0_beta', '1.0_pre', '1.0_rc', '1.0_rc1', '1.0', '1.0-r1', '1.0_cvs', '1.0_svn', '1.0_git', '1.0_hg', '1.0_p', '1.0_p1', '1.0a', '1.0.1'];
  for (let i = 0; i + 1 < order.length; i++) assert.equal(compareApk(order[i] as string, order[i + 1] as string), -1, `${order[i]} < ${order[i + 1]}`);
  assert.equal(compareApk('1.0~abc1', '1.0~abc2'), -1, 'commit hashes compare as strings');
  assert.equal(compareApk('1.0~abc', '1.0-r1'), 1, 'a commit hash token ranks before a revision token, so the version with it is newer');
});

test('trap: a release candidate is older than the release, whatever its revision (trivy#245)', () => {
  assert.equal(compareApk('1.6_rc1', '1.6-r0'), -1);
  assert.equal(compareApk('1.6_rc1-r5', '1.6-r0'), -1);
  assert.equal(compareApk('1.6-r0', '1.6'), 1, '-r0 still sorts above no revision');
});

test('strings apk would not validate are VersionErrors (trivy#1408 feed typo 20.10.11.r0)', () => {
  // apk-tools apk_version_validate rejects these; "1.0bc" and "23_foo" are the invalid lines of
  // version.data, which apk still orders but which we refuse rather than guess at.
  for (const bad of ['20.10.11.r0', '1.0bc', '23_foo', '1.0_foo', '1.0-r', '1.0-1', 'r0', '', '1.0_rc1_beta-r1-r2', '1.0~', 'v1.0']) {
    assert.equal(isValidApk(bad), false, bad);
    assert.throws(() => compareApk(bad, '1.0'), (e: unknown) => e instanceof VersionError && e.scheme === 'apk');
  }
  for (const good of ['20.10.11-r0', '1.0_rc1_beta-r1', '1.0_p1~abcdef-r2', '1.2.3a_git20240101-r0']) assert.equal(isValidApk(good), true, good);
});
