import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildPlatformApp } from '../../src/server/platform/app.js';
import { createConsolePlugin } from '../../src/server/platform/console.js';
import { Platform } from '../../src/server/platform/platform.js';
import { buildWeb } from '../../scripts/build-web.mjs';
import { freePort, makeTlsCert } from '../helpers/registry.js';
import { sampleReport, SCRIPT_EVIDENCE, XSS_FLAG } from '../helpers/sample-report.js';

/**
 * Single sign-on from the console in a real browser: the "Sign in with SSO" button appears when the
 * server has OIDC configured, and leads through a real OpenID provider (node-oidc-provider on
 * 127.0.0.1, plain HTTP on loopback, its development login and consent pages) back to the signed-in
 * console with the roles the provider's groups map to. Then, signed in, finding texts carrying
 * markup (the shared sample report's hostile evidence) are shown as text, never run.
 */

const CHROMIUM = process.env.RAMPART_CHROMIUM ?? '/usr/bin/chromium';
let dir: string;
let providerServer: http.Server;
let platform: Platform;
let app: FastifyInstance;
let browser: Browser;
let origin: string;
let signedIn: Page | undefined;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-console-sso-'));
  const [tls, built, appPort] = await Promise.all([makeTlsCert(dir), buildWeb({ outdir: path.join(dir, 'web'), check: false }), freePort()]);
  origin = `https://127.0.0.1:${appPort}`;
  const redirectUri = `${origin}/api/v1/auth/oidc/callback`;

  providerServer = http.createServer();
  await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'rampart', client_secret: 'rampart-console-test-secret', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups'],
    cookies: { keys: ['rampart-console-test-cookie-key'] },
    pkce: { required: () => true },
    findAccount: async (_ctx: unknown, sub: string) =>
      sub === 'sub-lin' ? { accountId: sub, claims: async () => ({ sub, name: 'Lin Wei', preferred_username: 'lin', groups: ['rampart-security'] }) } : undefined,
  });
  providerServer.on('request', provider.callback());

  platform = await Platform.open({
    database: path.join(dir, 'platform.db'),
    oidc: { issuer, clientId: 'rampart', clientSecret: 'rampart-console-test-secret', redirectUri, scopes: ['openid', 'profile', 'groups'], roleMapping: { 'rampart-security': ['security-admin'] }, allowInsecureHttp: true },
  });
  app = await buildPlatformApp({ platform, tls: { cert: tls.cert, key: tls.key }, databaseLabel: 'SQLite (console SSO)', console: createConsolePlugin({ dir: built.outdir })! });
  await app.listen({ host: '127.0.0.1', port: appPort });
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  } catch (err) {
    throw new Error(`cannot start Chromium at ${CHROMIUM} (install Debian's chromium or set RAMPART_CHROMIUM): ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
});

after(async () => {
  await signedIn?.context().close();
  await browser?.close();
  await app?.close();
  await platform?.close();
  providerServer?.closeAllConnections();
  await new Promise((resolve) => providerServer?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

test('with OIDC configured the sign-in page offers SSO, and the provider\'s sign-in lands on the console with the mapped role', async () => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${origin}/console/`);
  const sso = page.getByRole('link', { name: 'Sign in with SSO' });
  await sso.waitFor();
  await sso.click();
  // The provider's own (development) login and consent pages.
  await page.locator('input[name="login"]').fill('sub-lin');
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  await page.getByText('Signed in as lin').waitFor();
  assert.equal(new URL(page.url()).origin, origin);
  assert.match((await page.locator('.who').textContent()) ?? '', /Security administrator/);
  assert.deepEqual(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents(), ['Overview', 'Findings', 'Waivers', 'Teams and routing', 'Compliance reports']);
  signedIn = page;
});

test('markup in a finding\'s evidence is shown as text and never runs', async () => {
  assert.ok(signedIn, 'the previous test signed in');
  const page = signedIn;
  await platform.ingest(sampleReport(), { kind: 'user', id: 'test-setup', name: 'test-setup', roles: ['member'], teams: [] });
  const hostile = (await platform.findings.query({ check: 'pod.secrets-in-env' }, { limit: 1 })).items[0]!;
  await page.goto(`${origin}/console/findings/${encodeURIComponent(hostile.fingerprint)}`);
  const evidence = page.locator('pre.evidence');
  await evidence.waitFor();
  assert.equal(await evidence.textContent(), SCRIPT_EVIDENCE);
  assert.equal(await page.evaluate(`typeof window.${XSS_FLAG}`), 'undefined');
  assert.equal(await page.locator('article.finding-detail script').count(), 0);
});
