import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lockoutPolicy } from '../../../../src/server/platform/auth/lockout.js';
import { PasswordSignIn, SIGN_IN_FAILED } from '../../../../src/server/platform/auth/sign-in.js';
import { withBothDatabases } from '../../../helpers/postgres.js';
import { authParts, PASSWORD } from './fixture.js';

const FAILED = { ok: false, error: SIGN_IN_FAILED };

test('lockout policy defaults to 5 failures in 15 minutes locking for 15 minutes; nonsense values are refused', () => {
  assert.deepEqual(lockoutPolicy(), { maxFailures: 5, windowMinutes: 15, lockMinutes: 15, maxFailuresPerSource: 50 });
  assert.throws(() => lockoutPolicy({ maxFailures: 0 }), /lockout policy: maxFailures must be a positive integer, not 0/);
});

withBothDatabases('password sign-in', (ctx) => {
  test('the right password signs in and is audited; unknown users and wrong passwords get the same answer', async () => {
    const parts = await authParts(await ctx.fresh());
    const alice = await parts.addUser('alice', ['member'], ['payments']);
    const ok = await parts.signIn.signIn({ username: 'alice', password: PASSWORD, sourceIp: '10.0.0.1' });
    assert.deepEqual(ok, { ok: true, user: alice });
    assert.deepEqual(await parts.signIn.signIn({ username: 'alice', password: 'wrong password!', sourceIp: '10.0.0.1' }), FAILED);
    assert.deepEqual(await parts.signIn.signIn({ username: 'nobody', password: PASSWORD, sourceIp: '10.0.0.1' }), FAILED);
    const entries = (await parts.audit.query()).reverse();
    assert.deepEqual(entries.map((e) => [e.actor, e.action, e.outcome, e.details?.reason]), [
      ['alice', 'auth.sign-in', 'success', undefined],
      ['alice', 'auth.sign-in-failed', 'failure', 'wrong-password'],
      ['nobody', 'auth.sign-in-failed', 'failure', 'unknown-user'],
    ]);
    assert.ok(entries.every((e) => e.sourceIp === '10.0.0.1'));
    assert.ok(!JSON.stringify(entries).includes('wrong password!'), 'passwords never reach the audit trail');
  });

  test('5 wrong passwords lock the account for 15 minutes: even the right password fails, with the same message; then it works again', async () => {
    const parts = await authParts(await ctx.fresh());
    await parts.addUser('bob', ['security-admin']);
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(await parts.signIn.signIn({ username: 'bob', password: `guess number ${i}`, sourceIp: '10.0.0.2' }), FAILED);
      parts.clock.advanceMinutes(1);
    }
    assert.equal((await parts.audit.query({ action: 'auth.account-locked' })).length, 0, 'four failures do not lock');
    assert.deepEqual(await parts.signIn.signIn({ username: 'bob', password: 'guess number 5', sourceIp: '10.0.0.2' }), FAILED);
    const [lock] = await parts.audit.query({ action: 'auth.account-locked' });
    assert.equal(lock?.target, 'user:bob');
    assert.deepEqual(lock?.details, { failures: 5, windowMinutes: 15, lockedUntil: '2026-05-01T08:19:00.000Z' });

    parts.clock.advanceMinutes(14);
    assert.deepEqual(await parts.signIn.signIn({ username: 'bob', password: PASSWORD, sourceIp: '10.0.0.3' }), FAILED, 'locked: the right password fails too');
    const [lockedTry] = await parts.audit.query({ action: 'auth.sign-in-failed', limit: 1 });
    assert.equal(lockedTry?.details?.reason, 'locked (correct password)');

    parts.clock.advanceMinutes(1);
    assert.equal((await parts.signIn.signIn({ username: 'bob', password: PASSWORD })).ok, true, 'the lock ends after 15 minutes');
    assert.equal(await parts.identity.lockedUntil((await parts.identity.findUserByUsername('bob'))!.id), undefined);
    assert.equal((await parts.audit.verify()).ok, true);
  });

  test('failures spread beyond the window do not lock; a success resets the count', async () => {
    const parts = await authParts(await ctx.fresh());
    await parts.addUser('carol', ['member']);
    for (let i = 0; i < 6; i++) {
      await parts.signIn.signIn({ username: 'carol', password: 'not the password' });
      parts.clock.advanceMinutes(4); // 6 failures, but at most 4 in any 15-minute window
    }
    assert.equal((await parts.signIn.signIn({ username: 'carol', password: PASSWORD })).ok, true);
    for (let i = 0; i < 4; i++) await parts.signIn.signIn({ username: 'carol', password: 'not the password' });
    assert.equal((await parts.signIn.signIn({ username: 'carol', password: PASSWORD })).ok, true, 'the earlier failures were cleared by the success');
    assert.equal((await parts.audit.query({ action: 'auth.account-locked' })).length, 0);
  });

  test('one source guessing across accounts is refused once over its limit, whatever the password', async () => {
    const parts = await authParts(await ctx.fresh());
    const signIn = new PasswordSignIn(parts.identity, parts.audit, { now: parts.clock.now, lockout: { maxFailuresPerSource: 3 } });
    await parts.addUser('dave', ['member']);
    for (const name of ['x1', 'x2', 'x3']) await signIn.signIn({ username: name, password: 'spray password 1', sourceIp: '203.0.113.9' });
    assert.deepEqual(await signIn.signIn({ username: 'dave', password: PASSWORD, sourceIp: '203.0.113.9' }), FAILED);
    assert.equal((await parts.audit.query({ limit: 1 }))[0]?.details?.reason, 'source-rate-limited');
    assert.equal((await signIn.signIn({ username: 'dave', password: PASSWORD, sourceIp: '198.51.100.7' })).ok, true, 'other sources are unaffected');
    parts.clock.advanceMinutes(16);
    assert.equal((await signIn.signIn({ username: 'dave', password: PASSWORD, sourceIp: '203.0.113.9' })).ok, true, 'the source recovers after the window');
  });

  test('disabled users and OIDC-only accounts cannot sign in with a password', async () => {
    const parts = await authParts(await ctx.fresh());
    const erin = await parts.addUser('erin', ['member']);
    await parts.identity.setDisabled(erin.id, true);
    await parts.identity.createUser({ username: 'sso-user', roles: ['member'], auth: 'oidc', oidcSubject: 'https://idp|1' });
    assert.deepEqual(await parts.signIn.signIn({ username: 'erin', password: PASSWORD }), FAILED);
    assert.deepEqual(await parts.signIn.signIn({ username: 'sso-user', password: PASSWORD }), FAILED);
    assert.deepEqual((await parts.audit.query()).map((e) => e.details?.reason), ['no-local-password', 'disabled']);
  });
});
