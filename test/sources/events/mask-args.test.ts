import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskArgs } from '../../../src/sources/events/mask-args.js';

test('secret flag values, secret assignments, URL passwords and bearer tokens are masked', () => {
  const masked = maskArgs([
    '/usr/bin/mysql', '--password=Sup3rS3cretPw!', '--token', 'ghp_abcdefghijklmnop1234', 'DB_PASSWORD=hunter2hunter2',
    'postgres://app:p4ssw0rd-long@db:5432/app', '-H', 'Authorization:', 'Bearer', 'eyJhbGciOi.payload.sig',
  ]);
  const joined = masked.join(' ');
  for (const secret of ['Sup3rS3cretPw!', 'ghp_abcdefghijklmnop1234', 'hunter2hunter2', 'p4ssw0rd-long', 'eyJhbGciOi.payload.sig']) assert.ok(!joined.includes(secret), secret);
  assert.equal(masked[0], '/usr/bin/mysql');
  assert.match(masked[1] ?? '', /^--password=Su\*+w!$/);
  assert.equal(masked[2], '--token');
  assert.match(masked[5] ?? '', /^postgres:\/\/app:p4\*+ng@db:5432\/app$/);
});

test('ordinary arguments and flags naming files or modes are kept', () => {
  const args = ['kube-apiserver', '--authorization-mode=Node,RBAC', '--token-auth-file=/etc/kubernetes/tokens.csv', '--service-account-key-file', '/etc/kubernetes/pki/sa.pub', 'ls', '-la', '/etc'];
  assert.deepEqual(maskArgs(args), args);
});
