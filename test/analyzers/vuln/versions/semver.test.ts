import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareNpm, compareSemver, isValidNpm, isValidSemver, satisfiesNpmRange } from '../../../../src/analyzers/vuln/versions/semver.js';
import { VersionError, VersionRangeError } from '../../../../src/analyzers/vuln/versions/version-error.js';
import { assertOrdered } from './helpers.js';

test('SemVer 2.0.0 §11 precedence example', () => {
  const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1'];
  assertOrdered(compareSemver, order.map((v) => [v]));
  assertOrdered(compareNpm, order.map((v) => [v]));
  assert.equal(compareSemver('1.0.0+build.1', '1.0.0+build.2'), 0, 'build metadata is ignored');
});

test('plain SemVer reads the abbreviations advisory data uses; npm does not', () => {
  assert.equal(compareSemver('1.2', '1.2.0'), 0);
  assert.equal(compareSemver('v1', '1.0.0'), 0);
  assert.equal(compareSemver('1.2-rc.1', '1.2.0'), -1);
  assert.equal(isValidNpm('1.2'), false);
  assert.equal(isValidNpm('v1.2.3'), true);
  for (const bad of ['', 'a.b.c', '1.2.3.4', '01.2.3', '1.2.3-01']) {
    assert.equal(isValidSemver(bad), false, bad);
    assert.throws(() => compareSemver(bad, '1.0.0'), VersionError);
  }
});

test('npm ranges, from node-semver test/fixtures/range-include.js and range-exclude.js', () => {
  const include: [string, string][] = [
    ['1.0.0 - 2.0.0', '1.2.3'], ['^1.2.3+build', '1.2.3'], ['^1.2.3+build', '1.3.0'], ['1.2.3-pre+asdf - 2.4.3-pre+asdf', '1.2.3'],
    ['1.2.3pre+asdf - 2.4.3-pre+asdf', '1.2.3'], ['*', '1.2.3'], ['>=1.0.0', '1.0.0'], ['>=1.0.0', '1.1.0'], ['>1.0.0', '1.0.1'],
    ['<=2.0.0', '2.0.0'], ['<=2.0.0', '0.2.9'], ['<2.0.0', '1.9999.9999'], ['>= 1.0.0', '1.0.0'], ['0.1.20 || 1.2.4', '1.2.4'],
    ['>=0.2.3 || <0.0.1', '0.0.0'], ['||', '1.3.4'], ['2.x.x', '2.1.3'], ['1.2.x', '1.2.3'], ['1.2.x || 2.x', '2.1.3'], ['x', '1.2.3'],
    ['~2.4', '2.4.5'], ['~>3.2.1', '3.2.2'], ['~1', '1.2.3'], ['~> 1', '1.2.3'], ['~1.0', '1.0.2'], ['>=1', '1.0.0'],
    ['<1.2', '1.1.1'], ['~v0.5.4-pre', '0.5.5'], ['~v0.5.4-pre', '0.5.4'], ['=0.7.x', '0.7.2'], ['>=0.7.x', '0.7.2'],
    ['^1.2.3', '1.8.1'], ['^0.1.2', '0.1.2'], ['^0.1', '0.1.2'], ['^1.2', '1.4.2'], ['^1.2.3-alpha', '1.2.3-pre'], ['^0.0.1-alpha', '0.0.1-beta'],
    // Pre-releases are in scope for vulnerability matching (includePrerelease), as npm audit treats them.
    ['>=1.0.0 <2.0.1', '2.0.0-rc.1'], ['<1.2.6', '1.2.6-beta.1'], ['*', '1.0.0-rc.1'],
    // GitHub advisories write comma-separated comparators.
    ['>= 1.0.0, < 1.2.6', '1.2.5'],
  ];
  const exclude: [string, string][] = [
    ['1.0.0 - 2.0.0', '2.2.3'], ['^1.2.3+build', '2.0.0'], ['^1.2.3+build', '1.2.0'], ['>=1.0.0', '0.0.0'], ['>1.0.0', '1.0.0'],
    ['<=2.0.0', '2.2.9'], ['<2.0.0', '2.0.0'], ['0.1.20 || 1.2.4', '1.2.3'], ['2.x.x', '3.1.3'], ['1.2.x', '1.3.3'],
    ['1.2.x || 2.x', '3.1.3'], ['~2.4', '2.5.0'], ['~>3.2.1', '3.3.2'], ['~1', '2.2.3'], ['<1', '1.0.0'], ['>=1.2', '1.1.1'],
    ['~v0.5.4-beta', '0.5.4-alpha'], ['^1.2.3', '2.0.0-alpha'], ['^1.2.3', '1.2.2'], ['^1.2', '1.1.9'], ['>= 1.0.0, < 1.2.6', '1.2.6'],
  ];
  for (const [range, version] of include) assert.equal(satisfiesNpmRange(version, range), true, `${version} in ${range}`);
  for (const [range, version] of exclude) assert.equal(satisfiesNpmRange(version, range), false, `${version} not in ${range}`);
  assert.throws(() => satisfiesNpmRange('1.0.0', '>=a.b'), VersionRangeError);
});
