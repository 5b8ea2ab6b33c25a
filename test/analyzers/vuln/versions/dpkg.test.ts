import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { compareDpkg, isValidDpkg, parseDpkgVersion } from '../../../../src/analyzers/vuln/versions/dpkg.js';
import { VersionError } from '../../../../src/analyzers/vuln/versions/version-error.js';

test('parsing follows dpkg lib/dpkg/t/t-version.c', () => {
  // Vectors from dpkg's lib/dpkg/t/t-version.c test_version_parse.
  const parsed: [string, number, string, string][] = [
    ['0', 0, '0', ''],
    ['0:0', 0, '0', ''],
    ['0:0-0', 0, '0', '0'],
    ['0:0.0-0.0', 0, '0.0', '0.0'],
    ['1:0', 1, '0', ''],
    ['5:1', 5, '1', ''],
    ['0:0-0-0', 0, '0-0', '0'],
    ['0:0-0-0-0', 0, '0-0-0', '0'],
    ['0:0:0-0', 0, '0:0', '0'],
    ['0:0:0:0-0', 0, '0:0:0', '0'],
    ['0:0:0-0-0', 0, '0:0-0', '0'],
    ['0:0-0:0-0', 0, '0-0:0', '0'],
    ['0:09azAZ.-+~:-0', 0, '09azAZ.-+~:', '0'],
    ['0:0-azAZ09.+~', 0, '0', 'azAZ09.+~'],
    ['  \t0:0-1', 0, '0', '1'],
    ['0:0-1\t  ', 0, '0', '1'],
  ];
  for (const [text, epoch, upstream, revision] of parsed) {
    assert.deepEqual(parseDpkgVersion(text), { epoch, upstream, revision }, text);
  }
  // Equalities from test_version_compare.
  assert.equal(compareDpkg('0-00', '00-0'), 0);
  assert.equal(compareDpkg('1:2-3', '1:2-3'), 0);
  assert.equal(compareDpkg('0:0-0', '1:0-0'), -1);
  assert.equal(compareDpkg('0:a-0', '0:b-0'), -1);
  assert.equal(compareDpkg('0:0-a', '0:0-b'), -1);
});

test('what dpkg calls a syntax error is a VersionError naming scheme and version', () => {
  // t-version.c error cases, plus the empty revision dpkg 1.21 rejects.
  for (const bad of ['', '  ', '0:', '0:0 0-1', '-1:0-1', '999999999999999999999999:0-1', 'a:0-0', 'A:0-0', '-0', '0:-0', '1.0-', ':1']) {
    assert.throws(() => parseDpkgVersion(bad), (e: unknown) => e instanceof VersionError && e.scheme === 'dpkg' && !e.message.includes('\n'), JSON.stringify(bad));
    assert.equal(isValidDpkg(bad), false);
  }
  // Only warnings in dpkg: still compared.
  for (const odd of ['0:abc3-0', '0:0_a-0', '0:0-0:0']) assert.equal(isValidDpkg(odd), true, odd);
});

test('Debian Policy 5.6.12 ordering: ~ before everything, letters before other symbols, numbers by value', () => {
  const cases: [string, string, number][] = [
    ['1.0~rc1', '1.0', -1],
    ['1.0~~', '1.0~~a', -1],
    ['1.0~~a', '1.0~', -1],
    ['1.0~', '1.0', -1],
    ['1.0', '1.0a', -1],
    ['1.0a', '1.0+', -1],
    ['1.0+dfsg', '1.0.1', -1],
    ['1.0000-1', '1.0-1', 0],
    ['2.2~rc-4', '2.2-1', -1],
    ['1.1-20080727-1', '1.1-20080316-1', 1],
    ['1.0', '1.0-0', 0],
    ['10', '9', 1],
    ['1.0-1+deb12u1', '1.0-1', 1],
    ['1.0-1~bpo12+1', '1.0-1', -1],
    ['1.2.3-0ubuntu0.22.04.1', '1.2.3-0ubuntu1', -1],
    ['1:0.9', '2.0', 1],
    ['99999999999999999999999', '99999999999999999999998', 1],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(compareDpkg(a, b), expected, `${a} vs ${b}`);
    assert.equal(compareDpkg(b, a), -expected || 0, `${b} vs ${a}`);
  }
});

test('agrees with the real dpkg --compare-versions on a corpus of Debian and Ubuntu versions', () => {
  const probe = spawnSync('dpkg', ['--version']);
  assert.ok(probe.status === 0, 'dpkg is required for this test (install the dpkg package)');
  const corpus = ['1.0', '1.0.1', '1:1.0', '1.0-1', '1.0~rc1', '1.0+dfsg-1', '1.0-1ubuntu1', '1.0-1+deb12u1', '1.0-1~bpo12+1', '2.36-9+deb12u4', '3.0.11-1~deb12u2', '1.0.0+git20240101-1', '1.0a', '00'];
  for (let i = 0; i < corpus.length; i++) {
    for (let j = i + 1; j < corpus.length; j++) {
      const a = corpus[i] as string;
      const b = corpus[j] as string;
      const ours = compareDpkg(a, b);
      const op = ours < 0 ? 'lt' : ours > 0 ? 'gt' : 'eq';
      const result = spawnSync('dpkg', ['--compare-versions', a, op, b]);
      assert.equal(result.status, 0, `dpkg disagrees: ${a} ${op} ${b}`);
    }
  }
});
