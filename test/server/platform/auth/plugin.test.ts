import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../../../../src/model/platform.js';
import { ROLE_PERMISSIONS, teamFilter } from '../../../../src/server/platform/auth/authorization.js';
import { authPlugin, requirePermission } from '../../../../src/server/platform/auth/plugin.js';
import { AUTH_PUBLIC_ROUTES, registerAuthRoutes } from '../../../../src/server/platform/auth/routes.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../../src/server/platform/auth/sessions.js';
import { SqliteDatabase } from '../../../../src/store/sql/sqlite.js';
import { authParts, PASSWORD, type AuthParts } from './fixture.js';

/**
 * The auth plugin in a real fastify app (HTTP through fastify's inject): one probe route per
 * permission, GET and POST, guarded by requirePermission; every role signs in through the real
 * sign-in route and is checked against every probe, including the denials.
 */

let app: FastifyInstance;
let parts: AuthParts;
const cookies = new Map<Role, { cookie: string; csrf: string }>();

/** Probe route of a permission (`:` would start a route parameter). */
const probe = (permission: Permission): string => `/probe/${permission.replace(':', '-')}`;

function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  assert.ok(cookie, 'a session cookie is set');
  return `${SESSION_COOKIE}=${cookie.value}`;
}

before(async () => {
  parts = await authParts(SqliteDatabase.open(':memory:'));
  app = Fastify();
  await app.register(authPlugin, { sessions: parts.sessions, tokens: parts.tokens, audit: parts.audit, publicRoutes: [...AUTH_PUBLIC_ROUTES, '/console/*'] });
  await registerAuthRoutes(app, { signIn: parts.signIn, sessions: parts.sessions, audit: parts.audit });
  for (const permission of PERMISSIONS) {
    app.get(probe(permission), { preHandler: requirePermission(permission) }, async (request) => ({ ok: permission, by: request.principal?.name, teams: teamFilter(request.principal!) }));
    app.post(probe(permission), { preHandler: requirePermission(permission) }, async () => ({ ok: permission }));
  }
  app.get('/console/index.html', async () => 'console');
  await app.ready();
  for (const role of ROLES) {
    await parts.addUser(`user-${role}`, [role], role === 'member' ? ['payments'] : []);
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: `user-${role}`, password: PASSWORD } });
    assert.equal(response.statusCode, 200, response.body);
    cookies.set(role, { cookie: sessionCookie(response), csrf: (response.json() as { csrfToken: string }).csrfToken });
  }
});

after(async () => {
  await app?.close();
});

describe('every role against every permission, over HTTP', () => {
  for (const role of ROLES) {
    test(`${role}: 200 on its ${ROLE_PERMISSIONS[role].length} permissions, 403 on the other ${PERMISSIONS.length - ROLE_PERMISSIONS[role].length}, for GET and POST`, async () => {
      const { cookie, csrf } = cookies.get(role)!;
      for (const permission of PERMISSIONS) {
        const allowed = ROLE_PERMISSIONS[role].includes(permission);
        const get = await app.inject({ method: 'GET', url: probe(permission), headers: { cookie } });
        assert.equal(get.statusCode, allowed ? 200 : 403, `GET ${permission} as ${role}`);
        if (!allowed) assert.deepEqual(get.json(), { error: `permission ${permission} required` });
        const post = await app.inject({ method: 'POST', url: probe(permission), headers: { cookie, [CSRF_HEADER]: csrf }, payload: {} });
        assert.equal(post.statusCode, allowed ? 200 : 403, `POST ${permission} as ${role}`);
      }
    });
  }
});

test('sign-in sets the session cookie HttpOnly, Secure, SameSite=Strict, Path=/ and returns the CSRF token and permissions', async () => {
  await parts.addUser('cookie-check', ['member'], ['cards']);
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'cookie-check', password: PASSWORD } });
  const header = String(response.headers['set-cookie']);
  assert.match(header, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
  for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/', 'Max-Age=43200']) assert.ok(header.split('; ').includes(attribute), `${attribute} in ${header}`);
  const body = response.json() as { user: { username: string; teams: string[] }; csrfToken: string; permissions: Permission[] };
  assert.equal(body.user.username, 'cookie-check');
  assert.deepEqual(body.permissions, ['findings:read', 'scans:upload', 'waivers:request']);
  assert.match(body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(!response.body.includes('argon2'), 'no password hash in the answer');
  const session = await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: sessionCookie(response) } });
  assert.equal((session.json() as { csrfToken: string }).csrfToken, body.csrfToken);
});

test('a failed sign-in answers 401 with the generic message; a malformed body 400', async () => {
  const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'user-auditor', password: 'not my password' } });
  assert.equal(wrong.statusCode, 401);
  assert.deepEqual(wrong.json(), { error: 'invalid username or password' });
  assert.equal(wrong.headers['set-cookie'], undefined);
  const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'ghost', password: 'not my password' } });
  assert.deepEqual(unknown.json(), wrong.json());
  const malformed = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'x' } });
  assert.equal(malformed.statusCode, 400);
});

test('nothing is anonymous except the listed public routes; each refusal is audited', async () => {
  const before = (await parts.audit.query({ limit: 1 }))[0]!.seq;
  const anonymous = await app.inject({ method: 'GET', url: probe('findings:read') });
  assert.equal(anonymous.statusCode, 401);
  assert.deepEqual(anonymous.json(), { error: 'authentication required' });
  assert.equal(anonymous.headers['www-authenticate'], 'Bearer realm="rampart"');
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/auth/session' })).statusCode, 401);
  assert.equal((await app.inject({ method: 'GET', url: '/no/such/route' })).statusCode, 401, 'unknown routes do not reveal themselves');
  assert.equal((await app.inject({ method: 'GET', url: '/console/index.html' })).statusCode, 200);
  const garbage = await app.inject({ method: 'GET', url: probe('findings:read'), headers: { cookie: `${SESSION_COOKIE}=forged` } });
  assert.equal(garbage.statusCode, 401);
  assert.match(String(garbage.headers['set-cookie']), new RegExp(`^${SESSION_COOKIE}=;`), 'a stale cookie is cleared');
  const denied = await app.inject({ method: 'GET', url: probe('audit:read'), headers: { cookie: cookies.get('system-admin')!.cookie } });
  assert.equal(denied.statusCode, 403);

  const entries = (await parts.audit.query({ limit: 10 })).filter((e) => e.seq > before).reverse();
  assert.deepEqual(entries.map((e) => [e.actor, e.action, e.target, e.outcome, e.details?.reason ?? e.details?.permission]), [
    ['anonymous', 'auth.unauthenticated', 'route:GET /probe/findings-read', 'denied', 'no-credentials'],
    ['anonymous', 'auth.unauthenticated', 'route:GET /api/v1/auth/session', 'denied', 'no-credentials'],
    ['anonymous', 'auth.unauthenticated', 'route:GET /no/such/route', 'denied', 'no-credentials'],
    ['anonymous', 'auth.unauthenticated', 'route:GET /probe/findings-read', 'denied', 'session-expired-or-unknown'],
    ['user-system-admin', 'auth.forbidden', 'route:GET /probe/audit-read', 'denied', 'audit:read'],
  ]);
  assert.ok(entries.every((e) => e.sourceIp === '127.0.0.1'));
});

test('CSRF: a cookie-authenticated POST needs the session\'s X-Rampart-CSRF header; another session\'s token does not do', async () => {
  const { cookie, csrf } = cookies.get('member')!;
  const none = await app.inject({ method: 'POST', url: probe('waivers:request'), headers: { cookie }, payload: {} });
  assert.equal(none.statusCode, 403);
  assert.deepEqual(none.json(), { error: `missing or wrong ${CSRF_HEADER} header` });
  const foreign = await app.inject({ method: 'POST', url: probe('waivers:request'), headers: { cookie, [CSRF_HEADER]: cookies.get('auditor')!.csrf }, payload: {} });
  assert.equal(foreign.statusCode, 403);
  const right = await app.inject({ method: 'POST', url: probe('waivers:request'), headers: { cookie, [CSRF_HEADER]: csrf }, payload: {} });
  assert.equal(right.statusCode, 200);
  const signInAgain = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { cookie }, payload: { username: 'user-member', password: 'wrong password here' } });
  assert.equal(signInAgain.statusCode, 401, 'a public POST over a live session runs anonymously instead of failing on CSRF');
  const csrfDenials = (await parts.audit.query({ action: 'auth.forbidden', limit: 5 })).filter((e) => e.details?.reason === 'csrf');
  assert.equal(csrfDenials.length, 2);
});

test('bearer tokens: a scans:upload token may upload and nothing else, needs no CSRF header, and a bad token is a 401', async () => {
  const owner = await parts.addUser('scanner', ['member'], ['payments']);
  const { token } = await parts.tokens.issue({ owner, name: 'ci', scopes: ['scans:upload'] }, { name: 'user-system-admin' });
  const upload = await app.inject({ method: 'POST', url: probe('scans:upload'), headers: { authorization: `Bearer ${token}` }, payload: {} });
  assert.equal(upload.statusCode, 200);
  const read = await app.inject({ method: 'GET', url: probe('findings:read'), headers: { authorization: `Bearer ${token}` } });
  assert.equal(read.statusCode, 403);
  const [denial] = await parts.audit.query({ action: 'auth.forbidden', limit: 1 });
  assert.equal(denial?.actor, 'scanner/ci');
  assert.deepEqual(denial?.details, { permission: 'findings:read', roles: ['member'], scopes: ['scans:upload'] });
  const bad = await app.inject({ method: 'GET', url: probe('scans:upload'), headers: { authorization: `Bearer ${token.slice(0, -1)}x` } });
  assert.equal(bad.statusCode, 401);
  assert.deepEqual(bad.json(), { error: 'invalid or expired API token' });
  const [refusal] = await parts.audit.query({ action: 'auth.unauthenticated', limit: 1 });
  assert.equal(refusal?.details?.reason, 'wrong-secret');
  assert.ok(!JSON.stringify(refusal).includes(token.slice(-43, -1)), 'the presented secret is not audited');
  assert.equal((await app.inject({ method: 'GET', url: probe('scans:upload'), headers: { authorization: 'Basic dXNlcjpwYXNz' } })).statusCode, 401);
});

test('members see their teams\' findings only; the filter comes with the principal', async () => {
  const member = await app.inject({ method: 'GET', url: probe('findings:read'), headers: { cookie: cookies.get('member')!.cookie } });
  assert.deepEqual(member.json(), { ok: 'findings:read', by: 'user-member', teams: { scope: 'teams', teams: ['payments'] } });
  const auditor = await app.inject({ method: 'GET', url: probe('findings:read'), headers: { cookie: cookies.get('auditor')!.cookie } });
  assert.deepEqual((auditor.json() as { teams: unknown }).teams, { scope: 'all' });
});

test('sign-out ends the session and is audited; idle sessions answer 401', async () => {
  await parts.addUser('leaver', ['auditor']);
  const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'leaver', password: PASSWORD } });
  const cookie = sessionCookie(signIn);
  const csrf = (signIn.json() as { csrfToken: string }).csrfToken;
  const out = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, [CSRF_HEADER]: csrf } });
  assert.equal(out.statusCode, 204);
  assert.equal((await parts.audit.query({ action: 'auth.sign-out', limit: 1 }))[0]?.actor, 'leaver');
  assert.equal((await app.inject({ method: 'GET', url: probe('audit:read'), headers: { cookie } })).statusCode, 401);

  const again = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'leaver', password: PASSWORD } });
  const idleCookie = sessionCookie(again);
  parts.clock.advanceMinutes(31);
  assert.equal((await app.inject({ method: 'GET', url: probe('audit:read'), headers: { cookie: idleCookie } })).statusCode, 401);
  assert.equal((await parts.audit.verify()).ok, true);
});
