import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { compareRpm, isValidRpm, parseRpmEvr, rpmvercmp } from '../../../../src/analyzers/vuln/versions/rpm.js';
import { VersionError } from '../../../../src/analyzers/vuln/versions/version-error.js';

// rpm's tests/rpmvercmp.at: RPMVERCMP(a, b, result).
const RPMVERCMP_AT: [string, string, number][] = [
  ['1.0', '1.0', 0], ['1.0', '2.0', -1], ['2.0', '1.0', 1],
  ['2.0.1', '2.0.1', 0], ['2.0', '2.0.1', -1], ['2.0.1', '2.0', 1],
  ['2.0.1a', '2.0.1a', 0], ['2.0.1a', '2.0.1', 1], ['2.0.1', '2.0.1a', -1],
  ['5.5p1', '5.5p1', 0], ['5.5p1', '5.5p2', -1], ['5.5p2', '5.5p1', 1],
  ['5.5p10', '5.5p10', 0], ['5.5p1', '5.5p10', -1], ['5.5p10', '5.5p1', 1],
  ['10xyz', '10.1xyz', -1], ['10.1xyz', '10xyz', 1],
  ['xyz10', 'xyz10', 0], ['xyz10', 'xyz10.1', -1], ['xyz10.1', 'xyz10', 1],
  ['xyz.4', 'xyz.4', 0], ['xyz.4', '8', -1], ['8', 'xyz.4', 1], ['xyz.4', '2', -1], ['2', 'xyz.4', 1],
  ['5.5p2', '5.6p1', -1], ['5.6p1', '5.5p2', 1],
  ['5.6p1', '6.5p1', -1], ['6.5p1', '5.6p1', 1],
  ['6.0.rc1', '6.0', 1], ['6.0', '6.0.rc1', -1],
  ['10b2', '10a1', 1], ['10a2', '10b2', -1],
  ['1.0aa', '1.0aa', 0], ['1.0a', '1.0aa', -1], ['1.0aa', '1.0a', 1],
  ['10.0001', '10.0001', 0], ['10.0001', '10.1', 0], ['10.1', '10.0001', 0], ['10.0001', '10.0039', -1], ['10.0039', '10.0001', 1],
  ['4.999.9', '5.0', -1], ['5.0', '4.999.9', 1],
  ['20101121', '20101121', 0], ['20101121', '20101122', -1], ['20101122', '20101121', 1],
  ['2_0', '2_0', 0], ['2.0', '2_0', 0], ['2_0', '2.0', 0],
  ['a', 'a', 0], ['a+', 'a+', 0], ['a+', 'a_', 0], ['a_', 'a+', 0], ['+a', '+a', 0], ['+a', '_a', 0], ['_a', '+a', 0],
  ['+_', '+_', 0], ['_+', '+_', 0], ['_+', '_+', 0], ['+', '_', 0], ['_', '+', 0],
  ['1.0~rc1', '1.0~rc1', 0], ['1.0~rc1', '1.0', -1], ['1.0', '1.0~rc1', 1], ['1.0~rc1', '1.0~rc2', -1], ['1.0~rc2', '1.0~rc1', 1],
  ['1.0~rc1~git123', '1.0~rc1~git123', 0], ['1.0~rc1~git123', '1.0~rc1', -1], ['1.0~rc1', '1.0~rc1~git123', 1],
  // Caret cases from later rpmvercmp.at revisions (rpm >= 4.15).
  ['1.0^', '1.0^', 0], ['1.0^', '1.0', 1], ['1.0', '1.0^', -1], ['1.0^git1', '1.0^git1', 0], ['1.0^git1', '1.0', 1],
  ['1.0', '1.0^git1', -1], ['1.0^git1', '1.0^git2', -1], ['1.0^git2', '1.0^git1', 1], ['1.0^git1', '1.01', -1],
  ['1.01', '1.0^git1', 1], ['1.0^20160101', '1.0^20160101', 0], ['1.0^20160101', '1.0.1', -1], ['1.0.1', '1.0^20160101', 1],
  ['1.0^20160101^git1', '1.0^20160101^git1', 0], ['1.0^20160102', '1.0^20160101^git1', 1], ['1.0^20160101^git1', '1.0^20160102', -1],
  ['1.0~rc1^git1', '1.0~rc1^git1', 0], ['1.0~rc1^git1', '1.0~rc1', 1], ['1.0~rc1', '1.0~rc1^git1', -1], ['1.0^git1~pre', '1.0^git1~pre', 0],
  ['1.0^git1', '1.0^git1~pre', 1], ['1.0^git1~pre', '1.0^git1', -1],
];

test("rpmvercmp matches rpm's own tests/rpmvercmp.at", () => {
  for (const [a, b, expected] of RPMVERCMP_AT) assert.equal(rpmvercmp(a, b), expected, `rpmvercmp(${a}, ${b})`);
});

test('EVR: missing epoch is 0, epoch outranks version, a missing release sorts first', () => {
  assert.equal(compareRpm('1.0-1', '0:1.0-1'), 0);
  assert.equal(compareRpm('1:1.0-1', '2.0-1'), 1, 'epoch 1 beats a higher version without epoch');
  assert.equal(compareRpm('1.0-1.el8', '1.0-1.el8_9.1'), -1);
  assert.equal(compareRpm('4.18.0-553.el8_10', '4.18.0-80.el8'), 1);
  assert.equal(compareRpm('1.0', '1.0-1'), -1);
  assert.equal(compareRpm('1.2.3-4.el9', '1.2.3-4.el9_2.1'), -1);
  assert.deepEqual(parseRpmEvr('2:1.0-3.el9'), { epoch: 2, version: '1.0', release: '3.el9' });
  assert.deepEqual(parseRpmEvr('1.0'), { version: '1.0' });
  for (const bad of ['', 'x:1.0-1', '1.0-', '-1', '1.0 -1']) {
    assert.throws(() => compareRpm(bad, '1.0'), VersionError, JSON.stringify(bad));
    assert.equal(isValidRpm(bad), false);
  }
});

test('agrees with the real rpm (rpm.ver in Lua) on EVRs from RHEL, Fedora and SUSE', () => {
  const corpus = ['1.0', '1.0-1', '0:1.0-1', '1:1.0-1', '1.0-2.el8', '1.0-10.el8', '1.0-1.el8_9.1', '1.0-1.el8_10', '1.0~rc1-1', '1.0^git1-1', '2.0a', '2.0A', '1_0', '1.0-1~a', '1.0-1^a', '4.18.0-553.el8_10', '4.18.0-80.el8', '1.0.0-0.rc1.1', '1.15.0_0_g2dd4b9b-1'];
  const pairs: [string, string][] = [];
  for (let i = 0; i < corpus.length; i++) for (let j = 0; j < corpus.length; j++) pairs.push([corpus[i] as string, corpus[j] as string]);
  const calls = pairs.map(([a, b]) => `c("${a}","${b}")`).join(' ');
  const lua = `function c(x,y) local a=rpm.ver(x); local b=rpm.ver(y); if a<b then print("-1,") elseif a==b then print("0,") else print("1,") end end ${calls}`;
  const result = spawnSync('rpm', ['--eval', `%{lua: ${lua}}`], { encoding: 'utf8' });
  assert.ok(result.status === 0 && !result.error, `the rpm tool is required for this test (install the rpm package): ${result.stderr ?? result.error}`);
  const theirs = result.stdout.trim().replace(/,$/, '').split(',').map(Number);
  assert.equal(theirs.length, pairs.length);
  pairs.forEach(([a, b], i) => assert.equal(compareRpm(a, b), theirs[i], `${a} vs ${b}`));
});
