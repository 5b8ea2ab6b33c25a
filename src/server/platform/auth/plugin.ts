import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Permission, Principal, User } from '../../../model/platform.js';
import type { AuditTrail } from '../../../store/platform/audit-trail.js';
import { authorize } from './authorization.js';
import { CSRF_HEADER, SESSION_COOKIE, type SessionManager } from './sessions.js';
import type { Actor, TokenAuthentication, TokenService } from './tokens.js';

/**
 * Authenticates every request before its handler: a bearer API token (`Authorization: Bearer
 * rmp_…`) or the session cookie. Only the routes the caller lists as public (sign-in, the OIDC
 * redirect and callback, the console's static files) are served anonymously. Cookie-authenticated
 * requests other than GET/HEAD/OPTIONS must carry the session's CSRF token in `X-Rampart-CSRF`.
 * `requirePermission(p)` then guards each route. Refusals answer 401 (not authenticated) or 403
 * (not allowed) as `{"error": "…"}`, and every refusal is written to the audit trail.
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; null only on public routes. */
    principal: Principal | null;
    /** The signed-in user for session requests. */
    sessionUser: User | null;
    authMethod: 'session' | 'token' | null;
    /** The session's CSRF token, for the console to send back. */
    csrfToken: string | null;
  }
}

export interface AuthPluginOptions {
  sessions: SessionManager;
  tokens: TokenService;
  audit: AuditTrail;
  /**
   * Routes served without authentication, as registered (`/api/v1/auth/sign-in`); an entry ending
   * in `/*` makes every route under that prefix public (`/console/*`).
   */
  publicRoutes: readonly string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const AUDIT_KEY = Symbol.for('rampart.auth.audit');

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?')[0]!;
}

function isPublic(route: string, publicRoutes: readonly string[]): boolean {
  return publicRoutes.some((entry) => (entry.endsWith('/*') ? route === entry.slice(0, -2) || route.startsWith(entry.slice(0, -1)) : route === entry));
}

async function deny(audit: AuditTrail, request: FastifyRequest, reply: FastifyReply, status: 401 | 403, error: string, details: Record<string, unknown>): Promise<FastifyReply> {
  await audit.append({
    actor: request.principal?.name ?? 'anonymous',
    action: status === 401 ? 'auth.unauthenticated' : 'auth.forbidden',
    target: `route:${request.method} ${routeOf(request)}`,
    outcome: 'denied',
    sourceIp: request.ip,
    details,
  });
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="rampart"');
  return reply.code(status).type('application/json').send({ error });
}

async function authPluginBody(app: FastifyInstance, options: AuthPluginOptions): Promise<void> {
  if (!app.hasReplyDecorator('setCookie')) await app.register(cookie);
  const { sessions, tokens, audit, publicRoutes } = options;
  app.decorate(AUDIT_KEY, audit);
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionUser', null);
  app.decorateRequest('authMethod', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (request, reply) => {
    const route = routeOf(request);
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      const result: TokenAuthentication = match ? await tokens.authenticate(match[1]!) : { ok: false, reason: 'malformed' };
      if (!result.ok) {
        return deny(audit, request, reply, 401, 'invalid or expired API token', { method: 'token', reason: result.reason, ...(result.tokenId ? { token: result.tokenId } : {}) });
      }
      request.principal = result.principal;
      request.authMethod = 'token';
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) {
      const session = await sessions.authenticate(sessionId);
      if (session) {
        const csrfOk = SAFE_METHODS.has(request.method) || sessions.checkCsrf(sessionId, request.headers[CSRF_HEADER] as string | undefined);
        // A public route (signing in again over a live session) runs anonymously rather than failing on CSRF.
        if (!csrfOk && isPublic(route, publicRoutes)) return;
        request.principal = session.principal;
        request.sessionUser = session.user;
        request.authMethod = 'session';
        request.csrfToken = session.csrfToken;
        if (!csrfOk) return deny(audit, request, reply, 403, `missing or wrong ${CSRF_HEADER} header`, { method: 'session', reason: 'csrf' });
        return;
      }
      // An expired or unknown session: public routes (sign-in) still work; clear the stale cookie.
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    if (isPublic(route, publicRoutes)) return;
    return deny(audit, request, reply, 401, 'authentication required', { reason: sessionId ? 'session-expired-or-unknown' : 'no-credentials' });
  });
}

// Registered without encapsulation (what fastify-plugin does), so the hook covers every route of the app.
Object.assign(authPluginBody, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'rampart-auth' });

export const authPlugin = authPluginBody;

/** A preHandler that answers 403 (and audits it) unless the caller holds `permission`. */
export function requirePermission(permission: Permission): preHandlerAsyncHookHandler {
  return async function checkPermission(this: FastifyInstance, request, reply) {
    const audit = (request.server as unknown as Record<symbol, AuditTrail>)[AUDIT_KEY];
    if (!audit) throw new Error('requirePermission: register authPlugin on the app first');
    if (!request.principal) return deny(audit, request, reply, 401, 'authentication required', { reason: 'no-credentials', permission });
    if (!authorize(request.principal, permission)) {
      return deny(audit, request, reply, 403, `permission ${permission} required`, { permission, roles: request.principal.roles, ...(request.principal.scopes ? { scopes: request.principal.scopes } : {}) });
    }
  };
}

/** The audit actor of an authenticated request. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  if (!principal) return { name: 'anonymous', sourceIp: request.ip };
  return { name: principal.name, sourceIp: request.ip, ...(principal.kind === 'user' ? { userId: principal.id } : {}) };
}
