import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The kernel has one audit configuration: test files that drive it (the node sensor, the runtime
 * agent) take this lock so they never run at the same time, and compare the audit state before
 * and after to prove they left it as they found it.
 */

const LOCK = '/tmp/rampart-kernel-audit-test.lock';

export interface AuditState {
  enabled: string;
  pid: string;
  rules: string;
}

export function auditState(): AuditState {
  let status: string;
  try {
    status = execFileSync('auditctl', ['-s'], { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`auditctl -s failed: this test needs root and the auditd package: ${(err as Error).message}`, { cause: err });
  }
  return { enabled: /^enabled (\d)/m.exec(status)?.[1] ?? '?', pid: /^pid (\d+)/m.exec(status)?.[1] ?? '?', rules: execFileSync('auditctl', ['-l'], { encoding: 'utf8' }) };
}

let held = false;

/** Waits (up to 60 s) for the lock; a lock left by a dead process is taken over. */
export async function takeKernelAuditLock(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      await writeFile(path.join(LOCK, 'pid'), String(process.pid));
      held = true;
      return;
    } catch {
      const owner = Number(await readFile(path.join(LOCK, 'pid'), 'utf8').catch(() => '0'));
      let alive = owner > 0;
      try {
        if (alive) process.kill(owner, 0);
      } catch {
        alive = false;
      }
      if (!alive) await rm(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${LOCK} held by pid ${owner} for 60 s`);
      else await sleep(200);
    }
  }
}

export async function releaseKernelAuditLock(): Promise<void> {
  if (held) await rm(LOCK, { recursive: true, force: true });
  held = false;
}
