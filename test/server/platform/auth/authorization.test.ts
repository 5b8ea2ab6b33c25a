import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PERMISSIONS, ROLES, type Permission, type Principal, type Role } from '../../../../src/model/platform.js';
import { authorize, canSeeTeam, effectivePermissions, ROLE_PERMISSIONS, roleSeparationError, teamFilter } from '../../../../src/server/platform/auth/authorization.js';

/** The matrix as the issue and MLPS 2.0 describe it, written out independently of the code. */
const EXPECTED: Record<Role, Permission[]> = {
  'system-admin': ['users:manage', 'settings:manage', 'tokens:manage'],
  'security-admin': ['findings:read', 'findings:read-all', 'waivers:request', 'waivers:decide', 'routing:manage', 'policy:manage', 'reports:read'],
  auditor: ['findings:read', 'findings:read-all', 'audit:read', 'reports:read'],
  member: ['findings:read', 'scans:upload', 'waivers:request'],
};

const user = (roles: Role[], teams: string[] = []): Principal => ({ kind: 'user', id: 'u', name: 'u', roles, teams });

for (const role of ROLES) {
  test(`${role}: holds exactly its permissions and is denied every other`, () => {
    const principal = user([role]);
    for (const permission of PERMISSIONS) {
      assert.equal(authorize(principal, permission), EXPECTED[role].includes(permission), `${role} ${EXPECTED[role].includes(permission) ? 'should' : 'should not'} hold ${permission}`);
    }
    assert.deepEqual([...ROLE_PERMISSIONS[role]].sort(), [...EXPECTED[role]].sort());
  });
}

test('separation of duties: only the auditor reads the audit trail; the system administrator decides nothing about risk', () => {
  assert.deepEqual(ROLES.filter((role) => authorize(user([role]), 'audit:read')), ['auditor']);
  assert.deepEqual(ROLES.filter((role) => authorize(user([role]), 'waivers:decide')), ['security-admin']);
  assert.deepEqual(ROLES.filter((role) => authorize(user([role]), 'users:manage')), ['system-admin']);
  const sysadmin = user(['system-admin']);
  for (const permission of ['findings:read', 'waivers:decide', 'policy:manage', 'routing:manage', 'audit:read'] as const) assert.equal(authorize(sysadmin, permission), false, permission);
  const auditor = user(['auditor']);
  for (const permission of PERMISSIONS.filter((p) => p.endsWith(':manage') || p === 'waivers:decide' || p === 'waivers:request' || p === 'scans:upload')) assert.equal(authorize(auditor, permission), false, `auditor is read-only: ${permission}`);
});

test('the three administrator roles cannot be combined; member can join any', () => {
  assert.match(roleSeparationError(['system-admin', 'auditor']) ?? '', /roles system-admin and auditor cannot be held together/);
  assert.match(roleSeparationError(['security-admin', 'auditor']) ?? '', /security-admin and auditor/);
  assert.match(roleSeparationError(['system-admin', 'security-admin']) ?? '', /system-admin and security-admin/);
  assert.equal(roleSeparationError(['security-admin', 'member']), undefined);
  assert.equal(roleSeparationError(['member']), undefined);
});

test('a token holds its scopes intersected with its owner\'s current roles', () => {
  const token: Principal = { kind: 'token', id: 't', name: 'ci/upload', roles: ['member'], teams: ['payments'], scopes: ['scans:upload'] };
  assert.deepEqual([...effectivePermissions(token)], ['scans:upload']);
  assert.equal(authorize(token, 'findings:read'), false, 'the owner may read findings, the token may not');
  assert.equal(authorize(token, 'waivers:request'), false);
  const ownerLostRole: Principal = { ...token, roles: [] };
  assert.equal(authorize(ownerLostRole, 'scans:upload'), false, 'a scope the owner no longer holds is void');
  const overScoped: Principal = { ...token, scopes: ['scans:upload', 'users:manage'] };
  assert.equal(authorize(overScoped, 'users:manage'), false, 'a scope beyond the owner never applies');
  const noScopes: Principal = { ...token, scopes: undefined };
  assert.equal(authorize(noScopes, 'scans:upload'), false, 'a token without scopes can do nothing');
});

test('teamFilter: members see their own teams, security admins and auditors all, system admins none', () => {
  assert.deepEqual(teamFilter(user(['member'], ['payments', 'cards'])), { scope: 'teams', teams: ['payments', 'cards'] });
  assert.deepEqual(teamFilter(user(['member'])), { scope: 'teams', teams: [] });
  assert.deepEqual(teamFilter(user(['security-admin'])), { scope: 'all' });
  assert.deepEqual(teamFilter(user(['auditor'])), { scope: 'all' });
  assert.deepEqual(teamFilter(user(['system-admin'])), { scope: 'none' });
  assert.deepEqual(teamFilter({ kind: 'token', id: 't', name: 't', roles: ['member'], teams: ['payments'], scopes: ['scans:upload'] }), { scope: 'none' });
  const member = user(['member'], ['payments']);
  assert.equal(canSeeTeam(member, 'payments'), true);
  assert.equal(canSeeTeam(member, 'cards'), false);
  assert.equal(canSeeTeam(member, undefined), false, 'an unowned finding is not a member\'s');
  assert.equal(canSeeTeam(user(['auditor']), undefined), true);
});
