import type { Permission, Principal, Role } from '../../../model/platform.js';

/**
 * The one role → permission matrix, after MLPS 2.0's separation of duties (三权分立):
 *
 * | permission        | system-admin | security-admin | auditor | member       |
 * |-------------------|:------------:|:--------------:|:-------:|:------------:|
 * | users:manage      | ✓            |                |         |              |
 * | settings:manage   | ✓            |                |         |              |
 * | tokens:manage     | ✓            |                |         |              |
 * | policy:manage     |              | ✓              |         |              |
 * | routing:manage    |              | ✓              |         |              |
 * | waivers:decide    |              | ✓              |         |              |
 * | waivers:request   |              | ✓              |         | ✓            |
 * | findings:read     |              | ✓              | ✓       | ✓ own teams  |
 * | findings:read-all |              | ✓              | ✓       |              |
 * | reports:read      |              | ✓              | ✓       |              |
 * | audit:read        |              |                | ✓       |              |
 * | scans:upload      |              |                |         | ✓            |
 *
 * - The system administrator (系统管理员) runs the platform — accounts, settings, scanner tokens —
 *   and decides nothing about risk: no findings, no waivers, no policy, and no access to the audit
 *   trail, which records the system administrator's own actions.
 * - The security administrator (安全管理员) decides about risk — policy, routing and teams, waiver
 *   approval — but cannot change who is who or read the audit trail that watches them.
 * - The auditor (审计管理员) reads everything, the audit trail included, and changes nothing. No role
 *   can alter or delete audit entries: only the retention purge removes them, and it audits itself.
 * - Members see and act on their own teams' findings; scanners upload as service accounts with
 *   role `member` through API tokens scoped to `scans:upload`.
 *
 * The three administrator roles exclude each other (`roleSeparationError`), so one person never
 * holds two of the powers the separation keeps apart. That a requester never approves their own
 * waiver is the waiver workflow's rule, on top of this matrix.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  'system-admin': ['users:manage', 'settings:manage', 'tokens:manage'],
  'security-admin': ['policy:manage', 'routing:manage', 'waivers:decide', 'waivers:request', 'findings:read', 'findings:read-all', 'reports:read'],
  auditor: ['findings:read', 'findings:read-all', 'reports:read', 'audit:read'],
  member: ['findings:read', 'waivers:request', 'scans:upload'],
};

const ADMIN_ROLES: readonly Role[] = ['system-admin', 'security-admin', 'auditor'];

/** Why a set of roles breaks the separation of duties, or undefined when it does not. */
export function roleSeparationError(roles: readonly Role[]): string | undefined {
  const admin = ADMIN_ROLES.filter((role) => roles.includes(role));
  if (admin.length > 1) return `roles ${admin.join(' and ')} cannot be held together: MLPS 2.0 separates the system, security and audit administrators`;
  return undefined;
}

/** Union of the roles' permissions. */
export function rolePermissions(roles: readonly Role[]): Set<Permission> {
  const permissions = new Set<Permission>();
  for (const role of roles) for (const permission of ROLE_PERMISSIONS[role] ?? []) permissions.add(permission);
  return permissions;
}

/**
 * What a principal may do: its roles' permissions, and for a token only those also in its scopes
 * (so a token never outgrows its owner, even after the owner loses a role).
 */
export function effectivePermissions(principal: Principal): Set<Permission> {
  const permissions = rolePermissions(principal.roles);
  if (principal.kind === 'token') {
    const scopes = new Set(principal.scopes ?? []);
    for (const permission of permissions) if (!scopes.has(permission)) permissions.delete(permission);
  }
  return permissions;
}

export function authorize(principal: Principal, permission: Permission): boolean {
  return effectivePermissions(principal).has(permission);
}

/** Which findings a principal may read: every team's, its own teams' only, or none. */
export type TeamFilter = { scope: 'all' } | { scope: 'teams'; teams: string[] } | { scope: 'none' };

/** For the findings queries: `teams` means `WHERE owner_team IN (…)` (an empty list matches nothing). */
export function teamFilter(principal: Principal): TeamFilter {
  const permissions = effectivePermissions(principal);
  if (permissions.has('findings:read-all')) return { scope: 'all' };
  if (permissions.has('findings:read')) return { scope: 'teams', teams: [...principal.teams] };
  return { scope: 'none' };
}

/** Whether a principal may read (or act on) findings owned by `team`. */
export function canSeeTeam(principal: Principal, team: string | undefined): boolean {
  const filter = teamFilter(principal);
  if (filter.scope === 'all') return true;
  if (filter.scope === 'none' || team === undefined) return false;
  return filter.teams.includes(team);
}
