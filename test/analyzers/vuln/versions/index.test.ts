import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VERSION_SCHEMES } from '../../../../src/model/advisory.js';
import { assertValidVersion, compareVersions, isAffected, isValidVersion, VersionError } from '../../../../src/analyzers/vuln/versions/index.js';

test('every scheme in the model has a comparator', () => {
  const sample: Record<string, [string, string]> = {
    dpkg: ['1.0-1', '1.0-2'], apk: ['1.0-r0', '1.0-r1'], rpm: ['1.0-1.el9', '1.0-2.el9'], semver: ['1.0.0', '1.0.1'], npm: ['1.0.0', '1.0.1'],
    pep440: ['1.0', '1.0.post1'], maven: ['1.0', '1.0.1'], go: ['v1.0.0', 'v1.0.1'], gem: ['1.0', '1.0.1'], composer: ['1.0', '1.0.1'], nuget: ['1.0', '1.0.1'],
  };
  for (const scheme of VERSION_SCHEMES) {
    const [a, b] = sample[scheme] as [string, string];
    assert.equal(compareVersions(scheme, a, b), -1, scheme);
    assert.equal(compareVersions(scheme, b, a), 1, scheme);
    assert.equal(compareVersions(scheme, a, a), 0, scheme);
  }
});

test('OSV range semantics: introduced inclusive, fixed exclusive, lastAffected inclusive, 0 or absent from the beginning', () => {
  const range = [{ introduced: '1.2.0', fixed: '1.2.5' }];
  assert.equal(isAffected('semver', '1.1.9', range), false);
  assert.equal(isAffected('semver', '1.2.0', range), true);
  assert.equal(isAffected('semver', '1.2.4', range), true);
  assert.equal(isAffected('semver', '1.2.5', range), false);
  assert.equal(isAffected('semver', '1.2.5-rc.1', range), true, 'a pre-release of the fix is still affected');
  assert.equal(isAffected('npm', '0.0.1', [{ introduced: '0', fixed: '1.0.0' }]), true, '"0" is the beginning even where it is not a valid version');
  assert.equal(isAffected('npm', '0.0.1', [{ fixed: '1.0.0' }]), true);
  assert.equal(isAffected('pep440', '2.0', [{ introduced: '1.0', lastAffected: '2.0' }]), true);
  assert.equal(isAffected('pep440', '2.0.post1', [{ introduced: '1.0', lastAffected: '2.0' }]), false);
  assert.equal(isAffected('maven', '9.0', [{ introduced: '1.0' }]), true, 'no upper bound: every later version');
  const twoIntervals = [{ introduced: '1.0', fixed: '1.5' }, { introduced: '2.0', fixed: '2.3' }];
  assert.equal(isAffected('gem', '1.7', twoIntervals), false);
  assert.equal(isAffected('gem', '2.1', twoIntervals), true);
  assert.equal(isAffected('dpkg', '1.0-1', []), true, 'no ranges and no versions: every version');
  assert.equal(isAffected('dpkg', '1.0-1', [], []), true);
  assert.equal(isAffected('pep440', '1.0.0', [], ['1.0']), true, 'enumerated versions match by the scheme\'s equality');
  assert.equal(isAffected('pep440', '1.0.1', [], ['1.0']), false);
  assert.equal(isAffected('npm', '1.0.1', [{ introduced: '2.0.0' }], ['1.0.1']), true, 'versions are in addition to ranges');
});

test('trap: epochs (dpkg and rpm), and RPM missing epoch = 0', () => {
  assert.equal(isAffected('dpkg', '1:2.0-1', [{ fixed: '2:1.0-1' }]), true);
  assert.equal(isAffected('dpkg', '1:2.0-1', [{ fixed: '3.0-1' }]), false, 'an epoch outranks any upstream version');
  assert.equal(isAffected('rpm', '1.0-1.el8', [{ fixed: '0:1.0-2.el8' }]), true);
  assert.equal(isAffected('rpm', '1:1.0-1.el8', [{ fixed: '1.0-2.el8' }]), false);
});

test('trap: ~ sorts before the release (dpkg, rpm)', () => {
  assert.equal(isAffected('dpkg', '2.0~rc1-1', [{ fixed: '2.0-1' }]), true);
  assert.equal(isAffected('dpkg', '1.0-1~deb12u1', [{ fixed: '1.0-1' }]), true);
  assert.equal(isAffected('rpm', '2.0~rc1-1.fc40', [{ fixed: '2.0-1.fc40' }]), true);
});

test('trap: _rc1 against -r0 on Alpine (trivy#245)', () => {
  assert.equal(isAffected('apk', '1.6_rc1-r0', [{ fixed: '1.6-r0' }]), true);
  assert.equal(isAffected('apk', '1.6-r0', [{ fixed: '1.6-r0' }]), false);
});

test('trap: Go pseudo-versions against a fixed tag', () => {
  const ranges = [{ introduced: '0', fixed: '0.17.0' }];
  assert.equal(isAffected('go', 'v0.0.0-20191109021931-daa7c04131f5', ranges), true);
  assert.equal(isAffected('go', 'v0.16.1-0.20240101000000-abcdefabcdef', ranges), true);
  assert.equal(isAffected('go', 'v0.17.1-0.20240101000000-abcdefabcdef', ranges), false);
  assert.equal(isAffected('go', 'go1.21rc2', [{ introduced: '1.21.0-0', fixed: '1.21.4' }]), true);
});

test('trap: vendor suffixes (Maven keeps 1.6.1-hudson-3 after 1.6.1; SemVer reads -cb-6 as a pre-release)', () => {
  assert.equal(isAffected('maven', '1.6.1-hudson-3', [{ fixed: '1.6.2' }]), true);
  assert.equal(isAffected('maven', '1.6.1-hudson-3', [{ lastAffected: '1.6.1' }]), false);
  assert.equal(isAffected('semver', '2.277.2-cb-6', [{ fixed: '2.277.2' }]), true, 'in SemVer a suffix is a pre-release: why the scheme must be the ecosystem\'s own');
});

test('unreadable versions throw one-line VersionErrors naming scheme and version; callers decide', () => {
  for (const [scheme, bad] of [['apk', '20.10.11.r0'], ['npm', 'latest'], ['go', '(devel)'], ['dpkg', '1.0 beta'], ['pep440', 'french toast']] as const) {
    assert.equal(isValidVersion(scheme, bad), false);
    assert.throws(() => assertValidVersion(scheme, bad), VersionError);
    assert.throws(
      () => isAffected(scheme, bad, []),
      (e: unknown) => e instanceof VersionError && e.scheme === scheme && e.version === bad && e.message.includes(scheme) && !e.message.includes('\n'),
    );
  }
  assert.throws(() => isAffected('npm', '1.0.0', [{ fixed: 'next' }]), (e: unknown) => e instanceof VersionError && e.version === 'next');
  assert.equal(isAffected('npm', '1.0.0', [], ['not-a-version', '1.0.0']), true, 'an unreadable enumerated version is skipped, not fatal');
});
