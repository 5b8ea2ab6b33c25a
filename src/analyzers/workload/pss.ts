import { CHECKS } from '../../catalog/index.js';
import type { PssLevel } from '../../model/index.js';
import type { PssVersion, Violation } from './check.js';
import { PSS_CHECKS } from './checks/pss/index.js';
import type { PodView } from './pod-spec.js';

/**
 * Evaluates a pod template against a Pod Security Standards level as Pod Security Admission
 * would: baseline runs the baseline checks, restricted runs both. (Restricted checks that
 * supersede a baseline check report only what the baseline check does not, so the union is exact.)
 */
export function evaluatePss(pod: PodView, level: PssLevel | 'privileged', version: PssVersion): { checkId: string; violation: Violation }[] {
  if (level === 'privileged') return [];
  const levelOf = new Map(CHECKS.filter((c) => c.pss).map((c) => [c.id, c.pss?.level]));
  const out: { checkId: string; violation: Violation }[] = [];
  for (const check of PSS_CHECKS) {
    const checkLevel = levelOf.get(check.id);
    if (checkLevel === 'restricted' && level === 'baseline') continue;
    for (const violation of check.run(pod, { pssVersion: version })) out.push({ checkId: check.id, violation });
  }
  return out;
}
