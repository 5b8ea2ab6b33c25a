import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePep440, isValidPep440, normalizePep440, satisfiesPep440 } from '../../../../src/analyzers/vuln/versions/pep440.js';
import { VersionError, VersionRangeError } from '../../../../src/analyzers/vuln/versions/version-error.js';

// pypa/packaging tests/test_version.py VERSIONS: "This list must be in the correct sorting order".
const VERSIONS = [
  '1.0.dev0', '1.0.dev456', '1.0.dev456+local', '1.0a0', '1.0a0.post0.dev0', '1.0a0.post0', '1.0a1.dev1', '1.0a1.dev1+local', '1.0a1', '1.0a1+local',
  '1.0b0', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456', '1.0b2.post345', '1.0b2-346', '1.0rc0', '1.0rc1.dev1', '1.0c1', '1.0rc2', '1.0',
  '1.0.post0.dev0', '1.0.post0', '1.0.post456.dev34', '1.0.post456', '1.0.post456+local', '1.0.1.dev1', '1.0.1a1', '1.0.1', '1.0.1+local',
  '1.0.1.post1', '1.1.dev1', '1.2+a', '1.2+abc', '1.2+abcdef', '1.2+def', '1.2+0', '1.2+1', '1.2+1.abc', '1.2+1.1', '1.2+1.1.0', '1.2+2',
  '1.2+123', '1.2+123456', '1.2.r32+123456', '1.2.rev33+123456',
];

test('packaging test_version.py: VERSIONS sort in order, with and without an epoch of 1', () => {
  const all = [...VERSIONS, ...VERSIONS.map((v) => `1!${v}`)];
  for (let i = 0; i < all.length; i++) {
    for (let j = 0; j < all.length; j++) {
      assert.equal(comparePep440(all[i] as string, all[j] as string), Math.sign(i - j), `${all[i]} vs ${all[j]}`);
    }
  }
});

test('packaging test_version.py: normalisation', () => {
  const normalized: [string, string][] = [
    ['1.0dev', '1.0.dev0'], ['1.0.dev', '1.0.dev0'], ['1.0dev1', '1.0.dev1'], ['1.0-dev', '1.0.dev0'], ['1.0-DEV1', '1.0.dev1'],
    ['1.0a', '1.0a0'], ['1.0.a1', '1.0a1'], ['1.0-alpha1', '1.0a1'], ['1.0ALPHA', '1.0a0'], ['1.0-B1', '1.0b1'], ['1.0.BETA', '1.0b0'],
    ['1.0c', '1.0rc0'], ['1.0.c1', '1.0rc1'], ['1.0-RC1', '1.0rc1'], ['1.0post', '1.0.post0'], ['1.0-post1', '1.0.post1'], ['1.0r', '1.0.post0'],
    ['1.0rev', '1.0.post0'], ['1.0.r1', '1.0.post1'], ['1.0-5', '1.0.post5'], ['1.0-r5', '1.0.post5'], ['1.0-rev5', '1.0.post5'],
    ['1.0+AbC', '1.0+abc'], ['1.01', '1.1'], ['1.0a05', '1.0a5'], ['1.0c056', '1.0rc56'], ['1.0.post000', '1.0.post0'],
    ['1.1.dev09000', '1.1.dev9000'], ['00!1.2', '1.2'], ['0100!0.0', '100!0.0'], ['v1.0', '1.0'], ['   v1.0\t\n', '1.0'],
    ['\u202f1.0\t\u2029\n ', '1.0'], ['7!1.0b2.post345.dev456', '7!1.0b2.post345.dev456'], ['1.0.4+8.0', '1.0.4+8.0'],
  ];
  for (const [input, expected] of normalized) assert.equal(normalizePep440(input), expected, JSON.stringify(input));
  assert.equal(comparePep440('1.0rc1', '1.0c1'), 0);
  assert.equal(comparePep440('1.0', '1.0.0'), 0);
});

test('packaging test_version.py: invalid versions', () => {
  for (const bad of ['french toast', '1.0+a+', '1.0++', '1.0+_foobar', '1.0+foo&asd', '1.0+1+1', '1. 0', '1 .0', '1.0 a1', '1.0a 1', '٠١٢.٣٤٥.٦٧٨٩', '.', '..', '1..0', '1.0.', '.1.0', '1.0+\u0130']) {
    assert.equal(isValidPep440(bad), false, JSON.stringify(bad));
    assert.throws(() => comparePep440(bad, '1.0'), (e: unknown) => e instanceof VersionError && !e.message.includes('\n'));
  }
});

test('specifiers, with answers taken from packaging 26.2 SpecifierSet.contains(prereleases=True)', () => {
  const cases: [string, string, boolean][] = [
    ['1.5', '>=1.0,<2.0', true], ['2.0', '>=1.0,<2.0', false], ['2.0a1', '<2.0', false], ['1.9.9', '<2.0', true], ['0.9', '<1.0', true],
    ['1.0.post1', '>1.0', false], ['1.0+local', '>1.0', false], ['1.0.1', '>1.0', true], ['1.0.post2', '>1.0.post1', true],
    ['1.0.5a1', '~=1.0', true], ['2.0', '~=1.0', false], ['1.1', '~=1.0.1', false], ['1.0.5a1', '~=1.0.1', true], ['2.2.5', '~=2.2.0', true], ['2.3', '~=2.2.0', false],
    ['1.0.5a1', '==1.0.*', true], ['1.0', '==1.0.*', true], ['1.1', '==1.0.*', false], ['1!1.0', '==1.*', false], ['1.9.9', '==1.*', true],
    ['1.0.1', '!=1.0.*', false], ['1.1', '!=1.0.*', true], ['1.0.0', '==1.0', true], ['1.0+foo', '==1.0', true], ['1.0+foo', '==1.0+local', false],
    ['1.0+local', '==1.0+local', true], ['1.0+foo', '!=1.0', false], ['1.0', '===1.0', true], ['1.0.0', '===1.0', false],
    ['1.0+local', '<=1.0', true], ['1.0.post1', '>=1.0.post1', true], ['1.0rc1', '<1.0rc1', false], ['1.0.dev0', '<1.0rc1', true],
    ['1.0a1', '~=1.0a1', true], ['1.0', '', true],
  ];
  for (const [version, spec, expected] of cases) assert.equal(satisfiesPep440(version, spec), expected, `${version} in ${JSON.stringify(spec)}`);
  for (const bad of ['~=1', '>=1.0.*', '==1.0rc1.*', '=>1.0', '>=foo']) assert.throws(() => satisfiesPep440('1.0', bad), VersionRangeError, bad);
});
