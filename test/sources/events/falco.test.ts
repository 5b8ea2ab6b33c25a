import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import type { FileEvent, NetworkEvent, ProcessEvent, RuntimeEvent } from '../../../src/model/event.js';
import { FalcoFileSource, parseFalcoAlert } from '../../../src/sources/events/falco.js';
import { Collector, settle } from './collect.js';
import { inboundAccept, metadataConnect, nonSudoSetuid, packageManagement, pluginAlert, readShadow, terminalShell, writeBelowEtc } from './falco-alerts.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-falco-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('Terminal shell in container → a process exec with tty, attributed to node, container, image, pod and Deployment', () => {
  const event = parseFalcoAlert(terminalShell(), { cluster: 'prod-eu', fallbackId: 'f#1' }) as ProcessEvent;
  assert.equal(event.kind, 'process');
  assert.equal(event.action, 'exec');
  assert.equal(event.source, 'falco');
  assert.equal(event.id, 'f#1');
  assert.equal(event.time, '2025-03-04T09:31:07.541872933Z');
  assert.deepEqual(event.process, { pid: 0, exe: '/bin/busybox', name: 'sh', args: ['/bin/busybox', '-i'], uid: 0, auid: 4294967295, tty: true, parent: { name: 'runc' } });
  assert.deepEqual(event.context, {
    cluster: 'prod-eu',
    node: 'worker-2',
    containerId: '8f2a7c9d1b3e',
    containerName: 'api',
    image: 'registry.example.com/payments/api:1.4.2',
    namespace: 'payments',
    pod: 'api-7d9c6b8f5-x2k4z',
    workload: { kind: 'Deployment', name: 'api' },
  });
  assert.equal(event.upstream?.engine, 'falco');
  assert.equal(event.upstream?.rule, 'Terminal shell in container');
  assert.equal(event.upstream?.priority, 'Notice');
  assert.match(event.upstream?.output ?? '', /A shell was spawned in a container with an attached terminal/);
});

test('opens: Write below etc is open-write (the rule says so), a read with O_RDONLY flags is open-read', () => {
  const write = parseFalcoAlert(writeBelowEtc()) as FileEvent;
  assert.equal(write.kind, 'file');
  assert.equal(write.action, 'open-write');
  assert.equal(write.path, '/etc/ld.so.preload');
  assert.deepEqual(write.process.args, ['/usr/bin/tee', '/etc/ld.so.preload']);
  assert.equal(write.process.parent?.name, 'sh');
  const read = parseFalcoAlert(readShadow()) as FileEvent;
  assert.equal(read.action, 'open-read');
  assert.equal(read.path, '/etc/shadow');
  assert.equal(read.process.pid, 48213);
  assert.equal(read.process.ppid, 48190);
  assert.deepEqual(read.process.parent, { pid: 48190, name: 'sh' });
  const flaggedWrite = parseFalcoAlert({ ...readShadow(), rule: 'Custom open', output_fields: { ...(readShadow().output_fields as object), 'evt.arg.flags': 'O_WRONLY|O_CREAT|O_TRUNC' } }) as FileEvent;
  assert.equal(flaggedWrite.action, 'open-write');
});

test('connect to the metadata address → outbound network event with the 5-tuple from fd.name; the relay uuid is the id', () => {
  const event = parseFalcoAlert(metadataConnect()) as NetworkEvent;
  assert.equal(event.kind, 'network');
  assert.equal(event.action, 'connect');
  assert.equal(event.protocol, 'tcp');
  assert.equal(event.remoteAddress, '169.254.169.254');
  assert.equal(event.remotePort, 80);
  assert.equal(event.localAddress, '10.244.1.17');
  assert.equal(event.localPort, 43822);
  assert.equal(event.id, '3f0c2a8e-5b7d-4e19-a6c4-9d8e7f6a5b4c');
  assert.equal(event.process.tty, false);
});

test('accept → inbound network event: the client is the remote end; a CronJob pod is attributed to its CronJob', () => {
  const event = parseFalcoAlert(inboundAccept()) as NetworkEvent;
  assert.equal(event.action, 'accept');
  assert.equal(event.remoteAddress, '198.51.100.7');
  assert.equal(event.remotePort, 51544);
  assert.equal(event.localAddress, '10.244.2.9');
  assert.equal(event.localPort, 4444);
  assert.deepEqual(event.context.workload, { kind: 'CronJob', name: 'report' });
  assert.equal(event.context.image, undefined);
});

test('setuid → process setuid with the target uid as euid; secrets in the command line are masked', () => {
  const event = parseFalcoAlert(nonSudoSetuid()) as ProcessEvent;
  assert.equal(event.action, 'setuid');
  assert.equal(event.process.uid, 1000);
  assert.equal(event.process.euid, 0);
  assert.ok(!JSON.stringify(event.process).includes('hunter2hunter2'));
  assert.match(event.process.args[1] ?? '', /^--password=hu\*+r2$/);
});

test('an alert without evt.type is kept as a process event of its proc fields', () => {
  const event = parseFalcoAlert(packageManagement()) as ProcessEvent;
  assert.equal(event.kind, 'process');
  assert.equal(event.process.name, 'apt-get');
  assert.deepEqual(event.process.args, ['apt-get', 'install', '-y', 'netcat-openbsd']);
  assert.equal(event.upstream?.rule, 'Launch Package Management Process in Container');
});

test('host events (container.id host) carry no container; <NA> and null mean absent', () => {
  const alert = terminalShell();
  alert.output_fields = { ...(alert.output_fields as object), 'container.id': 'host', 'container.name': 'host', 'k8s.ns.name': null, 'k8s.pod.name': '<NA>', 'proc.pname': '<NA>' };
  const event = parseFalcoAlert(alert) as ProcessEvent;
  assert.deepEqual(event.context, { node: 'worker-2' });
  assert.equal(event.process.parent, undefined);
});

test('alerts that cannot be mapped are single-line errors saying why', () => {
  assert.throws(() => parseFalcoAlert(pluginAlert()), {
    message: 'falco alert "Attach/Exec Pod" (source k8s_audit): no process fields (proc.name, proc.exepath, proc.exe, proc.cmdline, proc.pid) and evt.type (absent) does not map to a process, file or network event',
  });
  assert.throws(() => parseFalcoAlert({ ...terminalShell(), rule: undefined }), { message: 'falco alert: rule: missing' });
  assert.throws(() => parseFalcoAlert({ ...terminalShell(), time: 'now' }), { message: 'falco alert "Terminal shell in container": time: not a timestamp' });
  assert.throws(() => parseFalcoAlert({ ...terminalShell(), output_fields: undefined }), { message: 'falco alert "Terminal shell in container": output_fields: missing' });
  assert.throws(() => parseFalcoAlert('text'), { message: 'falco alert: expected a JSON object' });
});

test('FalcoFileSource reads a file of JSON lines: bad lines counted and reported by line, ids file#n', async () => {
  const file = path.join(dir, 'events.json');
  const lines = [terminalShell(), writeBelowEtc(), pluginAlert(), metadataConnect()].map((a) => JSON.stringify(a));
  lines.splice(1, 0, '09:31:07.541872933: Notice A shell was spawned (plain text output)');
  await writeFile(file, `${lines.join('\n')}\n`);
  const errors: string[] = [];
  const source = new FalcoFileSource(file, { cluster: 'prod', onError: (m) => errors.push(m) });
  const events: RuntimeEvent[] = [];
  for await (const event of source.events()) events.push(event);
  assert.deepEqual(events.map((e) => e.kind), ['process', 'file', 'network']);
  assert.deepEqual(events.map((e) => e.id), [`${file}#1`, `${file}#2`, '3f0c2a8e-5b7d-4e19-a6c4-9d8e7f6a5b4c']);
  assert.deepEqual(source.stats(), { received: 3, dropped: 0, malformed: 2 });
  assert.equal(errors.length, 2);
  assert.match(errors[0] ?? '', new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: not JSON`));
  assert.match(errors[1] ?? '', /events\.json:4: falco alert "Attach\/Exec Pod" \(source k8s_audit\): no process fields/);
});

test('FalcoFileSource follows a file with the same tailing as the audit log', async () => {
  const file = path.join(dir, 'follow.json');
  await writeFile(file, `${JSON.stringify(terminalShell())}\n`);
  const source = new FalcoFileSource(file, { follow: true, pollMs: 15 });
  const seen = new Collector(source.events());
  await settle(60); // the tail takes its starting point when the stream is first read
  await appendFile(file, `${JSON.stringify(readShadow())}\n`);
  await seen.waitFor(1, 'the appended alert');
  await source.close();
  await seen.done;
  assert.deepEqual(seen.items.map((e) => (e as FileEvent).path), ['/etc/shadow'], 'follow starts at the end');
});

test('FalcoFileSource reads stdin (`-`) until it ends', async () => {
  const stdin = new PassThrough();
  const errors: string[] = [];
  const source = new FalcoFileSource('-', { stdin, onError: (m) => errors.push(m) });
  const seen = new Collector(source.events());
  stdin.write(`${JSON.stringify(terminalShell())}\n${JSON.stringify(inboundAccept())}\n`);
  stdin.write('{"rule": "x"\n');
  stdin.end(`${JSON.stringify(nonSudoSetuid())}`);
  await seen.done;
  assert.deepEqual(seen.items.map((e) => e.kind), ['process', 'network', 'process']);
  assert.deepEqual(seen.items.map((e) => e.id), ['stdin#1', 'stdin#2', 'stdin#3']);
  assert.equal(errors.length, 1);
  assert.match(errors[0] ?? '', /^stdin:3: not JSON/);
  assert.equal(source.name, 'falco:stdin');
});
