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
export function evaluatePss(pod: PodView, level: PssLevel | 'privileged', version: PssVersion): PssViolation[] {
  if (level === 'privileged') return [];
  // Namespace posture and the rejection check ask the same question of each workload; answer once.
  const key = `${level}@${version}`;
  let byPolicy = evaluated.get(pod);
  const cached = byPolicy?.get(key);
  if (cached) return cached;
  const out: PssViolation[] = [];
  for (const check of PSS_CHECKS) {
    const checkLevel = levelOf().get(check.id);
    // A check without a catalogued level is not a PSS rule; never let it reject at any level.
    if (checkLevel === undefined || (checkLevel === 'restricted' && level === 'baseline')) continue;
    for (const violation of check.run(pod, { pssVersion: version })) out.push({ checkId: check.id, violation });
  }
  if (!byPolicy) evaluated.set(pod, (byPolicy = new Map()));
  byPolicy.set(key, out);
  return out;
}

export interface PssViolation {
  checkId: string;
  violation: Violation;
}

const evaluated = new WeakMap<PodView, Map<string, PssViolation[]>>();

let levels: Map<string, PssLevel> | undefined;
function levelOf(): Map<string, PssLevel> {
  levels ??= new Map(CHECKS.flatMap((c) => (c.pss ? [[c.id, c.pss.level] as const] : [])));
  return levels;
}
