import type { Permission, Principal, WaiverRequest } from './types.js';

/**
 * What the console offers a signed-in user, from the permissions the server reports for them. The
 * server enforces every one of these; the console only hides what would be refused.
 */

export type PageId = 'overview' | 'findings' | 'waivers' | 'teams' | 'reports' | 'audit' | 'users';

const PAGE_NEEDS: Record<PageId, Permission> = {
  overview: 'findings:read',
  findings: 'findings:read',
  waivers: 'findings:read',
  teams: 'findings:read',
  reports: 'reports:read',
  audit: 'audit:read',
  users: 'users:manage',
};

export const PAGE_ORDER: readonly PageId[] = ['overview', 'findings', 'waivers', 'teams', 'reports', 'audit', 'users'];

export function visiblePages(permissions: readonly Permission[]): PageId[] {
  return PAGE_ORDER.filter((page) => permissions.includes(PAGE_NEEDS[page]));
}

export function canSee(page: PageId, permissions: readonly Permission[]): boolean {
  return permissions.includes(PAGE_NEEDS[page]);
}

/** Whether the requester is this principal (the workflow records the user name or id). */
export function isOwnRequest(request: WaiverRequest, principal: Principal): boolean {
  return request.requestedBy === principal.name || request.requestedBy === principal.id;
}

/** Approve and reject: a holder of waivers:decide, on a pending request someone else made. */
export function canDecide(request: WaiverRequest, principal: Principal, permissions: readonly Permission[]): boolean {
  return request.state === 'requested' && permissions.includes('waivers:decide') && principal.kind === 'user' && !isOwnRequest(request, principal);
}

/** Revoke: the API lets holders of waivers:decide end a pending or approved waiver. */
export function canRevoke(request: WaiverRequest, permissions: readonly Permission[]): boolean {
  return (request.state === 'requested' || request.state === 'approved') && permissions.includes('waivers:decide');
}
