import type { Severity, SlaPolicy } from '../../../model/index.js';
import { SEVERITIES } from '../../../model/index.js';

/**
 * Days to fix per severity. A failing finding first seen longer ago than its severity's SLA is
 * overdue; a days value of 0 (the default for `info`) means the severity has no SLA. Waived,
 * not-evaluated and resolved findings are never overdue: nothing is expected of what was accepted,
 * unseen or fixed.
 */

export const DEFAULT_SLA: SlaPolicy = { critical: 7, high: 30, medium: 90, low: 180, info: 0 };

const DAY_MS = 86_400_000;

/** What SLA needs of a finding: the findings store's `StoredFinding` fits (it keeps first-seen per fingerprint). */
export interface SlaSubject {
  severity: Severity;
  status: 'fail' | 'waived' | 'not-evaluated' | 'resolved';
  /** ISO timestamp the finding was first seen failing. */
  firstSeen: string;
}

export interface SlaState {
  /** When the fix is due; absent when the severity has no SLA. */
  due?: string;
  overdue: boolean;
  /** Whole days past due (0 when not overdue). */
  daysOverdue: number;
}

export function validateSlaPolicy(policy: Partial<Record<string, unknown>>): SlaPolicy {
  const result = { ...DEFAULT_SLA };
  for (const [key, value] of Object.entries(policy)) {
    if (!(SEVERITIES as readonly string[]).includes(key)) throw new Error(`sla.${key}: not a severity (${SEVERITIES.join(', ')})`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new Error(`sla.${key}: days must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
    result[key as Severity] = value;
  }
  return result;
}

export function slaState(finding: SlaSubject, now: Date, policy: SlaPolicy = DEFAULT_SLA): SlaState {
  const days = policy[finding.severity];
  if (!days) return { overdue: false, daysOverdue: 0 };
  const first = Date.parse(finding.firstSeen);
  if (Number.isNaN(first)) throw new Error(`firstSeen: "${finding.firstSeen}" is not a timestamp`);
  const dueMs = first + days * DAY_MS;
  const late = finding.status === 'fail' && now.getTime() > dueMs;
  return { due: new Date(dueMs).toISOString(), overdue: late, daysOverdue: late ? Math.floor((now.getTime() - dueMs) / DAY_MS) : 0 };
}

export function overdue(finding: SlaSubject, now: Date, policy: SlaPolicy = DEFAULT_SLA): boolean {
  return slaState(finding, now, policy).overdue;
}

export interface SlaSummaryRow {
  severity: Severity;
  /** SLA days, 0 for none. */
  days: number;
  open: number;
  overdue: number;
  /** The most days any open finding of this severity is past due. */
  maxDaysOverdue: number;
}

/** Open (failing) and overdue counts per severity, most severe first. */
export function slaSummary(findings: Iterable<SlaSubject>, now: Date, policy: SlaPolicy = DEFAULT_SLA): SlaSummaryRow[] {
  const rows = new Map<Severity, SlaSummaryRow>(SEVERITIES.map((severity) => [severity, { severity, days: policy[severity], open: 0, overdue: 0, maxDaysOverdue: 0 }]));
  for (const finding of findings) {
    if (finding.status !== 'fail') continue;
    const row = rows.get(finding.severity)!;
    row.open++;
    const state = slaState(finding, now, policy);
    if (state.overdue) {
      row.overdue++;
      row.maxDaysOverdue = Math.max(row.maxDaysOverdue, state.daysOverdue);
    }
  }
  return [...rows.values()];
}
