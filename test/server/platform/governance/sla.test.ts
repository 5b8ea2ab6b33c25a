import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SLA, overdue, slaState, slaSummary, validateSlaPolicy, type SlaSubject } from '../../../../src/server/platform/governance/sla.js';

const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (n: number): string => new Date(now.getTime() - n * 86_400_000).toISOString();

test('default SLA: critical 7, high 30, medium 90, low 180 days, info none', () => {
  assert.deepEqual(DEFAULT_SLA, { critical: 7, high: 30, medium: 90, low: 180, info: 0 });
  assert.equal(overdue({ severity: 'critical', status: 'fail', firstSeen: daysAgo(8) }, now), true);
  assert.equal(overdue({ severity: 'critical', status: 'fail', firstSeen: daysAgo(6) }, now), false);
  assert.equal(overdue({ severity: 'high', status: 'fail', firstSeen: daysAgo(31) }, now), true);
  assert.equal(overdue({ severity: 'low', status: 'fail', firstSeen: daysAgo(179) }, now), false);
  assert.equal(overdue({ severity: 'info', status: 'fail', firstSeen: daysAgo(5000) }, now), false);
  assert.equal(slaState({ severity: 'info', status: 'fail', firstSeen: daysAgo(5000) }, now).due, undefined);
});

test('waived, not-evaluated and resolved findings are never overdue', () => {
  assert.equal(overdue({ severity: 'critical', status: 'waived', firstSeen: daysAgo(100) }, now), false);
  assert.equal(overdue({ severity: 'critical', status: 'not-evaluated', firstSeen: daysAgo(100) }, now), false);
  assert.equal(overdue({ severity: 'critical', status: 'resolved', firstSeen: daysAgo(100) }, now), false);
});

test('due date and days overdue; a custom policy applies', () => {
  const state = slaState({ severity: 'critical', status: 'fail', firstSeen: '2026-06-01T12:00:00.000Z' }, now);
  assert.deepEqual(state, { due: '2026-06-08T12:00:00.000Z', overdue: true, daysOverdue: 22 });
  assert.equal(overdue({ severity: 'critical', status: 'fail', firstSeen: daysAgo(8) }, now, { ...DEFAULT_SLA, critical: 10 }), false);
  assert.throws(() => slaState({ severity: 'high', status: 'fail', firstSeen: 'yesterday' }, now), /firstSeen: "yesterday" is not a timestamp/);
});

test('summary counts open and overdue per severity, most severe first', () => {
  const findings: SlaSubject[] = [
    { severity: 'critical', status: 'fail', firstSeen: daysAgo(10) },
    { severity: 'critical', status: 'fail', firstSeen: daysAgo(40) },
    { severity: 'critical', status: 'fail', firstSeen: daysAgo(1) },
    { severity: 'critical', status: 'waived', firstSeen: daysAgo(40) },
    { severity: 'medium', status: 'fail', firstSeen: daysAgo(91) },
  ];
  const rows = slaSummary(findings, now);
  assert.deepEqual(rows.map((r) => r.severity), ['critical', 'high', 'medium', 'low', 'info']);
  assert.deepEqual(rows[0], { severity: 'critical', days: 7, open: 3, overdue: 2, maxDaysOverdue: 33 });
  assert.deepEqual(rows[2], { severity: 'medium', days: 90, open: 1, overdue: 1, maxDaysOverdue: 1 });
  assert.equal(rows[1]!.open, 0);
});

test('policy validation names the bad field', () => {
  assert.deepEqual(validateSlaPolicy({ critical: 3 }), { ...DEFAULT_SLA, critical: 3 });
  assert.throws(() => validateSlaPolicy({ urgent: 3 }), /sla\.urgent: not a severity/);
  assert.throws(() => validateSlaPolicy({ high: -1 }), /sla\.high: days must be a whole number/);
  assert.throws(() => validateSlaPolicy({ high: 1.5 }), /sla\.high/);
});
