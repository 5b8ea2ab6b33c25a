import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, readdir, realpath, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileEvent, NetworkEvent, ProcessEvent, RuntimeEvent } from '../../../../src/model/event.js';
import { NodeSensor } from '../../../../src/sources/events/node/sensor.js';
import { auditState, releaseKernelAuditLock, takeKernelAuditLock } from '../../../helpers/kernel-audit.js';

/*
 * The node sensor against the real kernel audit subsystem on this machine (root, auditd
 * installed): the sensor starts an audit daemon of its own writing to a temp dir, installs its
 * keyed rules, and the tests start real processes and look for their events. The kernel has one
 * audit configuration, so runs of this file on one machine take a lock; cleanup (rules, enabled
 * flag, daemon, cgroups) runs in `after` whatever happened.
 */

const CONTAINER_ID = 'c0ffee00'.repeat(8);
const POD_UID = '1b2c3d4e-0000-4a4a-8b8b-123456789abc';
const CGROUP_TOP = `rampart-sensor-test-${process.pid}`;

let work: string;
let root: string;
let sensor: NodeSensor;
let server: Server;
let port: number;
let auditBefore: { enabled: string; rules: string };
const events: RuntimeEvent[] = [];



function run(file: string, args: string[], options: { cwd?: string } = {}): Promise<{ pid: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'ignore', cwd: options.cwd });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ pid: child.pid as number, code }));
  });
}

async function waitFor<T extends RuntimeEvent>(what: string, predicate: (e: RuntimeEvent) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.find(predicate);
    if (found) return found as T;
    if (Date.now() > deadline) {
      throw new Error(`no ${what} event within ${timeoutMs} ms; ${events.length} events seen, stats ${JSON.stringify(sensor.stats())}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  await takeKernelAuditLock();
  auditBefore = auditState();
  work = await mkdtemp(path.join(tmpdir(), 'rampart-sensor-'));
  // The node root: this machine's /proc, a watched directory, a read-watched secret, and a
  // containerd task bundle that runc runs below.
  root = path.join(work, 'root');
  await mkdir(path.join(root, 'watched'), { recursive: true });
  await mkdir(path.join(root, 'secrets'), { recursive: true });
  await writeFile(path.join(root, 'secrets/token'), 'SECRET-TOKEN-CONTENT-12345\n');
  await symlink('/proc', path.join(root, 'proc'));

  server = createServer((_req, res) => {
    // Hold the response so curl is alive while the sensor looks up its socket in /proc.
    setTimeout(() => res.end('ok'), 1000);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  sensor = new NodeSensor({
    root,
    keyPrefix: `rt${process.pid}`,
    watches: [
      { path: '/watched', access: 'write' },
      { path: '/secrets', access: 'read' },
    ],
    node: 'test-node',
    pollIntervalMs: 50,
    startDaemon: { dir: path.join(work, 'auditd') },
  });
  await sensor.start();
  void (async () => {
    for await (const e of sensor.events()) events.push(e);
  })();
});

after(async () => {
  const problems: string[] = [];
  try {
    await sensor?.close();
  } catch (err) {
    problems.push((err as Error).message);
  }
  server?.close();
  for (const controller of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
    const top = path.join('/sys/fs/cgroup', controller, CGROUP_TOP);
    await rmdir(path.join(top, `pod${POD_UID}`, CONTAINER_ID)).catch(() => undefined);
    await rmdir(path.join(top, `pod${POD_UID}`)).catch(() => undefined);
    await rmdir(top).catch(() => undefined);
  }
  if (work) await rm(work, { recursive: true, force: true });
  await releaseKernelAuditLock();
  if (problems.length > 0) throw new Error(problems.join('; '));
});

test('a shell started by the test: exec event with argv, exe, cwd, ids and the parent node process', async () => {
  const child = await run('/bin/sh', ['-c', 'echo hi'], { cwd: work });
  const e = await waitFor<ProcessEvent>('exec of /bin/sh', (x) => x.kind === 'process' && x.action === 'exec' && x.process.pid === child.pid);
  assert.equal(e.source, 'auditd');
  assert.equal(e.process.exe, await realpath('/bin/sh'));
  assert.equal(e.process.name, 'sh');
  assert.deepEqual(e.process.args, ['/bin/sh', '-c', 'echo hi']);
  assert.equal(e.process.cwd, work);
  assert.equal(e.process.uid, 0);
  assert.equal(e.process.euid, 0);
  assert.equal(e.process.tty, false);
  assert.equal(e.process.ppid, process.pid);
  assert.equal(e.process.parent?.exe, await realpath(process.execPath));
  assert.equal(e.context.node, 'test-node');
  assert.equal(e.context.containerId, undefined); // a host process
});

test('curl to a port the test listens on: connect event with address, port, tcp and local address', async () => {
  const child = await run('curl', ['-s', '-o', '/dev/null', '-m', '5', `http://127.0.0.1:${port}/`]);
  assert.equal(child.code, 0);
  const e = await waitFor<NetworkEvent>('connect by curl', (x) => x.kind === 'network' && x.process.pid === child.pid && x.remotePort === port);
  assert.equal(e.action, 'connect');
  assert.equal(e.remoteAddress, '127.0.0.1');
  assert.equal(e.protocol, 'tcp');
  assert.equal(e.localAddress, '127.0.0.1');
  assert.ok(e.localPort !== undefined && e.localPort > 0);
  assert.equal(e.process.exe, '/usr/bin/curl');
  assert.equal(e.process.args[0], 'curl'); // the full argv from its exec, not the cut PROCTITLE
});

test('writes in a watched directory: create, open-write, chmod, rename and unlink with their paths', async () => {
  const dir = path.join(root, 'watched');
  const script = `echo x > ${dir}/f; echo y >> ${dir}/f; chmod 600 ${dir}/f; mv ${dir}/f ${dir}/g; rm ${dir}/g`;
  const shell = await run('/bin/sh', ['-c', script]);
  const file = (action: FileEvent['action'], p: string) => (x: RuntimeEvent) => x.kind === 'file' && x.action === action && x.path === p;
  const create = await waitFor<FileEvent>('create', file('create', `${dir}/f`));
  assert.equal(create.process.pid, shell.pid);
  const write = await waitFor<FileEvent>('open-write', file('open-write', `${dir}/f`));
  assert.equal(write.process.pid, shell.pid);
  const chmod = await waitFor<FileEvent>('chmod', file('chmod', `${dir}/f`));
  assert.equal(chmod.process.exe, await realpath('/bin/chmod'));
  assert.equal(chmod.process.parent?.pid, shell.pid);
  await waitFor('rename', file('rename', `${dir}/g`));
  const unlink = await waitFor<FileEvent>('unlink', file('unlink', `${dir}/g`));
  assert.equal(unlink.process.exe, await realpath('/bin/rm'));
});

test('a read of a read-watched secret: open-read event, and the secret never appears in any event', async () => {
  const cat = await run('cat', [path.join(root, 'secrets/token')]);
  const e = await waitFor<FileEvent>('open-read', (x) => x.kind === 'file' && x.action === 'open-read' && x.process.pid === cat.pid);
  assert.equal(e.path, path.join(root, 'secrets/token'));
  assert.equal(e.process.exe, await realpath('/bin/cat'));
  assert.ok(!JSON.stringify(events).includes('SECRET-TOKEN-CONTENT'));
});

test('setpriv --reuid=65534: a setuid event with the new effective uid', async () => {
  const child = await run('setpriv', ['--reuid=65534', '/bin/true']);
  assert.equal(child.code, 0);
  const e = await waitFor<ProcessEvent>('setuid', (x) => x.kind === 'process' && x.action === 'setuid' && x.process.pid === child.pid);
  assert.equal(e.process.euid, 65534);
  assert.equal(e.process.uid, 65534);
  assert.equal(e.process.exe, await realpath('/usr/bin/setpriv'));
});

test('a password on a command line is masked in the exec event', async () => {
  const child = await run('/bin/true', ['--password=supersecretvalue123', 'plain']);
  const e = await waitFor<ProcessEvent>('exec of true', (x) => x.kind === 'process' && x.action === 'exec' && x.process.pid === child.pid);
  assert.equal(e.process.args[2], 'plain');
  assert.match(e.process.args[1] as string, /^--password=su\*+23$/);
  assert.ok(!JSON.stringify(events).includes('supersecretvalue123'));
});

test('a real runc container from a containerd-shaped bundle: its exec is attributed to container, pod, namespace and workload', async () => {
  // containerd's CRI plugin runs each container from a bundle at this path, annotations included.
  const bundle = path.join(root, 'run/containerd/io.containerd.runtime.v2.task/k8s.io', CONTAINER_ID);
  await mkdir(path.join(bundle, 'rootfs/bin'), { recursive: true });
  await copyFile('/bin/busybox', path.join(bundle, 'rootfs/bin/busybox')).catch((err: Error) => {
    throw new Error(`copying /bin/busybox failed (install busybox-static): ${err.message}`, { cause: err });
  });
  execFileSync('runc', ['spec'], { cwd: bundle });
  const spec = JSON.parse(await readFile(path.join(bundle, 'config.json'), 'utf8'));
  spec.process.terminal = false;
  spec.process.args = ['/bin/busybox', 'sleep', '1'];
  spec.linux.cgroupsPath = `/${CGROUP_TOP}/pod${POD_UID}/${CONTAINER_ID}`;
  spec.annotations = {
    'io.kubernetes.cri.container-type': 'container',
    'io.kubernetes.cri.container-name': 'app',
    'io.kubernetes.cri.sandbox-name': 'api-7d9f8b6c5d-x2k4z',
    'io.kubernetes.cri.sandbox-namespace': 'payments',
    'io.kubernetes.cri.image-name': 'registry.local/payments/api:1.4.2',
  };
  await writeFile(path.join(bundle, 'config.json'), JSON.stringify(spec));
  const runc = await run('runc', ['--root', path.join(work, 'runc-state'), 'run', '--bundle', bundle, `rampart-test-${process.pid}`]);
  assert.equal(runc.code, 0, 'runc run failed');
  const e = await waitFor<ProcessEvent>('exec inside the container', (x) => x.kind === 'process' && x.action === 'exec' && x.process.exe === '/bin/busybox' && x.context.containerId !== undefined);
  assert.deepEqual(e.process.args, ['/bin/busybox', 'sleep', '1']);
  assert.deepEqual(e.context, {
    node: 'test-node', containerId: CONTAINER_ID, containerName: 'app', image: 'registry.local/payments/api:1.4.2',
    pod: 'api-7d9f8b6c5d-x2k4z', namespace: 'payments', workload: { kind: 'Deployment', name: 'api' },
  });
});

test('a line in the audit log that is no audit record is counted as malformed, not dropped silently', async () => {
  assert.equal(sensor.stats().malformed, 0);
  await appendFile(sensor.details().auditLog, 'this is not an audit record\n');
  const deadline = Date.now() + 5000;
  while (sensor.stats().malformed === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(sensor.stats().malformed, 1);
});

test('close removes every rule of the sensor and restores the audit enabled flag', async () => {
  await sensor.close();
  const now = auditState();
  assert.equal(now.enabled, auditBefore.enabled);
  assert.equal(now.rules, auditBefore.rules);
  assert.ok(!now.rules.includes(`rt${process.pid}_`));
  const stats = sensor.stats();
  assert.ok(stats.received >= 10, JSON.stringify(stats));
  assert.equal(execFileSync('auditctl', ['-s'], { encoding: 'utf8' }).match(/^pid (\d+)/m)?.[1], '0', 'the started audit daemon is still registered');
});

test('without an audit daemon and without startDaemon, start refuses with one clear line and changes nothing', async () => {
  const before = auditState();
  const lonely = new NodeSensor({ root, keyPrefix: `rx${process.pid}`, watches: [] });
  await assert.rejects(lonely.start(), /^Error: no audit daemon is registered with the kernel \(auditctl -s: pid 0\)/);
  await lonely.close();
  assert.deepEqual(auditState(), before);
});
