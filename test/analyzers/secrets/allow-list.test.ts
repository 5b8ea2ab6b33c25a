import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { globToRegExp, isPathAllowListed, loadSecretAllowList, parseSecretAllowList } from '../../../src/analyzers/secrets/allow-list.js';

const SHA = 'a'.repeat(64);

test('loads an allow-list file with rules, paths and hashes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-allow-'));
  try {
    const file = path.join(dir, 'secrets-allow.yaml');
    writeFileSync(file, `# known test material\ndisabledRules: [jwt]\npaths:\n  - /srv/test/**\n  - "*.example.pem"\nsecrets:\n  - sha256: ${SHA.toUpperCase()}\n    note: README demo key\n`);
    const list = loadSecretAllowList(file);
    assert.deepEqual([...list.disabledRules], ['jwt']);
    assert.deepEqual([...list.sha256], [SHA]);
    assert.ok(isPathAllowListed(list, '/srv/test/keys/id_rsa'));
    assert.ok(isPathAllowListed(list, '/etc/tls/server.example.pem'));
    assert.ok(!isPathAllowListed(list, '/srv/app/keys/id_rsa'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an empty file allows nothing', () => {
  const list = parseSecretAllowList('', 'empty.yaml');
  assert.equal(list.paths.length + list.sha256.size + list.disabledRules.size, 0);
});

test('globs: ** crosses directories, * and ? stay within one, a relative glob matches at any depth', () => {
  assert.ok(globToRegExp('/srv/**').test('/srv/a/b/c'));
  assert.ok(globToRegExp('/srv/**/key.pem').test('/srv/key.pem'));
  assert.ok(!globToRegExp('/srv/*.pem').test('/srv/a/key.pem'));
  assert.ok(globToRegExp('/srv/ke?.pem').test('/srv/key.pem'));
  assert.ok(globToRegExp('fixtures/*.pem').test('/app/spec/fixtures/x.pem'));
  assert.ok(!globToRegExp('/srv/a.pem').test('/srv/aXpem'), 'dots are literal');
});

test('bad input: one clear line naming the file and the field', () => {
  const cases: [string, RegExp][] = [
    ['rules: [jwt]\n', /^allow\.yaml: rules: unknown field \(expected disabledRules, paths or secrets\)$/],
    ['disabledRules: [no-such-rule]\n', /^allow\.yaml: disabledRules\[0\]: unknown secret rule "no-such-rule"$/],
    ['paths: /srv/test\n', /^allow\.yaml: paths: expected a list of strings$/],
    ['paths: [/ok, 5]\n', /^allow\.yaml: paths\[1\]: expected a string, got 5$/],
    ['secrets:\n  - sha256: hunter2\n', /^allow\.yaml: secrets\[0\]\.sha256: expected 64 hexadecimal digits, the SHA-256 of the secret \(never the secret itself\)$/],
    [`secrets:\n  - sha256: ${SHA}\n    value: hunter2\n`, /^allow\.yaml: secrets\[0\]\.value: unknown field \(expected sha256 or note\)$/],
    ['- just\n- a list\n', /^allow\.yaml: expected a mapping with disabledRules, paths and secrets$/],
    ['paths: [unclosed\n', /^allow\.yaml: not valid YAML: .+\(line \d+\)$/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseSecretAllowList(text, 'allow.yaml'), (err: Error) => {
      assert.match(err.message, message);
      assert.equal(err.message.includes('\n'), false);
      return true;
    });
  }
  assert.throws(() => loadSecretAllowList('/nonexistent/allow.yaml'), /^Error: \/nonexistent\/allow\.yaml: cannot read the secret allow-list: ENOENT$/);
});
