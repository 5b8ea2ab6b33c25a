import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auditKeys, buildAuditRules, parseAuditStatus, resolveInRoot } from '../../../../src/sources/events/node/audit-rules.js';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rampart-rules-'));
  await mkdir(path.join(root, 'usr/bin'), { recursive: true });
  await mkdir(path.join(root, 'etc'), { recursive: true });
  await mkdir(path.join(root, 'run/secrets/kubernetes.io'), { recursive: true });
  // A merged-/usr node: /bin is an absolute link, which must resolve inside the node root.
  await symlink('/usr/bin', path.join(root, 'bin'));
  await symlink('/run', path.join(root, 'var-run'));
  await writeFile(path.join(root, 'etc/hostname'), 'n1\n');
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('keys carry the prefix; a prefix the kernel would cut or that holds spaces is refused', () => {
  assert.deepEqual(auditKeys('rampart'), { exec: 'rampart_exec', setuid: 'rampart_setuid', net: 'rampart_net', fileWrite: 'rampart_fw', fileRead: 'rampart_fr' });
  assert.throws(() => auditKeys('a b'), /audit key prefix "a b"/);
  assert.throws(() => auditKeys('x'.repeat(23)), /1-22/);
});

test('resolves links inside the node root and reports missing paths', async () => {
  assert.equal(await resolveInRoot(root, '/bin'), '/usr/bin');
  assert.equal(await resolveInRoot(root, '/var-run/secrets/kubernetes.io'), '/run/secrets/kubernetes.io');
  assert.equal(await resolveInRoot(root, '/etc/../etc/hostname'), '/etc/hostname');
  assert.equal(await resolveInRoot(root, '/root/.aws'), undefined);
});

test('builds syscall rules and one watch per real path, skipping what the node lacks', async () => {
  const keys = auditKeys('t1');
  const set = await buildAuditRules({
    keys, root, arch: 'x64',
    watches: [
      { path: '/etc', access: 'write' },
      { path: '/usr/bin', access: 'write' },
      { path: '/bin', access: 'write' },
      { path: '/var-run/secrets/kubernetes.io', access: 'read' },
      { path: '/root/.aws', access: 'read' },
    ],
  });
  assert.deepEqual(set.rules, [
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve,execveat', '-k', 't1_exec'],
    ['-a', 'always,exit', '-F', 'arch=b32', '-S', 'execve,execveat', '-k', 't1_exec'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'setuid,setreuid,setresuid', '-F', 'success=1', '-k', 't1_setuid'],
    ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'connect', '-k', 't1_net'],
    ['-w', path.join(root, 'etc'), '-p', 'wa', '-k', 't1_fw'],
    ['-w', path.join(root, 'usr/bin'), '-p', 'wa', '-k', 't1_fw'],
    ['-w', path.join(root, 'run/secrets/kubernetes.io'), '-p', 'r', '-k', 't1_fr'],
  ]);
  assert.deepEqual(set.skipped, [{ path: '/root/.aws', reason: 'does not exist on this node' }]);
  const arm = await buildAuditRules({ keys, root, arch: 'arm64', watches: [] });
  assert.equal(arm.rules.filter((r) => r.includes('arch=b32')).length, 0);
  await assert.rejects(buildAuditRules({ keys, root, watches: [{ path: 'etc', access: 'write' }] }), /must be absolute/);
});

test("parses this machine's real `auditctl -s` output", () => {
  let text: string;
  try {
    text = execFileSync('auditctl', ['-s'], { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`auditctl -s failed (install auditd and run as root): ${(err as Error).message}`, { cause: err });
  }
  const status = parseAuditStatus(text);
  assert.ok([0, 1, 2].includes(status.enabled));
  assert.ok(Number.isInteger(status.pid) && Number.isInteger(status.lost) && status.backlogLimit > 0);
  assert.throws(() => parseAuditStatus('enabled 1\n'), /no "pid" line/);
});
