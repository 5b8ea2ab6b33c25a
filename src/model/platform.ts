import type { Severity } from './severity.js';
import type { WaiverScope } from './waiver.js';

/**
 * The governance platform's vocabulary: who may act (users, roles, tokens), who owns what (teams,
 * routing rules), how exceptions are granted (waiver requests) and what is remembered (the audit
 * trail). Storage, authentication and the HTTP API all speak these types.
 */

/**
 * Roles follow MLPS 2.0's separation of duties (三权分立): the system administrator runs the
 * platform but decides nothing about risk, the security administrator decides about risk but
 * cannot change who is who, the auditor reads everything and changes nothing. Team members see and
 * act on their own teams' findings.
 */
export const ROLES = ['system-admin', 'security-admin', 'auditor', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** What an API call needs. The role → permission matrix lives in one place (the server's authorisation). */
export const PERMISSIONS = [
  'findings:read', // own teams' findings for members, all for the others that hold it
  'findings:read-all',
  'scans:upload',
  'waivers:request',
  'waivers:decide',
  'routing:manage',
  'policy:manage',
  'users:manage',
  'settings:manage',
  'tokens:manage',
  'audit:read',
  'reports:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface User {
  id: string;
  /** Login name for local accounts; the OIDC `sub`-derived name otherwise. */
  username: string;
  displayName: string;
  email?: string;
  roles: Role[];
  /** Team ids the user belongs to (what `member` sees). */
  teams: string[];
  /** `local` accounts have a password; `oidc` accounts sign in through the identity provider only. */
  auth: 'local' | 'oidc';
  disabled: boolean;
  createdAt: string;
}

/** Who is making a request, after authentication: a signed-in user or a scanner's API token. */
export interface Principal {
  kind: 'user' | 'token';
  /** User id, or the token's id. */
  id: string;
  name: string;
  roles: Role[];
  teams: string[];
  /** For tokens: the narrow set of permissions it was issued with (e.g. only `scans:upload`). */
  scopes?: Permission[];
}

export interface Team {
  id: string;
  name: string;
  /** Where the team's notifications go; secrets (tokens, passwords) are stored, never returned by the API. */
  notify?: { webhook?: string; email?: string[]; syslog?: string };
}

/**
 * One routing rule: which findings a team owns. Rules are tried in `priority` order (lowest first);
 * the first whose selectors all match wins; the platform's default team takes the rest.
 * `layer` separates base-image OS packages (`os`, to the platform team) from application
 * dependencies (`app`) for vulnerability findings.
 */
export interface RoutingRule {
  id: string;
  priority: number;
  team: string;
  cluster?: string;
  /** Glob, e.g. `payments-*`. */
  namespace?: string;
  /** Label selector on the namespace or workload, `key=value`. */
  labels?: Record<string, string>;
  /** Image repository glob, e.g. `registry.bank.local/payments/*`. */
  imageRepository?: string;
  /** Check id or prefix pattern (`image.*`). */
  check?: string;
  layer?: 'os' | 'app';
}

/** Days to fix per severity; a failing finding older than its SLA is overdue. */
export type SlaPolicy = Record<Severity, number>;

export const WAIVER_REQUEST_STATES = ['requested', 'approved', 'rejected', 'expired', 'revoked'] as const;
export type WaiverRequestState = (typeof WAIVER_REQUEST_STATES)[number];

/**
 * A waiver as the platform's workflow carries it: requested by one person, decided by a security
 * administrator who is not the requester, active until `expires`, then expired (and its findings
 * re-open). An approved request is exactly a `Waiver` of src/model/waiver.ts, so CLI waiver files
 * import and export in the same model.
 */
export interface WaiverRequest {
  id: string;
  check: string;
  scope: WaiverScope;
  reason: string;
  /** ISO date (YYYY-MM-DD), inclusive. */
  expires: string;
  ticket?: string;
  state: WaiverRequestState;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionNote?: string;
}

/**
 * One line of the append-only audit trail. `hash` = SHA-256 over the previous entry's hash and
 * this entry's canonical JSON (without `hash`), so removing or editing any line breaks the chain
 * from there on; a verifier recomputes it.
 */
export interface AuditEntry {
  seq: number;
  time: string;
  /** Principal name, or `system` for the platform's own actions (expiry, retention). */
  actor: string;
  /** `auth.sign-in`, `auth.sign-in-failed`, `waiver.approve`, `user.role-change`, `settings.change`… */
  action: string;
  /** What was acted on, e.g. `waiver:W-12`, `user:alice`. */
  target?: string;
  outcome: 'success' | 'failure' | 'denied';
  /** Client address, when the action came over the network. */
  sourceIp?: string;
  details?: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
