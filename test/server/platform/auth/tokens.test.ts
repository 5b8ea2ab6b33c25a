import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { authorize } from '../../../../src/server/platform/auth/authorization.js';
import { describeToken } from '../../../../src/server/platform/auth/tokens.js';
import { withBothDatabases } from '../../../helpers/postgres.js';
import { authParts } from './fixture.js';

const ADMIN = { name: 'root-admin', sourceIp: '10.9.9.9' };

withBothDatabases('API tokens', (ctx) => {
  test('issue: rmp_<id>_<secret>, only the secret\'s SHA-256 stored, audited without the secret; bearer authentication acts as the owner within scope', async () => {
    const db = await ctx.fresh();
    const parts = await authParts(db);
    const scanner = await parts.addUser('scanner-payments', ['member'], ['payments']);
    const { token, record } = await parts.tokens.issue({ owner: scanner, name: 'ci upload', scopes: ['scans:upload'] }, ADMIN);
    const match = /^rmp_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/.exec(token);
    assert.ok(match, token);
    assert.equal(record.id, match[1]);
    assert.deepEqual(record, { id: match[1], name: 'ci upload', userId: scanner.id, scopes: ['scans:upload'], createdBy: 'root-admin', createdAt: '2026-05-01T08:00:00.000Z' });
    const stored = await parts.identity.getTokenWithSecret(record.id);
    assert.equal(stored?.secretHash, createHash('sha256').update(match[2]!).digest('hex'));
    const dump = JSON.stringify(await db.all('SELECT * FROM identity_tokens')) + JSON.stringify(await parts.audit.query());
    assert.ok(!dump.includes(match[2]!), 'the secret is stored nowhere');
    const [issued] = await parts.audit.query({ action: 'token.issue' });
    assert.equal(issued?.target, `token:${record.id}`);
    assert.deepEqual(issued?.details, { name: 'ci upload', owner: 'scanner-payments', scopes: ['scans:upload'], expiresAt: null });
    assert.equal(describeToken(token), `token:${record.id}`);

    parts.clock.advanceMinutes(5);
    const auth = await parts.tokens.authenticate(token);
    assert.equal(auth.ok, true);
    if (!auth.ok) return;
    assert.deepEqual(auth.principal, { kind: 'token', id: record.id, name: 'scanner-payments/ci upload', roles: ['member'], teams: ['payments'], scopes: ['scans:upload'] });
    assert.equal(authorize(auth.principal, 'scans:upload'), true);
    assert.equal(authorize(auth.principal, 'findings:read'), false, 'the owner may read findings; the upload token may not');
    assert.equal((await parts.identity.getToken(record.id))?.lastUsedAt, '2026-05-01T08:05:00.000Z');
  });

  test('scopes must be held by the owner; names, scopes and expiry are checked', async () => {
    const parts = await authParts(await ctx.fresh());
    const member = await parts.addUser('ci-bot', ['member'], ['web']);
    await assert.rejects(parts.tokens.issue({ owner: member, name: 'too wide', scopes: ['scans:upload', 'users:manage'] }, ADMIN), /token too wide: owner ci-bot does not hold users:manage, so the token cannot either/);
    await assert.rejects(parts.tokens.issue({ owner: member, name: 'nothing', scopes: [] }, ADMIN), /token nothing: at least one scope is required/);
    await assert.rejects(parts.tokens.issue({ owner: member, name: ' ', scopes: ['scans:upload'] }, ADMIN), /token: name is required/);
    await assert.rejects(parts.tokens.issue({ owner: member, name: 'past', scopes: ['scans:upload'], expiresAt: '2026-04-30T00:00:00Z' }, ADMIN), /expiresAt 2026-04-30T00:00:00Z is not a future timestamp/);
    assert.deepEqual(await parts.identity.listTokens(), []);
  });

  test('wrong secret, unknown id, malformed, revoked, expired and disabled-owner tokens are refused with the reason', async () => {
    const parts = await authParts(await ctx.fresh());
    const owner = await parts.addUser('agent', ['member']);
    const { token, record } = await parts.tokens.issue({ owner, name: 'node agent', scopes: ['scans:upload'], expiresAt: '2026-05-01T09:00:00Z' }, ADMIN);
    const secret = token.slice(-43);
    const otherSecret = secret.startsWith('A') ? `B${secret.slice(1)}` : `A${secret.slice(1)}`;
    assert.deepEqual(await parts.tokens.authenticate(`rmp_${record.id}_${otherSecret}`), { ok: false, tokenId: record.id, reason: 'wrong-secret' });
    assert.deepEqual(await parts.tokens.authenticate(`rmp_${'0'.repeat(24)}_${secret}`), { ok: false, tokenId: '0'.repeat(24), reason: 'unknown' });
    assert.deepEqual(await parts.tokens.authenticate('rmp_short_x'), { ok: false, reason: 'malformed' });
    assert.deepEqual(await parts.tokens.authenticate(`Bearer ${token}`), { ok: false, reason: 'malformed' });

    await parts.identity.setDisabled(owner.id, true);
    assert.deepEqual(await parts.tokens.authenticate(token), { ok: false, tokenId: record.id, reason: 'owner-disabled' });
    await parts.identity.setDisabled(owner.id, false);
    assert.equal((await parts.tokens.authenticate(token)).ok, true);

    parts.clock.advanceMinutes(60);
    assert.deepEqual(await parts.tokens.authenticate(token), { ok: false, tokenId: record.id, reason: 'expired' });

    const second = await parts.tokens.issue({ owner, name: 'second', scopes: ['scans:upload'] }, ADMIN);
    assert.equal(await parts.tokens.revoke(second.record.id, ADMIN), true);
    assert.equal(await parts.tokens.revoke(second.record.id, ADMIN), false);
    assert.deepEqual(await parts.tokens.authenticate(second.token), { ok: false, tokenId: second.record.id, reason: 'revoked' });
    assert.deepEqual((await parts.audit.query({ action: 'token.revoke' })).map((e) => e.outcome), ['failure', 'success']);
  });

  test('a token loses a scope when its owner loses the role behind it', async () => {
    const parts = await authParts(await ctx.fresh());
    const owner = await parts.addUser('uploader', ['member'], ['payments']);
    const { token } = await parts.tokens.issue({ owner, name: 'upload', scopes: ['scans:upload'] }, ADMIN);
    await parts.identity.setRoles(owner.id, ['auditor']);
    const auth = await parts.tokens.authenticate(token);
    assert.equal(auth.ok, true);
    if (auth.ok) assert.equal(authorize(auth.principal, 'scans:upload'), false);
  });
});
