import type { FastifyInstance } from 'fastify';
import type { AuditTrail } from '../../../store/platform/audit-trail.js';
import { effectivePermissions } from './authorization.js';
import { OidcSignInError, type OidcSignOn } from './oidc.js';
import { SESSION_COOKIE, SESSION_COOKIE_OPTIONS, type SessionManager } from './sessions.js';
import type { PasswordSignIn } from './sign-in.js';

/**
 * The sign-in, sign-out and session routes of the API (register after `authPlugin`):
 *
 *   POST /api/v1/auth/sign-in        {username, password} → 200 {user, csrfToken, permissions} + session cookie; 401
 *   POST /api/v1/auth/sign-out       ends the session (needs X-Rampart-CSRF) → 204
 *   GET  /api/v1/auth/session        → 200 {principal, user?, csrfToken?, permissions}
 *   GET  /api/v1/auth/oidc/start     ?returnTo=/path → 302 to the identity provider
 *   GET  /api/v1/auth/oidc/callback  → 302 to returnTo (or /) with the session cookie; 401 on failure
 *
 * `AUTH_PUBLIC_ROUTES` lists the ones to pass to authPlugin's `publicRoutes`.
 */

export const AUTH_PUBLIC_ROUTES = ['/api/v1/auth/sign-in', '/api/v1/auth/oidc/start', '/api/v1/auth/oidc/callback'] as const;

export const OIDC_STATE_COOKIE = 'rampart_oidc_state';

export interface AuthRoutesOptions {
  signIn: PasswordSignIn;
  sessions: SessionManager;
  audit: AuditTrail;
  oidc?: OidcSignOn;
}

/** Only same-site paths: an open redirect after sign-in would hand users to anyone. */
function safeReturnTo(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : undefined;
}

export async function registerAuthRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  const { signIn, sessions, audit, oidc } = options;

  app.post<{ Body: { username: string; password: string } }>('/api/v1/auth/sign-in', {
    schema: {
      body: {
        type: 'object',
        required: ['username', 'password'],
        additionalProperties: false,
        properties: { username: { type: 'string', minLength: 1, maxLength: 256 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
      },
    },
  }, async (request, reply) => {
    const result = await signIn.signIn({ username: request.body.username, password: request.body.password, sourceIp: request.ip });
    if (!result.ok) return reply.code(401).send({ error: result.error });
    const session = await sessions.create(result.user, request.ip);
    reply.setCookie(SESSION_COOKIE, session.sessionId, { ...SESSION_COOKIE_OPTIONS, maxAge: Math.floor(sessions.absoluteMs / 1000) });
    return { user: result.user, csrfToken: session.csrfToken, permissions: [...effectivePermissions({ kind: 'user', id: result.user.id, name: result.user.username, roles: result.user.roles, teams: result.user.teams })].sort() };
  });

  app.post('/api/v1/auth/sign-out', async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (request.authMethod === 'session' && sessionId) {
      await sessions.revoke(sessionId);
      await audit.append({ actor: request.principal!.name, action: 'auth.sign-out', target: `user:${request.principal!.name}`, outcome: 'success', sourceIp: request.ip });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/session', async (request) => ({
    principal: request.principal,
    ...(request.sessionUser ? { user: request.sessionUser, csrfToken: request.csrfToken } : {}),
    permissions: request.principal ? [...effectivePermissions(request.principal)].sort() : [],
  }));

  app.get<{ Querystring: { returnTo?: string } }>('/api/v1/auth/oidc/start', async (request, reply) => {
    if (!oidc) return reply.code(404).send({ error: 'single sign-on is not configured' });
    const returnTo = safeReturnTo(request.query.returnTo);
    const { url, state } = await oidc.begin(returnTo);
    // Lax, not Strict: the callback arrives as a top-level navigation from the provider's site.
    reply.setCookie(OIDC_STATE_COOKIE, state, { httpOnly: true, secure: true, sameSite: 'lax', path: '/api/v1/auth/oidc/callback', maxAge: 600 });
    return reply.redirect(url, 302);
  });

  app.get('/api/v1/auth/oidc/callback', async (request, reply) => {
    if (!oidc) return reply.code(404).send({ error: 'single sign-on is not configured' });
    reply.clearCookie(OIDC_STATE_COOKIE, { path: '/api/v1/auth/oidc/callback' });
    // The registered redirect URI with this request's query: what the provider redirected to, even behind a proxy.
    const callbackUrl = new URL(oidc.options.redirectUri);
    callbackUrl.search = new URL(request.url, 'http://callback.invalid').search;
    try {
      const { user, returnTo } = await oidc.complete(callbackUrl, request.cookies[OIDC_STATE_COOKIE], request.ip);
      const session = await sessions.create(user, request.ip);
      reply.setCookie(SESSION_COOKIE, session.sessionId, { ...SESSION_COOKIE_OPTIONS, maxAge: Math.floor(sessions.absoluteMs / 1000) });
      return reply.redirect(safeReturnTo(returnTo) ?? '/', 302);
    } catch (err) {
      if (err instanceof OidcSignInError) return reply.code(401).send({ error: err.publicMessage });
      throw err;
    }
  });
}
