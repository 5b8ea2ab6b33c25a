import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalGo, compareGo, isGoPseudoVersion, isValidGo } from '../../../../src/analyzers/vuln/versions/go.js';
import { VersionError } from '../../../../src/analyzers/vuln/versions/version-error.js';

// golang.org/x/mod/semver semver_test.go: `tests` is sorted; an empty `out` means invalid.
const X_MOD_TESTS: [string, string][] = [
  ['bad', ''], ['v1-alpha.beta.gamma', ''], ['v1-pre', ''], ['v1+meta', ''], ['v1-pre+meta', ''], ['v1.2-pre', ''], ['v1.2+meta', ''], ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'], ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'], ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'], ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'], ['v1.0.0-beta.11', 'v1.0.0-beta.11'], ['v1.0.0-rc.1', 'v1.0.0-rc.1'], ['v1', 'v1.0.0'], ['v1.0', 'v1.0.0'],
  ['v1.0.0', 'v1.0.0'], ['v1.2', 'v1.2.0'], ['v1.2.0', 'v1.2.0'], ['v1.2.3-456', 'v1.2.3-456'], ['v1.2.3-456.789', 'v1.2.3-456.789'],
  ['v1.2.3-456-789', 'v1.2.3-456-789'], ['v1.2.3-456a', 'v1.2.3-456a'], ['v1.2.3-pre', 'v1.2.3-pre'], ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'], ['v1.2.3-zzz', 'v1.2.3-zzz'], ['v1.2.3', 'v1.2.3'], ['v1.2.3+meta', 'v1.2.3'], ['v1.2.3+meta-pre', 'v1.2.3'],
  ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
];

test('golang.org/x/mod/semver validity, canonical form and order', () => {
  const valid = X_MOD_TESTS.filter(([, out]) => out !== '');
  for (const [input, out] of X_MOD_TESTS) {
    assert.equal(isValidGo(input), out !== '', input);
    if (out !== '') assert.equal(`v${canonicalGo(input)}`, out, input);
  }
  valid.forEach(([a, outA], i) =>
    valid.forEach(([b, outB], j) => {
      const expected = outA === outB ? 0 : i < j ? -1 : 1;
      assert.equal(compareGo(a, b), expected, `${a} vs ${b}`);
    }),
  );
  assert.equal(compareGo('v1.19', 'v1.2'), 1);
});

test('OSV writes Go versions without the v; both forms compare the same', () => {
  assert.equal(compareGo('1.2.3', 'v1.2.3'), 0);
  assert.equal(compareGo('0.0.0-20191109021931-daa7c04131f5', 'v0.1.0'), -1);
});

test('trap: pseudo-versions sort between the release below and the one they precede (trivy#10036)', () => {
  const order = [
    'v0.0.0-20191109021931-daa7c04131f5',
    'v0.0.0-20200101000000-aaaaaaaaaaaa',
    'v1.2.3',
    'v1.2.4-0.20191109021931-daa7c04131f5',
    'v1.2.4-pre',
    'v1.2.4-pre.0.20191109021931-daa7c04131f5',
    'v1.2.4-pre.1',
    'v1.2.4',
  ];
  for (let i = 0; i + 1 < order.length; i++) assert.equal(compareGo(order[i] as string, order[i + 1] as string), -1, `${order[i]} < ${order[i + 1]}`);
  for (const pseudo of order.filter((v) => v.includes('2019') || v.includes('2020'))) assert.equal(isGoPseudoVersion(pseudo), true, pseudo);
  assert.equal(isGoPseudoVersion('v1.2.4-pre.1'), false);
  assert.equal(compareGo('v2.0.0+incompatible', 'v2.0.0'), 0, '+incompatible is build metadata');
  assert.equal(compareGo('v2.0.1+incompatible', 'v2.0.0'), 1);
});

test('Go toolchain versions map as the Go vulnerability database maps tags', () => {
  assert.equal(canonicalGo('go1.21.3'), '1.21.3');
  assert.equal(canonicalGo('go1.21rc2'), '1.21.0-rc.2');
  assert.equal(canonicalGo('1.21rc2'), '1.21.0-rc.2');
  assert.equal(canonicalGo('go1.20'), '1.20.0');
  assert.equal(canonicalGo('go1.9beta1'), '1.9.0-beta.1');
  assert.equal(compareGo('go1.21rc2', '1.21.0'), -1);
  assert.equal(compareGo('go1.21rc2', 'go1.21rc10'), -1);
  assert.equal(compareGo('go1.21.3', '1.21.4'), -1);
  assert.equal(compareGo('go1.22.0', '1.21.13'), 1);
  for (const bad of ['(devel)', 'devel go1.23-abc', 'go', '1.21.3rc']) {
    assert.throws(() => compareGo(bad, '1.0.0'), (e: unknown) => e instanceof VersionError && e.scheme === 'go', bad);
  }
});
