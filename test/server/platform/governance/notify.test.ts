import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import dgram from 'node:dgram';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Team, WaiverRequest } from '../../../../src/model/index.js';
import { GovernanceNotifier, formatGovernanceSyslog, parseSyslogTarget, postJson, sendSyslogMessage, waiversExpiringMessage, type OwnedFinding } from '../../../../src/server/platform/governance/notify.js';
import { vulnFinding, workloadFinding } from './findings.js';
import { freePort } from '../../../helpers/registry.js';

/**
 * Real parts: e-mail goes to aiosmtpd (Debian's python3-aiosmtpd, its stock Mailbox handler writing
 * a maildir) and is read back with Python's email parser; webhooks go to a local HTTP server;
 * syslog to local UDP and TCP listeners.
 */

const PYTHON = '/usr/bin/python3';

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`aiosmtpd exited: ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`aiosmtpd did not listen on ${port}: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface ReceivedMail {
  from: string;
  to: string;
  subject: string;
  body: string;
}

/** Every message in the maildir, decoded by Python's email package. */
function readMaildir(dir: string): ReceivedMail[] {
  const script = `
import email, email.header, json, mailbox, sys
out = []
for msg in mailbox.Maildir(sys.argv[1], create=False):
    subject = str(email.header.make_header(email.header.decode_header(msg['Subject'])))
    out.append({'from': msg['From'], 'to': msg['To'], 'subject': subject, 'body': msg.get_payload(decode=True).decode(msg.get_content_charset())})
print(json.dumps(sorted(out, key=lambda m: m['to'])))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, dir], { encoding: 'utf8' })) as ReceivedMail[];
}

let tmp: string;
let smtp: ChildProcess;
let smtpPort: number;
let maildir: string;
let hookServer: http.Server;
let hookPort: number;
const hookBodies: { path: string; body: unknown }[] = [];
/** Status codes the hook answers with, in order; 200 once exhausted. */
let hookScript: number[] = [];
let udp: dgram.Socket;
let udpPort: number;
const udpMessages: string[] = [];

before(async () => {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} missing: install python3 and python3-aiosmtpd (apt-get install -y python3-aiosmtpd)`);
  try {
    execFileSync(PYTHON, ['-c', 'import aiosmtpd'], { stdio: 'pipe' });
  } catch {
    throw new Error('python3-aiosmtpd missing: apt-get install -y python3-aiosmtpd');
  }
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rampart-notify-'));
  maildir = path.join(tmp, 'maildir');
  smtpPort = await freePort();
  let stderr = '';
  smtp = spawn(PYTHON, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${smtpPort}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], { stdio: ['ignore', 'ignore', 'pipe'] });
  smtp.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitForPort(smtpPort, smtp, () => stderr);

  hookServer = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const status = hookScript.shift() ?? 200;
      if (status === 0) return; // never answer: the client's timeout must fire
      hookBodies.push({ path: req.url ?? '', body: JSON.parse(data) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  hookPort = (hookServer.address() as net.AddressInfo).port;

  udp = dgram.createSocket('udp4');
  udp.on('message', (m) => udpMessages.push(m.toString()));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  udpPort = udp.address().port;
});

after(async () => {
  smtp?.kill();
  hookServer?.closeAllConnections();
  await new Promise((resolve) => hookServer?.close(resolve));
  udp?.close();
  await rm(tmp, { recursive: true, force: true });
});

const payments = (): Team => ({ id: 'payments', name: 'Payments', notify: { webhook: `http://127.0.0.1:${hookPort}/hooks/s3cr3t-token`, email: ['pay-sec@bank.example', 'oncall@bank.example'], syslog: `udp://127.0.0.1:${udpPort}` } });
const platform = (): Team => ({ id: 'platform', name: '平台团队', notify: { email: ['platform@bank.example'] } });

test('new critical findings: one message per team per ingest on every channel; non-critical, waived and unowned ones are left out', async () => {
  hookBodies.length = 0;
  udpMessages.length = 0;
  const teams = new Map([['payments', payments()], ['platform', platform()]]);
  const notifier = new GovernanceNotifier({ team: async (id) => teams.get(id), smtp: { host: '127.0.0.1', port: smtpPort, from: 'rampart@bank.example' }, webhook: { retries: 0 }, consoleUrl: 'https://rampart.bank.local/' });
  const waived = workloadFinding({ check: 'pod.privileged', severity: 'critical', namespace: 'payments', name: 'old', status: 'waived' });
  const owned: OwnedFinding[] = [
    { finding: workloadFinding({ check: 'pod.privileged', severity: 'critical', namespace: 'payments', name: 'api' }), team: 'payments' },
    { finding: vulnFinding({ image: 'registry.bank.local/payments/api:2', purl: 'pkg:npm/lodash@4.17.20', id: 'CVE-2021-23337' }), team: 'payments' },
    { finding: workloadFinding({ check: 'pod.host-network', severity: 'high', namespace: 'payments', name: 'api' }), team: 'payments' },
    { finding: waived, team: 'payments' },
    { finding: vulnFinding({ image: 'registry.bank.local/payments/api:2', purl: 'pkg:deb/debian/openssl@3.0.11-1', id: 'CVE-2024-5535' }), team: 'platform' },
    { finding: workloadFinding({ check: 'pod.privileged', severity: 'critical', namespace: 'x', name: 'orphan' }), team: undefined },
  ];
  const deliveries = await notifier.newCriticalFindings(owned, new Date('2026-06-01T08:00:00Z'));
  assert.deepEqual(
    deliveries.map((d) => [d.team, d.channel, d.target, d.ok, d.error]),
    [
      ['payments', 'webhook', `http://127.0.0.1:${hookPort}`, true, undefined],
      ['payments', 'email', 'pay-sec@bank.example, oncall@bank.example', true, undefined],
      ['payments', 'syslog', `udp://127.0.0.1:${udpPort}`, true, undefined],
      ['platform', 'email', 'platform@bank.example', true, undefined],
    ],
  );
  // Webhook: one POST, the two critical failing findings.
  assert.equal(hookBodies.length, 1);
  assert.equal(hookBodies[0]!.path, '/hooks/s3cr3t-token');
  const body = hookBodies[0]!.body as { type: string; count: number; team: { id: string }; findings: { checkId: string; vulnerability?: string; package?: string }[] };
  assert.equal(body.type, 'rampart.findings.new-critical');
  assert.equal(body.team.id, 'payments');
  assert.equal(body.count, 2);
  assert.deepEqual(body.findings.map((f) => [f.checkId, f.vulnerability, f.package]), [['pod.privileged', undefined, undefined], ['image.vuln', 'CVE-2021-23337', 'pkg:npm/lodash@4.17.20']]);
  // E-mail: as received and parsed by a real SMTP server.
  const mails = readMaildir(maildir);
  assert.equal(mails.length, 2);
  const pay = mails.find((m) => m.to.includes('pay-sec'))!;
  assert.equal(pay.from, 'rampart@bank.example');
  assert.equal(pay.to, 'pay-sec@bank.example, oncall@bank.example');
  assert.equal(pay.subject, '[Rampart] 2 new critical findings for Payments / Payments 新增 2 个严重问题');
  assert.match(pay.body, /^2 new critical findings for team Payments:\n- pod\.privileged payments\/Deployment\/api: pod\.privileged on api\n- image\.vuln registry\.bank\.local\/payments\/api:2 CVE-2021-23337/);
  assert.match(pay.body, /团队 Payments 新增 2 个严重问题：/);
  assert.match(pay.body, /https:\/\/rampart\.bank\.local\/findings\?team=payments&severity=critical&status=fail/);
  assert.doesNotMatch(pay.body, /host-network|old/);
  const plat = mails.find((m) => m.to === 'platform@bank.example')!;
  assert.equal(plat.subject, '[Rampart] 1 new critical finding for 平台团队 / 平台团队 新增 1 个严重问题');
  assert.match(plat.body, /CVE-2024-5535/);
  // Syslog: the alert pipeline's RFC 5424 messages, one per finding.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(udpMessages.length, 2);
  for (const m of udpMessages) assert.match(m, /^<130>1 \S+ \S+ rampart \d+ (pod\.privileged|image\.vuln) \[rampart@32473 check="[^"]+" severity="critical"/);
});

test('webhook: retries 5xx and 429, stops on other 4xx, times out, and never names the URL path', async () => {
  hookBodies.length = 0;
  const url = `http://127.0.0.1:${hookPort}/hooks/s3cr3t-token`;
  hookScript = [503, 429, 200];
  await postJson(url, { n: 1 }, { retries: 3, retryMs: 10 });
  assert.equal(hookBodies.length, 3, 'two failures then success');
  hookScript = [500, 500, 500];
  await assert.rejects(postJson(url, { n: 2 }, { retries: 2, retryMs: 10 }), (err: Error) => {
    assert.equal(err.message, `webhook http://127.0.0.1:${hookPort}: HTTP 500 (after 3 attempts)`);
    return true;
  });
  hookBodies.length = 0;
  hookScript = [400];
  await assert.rejects(postJson(url, { n: 3 }, { retries: 3, retryMs: 10 }), /HTTP 400$/);
  assert.equal(hookBodies.length, 1, 'a 400 is not retried');
  hookScript = [0];
  const started = Date.now();
  await assert.rejects(postJson(url, { n: 4 }, { retries: 0, timeoutMs: 200 }), /timed out after 200 ms/);
  assert.ok(Date.now() - started < 2000);
  const closedPort = await freePort();
  await assert.rejects(postJson(`http://127.0.0.1:${closedPort}/x/secret`, {}, { retries: 1, retryMs: 10 }), (err: Error) => {
    assert.match(err.message, /ECONNREFUSED \(after 2 attempts\)/);
    assert.doesNotMatch(err.message, /secret/);
    return true;
  });
  hookScript = [];
});

test('waiver expiry warnings go to the owning team; a failing channel is reported and the rest still deliver', async () => {
  hookBodies.length = 0;
  udpMessages.length = 0;
  const brokenSmtpPort = await freePort();
  const teams = new Map([['payments', payments()]]);
  const waiver: WaiverRequest = { id: 'W-7', check: 'pod.privileged', scope: { namespace: 'payments' }, reason: 'vendor agent', expires: '2026-06-08', ticket: 'SEC-9', state: 'approved', requestedBy: 'alice', requestedAt: '2026-01-01T00:00:00Z', decidedBy: 'sec' };
  const notifier = new GovernanceNotifier({ team: async (id) => teams.get(id), waiverOwner: (w) => (w.scope.namespace === 'payments' ? 'payments' : undefined), smtp: { host: '127.0.0.1', port: brokenSmtpPort, from: 'rampart@bank.example', timeoutMs: 2000 }, webhook: { retries: 0 } });
  const other: WaiverRequest = { ...waiver, id: 'W-8', scope: { namespace: 'elsewhere' } };
  const deliveries = await notifier.waiverWarnings([waiver, other], new Date('2026-06-01T06:00:00Z'));
  assert.deepEqual(deliveries.map((d) => [d.channel, d.ok]), [['webhook', true], ['email', false], ['syslog', true]]);
  assert.match(deliveries[1]!.error!, new RegExp(`smtp 127\\.0\\.0\\.1:${brokenSmtpPort}: .*ECONNREFUSED`));
  const body = hookBodies[0]!.body as { type: string; waivers: { id: string; daysLeft: number; ticket: string }[] };
  assert.equal(body.type, 'rampart.waivers.expiring');
  assert.deepEqual(body.waivers.map((w) => [w.id, w.daysLeft, w.ticket]), [['W-7', 7, 'SEC-9']]);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(udpMessages.length, 1);
  assert.match(udpMessages[0]!, /^<132>1 2026-06-01T06:00:00\.000Z \S+ rampart \d+ waivers\.expiring \[rampart@32473 type="rampart\.waivers\.expiring" team="payments"\] \uFEFF\[Rampart\] 1 waiver of Payments expiring soon/);
  await assert.rejects(notifier.waiversExpiring([waiver], new Date('2026-06-01T06:00:00Z')), /expiry warning not delivered: email pay-sec@bank\.example, oncall@bank\.example: smtp/);
});

test('syslog notices over TCP use octet-counting framing; targets are validated', async () => {
  const received: Buffer[] = [];
  const server = net.createServer((s) => s.on('data', (d: Buffer) => received.push(d)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const message = formatGovernanceSyslog(waiversExpiringMessage({ id: 't"x]', name: 'Team' }, [], new Date('2026-06-01T00:00:00Z')), { hostname: 'rampart-1', facility: 'local3' });
  await sendSyslogMessage(`tcp://127.0.0.1:${port}`, message);
  await new Promise((r) => setTimeout(r, 100));
  server.close();
  const frame = Buffer.concat(received).toString();
  const length = Number(frame.slice(0, frame.indexOf(' ')));
  assert.equal(length, Buffer.byteLength(message));
  assert.equal(frame.slice(frame.indexOf(' ') + 1), message);
  assert.match(message, /^<156>1 2026-06-01T00:00:00\.000Z rampart-1 rampart \d+ waivers\.expiring \[rampart@32473 type="rampart\.waivers\.expiring" team="t\\"x\\]"\]/);
  assert.deepEqual(parseSyslogTarget('udp://10.0.0.1'), { transport: 'udp', host: '10.0.0.1', port: 514 });
  assert.deepEqual(parseSyslogTarget('tls://[::1]:6514'), { transport: 'tls', host: '::1', port: 6514 });
  assert.throws(() => parseSyslogTarget('syslog.bank.local:514'), /syslog target "syslog.bank.local:514": expected udp:\/\/host:port/);
});
