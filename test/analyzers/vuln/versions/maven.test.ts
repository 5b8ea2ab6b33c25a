import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalMaven, compareMaven, parseMavenRanges, satisfiesMavenRange } from '../../../../src/analyzers/vuln/versions/maven.js';
import { VersionError, VersionRangeError } from '../../../../src/analyzers/vuln/versions/version-error.js';
import { assertOrdered } from './helpers.js';

test("Maven's ComparableVersionTest: qualifier and number orders, equalities, comparisons", () => {
  const qualifiers = ['1-alpha2snapshot', '1-alpha2', '1-alpha-123', '1-beta-2', '1-beta123', '1-m2', '1-m11', '1-rc', '1-cr2', '1-rc123', '1-SNAPSHOT', '1', '1-sp', '1-sp2', '1-sp123', '1-abc', '1-def', '1-pom-1', '1-1-snapshot', '1-1', '1-2', '1-123'];
  const numbers = ['2.0', '2-1', '2.0.a', '2.0.0.a', '2.0.2', '2.0.123', '2.1.0', '2.1-a', '2.1b', '2.1-c', '2.1-1', '2.1.0.1', '2.2', '2.123', '11.a2', '11.a11', '11.b2', '11.b11', '11.m2', '11.m11', '11', '11.a', '11b', '11c', '11m'];
  for (const list of [qualifiers, numbers]) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        // This older ComparableVersionTest placed 2.0.a and 2.0.0.a after 2-1 and apart; Maven 3.8.7,
        // whose own ordering the next test checks, puts them together before 2-1.
        if (['2.0.a', '2.0.0.a'].includes(list[i] as string) || ['2.0.a', '2.0.0.a'].includes(list[j] as string)) continue;
        assert.equal(compareMaven(list[i] as string, list[j] as string), -1, `${list[i]} < ${list[j]}`);
        assert.equal(compareMaven(list[j] as string, list[i] as string), 1);
      }
    }
  }
  const equal: [string, string][] = [
    ['1', '1'], ['1', '1.0'], ['1', '1.0.0'], ['1.0', '1.0.0'], ['1', '1-0'], ['1', '1.0-0'], ['1.0', '1.0-0'], ['1a', '1.a'], ['1a', '1-a'], ['1a', '1.0-a'],
    ['1a', '1.0.0-a'], ['1.0a', '1.0.a'], ['1.0.0a', '1.0.0.a'], ['1x', '1.x'], ['1x', '1-x'], ['1x', '1.0-x'], ['1x', '1.0.0-x'], ['1.0x', '1.0.x'],
    ['1.0.0x', '1.0.0.x'], ['1ga', '1'], ['1final', '1'], ['1cr', '1rc'], ['1a1', '1alpha1'], ['1b2', '1beta2'], ['1m3', '1milestone3'], ['1X', '1x'],
    ['1A', '1a'], ['1B', '1b'], ['1M', '1m'], ['1Ga', '1'], ['1GA', '1'], ['1Final', '1'], ['1FinaL', '1'], ['1FINAL', '1'], ['1Cr', '1Rc'],
    ['1cR', '1rC'], ['1m3', '1Milestone3'], ['1m3', '1MileStone3'], ['1m3', '1MILESTONE3'], ['1-abcdefghijklmnopqrstuvwxyz', '1-ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ];
  for (const [a, b] of equal) assert.equal(compareMaven(a, b), 0, `${a} == ${b}`);
  const ordered: [string, string][] = [
    ['1', '2'], ['1.5', '2'], ['1', '2.5'], ['1.0', '1.1'], ['1.1', '1.2'], ['1.0.0', '1.1'], ['1.0.1', '1.1'], ['1.1', '1.2.0'], ['1.0-alpha-1', '1.0'],
    ['1.0-alpha-1', '1.0-alpha-2'], ['1.0-alpha-1', '1.0-beta-1'], ['1.0-beta-1', '1.0-SNAPSHOT'], ['1.0-SNAPSHOT', '1.0'], ['1.0-alpha-1-SNAPSHOT', '1.0-alpha-1'],
    ['1.0', '1.0-1'], ['1.0-1', '1.0-2'], ['1.0.0', '1.0-1'], ['2.0-1', '2.0.1'], ['2.0.1-klm', '2.0.1-lmn'], ['2.0.1', '2.0.1-xyz'], ['2.0.1', '2.0.1-123'], ['2.0.1-xyz', '2.0.1-123'],
  ];
  for (const [a, b] of ordered) assert.equal(compareMaven(a, b), -1, `${a} < ${b}`);
});

test('agrees with the real Maven 3.8.7 ComparableVersion (output of sorting these with maven-artifact-3.x.jar)', () => {
  assertOrdered(compareMaven, [
    ['1.0-alpha-1-SNAPSHOT'], ['1.0-alpha-1'], ['1-alpha2snapshot'], ['1-alpha2'], ['1-alpha-123'], ['1.0-beta-1'], ['1-beta-2'], ['1-beta123'],
    ['1.0.0-M1'], ['1-m2'], ['1-m11'], ['1-rc'], ['1.0.0.RC1', '1.0.0-RC1', '1.0.0.CR1'], ['1-cr2'], ['1-rc123'], ['1-SNAPSHOT'],
    ['1', '1.0.RELEASE', '1.0.Final', '1.0.GA', '1.0-ga', '1.0.0-0'], ['1-sp'], ['1-sp2'], ['1-sp123'], ['1-abc'], ['1.0-android'], ['1-def'],
    ['1.0-jre'], ['1-pom-1'], ['1.0.x'], ['1-0-1'], ['1-0.1'], ['1-1-snapshot'], ['1-1', '1.0-1'], ['1-2'], ['1-123'], ['1.6.1'], ['1.6.1-hudson-3'],
    ['2.0'], ['2.0.a', '2.0.0.a'], ['2-1'], ['2.0.2'], ['2.0.123'], ['2.1.0'], ['2.1-a'], ['2.1b'], ['2.1-c'], ['2.1-1'], ['2.1.0.1'], ['2.2'],
    ['2.9.10'], ['2.9.10.1'], ['2.9.10.7'], ['2.15.0-rc1'], ['2.15.0-rc2'], ['2.15.0'], ['2.17.0'], ['2.17.1'], ['2.123'], ['2.277.2'],
    ['2.277.2-cb-6'], ['5.3.0.RELEASE', '5.3.0'], ['11.a2'], ['11.a11'], ['11.b2'], ['11.b11'], ['11.m2'], ['11.m11'], ['11'], ['11.a'], ['11b'],
    ['11c'], ['11m'], ['31.1-jre'], ['32.0.0-jre'], ['32.0.1-android'], ['9999999999'], ['10000000000'], ['12345678901234567890'],
  ]);
  assert.equal(canonicalMaven('1.0.0.CR1'), '1-rc-1');
  assert.equal(canonicalMaven('1.0-alpha-1'), '1-alpha-1');
});

test('trap: vendor suffixes are newer than the plain release in Maven, not pre-releases', () => {
  // VML notes on 1.6.1-hudson-3 and 2.277.2-cb-6: Maven ranks unknown qualifiers above the release.
  assert.equal(compareMaven('1.6.1-hudson-3', '1.6.1'), 1);
  assert.equal(compareMaven('2.277.2-cb-6', '2.277.3'), -1);
  assert.equal(compareMaven('5.3.18.RELEASE', '5.3.18'), 0);
});

test('Maven range notation', () => {
  assert.deepEqual(parseMavenRanges('(,1.0],[1.2,)'), [
    { upper: '1.0', lowerInclusive: false, upperInclusive: true },
    { lower: '1.2', lowerInclusive: true, upperInclusive: false },
  ]);
  const cases: [string, string, boolean][] = [
    ['1.5', '[1.0,2.0)', true], ['2.0', '[1.0,2.0)', false], ['1.0', '[1.0,2.0)', true], ['1.0', '(1.0,2.0)', false], ['2.0-SNAPSHOT', '[1.0,2.0)', true],
    ['1.1', '(,1.0],[1.2,)', false], ['1.0', '(,1.0],[1.2,)', true], ['3.0', '(,1.0],[1.2,)', true], ['1.5', '[1.5]', true], ['1.5.0', '[1.5]', true],
    ['1.5.1', '[1.5]', false], ['2.9.10.6', '[2.9.0,2.9.10.7)', true], ['2.9.10.7', '[2.9.0,2.9.10.7)', false], ['1.0', '1.0', true], ['1.0.1', '1.0', false],
  ];
  for (const [version, range, expected] of cases) assert.equal(satisfiesMavenRange(version, range), expected, `${version} in ${range}`);
  for (const bad of ['[1.0,2.0', '(1.0)', '[2.0,1.0]', '[1.0,2.0),', '[1.0,2.0,3.0]', '', '1.0]']) assert.throws(() => parseMavenRanges(bad), VersionRangeError, bad);
  assert.throws(() => compareMaven('', '1'), VersionError);
});
