import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Finding } from '../../src/model/index.js';
import { tempDir } from '../helpers/images.js';
import { auditState, releaseKernelAuditLock, takeKernelAuditLock, type AuditState } from '../helpers/kernel-audit.js';

/*
 * `rampart runtime agent` on this machine's kernel audit subsystem (root, auditd installed): the
 * real CLI starts a private audit daemon (--start-auditd), the test starts real processes — a
 * shell with a reverse-shell command line, a curl to a port it listens on — and reads the alerts
 * the agent writes, then stops it with SIGTERM and checks the kernel is as it was. The kernel has
 * one audit configuration: this file takes the lock test/sources/events/node/sensor.test.ts takes,
 * and `after` removes whatever a failed run left behind.
 */

const CLI = path.resolve('src/cli/main.ts');

let work: string;
let server: Server;
let port: number;
let auditBefore: AuditState;
const agents: ChildProcess[] = [];



interface Agent {
  child: ChildProcess;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startAgent(args: string[], dataDir: string): Agent {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'runtime', 'agent', ...args], {
    env: { ...process.env, NO_COLOR: '1', RAMPART_DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  agents.push(child);
  const agent: Agent = { child, stderr: '', exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
  child.stderr?.on('data', (d: Buffer) => (agent.stderr += d.toString()));
  return agent;
}

function run(file: string, args: string[]): Promise<{ pid: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ pid: child.pid as number, code }));
  });
}

async function alertLines(file: string): Promise<Finding[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Finding);
}

/** Undoes what an agent that died uncleanly left: its keyed rules, the enabled flag, its audit daemon. */
function restoreKernelAudit(): string[] {
  const left: string[] = [];
  const now = auditState();
  for (const key of new Set([...now.rules.matchAll(/(?:key=|-k )(rampart_\w+)/g)].map((m) => m[1]!))) {
    execFileSync('auditctl', ['-D', '-k', key]);
    left.push(`rule key ${key}`);
  }
  if (now.enabled !== auditBefore.enabled && now.enabled !== '2') {
    execFileSync('auditctl', ['-e', auditBefore.enabled]);
    left.push(`enabled ${now.enabled}`);
  }
  if (now.pid !== auditBefore.pid && now.pid !== '0') {
    try {
      process.kill(Number(now.pid), 'SIGTERM');
    } catch {
      // already gone
    }
    left.push(`audit daemon pid ${now.pid}`);
  }
  return left;
}

before(async () => {
  await takeKernelAuditLock();
  auditBefore = auditState();
  work = await tempDir('rampart-cli-agent-');
  server = createServer((_req, res) => {
    // Hold the answer so curl's socket is still open while the agent looks it up in /proc.
    setTimeout(() => res.end('ok'), 500);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // A site rule on the agent's network events: connections to the port this test listens on.
  await writeFile(path.join(work, 'site-rules.yaml'), `rules:
  - id: site.test-port-connect
    kinds: [network]
    match: {actions: [connect], remotePort: [${port}]}
    condition: net.remotePort == ${port} && net.remoteAddress == "127.0.0.1"
    subject: 'connection:{net.remoteAddress}:{net.remotePort}'
    severity: low
    title: {en: Connection to the test port, zh: 连接到测试端口}
    description: {en: A process connected to the port the test listens on., zh: 有进程连接了测试监听的端口。}
    remediation: {en: None; this is a test., zh: 无需处理。}
`);
});

after(async () => {
  for (const child of agents) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  server?.close();
  const problems: string[] = [];
  if (auditBefore) {
    const left = restoreKernelAudit();
    if (left.length > 0) problems.push(`cleaned up after the agent: ${left.join(', ')}`);
  }
  if (work) await rm(work, { recursive: true, force: true });
  await releaseKernelAuditLock();
  // Reported, not thrown: the test that caused it has already failed on it.
  if (problems.length > 0) process.stderr.write(`${problems.join('; ')}\n`);
});

test('agent --start-auditd: a shell and a curl the test starts raise alerts with their real pids; SIGTERM removes the audit rules, restores the enabled flag and stops the daemon', async () => {
  const out = path.join(work, 'alerts.jsonl');
  const agent = startAgent(['--start-auditd', path.join(work, 'auditd'), '--alerts', out, '--rules', path.join(work, 'site-rules.yaml')], path.join(work, 'data'));
  try {
    await exercise(agent, out);
  } finally {
    // Stopped whatever happened above: the next test needs the kernel back as it was.
    if (agent.child.exitCode === null && agent.child.signalCode === null) agent.child.kill('SIGTERM');
    await agent.exited;
  }
  const exit = await agent.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, agent.stderr);
  const summary = /rampart: node-sensor: (\d+) events, 0 dropped, 0 malformed; (\d+) alerts\n/.exec(agent.stderr);
  assert.ok(summary, `no summary line: ${agent.stderr}`);
  assert.ok(Number(summary[1]) >= 5, `only ${summary[1]} events`);
  assert.ok(Number(summary[2]) >= 2);
  assert.deepEqual(auditState(), auditBefore, 'the kernel audit configuration was not restored');
});

async function exercise(agent: Agent, out: string): Promise<void> {
  // The agent says nothing when it is ready: probe with reverse-shell command lines until one is seen.
  const shells: number[] = [];
  let reverse: Finding | undefined;
  const deadline = Date.now() + 25_000;
  while (!reverse) {
    if (agent.child.exitCode !== null) throw new Error(`agent exited (${agent.child.exitCode}): ${agent.stderr}`);
    if (Date.now() > deadline) throw new Error(`no reverse-shell alert within 25 s: ${agent.stderr}`);
    shells.push((await run('/bin/sh', ['-c', `: /dev/tcp/127.0.0.1/${port}`])).pid);
    await sleep(250);
    reverse = (await alertLines(out)).find((a) => a.checkId === 'runtime.reverse-shell' && shells.includes(a.runtime?.process?.pid ?? -1));
  }
  assert.equal(reverse.severity, 'critical');
  assert.equal(reverse.runtime?.source, 'auditd');
  assert.equal(reverse.runtime?.eventKind, 'process');
  assert.equal(reverse.runtime?.process?.exe, await realpath('/bin/sh'));
  assert.deepEqual(reverse.runtime?.process?.args, ['/bin/sh', '-c', `: /dev/tcp/127.0.0.1/${port}`]);
  assert.deepEqual(reverse.runtime?.mitre, ['T1059.004', 'T1095']);
  assert.equal(reverse.asset.type, 'node');

  await run('/bin/sh', ['-c', 'echo x']);
  const curl = await run('curl', ['-s', '-o', '/dev/null', '-m', '5', `http://127.0.0.1:${port}/`]);
  assert.equal(curl.code, 0);
  let connect: Finding | undefined;
  for (let i = 0; i < 80 && !connect; i++) {
    await sleep(100);
    connect = (await alertLines(out)).find((a) => a.checkId === 'site.test-port-connect' && a.runtime?.process?.pid === curl.pid);
  }
  assert.ok(connect, `no alert of the user rule for curl's connect: ${agent.stderr}`);
  assert.equal(connect.runtime?.process?.exe, '/usr/bin/curl');
  assert.deepEqual(connect.runtime?.connection, { protocol: 'tcp', address: '127.0.0.1', port, direction: 'outbound' });

  assert.notDeepEqual(auditState(), auditBefore, 'the agent changed nothing in the kernel');
  // --node defaults to the host name, as the help says.
  assert.equal(reverse.runtime?.node, os.hostname());
}

test('agent stopped with SIGTERM just after it installed its audit rules (a rollout restarting it): it still removes them and stops its daemon', async () => {
  assert.deepEqual(auditState(), auditBefore, 'the kernel audit configuration is not as it was before the tests');
  const agent = startAgent(['--start-auditd', path.join(work, 'auditd-early'), '--alerts', path.join(work, 'early.jsonl')], path.join(work, 'data-early'));
  const deadline = Date.now() + 25_000;
  while (!execFileSync('auditctl', ['-l'], { encoding: 'utf8' }).includes('rampart_exec')) {
    if (agent.child.exitCode !== null) throw new Error(`agent exited (${agent.child.exitCode}): ${agent.stderr}`);
    if (Date.now() > deadline) throw new Error(`the agent installed no rules within 25 s: ${agent.stderr}`);
    await sleep(20);
  }
  agent.child.kill('SIGTERM');
  const exit = await agent.exited;
  const state = auditState();
  assert.deepEqual(state, auditBefore, `kernel audit left changed by an agent that exited ${JSON.stringify(exit)}`);
  assert.deepEqual(exit, { code: 0, signal: null }, agent.stderr);
});
