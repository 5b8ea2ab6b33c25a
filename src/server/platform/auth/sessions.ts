import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal, User } from '../../../model/platform.js';
import type { IdentityStore, SessionRecord } from '../../../store/platform/identity.js';
import { systemClock, type Clock } from './clock.js';

/**
 * Browser sessions. The cookie carries 256 random bits; the database keeps only their SHA-256, so a
 * leaked database does not yield live sessions. A session ends after `idleMinutes` without a
 * request or `absoluteHours` after sign-in, whichever comes first, at sign-out, and when the user is
 * disabled or their roles change (the identity store deletes their sessions then).
 *
 * CSRF defence: a state-changing request authenticated by the cookie must carry the header
 * `X-Rampart-CSRF` with the session's CSRF token. The token is derived from the session id
 * (SHA-256 over a fixed label and the id), so it needs no storage, differs from the stored hash,
 * and cannot be computed by a page that does not hold the HttpOnly cookie. Another site can make
 * the browser send the cookie (not with SameSite=Strict, but defence in depth) but cannot read the
 * token or set a custom header without a CORS preflight the server never grants.
 */

export const SESSION_COOKIE = 'rampart_session';
export const CSRF_HEADER = 'x-rampart-csrf';

export interface SessionOptions {
  /** Minutes without a request after which a session ends (default 30). */
  idleMinutes?: number;
  /** Hours after sign-in after which a session ends regardless (default 12). */
  absoluteHours?: number;
  now?: Clock;
}

export interface AuthenticatedSession {
  user: User;
  principal: Principal;
  session: SessionRecord;
  csrfToken: string;
}

/** Cookie attributes for the session cookie (as @fastify/cookie's `setCookie` takes them). */
export const SESSION_COOKIE_OPTIONS = { httpOnly: true, secure: true, sameSite: 'strict', path: '/' } as const;

/** How often a session's last-seen time is written: every request would be a write per request. */
const TOUCH_EVERY_MS = 60_000;

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function userPrincipal(user: User): Principal {
  return { kind: 'user', id: user.id, name: user.username, roles: [...user.roles], teams: [...user.teams] };
}

export class SessionManager {
  readonly idleMs: number;
  readonly absoluteMs: number;
  private readonly now: Clock;

  constructor(
    private readonly identity: IdentityStore,
    options: SessionOptions = {},
  ) {
    this.idleMs = (options.idleMinutes ?? 30) * 60_000;
    this.absoluteMs = (options.absoluteHours ?? 12) * 3_600_000;
    this.now = options.now ?? systemClock;
  }

  /** Starts a session; `sessionId` goes into the cookie and nowhere else. */
  async create(user: User, sourceIp?: string): Promise<{ sessionId: string; csrfToken: string; expiresAt: string }> {
    const sessionId = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.absoluteMs).toISOString();
    const record: SessionRecord = { idHash: sha256Hex(sessionId), userId: user.id, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt };
    if (sourceIp !== undefined) record.sourceIp = sourceIp;
    await this.identity.createSession(record);
    return { sessionId, csrfToken: this.csrfTokenFor(sessionId), expiresAt };
  }

  /** The signed-in user behind a cookie value, or undefined (unknown, expired, idle, or user disabled). */
  async authenticate(sessionId: string | undefined): Promise<AuthenticatedSession | undefined> {
    if (!sessionId || sessionId.length > 128) return undefined;
    const idHash = sha256Hex(sessionId);
    const session = await this.identity.getSession(idHash);
    if (!session) return undefined;
    const now = this.now().getTime();
    if (now >= Date.parse(session.expiresAt) || now - Date.parse(session.lastSeenAt) >= this.idleMs) {
      await this.identity.deleteSession(idHash);
      return undefined;
    }
    const user = await this.identity.getUser(session.userId);
    if (!user || user.disabled) {
      await this.identity.deleteSession(idHash);
      return undefined;
    }
    if (now - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
      session.lastSeenAt = new Date(now).toISOString();
      await this.identity.touchSession(idHash, session.lastSeenAt);
    }
    return { user, principal: userPrincipal(user), session, csrfToken: this.csrfTokenFor(sessionId) };
  }

  async revoke(sessionId: string): Promise<boolean> {
    return this.identity.deleteSession(sha256Hex(sessionId));
  }

  csrfTokenFor(sessionId: string): string {
    return createHash('sha256').update('rampart-csrf\0').update(sessionId).digest('base64url');
  }

  /** Constant-time comparison of a presented CSRF header with the session's token. */
  checkCsrf(sessionId: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const expected = Buffer.from(this.csrfTokenFor(sessionId));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Housekeeping: deletes expired and idle sessions. */
  async prune(): Promise<number> {
    const now = this.now().getTime();
    return this.identity.pruneSessions(new Date(now).toISOString(), new Date(now - this.idleMs).toISOString());
  }
}
