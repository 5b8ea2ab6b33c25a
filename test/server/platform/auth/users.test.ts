import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserAdministration } from '../../../../src/server/platform/auth/users.js';
import { withBothDatabases } from '../../../helpers/postgres.js';
import { authParts, PASSWORD } from './fixture.js';

withBothDatabases('user administration', (ctx) => {
  test('create a local user: password policy, username shape and separation of duties are enforced; creation is audited', async () => {
    const parts = await authParts(await ctx.fresh());
    const users = new UserAdministration(parts.identity, parts.audit);
    const admin = { name: 'sysadmin', userId: 'admin-id', sourceIp: '10.0.0.5' };
    await assert.rejects(users.createLocalUser(admin, { username: 'zhang.wei', password: 'short', roles: ['member'] }), /^Error: password must be at least 12 characters$/);
    await assert.rejects(users.createLocalUser(admin, { username: 'zhang.wei.ops1', password: 'zhang.wei.ops1', roles: ['member'] }), /password must not be the username/);
    await assert.rejects(users.createLocalUser(admin, { username: 'bad name', password: PASSWORD, roles: ['member'] }), /username "bad name": use 1-64 letters/);
    await assert.rejects(users.createLocalUser(admin, { username: 'both', password: PASSWORD, roles: ['security-admin', 'auditor'] }), /security-admin and auditor cannot be held together/);
    const created = await users.createLocalUser(admin, { username: 'zhang.wei', password: PASSWORD, roles: ['member'], teams: ['payments'], email: 'zw@bank.example' });
    assert.deepEqual([created.username, created.roles, created.teams, created.auth, created.email], ['zhang.wei', ['member'], ['payments'], 'local', 'zw@bank.example']);
    assert.equal((await parts.signIn.signIn({ username: 'zhang.wei', password: PASSWORD })).ok, true);
    const [entry] = await parts.audit.query({ action: 'user.create' });
    assert.deepEqual([entry?.actor, entry?.target, entry?.sourceIp, entry?.details], ['sysadmin', 'user:zhang.wei', '10.0.0.5', { auth: 'local', roles: ['member'], teams: ['payments'] }]);
    assert.equal(JSON.stringify(await parts.audit.query()).includes(PASSWORD), false);
  });

  test('role and team changes are audited with before and after; nobody changes their own roles or disables themselves; OIDC roles are the provider\'s', async () => {
    const parts = await authParts(await ctx.fresh());
    const users = new UserAdministration(parts.identity, parts.audit);
    const admin = await parts.addUser('sysadmin', ['system-admin']);
    const actor = { name: admin.username, userId: admin.id };
    const target = await parts.addUser('li.na', ['member'], ['web']);
    const session = await parts.sessions.create(target);
    const updated = await users.setRoles(actor, target.id, ['member', 'security-admin']);
    assert.deepEqual(updated.roles, ['member', 'security-admin']);
    assert.equal(await parts.sessions.authenticate(session.sessionId), undefined, 'the role change signed li.na out');
    assert.deepEqual((await parts.audit.query({ action: 'user.role-change' }))[0]?.details, { from: ['member'], to: ['member', 'security-admin'] });
    await users.setRoles(actor, target.id, ['member', 'security-admin']);
    assert.equal((await parts.audit.query({ action: 'user.role-change' })).length, 1, 'no change, no entry');
    await assert.rejects(users.setRoles(actor, admin.id, ['system-admin', 'member']), /nobody changes their own roles/);
    await assert.rejects(users.setRoles(actor, target.id, ['system-admin', 'auditor']), /cannot be held together/);
    await assert.rejects(users.setDisabled(actor, admin.id, true), /nobody disables their own account/);
    await users.setTeams(actor, target.id, ['web', 'api']);
    assert.deepEqual((await parts.audit.query({ action: 'user.team-change' }))[0]?.details, { from: ['web'], to: ['api', 'web'] });
    const sso = await parts.identity.createUser({ username: 'sso', roles: ['member'], auth: 'oidc', oidcSubject: 'https://idp|s' });
    await assert.rejects(users.setRoles(actor, sso.id, ['auditor']), /roles of single sign-on accounts come from the identity provider/);
    await assert.rejects(users.setRoles(actor, 'missing', ['member']), /user missing does not exist/);
    assert.equal((await users.setDisabled(actor, target.id, true)).disabled, true);
    assert.deepEqual((await parts.audit.query({ target: 'user:li.na', limit: 1 })).map((e) => e.action), ['user.disable']);
  });

  test('password reset by an administrator, own password change, and unlock', async () => {
    const parts = await authParts(await ctx.fresh());
    const users = new UserAdministration(parts.identity, parts.audit);
    const user = await parts.addUser('wang.fang', ['auditor']);
    const actor = { name: 'sysadmin' };
    for (let i = 0; i < 5; i++) await parts.signIn.signIn({ username: 'wang.fang', password: `wrong guess ${i}` });
    assert.ok(await parts.identity.lockedUntil(user.id));
    await users.unlock(actor, user.id);
    assert.equal((await parts.signIn.signIn({ username: 'wang.fang', password: PASSWORD })).ok, true);

    await assert.rejects(users.changeOwnPassword(user, 'not the current one', 'a brand new passphrase'), /current password: does not match/);
    await assert.rejects(users.changeOwnPassword(user, PASSWORD, 'too short'), /at least 12 characters/);
    await users.changeOwnPassword(user, PASSWORD, 'a brand new passphrase');
    assert.equal((await parts.signIn.signIn({ username: 'wang.fang', password: 'a brand new passphrase' })).ok, true);
    await users.resetPassword(actor, user.id, 'reset by the administrator');
    assert.equal((await parts.signIn.signIn({ username: 'wang.fang', password: 'a brand new passphrase' })).ok, false);
    assert.deepEqual((await parts.audit.query({ target: 'user:wang.fang' })).filter((e) => e.action.startsWith('user.')).map((e) => [e.action, e.outcome]), [
      ['user.password-reset', 'success'], ['user.password-change', 'success'], ['user.password-change', 'failure'], ['user.unlock', 'success'],
    ]);
  });
});
