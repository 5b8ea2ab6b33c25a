import type { Localized } from '../../model/index.js';
import type { FileStat } from '../../model/node.js';
import type { NodeFindings } from './context.js';

/** `0o644` → `644`. */
export function octal(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}

export function describe(stat: FileStat): string {
  const user = stat.user ?? String(stat.uid);
  const group = stat.group ?? String(stat.gid);
  return `${stat.path}: mode ${octal(stat.mode ?? 0)}, owner ${user}:${group} (uid ${stat.uid}, gid ${stat.gid})`;
}

/**
 * Judges the mode or owner of files. `want` is `600`-style (no bit outside it) or `user:group`
 * (`root:root` is uid and gid 0, so a host without names in /etc/passwd still passes; other owners
 * are matched by name). Files absent from `stats` were not collected; absent on the host, they are
 * skipped here and the caller decides whether no file at all means not evaluated.
 */
export function judgeFiles(out: NodeFindings, checkId: string, stats: readonly FileStat[], want: string, missing: Localized): void {
  if (!out.wants(checkId)) return;
  const present = stats.filter((s) => s.exists);
  const unreadable = stats.filter((s) => s.error);
  for (const s of unreadable) out.notEvaluated(checkId, s.path, { en: `Cannot examine ${s.error}`, zh: `无法检查：${s.error}` });
  if (present.length === 0) {
    if (unreadable.length === 0) out.notEvaluated(checkId, stats[0]?.path ?? checkId, missing);
    return;
  }
  out.pass(checkId);
  for (const s of present) {
    const problem = want.includes(':') ? ownerProblem(s, want) : modeProblem(s, parseInt(want, 8));
    if (problem) out.fail(checkId, s.path, problem, describe(s), { file: s.path });
  }
}

function modeProblem(s: FileStat, allowed: number): Localized | undefined {
  const mode = s.mode ?? 0;
  const extra = mode & 0o777 & ~allowed;
  if (!extra) return undefined;
  return { en: `${s.path} has mode ${octal(mode)}, wider than ${octal(allowed)}`, zh: `${s.path} 的权限为 ${octal(mode)}，宽于 ${octal(allowed)}` };
}

function ownerProblem(s: FileStat, want: string): Localized | undefined {
  const [user, group] = want.split(':') as [string, string];
  const userOk = user === 'root' ? s.uid === 0 : s.user === user;
  const groupOk = group === 'root' ? s.gid === 0 : s.group === group;
  if (userOk && groupOk) return undefined;
  const has = `${s.user ?? s.uid}:${s.group ?? s.gid}`;
  return { en: `${s.path} is owned by ${has}, not ${want}`, zh: `${s.path} 的属主为 ${has}，而不是 ${want}` };
}
