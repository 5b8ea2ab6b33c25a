import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { SessionManager } from '../../../../src/server/platform/auth/sessions.js';
import { withBothDatabases } from '../../../helpers/postgres.js';
import { authParts } from './fixture.js';

withBothDatabases('sessions', (ctx) => {
  test('a session id is 256 random bits, stored only as its SHA-256; the CSRF token is derived, distinct and stable', async () => {
    const parts = await authParts(await ctx.fresh());
    const alice = await parts.addUser('alice', ['member'], ['payments']);
    const { sessionId, csrfToken, expiresAt } = await parts.sessions.create(alice, '10.0.0.1');
    assert.equal(Buffer.from(sessionId, 'base64url').length, 32);
    assert.equal(expiresAt, '2026-05-01T20:00:00.000Z', 'absolute expiry 12 h after sign-in');
    const stored = await parts.identity.getSession(createHash('sha256').update(sessionId).digest('hex'));
    assert.equal(stored?.userId, alice.id);
    assert.equal(stored?.sourceIp, '10.0.0.1');
    assert.notEqual(csrfToken, stored?.idHash);
    assert.equal(parts.sessions.csrfTokenFor(sessionId), csrfToken);
    assert.equal(parts.sessions.checkCsrf(sessionId, csrfToken), true);
    assert.equal(parts.sessions.checkCsrf(sessionId, csrfToken.slice(0, -1) + (csrfToken.endsWith('A') ? 'B' : 'A')), false);
    assert.equal(parts.sessions.checkCsrf(sessionId, undefined), false);
    const second = await parts.sessions.create(alice);
    assert.notEqual(second.sessionId, sessionId);
    assert.notEqual(second.csrfToken, csrfToken);
    const authenticated = await parts.sessions.authenticate(sessionId);
    assert.deepEqual(authenticated?.principal, { kind: 'user', id: alice.id, name: 'alice', roles: ['member'], teams: ['payments'] });
    assert.equal(await parts.sessions.authenticate('not-a-session'), undefined);
    assert.equal(await parts.sessions.authenticate(undefined), undefined);
  });

  test('idle timeout: 30 minutes without a request ends the session; requests keep it alive', async () => {
    const parts = await authParts(await ctx.fresh());
    const bob = await parts.addUser('bob', ['auditor']);
    const { sessionId } = await parts.sessions.create(bob);
    for (let i = 0; i < 6; i++) {
      parts.clock.advanceMinutes(29);
      assert.ok(await parts.sessions.authenticate(sessionId), `request ${i + 1}, 29 minutes after the previous one`);
    }
    parts.clock.advanceMinutes(30);
    assert.equal(await parts.sessions.authenticate(sessionId), undefined);
    assert.equal(await parts.identity.countUserSessions(bob.id), 0, 'the idle session is deleted');
  });

  test('absolute timeout: a session in constant use still ends 12 hours after sign-in', async () => {
    const parts = await authParts(await ctx.fresh());
    const carol = await parts.addUser('carol', ['member']);
    const { sessionId } = await parts.sessions.create(carol);
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      parts.clock.advanceMinutes(20);
      assert.ok(await parts.sessions.authenticate(sessionId), `at ${minutes + 20} minutes`);
    }
    parts.clock.advanceMinutes(20); // 12 h exactly
    assert.equal(await parts.sessions.authenticate(sessionId), undefined);
  });

  test('custom timeouts apply', async () => {
    const parts = await authParts(await ctx.fresh());
    const sessions = new SessionManager(parts.identity, { idleMinutes: 5, absoluteHours: 1, now: parts.clock.now });
    const dave = await parts.addUser('dave', ['member']);
    const { sessionId } = await sessions.create(dave);
    parts.clock.advanceMinutes(4);
    assert.ok(await sessions.authenticate(sessionId));
    parts.clock.advanceMinutes(5);
    assert.equal(await sessions.authenticate(sessionId), undefined);
  });

  test('sign-out, a role change and disabling the user each end sessions; a team change does not but is seen at once', async () => {
    const parts = await authParts(await ctx.fresh());
    const erin = await parts.addUser('erin', ['member'], ['web']);
    const a = await parts.sessions.create(erin);
    assert.equal(await parts.sessions.revoke(a.sessionId), true);
    assert.equal(await parts.sessions.authenticate(a.sessionId), undefined);

    const b = await parts.sessions.create(erin);
    await parts.identity.setTeams(erin.id, ['web', 'api']);
    assert.deepEqual((await parts.sessions.authenticate(b.sessionId))?.principal.teams, ['api', 'web']);
    await parts.identity.setRoles(erin.id, ['security-admin']);
    assert.equal(await parts.sessions.authenticate(b.sessionId), undefined, 'roles changed: signed out');

    const c = await parts.sessions.create((await parts.identity.getUser(erin.id))!);
    await parts.identity.setDisabled(erin.id, true);
    assert.equal(await parts.sessions.authenticate(c.sessionId), undefined, 'disabled: signed out');
  });

  test('prune removes expired and idle sessions', async () => {
    const parts = await authParts(await ctx.fresh());
    const frank = await parts.addUser('frank', ['member']);
    await parts.sessions.create(frank);
    parts.clock.advanceMinutes(20);
    const fresh = await parts.sessions.create(frank);
    parts.clock.advanceMinutes(15);
    assert.equal(await parts.sessions.prune(), 1);
    assert.ok(await parts.sessions.authenticate(fresh.sessionId));
  });
});
