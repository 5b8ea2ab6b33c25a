import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AuditEventAssembler, auditString, enrichedSyscall, execveArgs, parseAuditLine, proctitleArgs } from '../../../../src/sources/events/node/audit-records.js';

// Real audit.log lines written by auditd 3.0.9 (ENRICHED format) on this machine's kernel.
const RECORDED = readFileSync(new URL('./fixtures/recorded-audit.log', import.meta.url), 'utf8').split('\n').filter(Boolean);

test('parses a recorded SYSCALL line: type, stamp, time, fields and the enriched syscall name', () => {
  const line = RECORDED.find((l) => l.includes('audit(1795462309.560:12)') && l.startsWith('type=SYSCALL')) as string;
  const record = parseAuditLine(line);
  assert.equal(record.type, 'SYSCALL');
  assert.equal(record.stamp, '1795462309.560:12');
  assert.equal(record.serial, 12);
  assert.equal(record.timeMs, 1795462309560);
  assert.equal(record.fields.pid, '543');
  assert.equal(record.fields.ppid, '525');
  assert.equal(auditString(record.fields.exe), '/usr/bin/dash');
  assert.equal(auditString(record.fields.key), 'rt_exec');
  assert.equal(record.fields.tty, '(none)');
  assert.equal(enrichedSyscall(record), 'execve');
  // The enriched part is not mixed into the raw fields.
  assert.equal(record.fields.SYSCALL, undefined);
});

test('decodes recorded EXECVE hex arguments and PROCTITLE with NUL separators', () => {
  const group = RECORDED.filter((l) => l.includes('audit(1795462309.560:12)')).map(parseAuditLine);
  assert.deepEqual(execveArgs(group), ['/bin/sh', '-c', 'echo "hi there"']);
  const proctitle = group.find((r) => r.type === 'PROCTITLE');
  assert.deepEqual(proctitleArgs(proctitle?.fields.proctitle), ['/bin/sh', '-c', 'echo "hi there"']);
});

test('joins an argument the kernel split into aN[i] pieces and arguments spread over two EXECVE records', () => {
  const long = 'x'.repeat(30);
  const records = [
    parseAuditLine('type=EXECVE msg=audit(1700000000.001:7): argc=4 a0="prog" a1_len=36 a1[0]=2D2D646174613D a1[1]="xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'),
    parseAuditLine('type=EXECVE msg=audit(1700000000.001:7): a2="two" a3=7468726565206D6F7265'),
  ];
  assert.deepEqual(execveArgs(records), ['prog', `--data=${long}`, 'two', 'three more']);
});

test('reads node= prefixed lines, single-quoted user messages and quoted PROCTITLE', () => {
  const user = parseAuditLine("node=worker-1 type=USER_START msg=audit(1700000000.5:99): pid=1 uid=0 msg='op=PAM:session_open acct=\"root\" exe=\"/usr/sbin/cron\" res=success'");
  assert.equal(user.type, 'USER_START');
  assert.equal(user.serial, 99);
  assert.match(user.fields.msg as string, /^'op=PAM:session_open acct="root"/);
  assert.deepEqual(proctitleArgs('"bash"'), ['bash']);
  assert.equal(auditString('(null)'), undefined);
});

test('rejects lines that are not audit records with one line naming what is missing', () => {
  assert.throws(() => parseAuditLine('hello world'), /no type= field/);
  assert.throws(() => parseAuditLine('type=SYSCALL arch=c000003e'), /no msg=audit/);
  assert.throws(() => parseAuditLine('type=SYSCALL msg=audit(abc:1): x=1'), /bad stamp/);
});

test('groups recorded records into events, closing each at its PROCTITLE', () => {
  const assembler = new AuditEventAssembler();
  const groups = RECORDED.flatMap((l) => assembler.push(parseAuditLine(l)));
  assert.deepEqual(
    groups.map((g) => g.serial),
    [12, 14, 16, 18, 20, 22, 24, 28, 29],
  );
  const rename = groups.find((g) => g.serial === 20);
  assert.deepEqual(
    rename?.records.map((r) => r.type),
    ['SYSCALL', 'CWD', 'PATH', 'PATH', 'PATH', 'PATH', 'PROCTITLE'],
  );
  assert.equal(assembler.openCount, 0);
});

test('interleaved events stay apart; EOE closes, old groups flush by age and by count', () => {
  const assembler = new AuditEventAssembler(2);
  const a1 = parseAuditLine('type=SYSCALL msg=audit(1.000:1): pid=1');
  const b1 = parseAuditLine('type=SYSCALL msg=audit(1.000:2): pid=2');
  const a2 = parseAuditLine('type=CWD msg=audit(1.000:1): cwd="/"');
  const eoe = parseAuditLine('type=EOE msg=audit(1.000:1): ');
  assert.deepEqual(assembler.push(a1, 0), []);
  assert.deepEqual(assembler.push(b1, 0), []);
  assert.deepEqual(assembler.push(a2, 0), []);
  const done = assembler.push(eoe, 0);
  assert.equal(done.length, 1);
  assert.deepEqual(done[0]?.records.map((r) => r.type), ['SYSCALL', 'CWD']);
  assert.deepEqual(assembler.flushOlderThan(1000, 500), []);
  assert.deepEqual(assembler.flushOlderThan(1000, 1000).map((g) => g.serial), [2]);
  for (let i = 10; i < 13; i++) assembler.push(parseAuditLine(`type=SYSCALL msg=audit(1.000:${i}): pid=${i}`), 0);
  assert.equal(assembler.openCount, 2);
  assert.deepEqual(assembler.flushAll().map((g) => g.serial), [11, 12]);
});
