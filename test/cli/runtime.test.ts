import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import jsyaml from 'js-yaml';
import { SYSLOG_SD_ID } from '../../src/alerts/syslog-format.js';
import type { Finding, Report } from '../../src/model/index.js';
import { rampart, type CliResult } from '../helpers/cli.js';
import { requireTool, tempDir } from '../helpers/images.js';
import { freePort } from '../helpers/registry.js';
import { reportValidator } from '../helpers/schema.js';
import { call } from '../server/runtime/https-call.js';
import { makeTestPki, type TestPki } from '../server/runtime/pki.js';
import * as audit from '../sources/events/audit-events.js';
import * as falco from '../sources/events/falco-alerts.js';
import { connect, exec, jsonLines, reverseShell, write } from './runtime-fixtures.js';

/*
 * `rampart runtime` end to end: the real CLI (through tsx) on audit events and Falco alerts in
 * their wire formats, with a real rsyslogd receiving syslog over UDP, the audit webhook over TLS
 * with a test CA, and baselines learned by a real run then edited with the baseline commands.
 * Each CLI start costs seconds, so the independent one-shot runs all start in `before` and the
 * tests await theirs; every run has its own RAMPART_DATA_DIR below the temp dir.
 */

const CLI = path.resolve('src/cli/main.ts');
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const WEBHOOK_TOKEN = 'apiserver-token-5f2c9a7e1b3d4c6f8a0b';

let work: string;
const runs = new Map<string, Promise<CliResult>>();
let rsyslog: ChildProcess | undefined;
let rsyslogLog = '';
let syslogOut: string;
let syslogPort: number;
let pki: TestPki;
const children: ChildProcess[] = [];

const f = (name: string): string => path.join(work, name);
const dataDir = (name: string): string => path.join(work, 'data', name);

/** Starts a one-shot run now (in parallel with the others) under its own data dir. */
function start(name: string, args: string[], options: { stdin?: string } = {}): void {
  runs.set(name, rampart(['runtime', ...args], { ...options, env: { RAMPART_DATA_DIR: dataDir(name) } }));
}

function result(name: string): Promise<CliResult> {
  const run = runs.get(name);
  assert.ok(run, `no run ${name}`);
  return run;
}

function parseReport(r: CliResult): Report {
  const report = JSON.parse(r.stdout) as Report;
  const validate = reportValidator();
  assert.ok(validate(report), `report does not match schema/report.schema.json: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  return report;
}

async function alertLines(file: string): Promise<Finding[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Finding);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000, detail = (): string => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms: ${detail()}`);
    await sleep(100);
  }
}

interface Running {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A followed input as a child process, stopped by the test with SIGTERM. */
function spawnCli(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'runtime', ...args], {
    env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8', LC_ALL: '', RAMPART_LANG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout?.on('data', (d: Buffer) => (running.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (running.stderr += d.toString()));
  return running;
}

async function udpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function udpBound(port: number): Promise<boolean> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return (await readFile('/proc/net/udp', 'utf8')).split('\n').some((row) => row.trim().split(/\s+/)[1] === `0100007F:${hex}`);
}

/** rsyslogd on a UDP port of 127.0.0.1, writing each message's raw text to a file (as test/alerts/syslog.test.ts does). */
async function startRsyslog(): Promise<void> {
  await requireTool('rsyslogd', 'rsyslog');
  const dir = f('rsyslog');
  await mkdir(dir);
  syslogPort = await udpPort();
  syslogOut = path.join(dir, 'received.log');
  await writeFile(path.join(dir, 'rsyslog.conf'), `
global(workDirectory="${dir}" maxMessageSize="64k")
module(load="imudp")
template(name="raw" type="string" string="%rawmsg%\\n")
input(type="imudp" address="127.0.0.1" port="${syslogPort}")
action(type="omfile" file="${syslogOut}" template="raw")
`);
  rsyslog = spawn('rsyslogd', ['-f', path.join(dir, 'rsyslog.conf'), '-i', path.join(dir, 'rsyslogd.pid'), '-n'], { stdio: ['ignore', 'pipe', 'pipe'] });
  rsyslog.stdout?.on('data', (d: Buffer) => (rsyslogLog += d.toString()));
  rsyslog.stderr?.on('data', (d: Buffer) => (rsyslogLog += d.toString()));
  await waitFor('rsyslogd listening', async () => {
    if (rsyslog?.exitCode !== null) throw new Error(`rsyslogd exited: ${rsyslogLog}`);
    return (await udpBound(syslogPort)) ? true : undefined;
  }, 15_000, () => rsyslogLog);
}

// The audit log: the situations the rules look for plus two that raise nothing (a controller's
// pod, a Secret created with its values in the record).
const AUDIT_EVENTS = [...audit.SITUATIONS.map((s) => s()), audit.replicaSetPodCreate(), audit.secretCreate()];
const SECRET_VALUE = 'c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQy';
const FALCO_ALERTS = [falco.terminalShell(), falco.writeBelowEtc(), falco.readShadow(), falco.metadataConnect(), falco.inboundAccept(), falco.nonSudoSetuid(), falco.packageManagement(), reverseShell()];

/** A baseline of payments/api in the export format, as an operator writes or edits one. */
const HAND_WRITTEN_BASELINE = {
  apiVersion: 'rampart.dev/v1',
  kind: 'RuntimeBaselines',
  baselines: [
    {
      workload: '/payments/Deployment/api',
      container: 'api',
      mode: 'enforcing',
      learningStartedAt: '2025-03-04T09:31:07.541Z',
      learnedEvents: 3,
      updatedAt: '2025-03-04T10:00:00.000Z',
      exec: ['/bin/busybox', '/usr/bin/tee'],
      chain: ['runc -> /bin/busybox'],
      outbound: [],
      write: ['/etc', '/var/cache/app'],
    },
  ],
};

before(async () => {
  work = await tempDir('rampart-cli-runtime-');
  await mkdir(f('data'));
  const secretLine = JSON.stringify(audit.secretCreate());
  await Promise.all([
    writeFile(f('audit.log'), jsonLines(AUDIT_EVENTS)),
    // Line 4 is half an event, as a crash mid-write leaves it; the Secret in it must not be echoed.
    writeFile(f('audit-bad.log'), `${jsonLines(AUDIT_EVENTS.slice(0, 3))}${secretLine.slice(0, secretLine.indexOf(SECRET_VALUE) + 40)}\n${jsonLines(AUDIT_EVENTS.slice(3))}`),
    writeFile(f('waivers.yaml'), `waivers:
  - id: W-RT-1
    check: runtime.k8s-privileged-pod
    scope: {namespace: default, kind: Pod, name: node-debugger}
    reason: Node debugging session approved for the storage incident.
    approver: li.wei@bank.example
    expires: 2999-12-31
    ticket: INC-4411
`),
    writeFile(f('falco.json'), jsonLines(FALCO_ALERTS)),
    writeFile(f('user-rules.yaml'), `apiVersion: rampart.dev/v1
kind: RuntimeRules
rules:
  - id: site.tee-in-payments
    kinds: [file]
    match: {actions: [open-write], inContainer: true}
    condition: container.namespace == "payments" && proc.basename == "tee"
    subject: 'file:{file.path}'
    severity: critical
    mitre: [T1565.001]
    title: {en: tee wrote a file in the payments namespace, zh: payments 命名空间中 tee 写入了文件}
    description: {en: Nothing in payments writes files with tee., zh: payments 中没有程序用 tee 写文件。}
    remediation: {en: Ask the payments team who ran it., zh: 询问 payments 团队是谁运行的。}
overrides:
  runtime.write-etc:
    enabled: false
`),
    writeFile(f('bad-rules.yaml'), `rules:
  - id: site.ok
    kinds: [process]
    condition: proc.exe == "/bin/true"
    subject: 'process:{proc.exe}'
    severity: low
    title: {en: ok, zh: ok}
    description: {en: ok, zh: ok}
    remediation: {en: ok, zh: ok}
  - id: site.broken
    kinds: [process]
    condition: proc.exe == && proc.uid
    subject: 'process:{proc.exe}'
    severity: low
    title: {en: broken, zh: broken}
    description: {en: broken, zh: broken}
    remediation: {en: broken, zh: broken}
`),
    // Baselines: the container learns an exec, a write and a destination...
    writeFile(f('hand-written.yaml'), jsyaml.dump(HAND_WRITTEN_BASELINE)),
    writeFile(f('learn.json'), jsonLines([falco.terminalShell(), falco.writeBelowEtc(), falco.metadataConnect()])),
    // ...and, once enforcing, does something new of each kind a day later.
    writeFile(f('enforce.json'), jsonLines([
      exec('2025-03-05T10:00:00.000000000Z', '/usr/bin/curl', 'curl -s https://payments-gw.example.com/', 'sh', 51001),
      exec('2025-03-05T10:00:01.000000000Z', '/usr/bin/tee', 'tee /var/cache/app/state', 'sh', 51002),
      connect('2025-03-05T10:00:02.000000000Z', '169.254.169.254', 80, '/usr/bin/curl'),
      write('2025-03-05T10:00:03.000000000Z', '/etc/app.conf', '/usr/bin/tee'),
      write('2025-03-05T10:00:04.000000000Z', '/var/cache/app/state', '/usr/bin/tee'),
    ])),
  ]);

  // Independent one-shot runs, all at once.
  start('report', ['audit-log', f('audit-bad.log'), '--format', 'json', '--waivers', f('waivers.yaml'), '--alerts', f('report-alerts.jsonl')]);
  start('zh-critical', ['audit-log', f('audit.log'), '--lang', 'zh', '--min-severity', 'critical']);
  start('stdin', ['ingest', '-', '--format', 'json', '--rules', f('user-rules.yaml'), '--alerts', f('stdin-alerts.jsonl')], { stdin: jsonLines([...FALCO_ALERTS, falco.pluginAlert()]) });
  start('rules-list', ['rules', 'list', '--rules', f('user-rules.yaml')]);
  start('rules-list-zh', ['rules', 'list', '--lang', 'zh']);
  start('rules-explain', ['rules', 'explain', 'runtime.shell-in-container']);
  start('rules-unknown', ['rules', 'explain', 'runtime.no-such-rule']);
  start('bad-rules', ['audit-log', f('audit.log'), '--rules', f('bad-rules.yaml')]);
  start('learn', ['ingest', f('learn.json'), '--learn-for', '1h', '--format', 'json']);
  start('import', ['baseline', 'import', f('hand-written.yaml')]);

  await Promise.all([
    startRsyslog(),
    mkdir(f('pki')).then(async () => (pki = await makeTestPki(f('pki')))),
    writeFile(f('webhook-token'), `${WEBHOOK_TOKEN}\n`),
  ]);
  start('ingest', ['ingest', f('falco.json'), '--format', 'json', '--alerts', f('ingest-alerts.jsonl'), '--syslog', `udp://127.0.0.1:${syslogPort}`, '--quarantine', 'print']);
});

after(async () => {
  await Promise.allSettled([...runs.values()]);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (rsyslog && rsyslog.exitCode === null) {
    const exited = new Promise((resolve) => rsyslog!.once('exit', resolve));
    rsyslog.kill('SIGTERM');
    await exited;
  }
  if (work) await rm(work, { recursive: true, force: true });
});

const byCheck = (findings: readonly Finding[], id: string): Finding | undefined => findings.find((x) => x.checkId === id);

test('audit-log on real audit events: a JSON report valid against the schema, with cluster-admin binding, privileged pod and secrets enumeration alerts, their MITRE ids and event details', async () => {
  const r = await result('report');
  assert.equal(r.code, 2, `exit 2 for the half-written line: ${r.stderr}`);
  const report = parseReport(r);
  assert.equal(report.command, 'runtime audit-log');
  assert.equal(report.summary.resources, AUDIT_EVENTS.length);
  assert.deepEqual(report.findings.map((x) => x.checkId).sort(), ['runtime.k8s-cluster-admin-binding', 'runtime.k8s-privileged-pod', 'runtime.k8s-secrets-enumerated']);

  const binding = byCheck(report.findings, 'runtime.k8s-cluster-admin-binding')!;
  assert.equal(binding.severity, 'critical');
  assert.equal(binding.status, 'fail');
  assert.equal(binding.asset.kind, 'ClusterRoleBinding');
  assert.equal(binding.asset.objectName, 'ci-admin');
  assert.deepEqual(binding.runtime?.mitre, ['T1098']);
  assert.equal(binding.runtime?.eventKind, 'k8s-audit');
  assert.equal(binding.runtime?.source, 'k8s-audit');
  assert.equal(binding.runtime?.eventTime, '2025-03-04T09:18:30.231870Z');
  assert.equal(binding.runtime?.eventId, '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d/ResponseComplete');
  assert.deepEqual(binding.runtime?.audit, { user: 'bob@example.com', verb: 'create', sourceIPs: ['10.0.12.9'], resource: 'clusterrolebindings', name: 'ci-admin', responseCode: 201 });
  assert.ok(binding.controls.length > 0);

  const secrets = byCheck(report.findings, 'runtime.k8s-secrets-enumerated')!;
  assert.equal(secrets.severity, 'high');
  assert.equal(secrets.subject, 'user:system:serviceaccount:payments:api');
  assert.deepEqual(secrets.runtime?.mitre, ['T1552.007', 'T1613']);
  assert.equal(secrets.runtime?.audit?.namespace, 'payments');
  assert.equal(secrets.runtime?.audit?.verb, 'list');

  const pod = byCheck(report.findings, 'runtime.k8s-privileged-pod')!;
  assert.equal(pod.asset.namespace, 'default');
  assert.equal(pod.asset.objectName, 'node-debugger');
  assert.deepEqual(pod.runtime?.mitre, ['T1610', 'T1611']);
  // A Secret's values in a Request-level record never reach any output.
  assert.ok(!r.stdout.includes(SECRET_VALUE) && !r.stderr.includes(SECRET_VALUE));
  assert.match(r.stderr, /rampart: k8s-audit-log:.*audit-bad\.log: 7 events, 0 dropped, 1 malformed; 2 alerts \(1 more waived\)/);
});

test('audit-log --waivers: the waived alert is in the report as waived with its waiver, and is not sent to --alerts', async () => {
  const r = await result('report');
  const report = parseReport(r);
  const pod = byCheck(report.findings, 'runtime.k8s-privileged-pod')!;
  assert.equal(pod.status, 'waived');
  assert.equal(pod.waiver?.id, 'W-RT-1');
  assert.equal(pod.waiver?.approver, 'li.wei@bank.example');
  assert.equal(report.summary.findings.waived, 1);
  assert.equal(report.summary.findings.fail, 2);
  const sent = await alertLines(f('report-alerts.jsonl'));
  assert.deepEqual(sent.map((a) => a.checkId).sort(), ['runtime.k8s-cluster-admin-binding', 'runtime.k8s-secrets-enumerated']);
  assert.ok(sent.every((a) => a.status === 'fail'));
  // The same alerts, whole: what the sink wrote is what the report holds.
  assert.deepEqual(sent.find((a) => a.checkId === 'runtime.k8s-cluster-admin-binding'), byCheck(report.findings, 'runtime.k8s-cluster-admin-binding'));
});

test('audit-log --waivers: the report lists the waiver and how many alerts it matched, as every other command does', async () => {
  const report = parseReport(await result('report'));
  assert.deepEqual(report.waivers, [{ id: 'W-RT-1', check: 'runtime.k8s-privileged-pod', state: 'active', expires: '2999-12-31', matched: 1 }]);
});

test('audit-log --lang zh --min-severity critical: the table in Chinese, only the critical alert', async () => {
  const [r, report] = await Promise.all([result('zh-critical'), result('report').then(parseReport)]);
  assert.equal(r.code, 0, r.stderr);
  const binding = byCheck(report.findings, 'runtime.k8s-cluster-admin-binding')!;
  assert.ok(r.stdout.includes(binding.message.zh), `no Chinese message in:\n${r.stdout}`);
  assert.ok(r.stdout.includes('runtime.k8s-cluster-admin-binding'));
  assert.ok(!r.stdout.includes('runtime.k8s-privileged-pod'));
  assert.ok(!r.stdout.includes('runtime.k8s-secrets-enumerated'));
  assert.ok(!r.stdout.includes(binding.message.en), 'English message in a zh report');
  assert.match(r.stderr, /7 events, 0 dropped, 0 malformed; 1 alerts/);
});

test('audit-log with a half-written line: file:line on stderr without its content, in the report\'s input errors, exit 2, the other events still processed', async () => {
  const r = await result('report');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`rampart: ${f('audit-bad.log').replace(/[.]/g, '\\.')}:4: `));
  assert.ok(!r.stderr.includes(SECRET_VALUE), 'the bad line was echoed');
  const report = parseReport(r);
  assert.equal(report.findings.length, 3, 'events after the bad line were not processed');
  assert.equal(report.inputErrors.length, 1);
  assert.match(report.inputErrors[0]!.message, /1 lines? (was|were) not (an )?events?/);
});

test('audit-log --follow --from-start: alerts appear in the --alerts file as events are appended; SIGTERM ends it cleanly with the summary', async () => {
  const log = f('follow-audit.log');
  const out = f('follow-alerts.jsonl');
  await writeFile(log, jsonLines([audit.clusterAdminBinding()]));
  const run = spawnCli(['audit-log', log, '--follow', '--from-start', '--alerts', out], { RAMPART_DATA_DIR: dataDir('follow') });
  const detail = (): string => `stderr: ${run.stderr}`;
  await waitFor('the alert of the event already in the file', async () => ((await alertLines(out)).length >= 1 ? true : undefined), 20_000, detail);
  await appendFile(log, jsonLines([audit.kubectlExec(), audit.serviceAccountListsSecrets()]));
  await appendFile(log, jsonLines([audit.privilegedPodCreate()]));
  const alerts = await waitFor('alerts of the appended events', async () => {
    const lines = await alertLines(out);
    return lines.length >= 3 ? lines : undefined;
  }, 10_000, detail);
  assert.deepEqual(alerts.map((a) => a.checkId), ['runtime.k8s-cluster-admin-binding', 'runtime.k8s-secrets-enumerated', 'runtime.k8s-privileged-pod']);
  run.child.kill('SIGTERM');
  const exit = await run.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, run.stderr);
  assert.match(run.stderr, /rampart: k8s-audit-log:.*follow-audit\.log: 4 events, 0 dropped, 0 malformed; 3 alerts\n/);
  assert.equal(run.stdout, '', 'a followed input prints no report');
  assert.equal((await alertLines(out)).length, 3);
  assert.ok(existsSync(path.join(dataDir('follow'), 'baselines.db')), 'baselines database not written');
});

test('audit-webhook over TLS with the test CA: bearer token from --token-file accepted, no or wrong credentials 401, alerts to --alerts; Prometheus metrics only with RAMPART_METRICS_TOKEN', async () => {
  const out = f('webhook-alerts.jsonl');
  const metricsPort = await freePort();
  const run = spawnCli(
    ['audit-webhook', '--listen', '127.0.0.1:0', '--tls-cert', f('pki/rampart-receiver.crt'), '--tls-key', f('pki/rampart-receiver.key'), '--token-file', f('webhook-token'), '--alerts', out, '--metrics-listen', `127.0.0.1:${metricsPort}`],
    { RAMPART_DATA_DIR: dataDir('webhook'), RAMPART_METRICS_TOKEN: METRICS_TOKEN },
  );
  const url = await waitFor('the webhook URL on stderr', async () => /audit webhook on (https:\/\/127\.0\.0\.1:\d+)/.exec(run.stderr)?.[1], 20_000, () => run.stderr);
  const batch = audit.eventList([audit.kubectlExec(), audit.serviceAccountListsSecrets(), audit.anonymousRequest(), audit.clusterAdminBinding(), audit.privilegedPodCreate()]);

  assert.equal((await call(url, { body: batch, ca: pki.caCert })).status, 401);
  assert.equal((await call(url, { body: batch, ca: pki.caCert, token: 'not-the-token-0000000000000000' })).status, 401);
  const accepted = await call(url, { body: batch, ca: pki.caCert, token: WEBHOOK_TOKEN });
  assert.equal(accepted.status, 200, accepted.body);

  const alerts = await waitFor('alerts of the posted batch', async () => {
    const lines = await alertLines(out);
    return lines.length >= 3 ? lines : undefined;
  }, 10_000, () => run.stderr);
  assert.deepEqual(alerts.map((a) => a.checkId).sort(), ['runtime.k8s-cluster-admin-binding', 'runtime.k8s-privileged-pod', 'runtime.k8s-secrets-enumerated']);
  assert.ok(alerts.every((a) => a.runtime?.source === 'k8s-audit'));

  const scrape = (token?: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: metricsPort, path: '/metrics', headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
  assert.equal((await scrape()).status, 401);
  assert.equal((await scrape('wrong-token-wrong-token-wrong')).status, 401);
  const metrics = await scrape(METRICS_TOKEN);
  assert.equal(metrics.status, 200);
  assert.match(metrics.body, /^rampart_runtime_events_received_total\{source="[^"]*"\} 5$/m);
  assert.match(metrics.body, /^rampart_runtime_alerts_total\{rule="runtime\.k8s-cluster-admin-binding",severity="critical"\} 1$/m);
  assert.match(metrics.body, /^rampart_runtime_alerts_total\{rule="runtime\.k8s-secrets-enumerated",severity="high"\} 1$/m);

  run.child.kill('SIGTERM');
  assert.deepEqual(await run.exited, { code: 0, signal: null }, run.stderr);
  assert.match(run.stderr, /: 5 events, 0 dropped, 0 malformed; 3 alerts\n/);
  assert.ok(!run.stderr.includes(WEBHOOK_TOKEN) && !run.stderr.includes(METRICS_TOKEN), 'a credential was logged');
});

test('ingest falco.json: Falco alerts become Rampart alerts in the report and the --alerts file; a password on a command line never leaves masked form', async () => {
  const r = await result('ingest');
  assert.equal(r.code, 0, r.stderr);
  const report = parseReport(r);
  const ids = new Set(report.findings.map((x) => x.checkId));
  for (const id of ['runtime.shell-in-container', 'runtime.write-etc', 'runtime.metadata-access', 'runtime.privilege-escalation', 'runtime.package-manager', 'runtime.reverse-shell']) assert.ok(ids.has(id), `no ${id} alert: ${[...ids].join(', ')}`);
  assert.ok(![...ids].some((id) => id.startsWith('runtime.baseline.')), 'baseline alerts while still learning (default 24h)');
  const shell = byCheck(report.findings, 'runtime.shell-in-container')!;
  assert.equal(shell.runtime?.source, 'falco');
  assert.equal(shell.runtime?.pod, 'api-7d9c6b8f5-x2k4z');
  assert.equal(shell.runtime?.containerId, '8f2a7c9d1b3e');
  assert.equal(shell.runtime?.node, 'worker-2');
  assert.equal(shell.runtime?.process?.exe, '/bin/busybox');
  assert.equal(shell.asset.ref, 'k8s:///payments/Deployment/api');
  assert.equal(shell.container, 'api');
  const metadata = byCheck(report.findings, 'runtime.metadata-access')!;
  assert.deepEqual(metadata.runtime?.connection, { protocol: 'tcp', address: '169.254.169.254', port: 80, direction: 'outbound' });
  const sent = await alertLines(f('ingest-alerts.jsonl'));
  assert.deepEqual(sent.map((a) => a.fingerprint).sort(), report.findings.map((x) => x.fingerprint).sort());
  const everything = r.stdout + r.stderr + (await readFile(f('ingest-alerts.jsonl'), 'utf8'));
  assert.ok(!everything.includes('hunter2hunter2'), 'the password on the exploit command line leaked');
  assert.match(r.stderr, /falco:.*falco\.json: 8 events, 0 dropped, 0 malformed; \d+ alerts/);
});

test('ingest --syslog udp://: a real rsyslogd receives every alert as RFC 5424 with the check id as MSGID and Rampart structured data', async () => {
  const r = await result('ingest');
  assert.equal(r.code, 0, r.stderr);
  const sent = await alertLines(f('ingest-alerts.jsonl'));
  const lines = await waitFor(`rsyslogd to receive ${sent.length} messages`, async () => {
    const got = (await readFile(syslogOut, 'utf8').catch(() => '')).split('\n').filter((l) => l.startsWith('<'));
    return got.length >= sent.length ? got : undefined;
  }, 5_000, () => rsyslogLog);
  assert.equal(lines.length, sent.length);
  for (const alert of sent) {
    const line = lines.find((l) => l.includes(`"fingerprint":"${alert.fingerprint}"`));
    assert.ok(line, `no syslog message for ${alert.checkId}`);
    const head = /^<(\d+)>1 \S+ \S+ rampart \d+ (\S+) \[/.exec(line);
    assert.ok(head, `not an RFC 5424 message from rampart: ${line.slice(0, 120)}`);
    assert.equal(head[2], alert.checkId.slice(0, 32));
    assert.equal(Number(head[1]) % 8, { critical: 2, high: 3, medium: 4, low: 5, info: 6 }[alert.severity]);
    assert.ok(line.includes(`[${SYSLOG_SD_ID} `), 'no rampart structured data');
  }
});

test('--quarantine print: the critical reverse shell in payments/api prints the deny-all NetworkPolicy once, and the pod patch, on stderr', async () => {
  const r = await result('ingest');
  const report = parseReport(r);
  const critical = report.findings.filter((x) => x.severity === 'critical' && x.runtime?.pod);
  assert.deepEqual(critical.map((x) => x.checkId), ['runtime.reverse-shell']);
  assert.equal((r.stderr.match(/# Rampart quarantine for pod payments\/api-7d9c6b8f5-x2k4z\./g) ?? []).length, 1, 'quarantine printed not exactly once (high alerts must not quarantine by default)');
  assert.match(r.stderr, /kubectl -n payments patch pod api-7d9c6b8f5-x2k4z --type merge -p '\{"metadata":\{"labels":\{"rampart\.io\/quarantine":"true"\}/);
  const yamlText = r.stderr.slice(r.stderr.indexOf('---\n') + 4).split(/\n(?=rampart: )/)[0]!;
  const policy = jsyaml.load(yamlText) as { kind: string; metadata: { namespace: string; annotations: Record<string, string> }; spec: { podSelector: unknown; policyTypes: string[]; ingress: unknown[]; egress: unknown[] } };
  assert.equal(policy.kind, 'NetworkPolicy');
  assert.equal(policy.metadata.namespace, 'payments');
  assert.deepEqual(policy.spec, { podSelector: { matchLabels: { 'rampart.io/quarantine': 'true' } }, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
  assert.equal(policy.metadata.annotations['rampart.io/alert-check'], 'runtime.reverse-shell');
  assert.equal(policy.metadata.annotations['rampart.io/alert-fingerprint'], critical[0]!.fingerprint);
});

test('ingest - (standard input) with a user --rules file: the site rule fires, the override disables write-etc, the plugin alert is reported as stdin:9', async () => {
  const r = await result('stdin');
  assert.match(r.stderr, /rampart: stdin:9: falco alert "Attach\/Exec Pod"/);
  assert.match(r.stderr, /falco:stdin: 8 events, 0 dropped, 1 malformed; \d+ alerts/);
  const sent = await alertLines(f('stdin-alerts.jsonl'));
  const site = byCheck(sent, 'site.tee-in-payments');
  assert.ok(site, `the user rule did not fire: ${sent.map((x) => x.checkId).join(', ')}`);
  assert.equal(site.severity, 'critical');
  assert.equal(site.subject, 'file:/etc/ld.so.preload');
  assert.deepEqual(site.runtime?.mitre, ['T1565.001']);
  assert.ok(site.message.en.startsWith('tee wrote a file in the payments namespace'), site.message.en);
  assert.equal(byCheck(sent, 'runtime.write-etc'), undefined, 'write-etc was disabled by the override');
  assert.ok(byCheck(sent, 'runtime.shell-in-container'), 'the default rules still run');
});

test('ingest with a user rule that fires: the findings report holds its alert with the rule\'s own catalogue entry (exit 2 only for the bad line)', async () => {
  const r = await result('stdin');
  assert.doesNotMatch(r.stderr, /unknown check id/, 'the report stage does not know user rules');
  assert.equal(r.code, 2, r.stderr);
  const report = parseReport(r);
  assert.ok(byCheck(report.findings, 'site.tee-in-payments'));
  assert.equal(report.checks['site.tee-in-payments']?.title.en, 'tee wrote a file in the payments namespace');
  assert.equal(report.findings.length, (await alertLines(f('stdin-alerts.jsonl'))).length);
});

test('rules list: every default rule with severity and MITRE ids, user rules added, overridden ones marked disabled; --lang zh in Chinese', async () => {
  const [en, zh] = await Promise.all([result('rules-list'), result('rules-list-zh')]);
  assert.equal(en.code, 0, en.stderr);
  assert.equal(zh.code, 0, zh.stderr);
  const row = (out: string, id: string): string | undefined => out.split('\n').find((l) => l.startsWith(`${id} `));
  assert.match(row(en.stdout, 'runtime.shell-in-container') ?? '', /^runtime\.shell-in-container\s+high\s+T1059\.004,T1609\s+Shell started in a container$/);
  assert.match(row(en.stdout, 'runtime.k8s-cluster-admin-binding') ?? '', /\s+critical\s+T1098\s+/);
  assert.match(row(en.stdout, 'runtime.write-etc') ?? '', /\(disabled\) /);
  assert.match(row(en.stdout, 'site.tee-in-payments') ?? '', /^site\.tee-in-payments\s+critical\s+T1565\.001\s+tee wrote a file in the payments namespace$/);
  assert.ok(en.stdout.split('\n').filter(Boolean).length >= 17);
  assert.match(row(zh.stdout, 'runtime.shell-in-container') ?? '', /\s+high\s+T1059\.004,T1609\s+\S*[\u4e00-\u9fff]/);
  assert.equal(row(zh.stdout, 'site.tee-in-payments'), undefined);
  assert.ok(!zh.stdout.includes('Shell started in a container'));
});

test('rules explain runtime.shell-in-container: the catalogue text, MITRE ids, the CEL condition, parameters and the rule file', async () => {
  const r = await result('rules-explain');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^runtime\.shell-in-container/);
  assert.match(r.stdout, /^MITRE ATT&CK: T1059\.004, T1609$/m);
  assert.match(r.stdout, /^Events: process$/m);
  assert.match(r.stdout, /^Condition \(CEL\):\n {2}container\.inContainer && \(proc\.basename in params\.shells/m);
  assert.match(r.stdout, /^ {2}shells: \["sh","bash",/m);
  assert.match(r.stdout, /^From: .*src\/catalog\/runtime-rules\/default\.yaml$/m);
});

test('rules explain of an unknown id: one line naming it, exit 2', async () => {
  const r = await result('rules-unknown');
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'rampart: unknown rule "runtime.no-such-rule" (see: rampart runtime rules list)\n');
});

test('a bad user rule: one line naming the file and the rule, exit 2, no events read', async () => {
  const r = await result('bad-rules');
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, new RegExp(`^rampart: ${f('bad-rules.yaml').replace(/[.]/g, '\\.')}: rule site\\.broken: condition does not compile: `));
});

test('baselines: a learning run stores them; show, mode, add and remove edit them; export writes the edited baseline', async () => {
  const learn = await result('learn');
  assert.equal(learn.code, 0, learn.stderr);
  assert.ok(!parseReport(learn).findings.some((x) => x.checkId.startsWith('runtime.baseline.')), 'baseline alerts while learning');
  const env = { RAMPART_DATA_DIR: dataDir('learn') };
  const cli = async (args: string[]): Promise<CliResult> => {
    const r = await rampart(['runtime', 'baseline', ...args], { env });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r;
  };

  const shown = (await cli(['show', 'payments/api'])).stdout;
  assert.match(shown, /^Workload: {3}\/payments\/Deployment\/api$/m);
  assert.match(shown, /^Container: {2}api$/m);
  assert.match(shown, /^Mode: {7}learning \(since 2025-03-04T09:31:07\.541Z, 3 events\)$/m);
  for (const row of [/^exec\s+\/bin\/busybox$/m, /^chain\s+runc -> \/bin\/busybox$/m, /^outbound\s+169\.254\.169\.254:80$/m, /^write\s+\/etc$/m]) assert.match(shown, row);

  assert.match((await cli(['mode', 'payments/api', 'enforcing'])).stderr, /^rampart: 1 baseline now enforcing$/m);
  assert.match((await cli(['add', 'payments/api', 'api', 'exec', '/usr/bin/tee'])).stderr, /^rampart: 1 exec entry added$/m);
  assert.match((await cli(['remove', 'payments/api', 'api', 'outbound', '169.254.169.254:80'])).stderr, /^rampart: 1 outbound entry removed$/m);
  await cli(['export', 'payments/api', '-o', f('exported.yaml')]);
  const exported = jsyaml.load(await readFile(f('exported.yaml'), 'utf8')) as typeof HAND_WRITTEN_BASELINE;
  assert.equal(exported.kind, 'RuntimeBaselines');
  assert.equal(exported.baselines.length, 1);
  const { updatedAt: _updated, ...entry } = exported.baselines[0]!;
  // What the hand-written document holds, less the write entry an operator added to it.
  const { updatedAt: _u, ...expected } = HAND_WRITTEN_BASELINE.baselines[0]!;
  assert.deepEqual(entry, { ...expected, write: ['/etc'] });
});

test('baselines: import of a document in the export format, export gives it back; an enforcing run raises new-exec, new-outbound and new-chain with the entry missed, nothing for what the baseline holds', async () => {
  const imported = await result('import');
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /^rampart: imported 1 baselines from .*hand-written\.yaml$/m);
  const env = { RAMPART_DATA_DIR: dataDir('import') };
  const [exported, run] = await Promise.all([
    rampart(['runtime', 'baseline', 'export', '--format', 'json'], { env }),
    rampart(['runtime', 'ingest', f('enforce.json'), '--format', 'json'], { env }),
  ]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.deepEqual(JSON.parse(exported.stdout), HAND_WRITTEN_BASELINE, 'import → export is not a round trip');

  assert.equal(run.code, 0, run.stderr);
  const findings = parseReport(run).findings.filter((x) => x.checkId.startsWith('runtime.baseline.'));
  assert.deepEqual(findings.map((x) => `${x.checkId} ${x.runtime?.baseline?.value}`).sort(), [
    'runtime.baseline.new-chain sh -> /usr/bin/tee',
    'runtime.baseline.new-exec /usr/bin/curl',
    'runtime.baseline.new-outbound 169.254.169.254:80',
  ]);
  const newExec = byCheck(findings, 'runtime.baseline.new-exec')!;
  assert.deepEqual(newExec.runtime?.baseline, { kind: 'exec', value: '/usr/bin/curl', learnedEntries: 2 });
  assert.equal(newExec.severity, 'medium');
  assert.equal(newExec.asset.ref, 'k8s:///payments/Deployment/api');
  assert.equal(newExec.runtime?.process?.pid, 51001);
  assert.deepEqual(byCheck(findings, 'runtime.baseline.new-outbound')?.runtime?.baseline, { kind: 'outbound', value: '169.254.169.254:80', learnedEntries: 0 });
});
