import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Report } from '../../src/model/index.js';
import { buildPlatformApp } from '../../src/server/platform/app.js';
import { createConsolePlugin } from '../../src/server/platform/console.js';
import { Platform } from '../../src/server/platform/platform.js';
import { buildWeb } from '../../scripts/build-web.mjs';
import { rampart } from '../helpers/cli.js';
import { makeTlsCert } from '../helpers/registry.js';

/**
 * The web console end to end in a real browser (Debian's chromium through playwright-core) against
 * the real platform server over HTTPS (a test certificate) on SQLite, holding a real scan of the
 * demo estate: sign in, filter, a finding's detail, a waiver requested by a team member and
 * approved by a security administrator (neither may decide their own), the finding re-opening when
 * the waiver expires (the server's clock is moved), Chinese, a PDF report and the auditor's chain
 * check. Screenshots go to .cache/e2e-artifacts/console/.
 */

const PASSWORD = 'correct horse battery staple';
const CHROMIUM = process.env.RAMPART_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve('.cache/e2e-artifacts/console');
const DAY_MS = 86_400_000;

/** The server's clock: the test moves it to cross a waiver's expiry without waiting. */
let clockMs = Date.now();
const now = (): Date => new Date(clockMs);

let dir: string;
let platform: Platform;
let app: FastifyInstance;
let browser: Browser;
let origin: string;
const contexts: BrowserContext[] = [];
/** The waiver the member requests and the security administrator approves. */
let waiverId = '';
let waivedFingerprint = '';

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[134]/.test(message.text())) errors.push(message.text());
  });
  (page as Page & { scriptErrors: string[] }).scriptErrors = errors;
  return page;
}

function scriptErrors(page: Page): string[] {
  return (page as Page & { scriptErrors: string[] }).scriptErrors;
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${origin}/console/`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Password').press('Enter');
  await page.getByText(`Signed in as ${username}`).waitFor();
}

/** One signed-in page per user, reused across tests: each sign-in costs an argon2id verification. */
const signedIn = new Map<string, Page>();

async function pageAs(username: string, route = '/console/'): Promise<Page> {
  let page = signedIn.get(username);
  if (!page) {
    page = await newPage();
    await signIn(page, username);
    signedIn.set(username, page);
  }
  await page.goto(`${origin}${route}`);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-console-e2e-'));
  await mkdir(ARTIFACTS, { recursive: true });
  const [tls, built, scan] = await Promise.all([
    makeTlsCert(dir),
    buildWeb({ outdir: path.join(dir, 'web'), check: false }),
    rampart(['manifests', 'demo/estate', '--format', 'json', '--output', path.join(dir, 'estate.json')]),
  ]);
  assert.ok(scan.code === 0 || scan.code === 1, scan.stderr);

  platform = await Platform.open({ database: path.join(dir, 'platform.db'), now });
  await platform.governance.putTeam({ id: 'payments', name: 'Payments' });
  await platform.governance.putTeam({ id: 'platform', name: 'Platform engineering' });
  await platform.governance.updateSettings({ defaultTeam: 'platform' });
  await platform.governance.replaceRoutingRules([{ id: 'payments', priority: 10, team: 'payments', namespace: 'payments' }]);
  await platform.refreshRouting();
  const setup = { name: 'test-setup' };
  for (const [username, roles, teams] of [
    ['alice', ['member'], ['payments']],
    ['sec', ['security-admin'], []],
    ['aud', ['auditor'], []],
    ['admin', ['system-admin'], []],
  ] as const) {
    await platform.users.createLocalUser(setup, { username, password: PASSWORD, roles: [...roles], teams: [...teams] });
  }
  const report = JSON.parse(await readFile(path.join(dir, 'estate.json'), 'utf8')) as Report;
  await platform.ingest(report, { kind: 'user', id: 'test-setup', name: 'test-setup', roles: ['member'], teams: [] }, { cluster: 'demo' });

  const plugin = createConsolePlugin({ dir: built.outdir });
  assert.ok(plugin, 'the console was built');
  app = await buildPlatformApp({ platform, tls: { cert: tls.cert, key: tls.key }, databaseLabel: 'SQLite (console e2e)', console: plugin });
  await app.listen({ host: '127.0.0.1', port: 0 });
  origin = `https://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  } catch (err) {
    throw new Error(`cannot start Chromium at ${CHROMIUM} (install Debian's chromium or set RAMPART_CHROMIUM): ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
});

after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
  await platform?.close();
  await rm(dir, { recursive: true, force: true });
});

test('the console is served under a strict CSP and the page runs without script errors or CSP violations', async () => {
  const page = await newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto(`${origin}/`);
  assert.equal(new URL(page.url()).pathname, '/console/', '/ redirects to the console');
  const csp = response!.headers()['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  await page.getByRole('heading', { name: 'Sign in to Rampart' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Sign in with SSO' }).count(), 0, 'no SSO button without OIDC configured');
  // The first Tab lands on the skip link.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement?.textContent'), 'Skip to main content');
  assert.deepEqual(violations, []);
  assert.deepEqual(scriptErrors(page), []);
});

test('a wrong password is refused with the server\'s message in an alert', async () => {
  const page = await newPage();
  await page.goto(`${origin}/console/`);
  await page.getByLabel('User name').fill('alice');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /\S/);
  assert.equal(await page.getByText('Signed in as').count(), 0);
});

test('a team member signs in, sees the overview of their team\'s findings with the trend chart, and no auditor or admin pages', async () => {
  const page = await pageAs('alice');
  await page.getByRole('heading', { name: 'Open findings by severity' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Overview', 'Findings', 'Waivers', 'Teams and routing']);
  // Alice's team owns the payments namespace's four findings, and only those.
  const open = page.locator('.card.status-total .num');
  assert.equal(await open.textContent(), '4');
  await page.getByRole('table', { name: 'By team' }).getByRole('row', { name: /Payments\s*4/ }).waitFor();
  assert.equal(await page.locator('svg.trend-chart path.line-total').count(), 1);
  assert.match((await page.locator('svg.trend-chart').getAttribute('aria-label')) ?? '', /latest 4/);
  await shot(page, '01-overview-member');
  // A page the role may not see, by URL: a clear message, not a crash.
  await page.goto(`${origin}/console/audit`);
  await page.getByText('Your role does not give access to this page.').waitFor();
  assert.deepEqual(scriptErrors(page), []);
});

test('the member filters findings by severity and check, and the filters live in the URL', async () => {
  const page = await pageAs('alice');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' }).click();
  await page.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
  await page.getByText('4 findings loaded.').waitFor();
  await page.getByRole('group', { name: 'Severity' }).getByLabel('Medium').check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByText('2 findings loaded.').waitFor();
  assert.match(page.url(), /severity=medium/);
  const checks = await page.locator('table.findings tbody code').allTextContents();
  assert.deepEqual(checks.sort(), ['network.mtls-not-enforced', 'pod.secrets-in-env']);
  await page.getByLabel('Check', { exact: true }).fill('pod.*');
  await page.getByLabel('Check', { exact: true }).press('Enter');
  await page.getByText('1 findings loaded.').waitFor();
  assert.deepEqual(await page.locator('table.findings tbody code').allTextContents(), ['pod.secrets-in-env']);
  await shot(page, '02-findings-filtered');
  // The same view again from its URL.
  await page.reload();
  await page.getByText('1 findings loaded.').waitFor();
  assert.equal(await page.getByRole('group', { name: 'Severity' }).getByLabel('Medium').isChecked(), true);
});

test('keyboard: navigation moves focus to the new page\'s heading; the security administrator pages through all findings by cursor', async () => {
  const page = await pageAs('sec');
  await page.getByRole('heading', { name: 'Open findings by severity' }).waitFor();
  const findingsLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' });
  await findingsLink.focus();
  await page.keyboard.press('Enter');
  await page.getByText('50 findings loaded.').waitFor();
  assert.equal(await page.evaluate('document.activeElement?.tagName + " " + document.activeElement?.textContent'), 'H1 Findings');
  assert.equal(await findingsLink.getAttribute('aria-current'), 'page');
  const open = (await platform.findings.counts({ status: ['fail', 'waived', 'not-evaluated'] })).total;
  assert.ok(open > 50, `the demo estate has more than one page of findings (${open})`);
  await page.getByRole('link', { name: 'Next page' }).click();
  await page.getByText(`Page 2; ${open - 50} findings shown`).first().waitFor();
  assert.match(page.url(), /cursor=/);
  assert.equal(await page.getByRole('link', { name: 'Next page' }).count(), 0);
  await page.getByRole('link', { name: 'First page' }).click();
  await page.getByText('Page 1; 50 findings shown').first().waitFor();
});

test('the member opens a finding (evidence, location, remediation, controls, history) and requests a waiver scoped to it', async () => {
  const page = await pageAs('alice', '/console/findings?check=pod.secrets-in-env&status=fail');
  await page.getByText('1 findings loaded.').waitFor();
  await page.locator('table.findings tbody a.check-link').click();
  await page.getByRole('heading', { name: 'Remediation' }).waitFor();
  waivedFingerprint = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  const detail = (await page.locator('article.finding-detail').textContent()) ?? '';
  assert.match(detail, /PAYMENTS_DB_PASSWORD/);
  assert.match(detail, /JSON path/);
  assert.match(detail, /Remediation/);
  assert.ok((await page.locator('ul.control-list li').count()) > 0, 'controls listed');
  assert.match((await page.locator('section[aria-labelledby="history-heading"]').textContent()) ?? '', /reported as Fail/);
  await page.getByRole('button', { name: 'Request waiver' }).click();
  assert.equal(await page.getByLabel('Scope (finding fingerprint)').inputValue(), waivedFingerprint);
  await page.getByLabel('Reason').fill('Secret moves to the vault in sprint 42; the pod runs in an isolated namespace.');
  const tomorrow = new Date(clockMs + DAY_MS).toISOString().slice(0, 10);
  await page.getByLabel('Expires').fill(tomorrow);
  await page.getByLabel('Ticket (optional)').fill('SEC-1234');
  await page.getByRole('button', { name: 'Submit request' }).click();
  const status = page.getByRole('status').filter({ hasText: 'submitted' });
  await status.waitFor();
  waiverId = /Waiver request (\S+) submitted/.exec((await status.textContent()) ?? '')![1]!;
  await page.locator('ul.requests').getByText(waiverId).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Request waiver' }).count(), 0, 'no second request while one is pending');
  await shot(page, '03-waiver-requested');
  // In the queue, the requester has no approve or reject button.
  await page.goto(`${origin}/console/waivers`);
  const row = page.locator(`tr[data-waiver="${waiverId}"]`);
  await row.waitFor();
  assert.equal(await row.getByRole('button').count(), 0);
});

test('a security administrator approves the member\'s request, cannot decide their own, and the finding becomes waived', async () => {
  assert.ok(waiverId, 'the previous test requested a waiver');
  const page = await pageAs('sec');
  // The administrator's own request for another finding: shown, but not theirs to decide.
  const other = (await platform.findings.query({ check: 'pod.privileged', status: ['fail'] }, { limit: 1 })).items[0]!;
  const own = await platform.workflow.request({ kind: 'user', id: 'sec', name: 'sec', roles: ['security-admin'], teams: [] }, { check: other.checkId, scope: { fingerprint: other.fingerprint }, reason: 'batch job needs it', expires: new Date(clockMs + 7 * DAY_MS).toISOString().slice(0, 10) });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Waivers' }).click();
  const ownRow = page.locator(`tr[data-waiver="${own.id}"]`);
  await ownRow.waitFor();
  assert.equal(await ownRow.getByRole('button', { name: /Approve|Reject/ }).count(), 0);
  assert.match((await ownRow.textContent()) ?? '', /another security administrator decides it/);
  const row = page.locator(`tr[data-waiver="${waiverId}"]`);
  await row.getByLabel(`Note for ${waiverId} (optional)`).fill('Accepted until the vault migration.');
  await shot(page, '04-waivers-queue');
  await row.getByRole('button', { name: `Approve ${waiverId}` }).click();
  await page.getByText(`Waiver ${waiverId} is now Approved; 1 findings changed.`).waitFor();
  await page.goto(`${origin}/console/findings/${encodeURIComponent(waivedFingerprint)}`);
  await page.locator('.badges .badge.status-waived').waitFor();
  assert.match((await page.locator('.note-waived').textContent()) ?? '', new RegExp(`Waived by ${waiverId}`));
  assert.deepEqual(scriptErrors(page), []);
});

test('when the waiver expires the finding re-opens, and an ended session returns to sign-in', async () => {
  assert.ok(waivedFingerprint);
  const page = await pageAs('alice');
  await page.getByRole('heading', { name: 'Open findings by severity' }).waitFor();
  clockMs += 2 * DAY_MS;
  // Every session has now timed out: the others sign in afresh in later tests.
  for (const [user, other] of signedIn) if (user !== 'alice') await other.context().close();
  for (const user of [...signedIn.keys()]) if (user !== 'alice') signedIn.delete(user);
  const tick = await platform.tick();
  assert.ok(tick.expired >= 1 && tick.reopened >= 1, JSON.stringify(tick));
  // Two days later the console's session has timed out: the next request brings back the sign-in form.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' }).click();
  await page.getByText('Your session has ended; please sign in again.').waitFor();
  await page.getByLabel('User name').fill('alice');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as alice').waitFor();
  await page.goto(`${origin}/console/findings/${encodeURIComponent(waivedFingerprint)}`);
  await page.locator('.badges .badge.status-fail').waitFor();
  const history = (await page.locator('section[aria-labelledby="history-heading"] tbody').textContent()) ?? '';
  assert.match(history, /Fail → Waived/);
  assert.match(history, /Waived → Fail.*system/);
  assert.match((await page.locator('ul.requests').textContent()) ?? '', /Expired/);
  await shot(page, '05-reopened-after-expiry');
});

test('the language switch turns the console Chinese and the choice survives a reload', async () => {
  const page = await pageAs('sec');
  await page.getByRole('button', { name: 'Switch to Chinese' }).click();
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.waitFor();
  assert.deepEqual(await nav.getByRole('link').allTextContents(), ['总览', '安全问题', '豁免', '团队与分派', '合规报告']);
  assert.equal(await page.evaluate('document.documentElement.lang'), 'zh-CN');
  await page.reload();
  await page.getByRole('heading', { name: '未关闭问题（按严重程度）' }).waitFor();
  await page.goto(`${origin}/console/findings?severity=critical`);
  await page.getByRole('button', { name: '应用筛选' }).waitFor();
  assert.ok((await page.locator('.badge.sev-critical').first().textContent()) === '严重');
  await shot(page, '06-findings-zh');
  await page.getByRole('button', { name: '切换到英文' }).click();
  await page.getByRole('button', { name: 'Apply filters' }).waitFor();
});

test('the compliance reports page opens a framework\'s HTML report and downloads its PDF', async () => {
  const page = await pageAs('sec');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compliance reports' }).click();
  const row = page.locator('tr[data-framework="cis-k8s-1.12"]');
  await row.waitFor();
  await shot(page, '07-reports');
  const [popup] = await Promise.all([page.waitForEvent('popup'), row.getByRole('link', { name: /HTML \(Chinese\)/ }).click()]);
  await popup.waitForLoadState();
  assert.match(await popup.content(), /CIS/);
  await popup.close();
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: /PDF \(English\)/ }).click()]);
  const file = path.join(dir, 'report.pdf');
  await download.saveAs(file);
  const pdf = await readFile(file);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(download.suggestedFilename(), /^rampart-cis-k8s-1\.12-.*\.en\.pdf$/);
});

test('the auditor reads the audit trail, finds the approval, and verifies the hash chain', async () => {
  const page = await pageAs('aud');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('button', { name: 'Verify chain' }).waitFor();
  await page.getByLabel('Action').fill('waiver.approve');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/action=waiver\.approve/);
  await page.getByText(/^\d+ entries shown\.$/).waitFor();
  const rows = await page.locator('table.audit tbody tr').allTextContents();
  assert.ok(rows.length > 0 && rows.every((r) => r.includes('waiver.approve')), rows.join('\n'));
  assert.ok(rows.some((r) => r.includes('sec') && r.includes(`waiver:${waiverId}`)), rows.join('\n'));
  await page.getByRole('button', { name: 'Verify chain' }).click();
  const verdict = page.locator('.verify-result');
  await verdict.getByText(/Chain intact: \d+ entries/).waitFor();
  await shot(page, '08-audit-verified');
  // The auditor reads findings but has nothing to request or decide.
  await page.goto(`${origin}/console/findings/${encodeURIComponent(waivedFingerprint)}`);
  await page.getByRole('heading', { name: 'History' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Request waiver' }).count(), 0);
  assert.deepEqual(scriptErrors(page), []);
});

test('a security administrator adds a team and a routing rule; a member sees teams and rules but no edit controls', async () => {
  const page = await pageAs('sec', '/console/teams');
  await page.getByRole('button', { name: 'New team' }).click();
  await page.getByLabel('Id').fill('cards');
  await page.getByLabel('Name', { exact: true }).fill('Cards');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await page.getByRole('table', { name: 'Teams' }).getByRole('row', { name: /cards\s*Cards/ }).waitFor();
  await page.getByRole('button', { name: 'Edit rules' }).click();
  await page.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.getByRole('group', { name: 'Rule 2' });
  await rule.getByLabel('ID').fill('cards');
  await rule.getByLabel('Priority').fill('20');
  await rule.getByLabel('Team').selectOption('cards');
  await rule.getByLabel('Namespace').fill('cards');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await page.getByRole('button', { name: 'Edit rules' }).waitFor();
  const rules = await platform.governance.listRoutingRules();
  assert.deepEqual(rules.map((r) => [r.id, r.team, r.namespace, r.priority]).sort(), [['cards', 'cards', 'cards', 20], ['payments', 'payments', 'payments', 10]]);
  await shot(page, '09-teams-and-routing');

  const member = await pageAs('alice', '/console/teams');
  await member.getByRole('table', { name: 'Teams' }).getByRole('row', { name: /cards\s*Cards/ }).waitFor();
  await member.getByRole('table', { name: 'Routing rules' }).getByRole('row', { name: /cards/ }).waitFor();
  assert.equal(await member.getByRole('button', { name: /Edit|New team/ }).count(), 0);
});

test('the system administrator, who reads no findings, starts on the accounts page', async () => {
  const page = await pageAs('admin');
  await shot(page, '10-admin-users');
  await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/console/users');
  assert.deepEqual(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents(), ['Users']);
  await page.getByRole('rowheader', { name: 'alice' }).waitFor();
  const names = await page.locator('table tbody th').allTextContents();
  for (const user of ['alice', 'sec', 'aud', 'admin']) assert.ok(names.includes(user), names.join(', '));
  // Signing out ends the session on the server: a reload shows the sign-in form again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Rampart' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to Rampart' }).waitFor();
  assert.deepEqual(scriptErrors(page), []);
});
