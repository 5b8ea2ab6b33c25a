import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskArgv } from '../../../../src/sources/events/node/mask-args.js';

const SECRETS = ['hunter2-long-password', 'tok_abcdefghijklmnop', 'wJalrXUtnFEMIK7MDENG', 'pa55w0rd-in-url', 'MyS3cretPw'];

function assertNoSecret(argv: string[]): void {
  const text = argv.join(' ');
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} leaked in: ${text}`);
}

test('masks credential options glued with = and given as the next argument', () => {
  const out = maskArgv(['app', '--password=hunter2-long-password', '--token', 'tok_abcdefghijklmnop', '--verbose', 'file.txt']);
  assertNoSecret(out);
  assert.equal(out[0], 'app');
  assert.match(out[1] as string, /^--password=hu\*+rd$/);
  assert.equal(out[2], '--token');
  assert.deepEqual(out.slice(4), ['--verbose', 'file.txt']);
});

test('masks NAME=value pairs with secret names, URL passwords, curl -u and Authorization headers', () => {
  const out = maskArgv([
    'env', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENG', 'HOME=/root', 'curl', 'https://admin:pa55w0rd-in-url@db.local/x',
    '-u', 'bob:hunter2-long-password', '-H', 'Authorization: Bearer tok_abcdefghijklmnop',
  ]);
  assertNoSecret(out);
  assert.equal(out[2], 'HOME=/root');
  assert.match(out[4] as string, /^https:\/\/admin:.+@db\.local\/x$/);
  assert.match(out[6] as string, /^bob:/);
  assert.match(out[8] as string, /^Authorization: Bearer /);
});

test("masks mysql's glued -p and sshpass -p, but not -p of other programs", () => {
  const mysql = maskArgv(['/usr/bin/mysql', '-uroot', '-pMyS3cretPw', 'db']);
  assertNoSecret(mysql);
  assert.match(mysql[2] as string, /^-pMy\*+Pw$/);
  assertNoSecret(maskArgv(['sshpass', '-p', 'MyS3cretPw', 'ssh', 'host']));
  assert.deepEqual(maskArgv(['mkdir', '-p', '/var/lib/x']), ['mkdir', '-p', '/var/lib/x']);
  assert.deepEqual(maskArgv(['curl', '--no-auth', 'http://x']), ['curl', '--no-auth', 'http://x']);
});
