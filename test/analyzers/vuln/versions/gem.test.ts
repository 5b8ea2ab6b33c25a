import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { bumpGemVersion, compareGem, isValidGem, parseGemVersion, satisfiesGemRequirement } from '../../../../src/analyzers/vuln/versions/gem.js';
import { VersionError, VersionRangeError } from '../../../../src/analyzers/vuln/versions/version-error.js';

test("RubyGems' test_gem_version.rb", () => {
  // test_spaceship
  assert.equal(compareGem('1.0', '1.0.0'), 0);
  assert.equal(compareGem('1.0', '1.0.a'), 1);
  assert.equal(compareGem('1.8.2', '0.0.0'), 1);
  assert.equal(compareGem('1.8.2', '1.8.2.a'), 1);
  assert.equal(compareGem('1.8.2.b', '1.8.2.a'), 1);
  assert.equal(compareGem('1.8.2.a', '1.8.2'), -1);
  assert.equal(compareGem('1.8.2.a10', '1.8.2.a9'), 1);
  assert.equal(compareGem('', '0'), 0);
  // test_equals2, test_initialize
  assert.equal(compareGem('1.2.b1', '1.2.b.1'), 0);
  for (const good of ['1.0 ', ' 1.0 ', '1.0\n', '\n1.0\n']) assert.equal(compareGem(good, '1.0'), 0, JSON.stringify(good));
  // test_initialize_bad
  for (const bad of ['junk', '1.0\n2.0']) {
    assert.equal(isValidGem(bad), false);
    assert.throws(() => parseGemVersion(bad), (e: unknown) => e instanceof VersionError && e.scheme === 'gem');
  }
  // test_prerelease
  for (const pre of ['1.2.0.a', '2.9.b', '22.1.50.0.d', '1.2.d.42', '1.A']) assert.equal(parseGemVersion(pre).prerelease, true, pre);
  for (const release of ['1.2.0', '2.9', '22.1.50.0']) assert.equal(parseGemVersion(release).prerelease, false, release);
  // test_semver (the entries with `+build` metadata are left out: RubyGems 3.3 rejects them as malformed)
  const semver = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
  assert.equal(isValidGem('1.0.0-rc.1+build.1'), false);
  for (let i = 0; i + 1 < semver.length; i++) assert.equal(compareGem(semver[i] as string, semver[i + 1] as string), -1, `${semver[i]} < ${semver[i + 1]}`);
});

test('requirements as RubySec patched_versions use them', () => {
  // Expected answers checked with Gem::Requirement#satisfied_by? in RubyGems 3.3.15.
  const cases: [string, string, boolean][] = [
    ['1.2.3', '~> 1.2', true], ['1.3.0', '~> 1.2', true], ['2.0', '~> 1.2', false], ['1.2.5', '~> 1.2.3', true], ['1.3.0', '~> 1.2.3', false],
    ['1.3.0.a', '~> 1.2.3', false], ['1.2.3.a', '~> 1.2.3', false], ['5.2.4.3', '~> 5.2.4, >= 5.2.4.3', true], ['5.2.4.2', '~> 5.2.4, >= 5.2.4.3', false],
    ['5.2.5', '~> 5.2.4, >= 5.2.4.3', true], ['6.0', '~> 5.2.4, >= 5.2.4.3', false], ['1.0', '!= 1.0.0', false], ['1.0', '= 1', true], ['1.0', '1.0.0', true],
    ['2.0.0.rc1', '>= 2.0.0', false], ['2.0.0.rc1', '< 2.0.0', true], ['4.0', '~> 3', false], ['3.5.a', '~> 3.0', true], ['2.0.a', '~> 1.0', false],
  ];
  for (const [version, requirement, expected] of cases) assert.equal(satisfiesGemRequirement(version, requirement), expected, `${version} ${requirement}`);
  assert.throws(() => satisfiesGemRequirement('1.0', '=> 1.0'), VersionRangeError);
});

test('the upper end of ~> (Gem::Version#bump) as a version string', () => {
  assert.equal(bumpGemVersion('1.2.3'), '1.3');
  assert.equal(bumpGemVersion('1.2'), '2');
  assert.equal(bumpGemVersion('5'), '6');
  assert.equal(bumpGemVersion('3.0.0.rc1'), '3.1');
  assert.equal(bumpGemVersion('2.0.0-rc1'), '2.1');
  assert.throws(() => bumpGemVersion('junk'), VersionError);
});

test('agrees with the real RubyGems (ruby -e Gem::Version) on a corpus', () => {
  const corpus = ['1.0', '1.0.0', '1', '1.0.a', '1.0.b1', '1.0.a10', '1.0.a9', '1.8.2.a', '1.0.0-alpha', '1.0.0-rc.1', '1.A', '1.a', '1.0.a.0', '1.0.0.a', '2.0.0.rc1', '3.2.22.4', '1.0-1', '1.10', '1.9', '0.0.0', ''];
  const script = `require "json"; vs = JSON.parse(STDIN.read); puts vs.product(vs).map { |a, b| Gem::Version.new(a) <=> Gem::Version.new(b) }.join(",")`;
  const result = spawnSync('ruby', ['-e', script], { input: JSON.stringify(corpus), encoding: 'utf8' });
  assert.ok(result.status === 0 && !result.error, `ruby is required for this test (install the ruby package): ${result.stderr ?? result.error}`);
  const theirs = result.stdout.trim().split(',').map(Number);
  let k = 0;
  for (const a of corpus) for (const b of corpus) assert.equal(compareGem(a, b), theirs[k++], `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
});
