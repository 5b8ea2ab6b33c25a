import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskArgs } from '../../../src/sources/events/mask-args.js';

const SECRETS = ['hunter2-long-password', 'tok_abcdefghijklmnop', 'wJalrXUtnFEMIK7MDENG', 'pa55w0rd-in-url', 'MyS3cretPw'];

function assertNoSecret(argv: string[], secrets = SECRETS): void {
  const text = argv.join(' ');
  for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} leaked in: ${text}`);
}

test('secret flag values, secret assignments, URL passwords and bearer tokens are masked', () => {
  const masked = maskArgs([
    '/usr/bin/mysql', '--password=Sup3rS3cretPw!', '--token', 'ghp_abcdefghijklmnop1234', 'DB_PASSWORD=hunter2hunter2',
    'postgres://app:p4ssw0rd-long@db:5432/app', '-H', 'Authorization:', 'Bearer', 'eyJhbGciOi.payload.sig',
  ]);
  assertNoSecret(masked, ['Sup3rS3cretPw!', 'ghp_abcdefghijklmnop1234', 'hunter2hunter2', 'p4ssw0rd-long', 'eyJhbGciOi.payload.sig']);
  assert.equal(masked[0], '/usr/bin/mysql');
  assert.match(masked[1] ?? '', /^--password=Su\*+w!$/);
  assert.equal(masked[2], '--token');
  assert.match(masked[5] ?? '', /^postgres:\/\/app:p4\*+ng@db:5432\/app$/);
  assert.deepEqual(masked.slice(6, 8), ['-H', 'Authorization:']);
});

test('credential options glued with = and given as the next argument; the options after them are kept', () => {
  const out = maskArgs(['app', '--password=hunter2-long-password', '--token', 'tok_abcdefghijklmnop', '--verbose', 'file.txt']);
  assertNoSecret(out);
  assert.equal(out[0], 'app');
  assert.match(out[1] as string, /^--password=hu\*+rd$/);
  assert.equal(out[2], '--token');
  assert.deepEqual(out.slice(4), ['--verbose', 'file.txt']);
  // A secret option followed by another option: the option is not taken for its value.
  assert.deepEqual(maskArgs(['app', '--password', '--verbose']), ['app', '--password', '--verbose']);
  assert.deepEqual(maskArgs(['app', '--password', 'hunter2hunter2', '--db-token=abcdefghijklmnop']), ['app', '--password', 'hu**********r2', '--db-token=ab************op']);
});

test('NAME=value pairs with secret names, URL passwords, curl -u and Authorization headers', () => {
  const out = maskArgs([
    'env', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENG', 'HOME=/root', 'curl', 'https://admin:pa55w0rd-in-url@db.local/x',
    '-u', 'bob:hunter2-long-password', '-H', 'Authorization: Bearer tok_abcdefghijklmnop',
  ]);
  assertNoSecret(out);
  assert.equal(out[2], 'HOME=/root');
  assert.match(out[4] as string, /^https:\/\/admin:.+@db\.local\/x$/);
  assert.equal(out[8], 'Authorization: Bearer to************op');
  assert.deepEqual(maskArgs(['env', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'ls']), ['env', 'AWS_SECRET_ACCESS_KEY=wJ************EY', 'ls']);
  assert.deepEqual(maskArgs(['curl', '-H', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'https://user:pa55word123@api.example/x']), [
    'curl', '-H', 'Authorization: Bearer ey************ig', 'https://user:pa*******23@api.example/x',
  ]);
  const curl = maskArgs(['curl', '-u', 'bob:hunter2-long-password', '-H', 'Proxy-Authorization: Digest username=bob', '-H', 'X-Api-Key: tok_abcdefghijklmnop']);
  assertNoSecret(curl);
  assert.match(curl[2] as string, /^bob:hu\*+rd$/);
  assert.match(curl[4] as string, /^Proxy-Authorization: Digest us\*+ob$/, 'any scheme of an Authorization header stays readable');
  assert.match(curl[6] as string, /^X-Api-Key: to\*+op$/);
});

test('secrets inside a longer argument: a URL in a shell script, a token after its scheme, a secret pair as an option value', () => {
  const out = maskArgs(['sh', '-c', 'curl -s https://ci:pa55w0rd-in-url@git.local/repo && echo token tok_abcdefghijklmnop', '--from-literal=password=hunter2-long-password']);
  assertNoSecret(out);
  assert.match(out[2] as string, /^curl -s https:\/\/ci:pa\*+rl@git\.local\/repo && echo token to\*+op$/);
  assert.match(out[3] as string, /^--from-literal=password=hu\*+rd$/);
  assert.deepEqual(maskArgs(['redis-cli', '-u', 'redis://:pa55w0rd-in-url@cache:6379']), ['redis-cli', '-u', 'redis://:pa***********rl@cache:6379']);
});

test("mysql's glued -p and sshpass -p are masked, not -p of other programs", () => {
  const mysql = maskArgs(['/usr/bin/mysql', '-uroot', '-pMyS3cretPw', 'db']);
  assertNoSecret(mysql);
  assert.match(mysql[2] as string, /^-pMy\*+Pw$/);
  assert.deepEqual(maskArgs(['mysql', '-uroot', '-pS3cretPassw0rd', 'db']), ['mysql', '-uroot', '-pS3**********rd', 'db']);
  assertNoSecret(maskArgs(['sshpass', '-p', 'MyS3cretPw', 'ssh', 'host']));
  assert.deepEqual(maskArgs(['mkdir', '-p', '/var/lib/x']), ['mkdir', '-p', '/var/lib/x']);
  assert.deepEqual(maskArgs(['docker', 'run', '-p8080:80', '-u', '0:0', 'nginx']), ['docker', 'run', '-p8080:80', '-u', '0:0', 'nginx'], 'a port and a uid:gid are not passwords');
});

test('ordinary arguments, negated flags and flags naming files, modes or stdin are kept', () => {
  const args = ['kube-apiserver', '--authorization-mode=Node,RBAC', '--token-auth-file=/etc/kubernetes/tokens.csv', '--service-account-key-file', '/etc/kubernetes/pki/sa.pub', 'ls', '-la', '/etc'];
  assert.deepEqual(maskArgs(args), args);
  assert.deepEqual(maskArgs(['curl', '--no-auth', 'http://x']), ['curl', '--no-auth', 'http://x']);
  assert.deepEqual(maskArgs(['docker', 'login', '--password-stdin', 'registry.local']), ['docker', 'login', '--password-stdin', 'registry.local']);
  assert.deepEqual(maskArgs(['kubelet', '--authentication-token-webhook', '--passive', 'x']), ['kubelet', '--authentication-token-webhook', '--passive', 'x']);
  assert.deepEqual(maskArgs([]), []);
});
