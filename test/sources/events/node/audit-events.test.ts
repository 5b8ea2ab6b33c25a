import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { translateAuditEvent, type Translation } from '../../../../src/sources/events/node/audit-events.js';
import { AuditEventAssembler, parseAuditLine, type AuditEventGroup } from '../../../../src/sources/events/node/audit-records.js';
import { auditKeys } from '../../../../src/sources/events/node/audit-rules.js';

// Real audit.log lines from this machine (auditd 3.0.9, ENRICHED), recorded with rules keyed `rt_*`:
// `/bin/sh -c 'echo "hi there"'`, curl to 127.0.0.1:9, chmod/mv/rm in a watched dir, cat of a
// read-watched file, `setpriv --reuid=65534`.
const RECORDED = readFileSync(new URL('./fixtures/recorded-audit.log', import.meta.url), 'utf8').split('\n').filter(Boolean);
const keys = auditKeys('rt');

function groups(lines: string[]): Map<number, AuditEventGroup> {
  const assembler = new AuditEventAssembler();
  const out = new Map<number, AuditEventGroup>();
  for (const line of lines) for (const g of assembler.push(parseAuditLine(line))) out.set(g.serial, g);
  return out;
}

function event(t: Translation) {
  assert.equal(t.status, 'event', JSON.stringify(t));
  return (t as Extract<Translation, { status: 'event' }>).event;
}

for (const format of ['ENRICHED', 'RAW'] as const) {
  // RAW logs have no 0x1d part: syscall names then come from the per-architecture tables.
  const lines = format === 'RAW' ? RECORDED.map((l) => l.split('\x1d')[0] as string) : RECORDED;
  const recorded = groups(lines);
  const translate = (serial: number, includeUnixSockets = false) =>
    translateAuditEvent(recorded.get(serial) as AuditEventGroup, { keys, includeUnixSockets, context: { node: 'n1' } });

  test(`${format}: a recorded exec becomes a process exec event with argv, exe, cwd, ids and tty`, () => {
    const e = event(translate(12));
    assert.equal(e.kind, 'process');
    assert.equal(e.kind === 'process' && e.action, 'exec');
    assert.equal(e.id, 'audit:1795462309.560:12');
    assert.equal(e.time, new Date(1795462309560).toISOString());
    assert.equal(e.source, 'auditd');
    assert.deepEqual(e.context, { node: 'n1' });
    assert.deepEqual(e.process, {
      pid: 543, ppid: 525, exe: '/usr/bin/dash', name: 'sh', args: ['/bin/sh', '-c', 'echo "hi there"'],
      uid: 0, euid: 0, auid: 4294967295, cwd: '/tmp', tty: false, parent: { pid: 525 },
    });
  });

  test(`${format}: a recorded connect to 127.0.0.1:9 becomes a network event carrying the socket fd`, () => {
    const t = translate(16);
    const e = event(t);
    assert.equal(e.kind, 'network');
    if (e.kind !== 'network') return;
    assert.equal(e.action, 'connect');
    assert.equal(e.remoteAddress, '127.0.0.1');
    assert.equal(e.remotePort, 9);
    assert.equal(e.protocol, 'other'); // tcp/udp is looked up in /proc by the sensor
    assert.equal(t.status === 'event' && t.socketFd, 5);
    assert.equal(e.process.exe, '/usr/bin/curl');
    assert.deepEqual(e.process.args, ['curl', '-s', '-m', '1', 'http://127.0.0.1:9/']);
  });

  test(`${format}: a recorded unix-socket connect is ignored unless asked for`, () => {
    assert.equal(translate(14).status, 'ignored');
    const e = event(translate(14, true));
    assert.equal(e.kind === 'network' && e.protocol, 'unix');
    assert.equal(e.kind === 'network' && e.remoteAddress, '/var/run/nscd/socket');
  });

  test(`${format}: recorded chmod, rename, unlink and read of watched paths become file events`, () => {
    const chmod = event(translate(18));
    assert.equal(chmod.kind === 'file' && `${chmod.action} ${chmod.path}`, 'chmod /tmp/atest/w/f');
    const rename = event(translate(20));
    assert.equal(rename.kind === 'file' && `${rename.action} ${rename.path}`, 'rename /tmp/atest/w/g');
    const unlink = event(translate(22));
    assert.equal(unlink.kind === 'file' && `${unlink.action} ${unlink.path}`, 'unlink /tmp/atest/w/g');
    const read = event(translate(24));
    assert.equal(read.kind === 'file' && `${read.action} ${read.path}`, 'open-read /etc/hostname');
    assert.equal(read.process.exe, '/usr/bin/cat');
  });

  test(`${format}: a recorded setresuid to nobody becomes a setuid event; a failed exec is ignored`, () => {
    const e = event(translate(28));
    assert.equal(e.kind === 'process' && e.action, 'setuid');
    assert.equal(e.process.uid, 65534);
    assert.equal(e.process.euid, 65534);
    assert.equal(e.process.exe, '/usr/bin/setpriv');
    assert.equal(translate(29).status, 'ignored');
  });
}

test('events of other keys are ignored; a keyed SYSCALL without pid is malformed', () => {
  const other = groups(RECORDED.map((l) => l.replace(/key="rt_exec"/, 'key="someone_else"'))).get(12) as AuditEventGroup;
  assert.equal(translateAuditEvent(other, { keys }).status, 'ignored');
  const broken = groups([
    'type=SYSCALL msg=audit(1.000:5): arch=c000003e syscall=59 success=yes exit=0 comm="x" exe="/x" key="rt_exec"',
    'type=PROCTITLE msg=audit(1.000:5): proctitle="x"',
  ]).get(5) as AuditEventGroup;
  const t = translateAuditEvent(broken, { keys });
  assert.equal(t.status, 'malformed');
  assert.match(t.status === 'malformed' ? t.reason : '', /audit\(1.000:5\) SYSCALL has no pid/);
});

test('a key among several (hex-encoded, 0x01-separated) still selects the event; secrets in argv are masked', () => {
  const multiKey = Buffer.from('host_rule\x01rt_exec').toString('hex').toUpperCase();
  const g = groups([
    `type=SYSCALL msg=audit(2.000:9): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=10 auid=1000 uid=0 euid=0 tty=pts0 comm="mysql" exe="/usr/bin/mysql" key=${multiKey}`,
    'type=EXECVE msg=audit(2.000:9): argc=4 a0="mysql" a1="-uroot" a2="-pS3cretPassw0rd" a3="--password=another-secret-1"',
    'type=PROCTITLE msg=audit(2.000:9): proctitle="mysql"',
  ]).get(9) as AuditEventGroup;
  const e = event(translateAuditEvent(g, { keys }));
  assert.equal(e.process.tty, true);
  assert.equal(e.process.auid, 1000);
  const text = JSON.stringify(e);
  assert.ok(!text.includes('S3cretPassw0rd') && !text.includes('another-secret-1'), text);
  assert.equal(e.process.args[1], '-uroot');
});

test('a relative name of an AT_FDCWD openat resolves against the cwd; O_CREAT with a CREATE item is a create', () => {
  const g = groups([
    'type=SYSCALL msg=audit(3.000:1): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=1 a2=241 a3=1b6 items=2 ppid=1 pid=20 auid=0 uid=0 euid=0 tty=(none) comm="sh" exe="/usr/bin/dash" key="rt_fw"',
    'type=CWD msg=audit(3.000:1): cwd="/etc/cron.d"',
    'type=PATH msg=audit(3.000:1): item=0 name="/etc/cron.d/" inode=1 nametype=PARENT',
    'type=PATH msg=audit(3.000:1): item=1 name="../cron.d/job" inode=2 nametype=CREATE',
    'type=PROCTITLE msg=audit(3.000:1): proctitle="sh"',
  ]).get(1) as AuditEventGroup;
  const e = event(translateAuditEvent(g, { keys }));
  assert.equal(e.kind === 'file' && `${e.action} ${e.path}`, 'create /etc/cron.d/job');
});
