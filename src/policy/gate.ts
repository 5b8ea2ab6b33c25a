import type { Finding, Severity } from '../model/index.js';
import { atOrAbove } from '../model/index.js';

/** Exit codes every scanning command shares. */
export const EXIT = { ok: 0, findings: 1, inputErrors: 2 } as const;

/**
 * 2 when any input could not be read (the verdict is incomplete, whatever was found), else 1 when
 * an unwaived finding at or above the threshold remains, else 0.
 */
export function exitCode(findings: readonly Finding[], failOn: Severity | undefined, inputErrors: number): number {
  if (inputErrors > 0) return EXIT.inputErrors;
  if (failOn && findings.some((f) => f.status === 'fail' && atOrAbove(f.severity, failOn))) return EXIT.findings;
  return EXIT.ok;
}

/** Keeps the findings whose severity is listed (`--severity critical,high`). */
export function filterSeverities(findings: Finding[], severities: ReadonlySet<Severity> | undefined): Finding[] {
  return severities ? findings.filter((f) => severities.has(f.severity)) : findings;
}
