import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareComposer, normalizeComposer, phpVersionCompare, satisfiesComposerConstraint, satisfiesComposerConstraintList } from '../../../../src/analyzers/vuln/versions/composer.js';
import { VersionError, VersionRangeError } from '../../../../src/analyzers/vuln/versions/version-error.js';

test('composer/semver VersionParserTest: normalize', () => {
  const cases: [string, string][] = [
    ['1.0.0', '1.0.0.0'], ['1.2.3.4', '1.2.3.4'], ['1.0.0RC1dev', '1.0.0.0-RC1-dev'], ['1.0.0-rC15-dev', '1.0.0.0-RC15-dev'], ['1.0.0.RC.15-dev', '1.0.0.0-RC15-dev'],
    ['1.0.0-rc1', '1.0.0.0-RC1'], ['1.0.0.pl3-dev', '1.0.0.0-patch3-dev'], ['1.0-dev', '1.0.0.0-dev'], ['0', '0.0.0.0'], ['10.4.13-beta', '10.4.13.0-beta'],
    ['10.4.13beta2', '10.4.13.0-beta2'], ['10.4.13beta.2', '10.4.13.0-beta2'], ['10.4.13-b', '10.4.13.0-beta'], ['10.4.13-b5', '10.4.13.0-beta5'], ['v1.0.0', '1.0.0.0'],
    ['2010.01', '2010.01.0.0'], ['2010.01.02', '2010.01.02.0'], ['2010.1.555', '2010.1.555.0'], ['v20100102', '20100102'], ['2010-01-02', '2010.01.02'],
    ['2010-01-02.5', '2010.01.02.5'], ['20100102-203040', '20100102.203040'], ['20100102203040-10', '20100102203040.10'], ['20100102-203040-p1', '20100102.203040-patch1'],
    ['1.x-dev', '1.9999999.9999999.9999999-dev'], ['dev-feature-foo', 'dev-feature-foo'], ['DEV-FOOBAR', 'dev-FOOBAR'], ['1.0.0-beta.5+foo', '1.0.0.0-beta5'],
    ['1.0.0+foo', '1.0.0.0'], ['1.0.0-alpha.3.1+foo', '1.0.0.0-alpha3.1'], ['1.0.0-alpha2.1+foo', '1.0.0.0-alpha2.1'], ['1.0.0-alpha-2.1-3+foo', '1.0.0.0-alpha2.1-3'],
    ['1.0.0+foo as 2.0', '1.0.0.0'],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeComposer(input), expected, input);
  for (const bad of ['', 'a', '1.0.0-meh', '1.0.0.0.0', 'feature-foo', '1.0.0+foo bar']) assert.throws(() => normalizeComposer(bad), VersionError, JSON.stringify(bad));
});

test("PHP version_compare, as in PHP's own documentation and tests", () => {
  const order = ['1.0.0-dev', '1.0.0-alpha', '1.0.0-a1', '1.0.0-beta', '1.0.0-RC1', '1.0.0', '1.0.0-pl1', '1.0.1'];
  for (let i = 0; i + 1 < order.length; i++) assert.equal(phpVersionCompare(order[i] as string, order[i + 1] as string), -1, `${order[i]} < ${order[i + 1]}`);
  assert.equal(phpVersionCompare('5.2', '5.2.0'), -1);
  assert.equal(phpVersionCompare('1.0rc1', '1.0.rc.1'), 0);
  assert.equal(phpVersionCompare('1.0-foo', '1.0-dev'), -1, 'an unknown word sorts below dev');
  assert.equal(phpVersionCompare('1.0', '1.0.0'), -1);
});

test('Composer order: normalised first, so 1.0 == 1.0.0 and patch releases follow the release', () => {
  assert.equal(compareComposer('1.0', '1.0.0'), 0);
  assert.equal(compareComposer('v2.3.4', '2.3.4'), 0);
  assert.equal(compareComposer('1.0.0-beta2', '1.0.0'), -1);
  assert.equal(compareComposer('1.0.0-p1', '1.0.0'), 1);
  assert.equal(compareComposer('1.0.0-RC1', '1.0.0-beta9'), 1);
  assert.throws(() => compareComposer('dev-main', '1.0.0'), (e: unknown) => e instanceof VersionError && /dev branch/.test(e.message));
});

test('constraints as FriendsOfPHP advisories write them', () => {
  const cases: [string, string, boolean][] = [
    ['1.2.4', '>=1.0,<1.2.5', true], ['1.2.5', '>=1.0,<1.2.5', false], ['1.2.5-beta1', '>=1.0,<1.2.5', false], ['1.0.0-beta1', '>=1.0,<1.2.5', true],
    ['0.9', '>=1.0,<1.2.5', false], ['2.0.2', '<1.0|>=2.0,<2.0.3', true], ['1.5', '<1.0|>=2.0,<2.0.3', false], ['0.5', '<1.0 || >=2.0,<2.0.3', true],
    ['2.0.1', '>=2.0 <2.1', true], ['2.1.0', '>= 2.0, < 2.1', false], ['1.0.0', '=1.0', true], ['1.0.1', '!=1.0.1', false], ['9.9', '*', true],
    ['1.2.3', '<=1.2.3', true], ['1.2.3-patch1', '<=1.2.3', false],
  ];
  for (const [version, constraint, expected] of cases) assert.equal(satisfiesComposerConstraint(version, constraint), expected, `${version} ${constraint}`);
  assert.equal(satisfiesComposerConstraintList('4.4.2', ['>=4.4.0', '<4.4.3']), true);
  assert.equal(satisfiesComposerConstraintList('4.4.3', ['>=4.4.0', '<4.4.3']), false);
  assert.throws(() => satisfiesComposerConstraint('1.0', '>=banana'), VersionRangeError);
});
