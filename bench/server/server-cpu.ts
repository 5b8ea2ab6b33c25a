import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU seconds a local PostgreSQL server has used so far: its postmaster, the live backends and
 * the backends that have exited (counted into the postmaster's children's time by the kernel).
 * On a machine that other work shares, wall-clock rates say little; client and server CPU per
 * finding say what the storage costs. Linux only (/proc); NaN elsewhere or when not found.
 */
export function postgresCpuSeconds(port: number): number {
  try {
    const processes = execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' })
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/));
    const postmaster = processes.find((p) => p[2]?.endsWith('/postgres') && p.includes(String(port)));
    if (!postmaster) return Number.NaN;
    const pid = Number(postmaster[0]);
    let ticks = cpuTicks(pid, true);
    for (const p of processes) if (Number(p[1]) === pid) ticks += cpuTicks(Number(p[0]), false);
    return ticks / 100; // USER_HZ
  } catch {
    return Number.NaN;
  }
}

function cpuTicks(pid: number, withExitedChildren: boolean): number {
  try {
    // /proc/<pid>/stat after "(comm) ": utime, stime, cutime, cstime are fields 12-15 (0-based 11-14).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]) + (withExitedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  } catch {
    return 0; // exited meanwhile
  }
}
