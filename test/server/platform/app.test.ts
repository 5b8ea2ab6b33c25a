import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Platform } from '../../../src/server/platform/platform.js';
import { buildPlatformApp } from '../../../src/server/platform/app.js';
import { rampart } from '../../helpers/cli.js';
import { makeTlsCert, type TlsFiles } from '../../helpers/registry.js';
import { ManualClock } from './auth/fixture.js';

/**
 * The platform server end to end over real HTTPS (test CA) on SQLite: a real scan uploaded by the
 * real CLI with a scanner token, then what each role may see and do, the waiver workflow across two
 * people, expiry re-opening the finding, the audit trail and compliance reports.
 */

const PASSWORD = 'correct horse battery staple';
const CLI_ACTOR = { name: 'test-setup' };
let dir: string;
let tls: TlsFiles;
let platform: Platform;
let app: FastifyInstance;
let origin: string;
let scannerToken: string;
const clock = new ManualClock(new Date().toISOString());

interface Answer {
  status: number;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers are checked field by field
  json: () => any;
  headers: Record<string, string | string[] | undefined>;
}

function call(method: string, route: string, options: { cookie?: string; csrf?: string; token?: string; body?: unknown; raw?: string; type?: string } = {}): Promise<Answer> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = options.type ?? 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-rampart-csrf'] = options.csrf;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const request = https.request(new URL(route, origin), { method, headers, ca: tls.cert }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('latin1');
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers, json: () => JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(username: string): Promise<Session> {
  const answer = await call('POST', '/api/v1/auth/sign-in', { body: { username, password: PASSWORD } });
  assert.equal(answer.status, 200, answer.body);
  const cookie = String((answer.headers['set-cookie'] as string[])[0]).split(';')[0]!;
  return { cookie, csrf: answer.json().csrfToken };
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-platform-'));
  tls = await makeTlsCert(dir);
  platform = await Platform.open({ database: path.join(dir, 'platform.db'), now: clock.now });
  await platform.governance.putTeam({ id: 'payments', name: 'Payments' });
  await platform.governance.putTeam({ id: 'platform', name: 'Platform' });
  await platform.governance.updateSettings({ defaultTeam: 'platform' });
  await platform.governance.replaceRoutingRules([{ id: 'r1', priority: 1, team: 'payments', namespace: 'payments' }]);
  await platform.refreshRouting();
  for (const [username, roles, teams] of [
    ['admin', ['system-admin'], []],
    ['sec', ['security-admin'], []],
    ['aud', ['auditor'], []],
    ['alice', ['member'], ['payments']],
    ['ci-scanner', ['member'], []],
  ] as const) {
    await platform.users.createLocalUser(CLI_ACTOR, { username, password: PASSWORD, roles: [...roles], teams: [...teams] });
  }
  const owner = (await platform.identity.findUserByUsername('ci-scanner'))!;
  scannerToken = (await platform.tokens.issue({ owner, name: 'ci', scopes: ['scans:upload'] }, CLI_ACTOR)).token;
  app = await buildPlatformApp({ platform, tls: { cert: tls.cert, key: tls.key }, databaseLabel: 'SQLite (test)' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  origin = `https://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

after(async () => {
  await app?.close();
  await platform?.close();
  await rm(dir, { recursive: true, force: true });
});

test('rampart manifests --upload sends the report over TLS with a scanner token, and the server files it', async () => {
  const run = await rampart(['manifests', 'demo/estate', '--format', 'json', '--output', path.join(dir, 'estate.json'), '--upload', origin, '--upload-ca', tls.certPath, '--upload-cluster', 'demo'], { env: { RAMPART_TOKEN: scannerToken } });
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  assert.match(run.stderr, /uploaded to https:\/\/127\.0\.0\.1:\d+: scan \d+, \d+ findings \(\d+ new, 0 resolved\)/);
  assert.doesNotMatch(run.stderr, new RegExp(scannerToken.slice(-12)), 'the token never appears in output');
});

test('an upload without a token, or a token without scans:upload, is refused; a body that is no report is a 400', async () => {
  const noToken = await rampart(['manifests', 'demo/estate', '--format', 'json', '--output', path.join(dir, 'x.json'), '--upload', origin, '--upload-ca', tls.certPath], { env: { RAMPART_TOKEN: '' } });
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /--upload: set RAMPART_TOKEN/);
  const sec = await signIn('sec');
  assert.equal((await call('POST', '/api/v1/scans', { ...sec, body: { findings: [] } })).status, 403, 'security admins review findings, they do not upload scans');
  const bad = await call('POST', '/api/v1/scans', { token: scannerToken, body: { hello: 'world' } });
  assert.equal(bad.status, 400);
  assert.match(bad.json().error, /not a rampart JSON report/);
});

test('every API route needs authentication; a scanner token reads nothing', async () => {
  for (const route of ['/api/v1/findings', '/api/v1/summary', '/api/v1/waivers', '/api/v1/audit', '/api/v1/openapi.json', '/api/v1/reports/pss']) {
    assert.equal((await call('GET', route)).status, 401, route);
  }
  assert.equal((await call('GET', '/api/v1/findings', { token: scannerToken })).status, 403);
});

test('a member sees only the findings routed to their team; a security administrator sees all; a system administrator none', async () => {
  const alice = await signIn('alice');
  const mine = (await call('GET', '/api/v1/findings?limit=500', alice)).json();
  assert.ok(mine.items.length > 0, 'payments findings routed to alice’s team');
  assert.ok(mine.items.every((f: { owner: string; namespace: string }) => f.owner === 'payments' && f.namespace === 'payments'));
  const sec = await signIn('sec');
  const all = (await call('GET', '/api/v1/summary', sec)).json();
  assert.ok(all.counts.total > mine.items.length);
  assert.ok(all.counts.byTeam.platform > 0, 'the rest went to the default team');
  const asked = (await call('GET', '/api/v1/findings?owner=platform', alice)).json();
  assert.deepEqual(asked.items, [], 'asking for another team’s findings shows nothing');
  const admin = await signIn('admin');
  assert.equal((await call('GET', '/api/v1/findings', admin)).status, 403);
  const filtered = (await call('GET', '/api/v1/findings?severity=critical,high&status=fail', sec)).json();
  assert.ok(filtered.items.every((f: { severity: string; status: string }) => ['critical', 'high'].includes(f.severity) && f.status === 'fail'));
  assert.equal((await call('GET', '/api/v1/findings?severity=urgent', sec)).status, 400);
});

test('waiver: a member requests, cannot approve; a security administrator approves; the finding is waived, then fails again at expiry', async () => {
  const alice = await signIn('alice');
  const sec = await signIn('sec');
  const target = (await call('GET', '/api/v1/findings?status=fail&limit=1', alice)).json().items[0];
  assert.ok(target);
  const expires = new Date(clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
  const requested = await call('POST', '/api/v1/waivers', { ...alice, body: { check: target.checkId, scope: { fingerprint: target.fingerprint }, reason: 'Compensating control: node pool isolated, ticket SEC-42', expires, ticket: 'SEC-42' } });
  assert.equal(requested.status, 201, requested.body);
  const id = requested.json().id as string;
  assert.equal((await call('POST', `/api/v1/waivers/${id}/approve`, { ...alice, body: {} })).status, 403);
  const noCsrf = await call('POST', `/api/v1/waivers/${id}/approve`, { cookie: sec.cookie, body: {} });
  assert.equal(noCsrf.status, 403, 'a cookie without the CSRF header changes nothing');
  const approved = await call('POST', `/api/v1/waivers/${id}/approve`, { ...sec, body: { note: 'agreed' } });
  assert.equal(approved.status, 200, approved.body);
  assert.equal(approved.json().state, 'approved');
  assert.equal(approved.json().findingsChanged, 1);
  assert.equal((await call('GET', `/api/v1/findings/${target.fingerprint}`, alice)).json().status, 'waived');

  clock.advanceMinutes(12 * 24 * 60);
  const tick = await platform.tick();
  assert.equal(tick.expired, 1);
  assert.equal(tick.reopened, 1);
  assert.equal((await call('GET', `/api/v1/findings/${target.fingerprint}`, alice)).status, 401, 'twelve days on, the session has long expired');
  const later = await signIn('alice');
  const reopened = (await call('GET', `/api/v1/findings/${target.fingerprint}`, later)).json();
  assert.equal(reopened.status, 'fail');
  const platformChanges = reopened.history.filter((h: { scanId?: number }) => h.scanId === undefined);
  assert.deepEqual(platformChanges.map((h: { to: string; actor: string }) => `${h.to} by ${h.actor}`), ['waived by sec', 'fail by system']);
  assert.equal((await call('GET', `/api/v1/waivers/${id}`, later)).json().state, 'expired');
});

test('the audit trail is for auditors: it records sign-ins, uploads and waiver decisions, and its chain verifies', async () => {
  const aud = await signIn('aud');
  const entries = (await call('GET', '/api/v1/audit?limit=1000', aud)).json().items as { action: string }[];
  const actions = new Set(entries.map((e) => e.action));
  for (const action of ['scan.upload', 'auth.forbidden']) assert.ok(actions.has(action), `${action} in ${[...actions].join(', ')}`);
  assert.ok([...actions].some((a) => a.startsWith('waiver.')), 'waiver decisions are recorded');
  const verified = (await call('GET', '/api/v1/audit/verify', aud)).json();
  assert.equal(verified.ok, true);
  const sec = await signIn('sec');
  assert.equal((await call('GET', '/api/v1/audit', sec)).status, 403, 'a security administrator does not read the audit trail');
  const exported = await call('GET', '/api/v1/audit/export', aud);
  assert.equal(exported.status, 200);
  assert.ok(exported.body.trim().split('\n').every((line) => typeof JSON.parse(line).hash === 'string'));
});

test('compliance report per framework in Chinese as HTML and as a PDF printed by Chromium', async () => {
  const sec = await signIn('sec');
  const frameworks = (await call('GET', '/api/v1/frameworks', sec)).json() as { id: string }[];
  assert.ok(frameworks.some((f) => f.id === 'mlps-2.0-l3'));
  const html = await call('GET', '/api/v1/reports/mlps-2.0-l3?lang=zh', sec);
  assert.equal(html.status, 200);
  const text = Buffer.from(html.body, 'latin1').toString('utf8');
  assert.match(text, /等级保护/);
  assert.match(text, /8\.1\.4\.4/);
  const pdf = await call('GET', '/api/v1/reports/cis-k8s-1.12?format=pdf', sec);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.ok(pdf.body.startsWith('%PDF-'));
  assert.equal((await call('GET', '/api/v1/reports/nope', sec)).status, 404);
});

test('the API describes itself in OpenAPI to signed-in callers', async () => {
  const aud = await signIn('aud');
  const spec = (await call('GET', '/api/v1/openapi.json', aud)).json();
  assert.equal(spec.openapi, '3.1.0');
  for (const route of ['/api/v1/findings', '/api/v1/scans', '/api/v1/waivers/{id}/approve', '/api/v1/audit/verify']) assert.ok(spec.paths[route], route);
});
