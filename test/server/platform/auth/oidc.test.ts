import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import type { Role } from '../../../../src/model/platform.js';
import { OidcSignOn, type OidcOptions } from '../../../../src/server/platform/auth/oidc.js';
import { authPlugin } from '../../../../src/server/platform/auth/plugin.js';
import { AUTH_PUBLIC_ROUTES, registerAuthRoutes } from '../../../../src/server/platform/auth/routes.js';
import { SESSION_COOKIE } from '../../../../src/server/platform/auth/sessions.js';
import { SqliteDatabase } from '../../../../src/store/sql/sqlite.js';
import { freePort } from '../../../helpers/registry.js';
import { authParts, type AuthParts } from './fixture.js';

/**
 * Single sign-on against a real OpenID provider (node-oidc-provider 9) on 127.0.0.1, driven the way
 * a browser would: redirects followed by hand with a cookie jar, the provider's login and consent
 * forms read from its HTML and submitted. Plain HTTP on loopback, with openid-client's
 * allowInsecureRequests (the `allowInsecureHttp` option, for tests only).
 */

interface Account {
  name: string;
  preferred_username: string;
  email: string;
  groups: string[];
}

const accounts: Record<string, Account> = {
  'sub-alice': { name: 'Alice Li', preferred_username: 'alice', email: 'alice@bank.example', groups: ['rampart-security', 'team-payments'] },
  'sub-bob': { name: 'Bob Chen', preferred_username: 'bob', email: 'bob@bank.example', groups: ['rampart-members', 'team-payments', 'team-cards'] },
  'sub-nogroup': { name: 'No Group', preferred_username: 'nogroup', email: 'n@bank.example', groups: ['unrelated'] },
  'sub-clash': { name: 'Clash', preferred_username: 'local-admin', email: 'c@bank.example', groups: ['rampart-members'] },
  'sub-greedy': { name: 'Greedy', preferred_username: 'greedy', email: 'g@bank.example', groups: ['rampart-sysadmins', 'rampart-auditors'] },
};

const ROLE_MAPPING: Record<string, Role[]> = {
  'rampart-sysadmins': ['system-admin'],
  'rampart-security': ['security-admin'],
  'rampart-auditors': ['auditor'],
  'rampart-members': ['member'],
};

let providerServer: http.Server;
let issuer: string;
let app: FastifyInstance;
let appOrigin: string;
let parts: AuthParts;

before(async () => {
  const appPort = await freePort();
  appOrigin = `http://127.0.0.1:${appPort}`;
  const redirectUri = `${appOrigin}/api/v1/auth/oidc/callback`;

  providerServer = http.createServer();
  await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'rampart', client_secret: 'rampart-test-client-secret', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    cookies: { keys: ['rampart-test-cookie-key'] },
    pkce: { required: () => true },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts[sub];
      return account ? { accountId: sub, claims: async () => ({ sub, ...account }) } : undefined;
    },
  });
  providerServer.on('request', provider.callback());

  parts = await authParts(SqliteDatabase.open(':memory:'));
  const options: OidcOptions = {
    issuer, clientId: 'rampart', clientSecret: 'rampart-test-client-secret', redirectUri,
    scopes: ['openid', 'profile', 'email', 'groups'],
    roleMapping: ROLE_MAPPING,
    teamMapping: { 'team-payments': ['payments'], 'team-cards': ['cards'] },
    allowInsecureHttp: true,
  };
  const oidc = await OidcSignOn.discover(options, { identity: parts.identity, audit: parts.audit, now: parts.clock.now });
  app = Fastify();
  await app.register(authPlugin, { sessions: parts.sessions, tokens: parts.tokens, audit: parts.audit, publicRoutes: AUTH_PUBLIC_ROUTES });
  await registerAuthRoutes(app, { signIn: parts.signIn, sessions: parts.sessions, audit: parts.audit, oidc });
  await app.listen({ port: appPort, host: '127.0.0.1' });
});

after(async () => {
  await app?.close();
  providerServer?.closeAllConnections();
  await new Promise((resolve) => providerServer?.close(resolve));
});

/** A minimal browser: one cookie jar per origin, redirects followed by hand. Secure cookies are kept on http too (loopback test). */
class Browser {
  readonly jar = new Map<string, Map<string, string>>();
  readonly visited: string[] = [];

  cookieHeader(url: URL): string {
    return [...(this.jar.get(url.origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    this.visited.push(`${init.method ?? 'GET'} ${target.origin === appOrigin ? 'app' : 'idp'}${target.pathname}`);
    const headers: Record<string, string> = { cookie: this.cookieHeader(target) };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    const cookies = this.jar.get(target.origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(target.origin, cookies);
    return response;
  }

  /**
   * Follows redirects from `url`; on the provider's login form signs in as `login`, on its consent
   * form continues. Stops at the first answer from the Rampart app that is not a redirect to the
   * provider, or at a redirect back into the app's own pages.
   */
  async signInThrough(url: string, login: string, stopAt: (url: URL) => boolean = (u) => u.origin === appOrigin && !u.pathname.startsWith('/api/')): Promise<{ response: Response; url: URL }> {
    let next = new URL(url);
    let init: { method?: string; form?: Record<string, string> } = {};
    for (let step = 0; step < 20; step++) {
      const response = await this.request(next.href, init);
      init = {};
      if (response.status >= 300 && response.status < 400) {
        const location = new URL(response.headers.get('location')!, next);
        if (stopAt(location)) return { response, url: location };
        next = location;
        continue;
      }
      const html = await response.text();
      const form = /<form[^>]*action="([^"]+)"[^>]*method="post">[\s\S]*?name="prompt" value="(login|consent)"/.exec(html);
      if (!form || new URL(next).origin !== issuer) return { response: new Response(html, { status: response.status, headers: response.headers }), url: next };
      next = new URL(form[1]!.replace(/&amp;/g, '&'), next);
      init = { method: 'POST', form: form[2] === 'login' ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' } };
    }
    throw new Error(`sign-in did not finish in 20 steps: ${this.visited.join(' → ')}`);
  }
}

async function sessionOf(browser: Browser): Promise<{ status: number; body: { user?: { username: string; roles: Role[]; teams: string[]; auth: string; displayName: string; email?: string }; permissions?: string[] } }> {
  const response = await browser.request(`${appOrigin}/api/v1/auth/session`);
  return { status: response.status, body: (await response.json()) as never };
}

test('full code flow with PKCE, state and nonce: first sign-in creates the OIDC user with roles and teams from the groups claim', async () => {
  const browser = new Browser();
  const { response, url } = await browser.signInThrough(`${appOrigin}/api/v1/auth/oidc/start?returnTo=/findings?severity=critical`, 'sub-alice');
  assert.equal(response.status, 302);
  assert.equal(url.href, `${appOrigin}/findings?severity=critical`);
  assert.deepEqual(browser.visited.map((v) => v.replace(/\/[A-Za-z0-9_-]{10,}$/, '/:uid')), [
    'GET app/api/v1/auth/oidc/start', 'GET idp/auth', 'GET idp/interaction/:uid', 'POST idp/interaction/:uid', 'GET idp/auth/:uid',
    'GET idp/interaction/:uid', 'POST idp/interaction/:uid', 'GET idp/auth/:uid', 'GET app/api/v1/auth/oidc/callback',
  ]);
  const session = await sessionOf(browser);
  assert.equal(session.status, 200);
  assert.deepEqual({ ...session.body.user, id: undefined, createdAt: undefined }, {
    id: undefined, createdAt: undefined, username: 'alice', displayName: 'Alice Li', email: 'alice@bank.example', roles: ['security-admin'], teams: ['payments'], auth: 'oidc', disabled: false,
  });
  assert.ok(session.body.permissions?.includes('waivers:decide'));
  const stored = await parts.identity.findUserByOidcSubject(`${issuer}|sub-alice`);
  assert.equal(stored?.username, 'alice');
  const audit = (await parts.audit.query({ target: 'user:alice' })).reverse();
  assert.deepEqual(audit.map((e) => [e.actor, e.action, e.outcome]), [['system', 'user.create', 'success'], ['alice', 'auth.sign-in', 'success']]);
  assert.equal(audit[1]?.details?.method, 'oidc');
  assert.equal(await parts.identity.findUserByUsername('alice').then((u) => u?.auth), 'oidc');
});

test('the authorization request carries PKCE S256, state and nonce; the state cookie is HttpOnly and Lax for the callback path only', async () => {
  const browser = new Browser();
  const start = await browser.request(`${appOrigin}/api/v1/auth/oidc/start`);
  assert.equal(start.status, 302);
  const location = new URL(start.headers.get('location')!);
  assert.equal(location.origin, issuer);
  assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
  assert.match(location.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.ok(location.searchParams.get('state'));
  assert.ok(location.searchParams.get('nonce'));
  assert.equal(location.searchParams.get('response_type'), 'code');
  const cookie = start.headers.getSetCookie().find((c) => c.startsWith('rampart_oidc_state='))!;
  assert.equal(cookie.split(';')[0], `rampart_oidc_state=${location.searchParams.get('state')}`);
  for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/api/v1/auth/oidc/callback']) assert.ok(cookie.split('; ').includes(attribute), `${attribute} in ${cookie}`);
});

test('later sign-ins take roles and teams from the provider again; a role change ends the user\'s other sessions', async () => {
  const first = new Browser();
  await first.signInThrough(`${appOrigin}/api/v1/auth/oidc/start`, 'sub-bob');
  const before = await sessionOf(first);
  assert.deepEqual([before.body.user?.roles, before.body.user?.teams], [['member'], ['cards', 'payments']]);

  accounts['sub-bob']!.groups = ['rampart-auditors'];
  const second = new Browser();
  await second.signInThrough(`${appOrigin}/api/v1/auth/oidc/start`, 'sub-bob');
  const after = await sessionOf(second);
  assert.deepEqual([after.body.user?.roles, after.body.user?.teams], [['auditor'], []]);
  assert.equal((await sessionOf(first)).status, 401, 'the session with the old roles is gone');
  const [change] = await parts.audit.query({ action: 'user.role-change', target: 'user:bob' });
  assert.deepEqual(change?.details, { source: 'oidc', from: ['member'], to: ['auditor'] });
});

test('refused sign-ins answer 401 "single sign-on failed" and record why: no mapped role, username clash, conflicting admin roles', async () => {
  await parts.identity.createUser({ username: 'local-admin', roles: ['system-admin'], auth: 'local' });
  const cases: [string, RegExp][] = [
    ['sub-nogroup', /no Rampart role is mapped from the groups claim/],
    ['sub-clash', /username local-admin is already held by another account/],
    ['sub-greedy', /roles system-admin and auditor cannot be held together/],
  ];
  for (const [login, reason] of cases) {
    const browser = new Browser();
    const { response } = await browser.signInThrough(`${appOrigin}/api/v1/auth/oidc/start`, login);
    assert.equal(response.status, 401, login);
    assert.deepEqual(await response.json(), { error: 'single sign-on failed' });
    assert.equal(browser.jar.get(appOrigin)?.has(SESSION_COOKIE), false);
    const [entry] = await parts.audit.query({ action: 'auth.sign-in-failed', limit: 1 });
    assert.match(String(entry?.details?.reason), reason);
  }
  assert.equal(await parts.identity.findUserByOidcSubject(`${issuer}|sub-clash`), undefined);
});

test('a callback without the browser\'s state cookie, with a forged state, or replayed is refused', async () => {
  const browser = new Browser();
  const stopAtCallback = (u: URL) => u.pathname === '/api/v1/auth/oidc/callback';
  const { url: callback } = await browser.signInThrough(`${appOrigin}/api/v1/auth/oidc/start`, 'sub-alice', stopAtCallback);
  assert.ok(callback.searchParams.get('code'));

  const stranger = new Browser(); // login CSRF: someone else's browser presented with this callback
  const stolen = await stranger.request(callback.href);
  assert.equal(stolen.status, 401);

  const forged = new URL(callback);
  forged.searchParams.set('state', 'forged-state');
  assert.equal((await browser.request(forged.href)).status, 401);

  const good = await browser.request(callback.href);
  assert.equal(good.status, 401, 'the forged attempt cleared the state cookie, so even the real callback now fails');
  const reasons = (await parts.audit.query({ action: 'auth.sign-in-failed', limit: 3 })).map((e) => e.details?.reason);
  assert.deepEqual(reasons, Array(3).fill('state does not match the browser that started the sign-in'));

  const retry = new Browser();
  const { url: second } = await retry.signInThrough(`${appOrigin}/api/v1/auth/oidc/start`, 'sub-alice', stopAtCallback);
  const cookies = new Map(retry.jar.get(appOrigin));
  assert.equal((await retry.request(second.href)).status, 302);
  retry.jar.set(appOrigin, cookies); // replay with the state cookie restored
  const replay = await retry.request(second.href);
  assert.equal(replay.status, 401);
  assert.equal((await parts.audit.query({ action: 'auth.sign-in-failed', limit: 1 }))[0]?.details?.reason, 'unknown, used or expired state');
});

test('a provider error on the callback is refused and audited', async () => {
  const browser = new Browser();
  const start = await browser.request(`${appOrigin}/api/v1/auth/oidc/start`);
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const response = await browser.request(`${appOrigin}/api/v1/auth/oidc/callback?error=access_denied&error_description=user+cancelled&state=${state}`);
  assert.equal(response.status, 401);
  assert.equal((await parts.audit.query({ action: 'auth.sign-in-failed', limit: 1 }))[0]?.details?.reason, 'provider returned access_denied: user cancelled');
  assert.equal((await parts.audit.verify()).ok, true);
});

test('discovery from an issuer with nothing there fails naming the issuer', async () => {
  const port = await freePort();
  await assert.rejects(
    OidcSignOn.discover({ issuer: `http://127.0.0.1:${port}`, clientId: 'x', redirectUri: 'http://127.0.0.1/cb', roleMapping: {}, allowInsecureHttp: true }, { identity: parts.identity, audit: parts.audit }),
    new RegExp(`oidc: discovery from http://127.0.0.1:${port} failed`),
  );
  await assert.rejects(OidcSignOn.discover({ issuer, clientId: 'x', redirectUri: 'http://127.0.0.1/cb', roleMapping: { g: ['root' as Role] } }, { identity: parts.identity, audit: parts.audit }), /oidc: roleMapping.g: unknown role root/);
});
