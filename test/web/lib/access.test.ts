import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_PERMISSIONS } from '../../../src/server/platform/auth/authorization.js';
import { canDecide, canRevoke, visiblePages } from '../../../web/src/lib/access.js';
import type { Principal, WaiverRequest } from '../../../web/src/lib/types.js';

/** The console's view of each role, from the server's own role → permission matrix. */

test('each role sees the pages its permissions allow: auditors the audit trail, system administrators only users', () => {
  assert.deepEqual(visiblePages([...ROLE_PERMISSIONS.member]), ['overview', 'findings', 'waivers', 'teams']);
  assert.deepEqual(visiblePages([...ROLE_PERMISSIONS['security-admin']]), ['overview', 'findings', 'waivers', 'teams', 'reports']);
  assert.deepEqual(visiblePages([...ROLE_PERMISSIONS.auditor]), ['overview', 'findings', 'waivers', 'teams', 'reports', 'audit']);
  assert.deepEqual(visiblePages([...ROLE_PERMISSIONS['system-admin']]), ['users']);
});

const request: WaiverRequest = { id: 'W-1', check: 'pod.privileged', scope: { fingerprint: 'abc' }, reason: 'r', expires: '2030-01-01', state: 'requested', requestedBy: 'alice', requestedAt: '2026-01-01T00:00:00Z' };
const sec: Principal = { kind: 'user', id: 'u-sec', name: 'sec', roles: ['security-admin'], teams: [] };
const secPermissions = [...ROLE_PERMISSIONS['security-admin']];

test('a security administrator may decide someone else\'s pending request, never their own, and nothing already decided', () => {
  assert.equal(canDecide(request, sec, secPermissions), true);
  assert.equal(canDecide({ ...request, requestedBy: 'sec' }, sec, secPermissions), false);
  assert.equal(canDecide({ ...request, requestedBy: 'u-sec' }, sec, secPermissions), false, 'requests recorded by user id are theirs too');
  assert.equal(canDecide({ ...request, state: 'approved' }, sec, secPermissions), false);
  assert.equal(canDecide(request, { ...sec, kind: 'token' }, secPermissions), false, 'tokens never decide');
});

test('members and auditors decide nothing; revoking ends pending or approved waivers for deciders only', () => {
  const alice: Principal = { kind: 'user', id: 'u-a', name: 'bob', roles: ['member'], teams: ['payments'] };
  assert.equal(canDecide(request, alice, [...ROLE_PERMISSIONS.member]), false);
  assert.equal(canDecide(request, { ...alice, roles: ['auditor'] }, [...ROLE_PERMISSIONS.auditor]), false);
  assert.equal(canRevoke({ ...request, state: 'approved' }, secPermissions), true);
  assert.equal(canRevoke({ ...request, state: 'expired' }, secPermissions), false);
  assert.equal(canRevoke({ ...request, state: 'approved' }, [...ROLE_PERMISSIONS.member]), false);
});
