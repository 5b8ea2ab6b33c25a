import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdentityStore } from '../../../src/store/platform/identity.js';
import type { Role } from '../../../src/model/platform.js';
import { withBothDatabases } from '../../helpers/postgres.js';

const T0 = '2026-05-01T08:00:00.000Z';

withBothDatabases('identity store', (ctx) => {
  test('users: create with roles and teams, find by id, username and OIDC subject, list, team members', async () => {
    const identity = await IdentityStore.open(await ctx.fresh());
    const alice = await identity.createUser({ username: 'alice', displayName: 'Alice Wang', email: 'alice@bank.example', roles: ['member'], teams: ['payments', 'cards'], auth: 'local', passwordHash: '$argon2id$fake', createdAt: T0 });
    const sso = await identity.createUser({ username: 'bob', roles: ['auditor'], auth: 'oidc', oidcSubject: 'https://idp.example|b-1' });
    assert.deepEqual(alice, { id: alice.id, username: 'alice', displayName: 'Alice Wang', email: 'alice@bank.example', roles: ['member'], teams: ['cards', 'payments'], auth: 'local', disabled: false, createdAt: T0 });
    assert.deepEqual(await identity.getUser(alice.id), alice);
    assert.deepEqual(await identity.findUserByUsername('alice'), alice);
    assert.equal((await identity.findUserByOidcSubject('https://idp.example|b-1'))?.id, sso.id);
    assert.equal(await identity.findUserByOidcSubject('https://idp.example|nobody'), undefined);
    assert.deepEqual((await identity.listUsers()).map((u) => u.username), ['alice', 'bob']);
    assert.deepEqual((await identity.listTeamMembers('payments')).map((u) => u.username), ['alice']);
    assert.equal(await identity.getPasswordHash(alice.id), '$argon2id$fake');
    assert.equal(await identity.getPasswordHash(sso.id), undefined);
    await assert.rejects(identity.createUser({ username: 'alice', roles: [], auth: 'local' }), /user alice already exists/);
    await assert.rejects(identity.createUser({ username: 'carol', roles: ['root' as Role], auth: 'local' }), /unknown role "root"/);
    assert.equal(await identity.findUserByUsername('carol'), undefined, 'a refused user leaves nothing behind');
  });

  test('changing roles or disabling a user ends their sessions; unchanged roles and team changes keep them', async () => {
    const identity = await IdentityStore.open(await ctx.fresh());
    const user = await identity.createUser({ username: 'dave', roles: ['member'], teams: ['web'], auth: 'local' });
    const session = (n: number) => ({ idHash: `h${n}`, userId: user.id, createdAt: T0, lastSeenAt: T0, expiresAt: '2026-05-01T20:00:00.000Z', sourceIp: '127.0.0.1' });
    await identity.createSession(session(1));
    await identity.createSession(session(2));
    assert.deepEqual(await identity.getSession('h1'), session(1));
    assert.equal(await identity.setRoles(user.id, ['member']), false);
    assert.equal(await identity.setTeams(user.id, ['web', 'api']), true);
    assert.equal(await identity.countUserSessions(user.id), 2);
    assert.deepEqual((await identity.getUser(user.id))?.teams, ['api', 'web']);
    assert.equal(await identity.setRoles(user.id, ['member', 'security-admin']), true);
    assert.equal(await identity.countUserSessions(user.id), 0);
    assert.deepEqual((await identity.getUser(user.id))?.roles, ['member', 'security-admin']);

    await identity.createSession(session(3));
    await identity.setDisabled(user.id, true);
    assert.equal(await identity.getSession('h3'), undefined);
    assert.equal((await identity.getUser(user.id))?.disabled, true);
    await identity.setDisabled(user.id, false);
    await assert.rejects(identity.setDisabled('no-such-id', true), /user no-such-id does not exist/);

    await identity.createSession(session(4));
    await identity.setPasswordHash(user.id, '$argon2id$new');
    assert.equal(await identity.getSession('h4'), undefined, 'a password change signs out everywhere');
    assert.equal(await identity.getPasswordHash(user.id), '$argon2id$new');
  });

  test('sessions: touch, delete, prune by absolute expiry and idleness', async () => {
    const identity = await IdentityStore.open(await ctx.fresh());
    const user = await identity.createUser({ username: 'erin', roles: ['member'], auth: 'local' });
    await identity.createSession({ idHash: 'expired', userId: user.id, createdAt: T0, lastSeenAt: T0, expiresAt: '2026-05-01T09:00:00.000Z' });
    await identity.createSession({ idHash: 'idle', userId: user.id, createdAt: T0, lastSeenAt: T0, expiresAt: '2026-05-02T00:00:00.000Z' });
    await identity.createSession({ idHash: 'live', userId: user.id, createdAt: T0, lastSeenAt: T0, expiresAt: '2026-05-02T00:00:00.000Z' });
    await identity.touchSession('live', '2026-05-01T09:50:00.000Z');
    assert.equal(await identity.pruneSessions('2026-05-01T10:00:00.000Z', '2026-05-01T09:30:00.000Z'), 2);
    assert.equal((await identity.getSession('live'))?.lastSeenAt, '2026-05-01T09:50:00.000Z');
    assert.equal(await identity.deleteSession('live'), true);
    assert.equal(await identity.deleteSession('live'), false);
  });

  test('tokens: stored with scopes, listed per user, revoked once, last use recorded; unknown scopes refused', async () => {
    const identity = await IdentityStore.open(await ctx.fresh());
    const owner = await identity.createUser({ username: 'scanner-payments', roles: ['member'], teams: ['payments'], auth: 'local' });
    const record = await identity.createToken({ id: 'aa11', secretHash: 'f'.repeat(64), name: 'ci', userId: owner.id, scopes: ['scans:upload'], createdBy: 'admin', createdAt: T0, expiresAt: '2026-08-01T00:00:00.000Z' });
    assert.deepEqual(record, { id: 'aa11', name: 'ci', userId: owner.id, scopes: ['scans:upload'], createdBy: 'admin', createdAt: T0, expiresAt: '2026-08-01T00:00:00.000Z' });
    assert.deepEqual(await identity.getTokenWithSecret('aa11'), { token: record, secretHash: 'f'.repeat(64) });
    await identity.touchToken('aa11', '2026-05-02T00:00:00.000Z');
    assert.equal(await identity.revokeToken('aa11', '2026-05-03T00:00:00.000Z'), true);
    assert.equal(await identity.revokeToken('aa11', '2026-05-04T00:00:00.000Z'), false);
    const [listed] = await identity.listTokens(owner.id);
    assert.equal(listed?.lastUsedAt, '2026-05-02T00:00:00.000Z');
    assert.equal(listed?.revokedAt, '2026-05-03T00:00:00.000Z');
    assert.deepEqual(await identity.listTokens('someone-else'), []);
    await assert.rejects(identity.createToken({ id: 'bb', secretHash: 'x', name: 'bad', userId: owner.id, scopes: ['scans:delete' as 'scans:upload'], createdBy: 'admin', createdAt: T0 }), /unknown token scope "scans:delete"/);
    await assert.rejects(identity.createToken({ id: 'cc', secretHash: 'x', name: 'empty', userId: owner.id, scopes: [], createdBy: 'admin', createdAt: T0 }), /token empty: at least one scope is required/);
  });

  test('failed sign-ins count within a window per subject; locks set and clear', async () => {
    const identity = await IdentityStore.open(await ctx.fresh());
    const user = await identity.createUser({ username: 'frank', roles: ['member'], auth: 'local' });
    for (const minute of [0, 5, 10]) await identity.recordFailedSignIn('account', user.id, `2026-05-01T08:${String(minute).padStart(2, '0')}:00.000Z`);
    await identity.recordFailedSignIn('ip', '10.1.1.1', '2026-05-01T08:10:00.000Z');
    assert.equal(await identity.countFailedSignIns('account', user.id, '2026-05-01T08:04:00.000Z'), 2);
    assert.equal(await identity.countFailedSignIns('ip', '10.1.1.1', '2026-05-01T08:00:00.000Z'), 1);
    await identity.clearFailedSignIns('account', user.id);
    assert.equal(await identity.countFailedSignIns('account', user.id, T0), 0);
    assert.equal(await identity.pruneFailedSignIns('2026-05-01T09:00:00.000Z'), 1);
    await identity.lockUser(user.id, '2026-05-01T08:30:00.000Z');
    assert.equal(await identity.lockedUntil(user.id), '2026-05-01T08:30:00.000Z');
    await identity.unlockUser(user.id);
    assert.equal(await identity.lockedUntil(user.id), undefined);
  });

  test('a pending OIDC sign-in is taken once and not after it expires', async () => {
    const identity = await IdentityStore.open(await ctx.fresh());
    await identity.savePendingOidc({ stateHash: 's1', codeVerifier: 'v1', nonce: 'n1', returnTo: '/findings', expiresAt: '2026-05-01T08:10:00.000Z' });
    await identity.savePendingOidc({ stateHash: 's2', codeVerifier: 'v2', nonce: 'n2', expiresAt: '2026-05-01T08:10:00.000Z' });
    assert.deepEqual(await identity.takePendingOidc('s1', T0), { stateHash: 's1', codeVerifier: 'v1', nonce: 'n1', returnTo: '/findings', expiresAt: '2026-05-01T08:10:00.000Z' });
    assert.equal(await identity.takePendingOidc('s1', T0), undefined);
    assert.equal(await identity.takePendingOidc('s2', '2026-05-01T08:10:00.000Z'), undefined);
  });

  test('migrations are idempotent: opening twice keeps the data', async () => {
    const db = await ctx.fresh();
    const first = await IdentityStore.open(db);
    await first.createUser({ username: 'gina', roles: ['auditor'], auth: 'local' });
    const second = await IdentityStore.open(db);
    assert.equal((await second.findUserByUsername('gina'))?.roles[0], 'auditor');
  });
});
