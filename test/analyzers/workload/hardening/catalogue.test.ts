import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCheck } from '../../../../src/catalog/index.js';
import { HARDENING_CHECKS } from '../../../../src/analyzers/workload/checks/hardening/index.js';

test('every hardening check has a workload catalogue entry with both languages', () => {
  for (const { id } of HARDENING_CHECKS) {
    const entry = findCheck(id);
    assert.ok(entry, id);
    assert.equal(entry.target, 'workload', id);
    assert.equal(entry.pss, undefined, id);
    for (const text of [entry.title, entry.description, entry.remediation]) assert.ok(text.en && text.zh, id);
  }
  assert.equal(new Set(HARDENING_CHECKS.map((c) => c.id)).size, HARDENING_CHECKS.length);
});
