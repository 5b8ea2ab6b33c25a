import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARGON2_OPTIONS, hashPassword, passwordPolicyError, verifyDummyPassword, verifyPassword } from '../../../../src/server/platform/auth/passwords.js';

test('passwords are argon2id PHC strings with at least OWASP parameters (19 MiB, t=2, p=1) and a random salt', async () => {
  const phc = await hashPassword('correct horse battery staple');
  assert.match(phc, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.ok(ARGON2_OPTIONS.memoryCost >= 19 * 1024 && ARGON2_OPTIONS.timeCost >= 2);
  assert.notEqual(await hashPassword('correct horse battery staple'), phc, 'each hash has its own salt');
  assert.equal(await verifyPassword(phc, 'correct horse battery staple'), true);
  assert.equal(await verifyPassword(phc, 'correct horse battery stapl'), false);
  assert.equal(await verifyPassword('not a phc string', 'x'), false);
});

test('password policy: at least 12 characters (counted as characters, not bytes), at most 256, not the username', () => {
  assert.equal(passwordPolicyError('alice', 'short-pass1'), 'password must be at least 12 characters');
  assert.equal(passwordPolicyError('alice', '密码密码密码密码密码密码'), undefined);
  assert.equal(passwordPolicyError('alice', '密码密码密码'), 'password must be at least 12 characters');
  assert.equal(passwordPolicyError('alice.zhang.ops', 'Alice.Zhang.Ops'), 'password must not be the username');
  assert.equal(passwordPolicyError('alice', 'x'.repeat(257)), 'password must be at most 256 characters');
  assert.equal(passwordPolicyError('alice', 'a long enough passphrase'), undefined);
});

test('the dummy verification for unknown users does the same argon2 work as a real one', async () => {
  const phc = await hashPassword('a long enough passphrase');
  await verifyDummyPassword('warm-up');
  const time = async (work: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const real: number[] = [];
  const dummy: number[] = [];
  for (let i = 0; i < 5; i++) {
    real.push(await time(() => verifyPassword(phc, 'wrong password here')));
    dummy.push(await time(() => verifyDummyPassword('wrong password here')));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
  assert.equal(await verifyDummyPassword('anything'), false);
  assert.ok(median(dummy) > median(real) * 0.5 && median(dummy) < median(real) * 2, `dummy ${median(dummy)} ms vs real ${median(real)} ms`);
});
