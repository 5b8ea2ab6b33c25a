import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCheck } from '../../../src/catalog/index.js';
import { NAMESPACE_CHECKS, OBJECT_CHECKS } from '../../../src/analyzers/namespace/index.js';

test('every namespace and object check has a catalogue entry of its target, in both languages', () => {
  const expected = [...NAMESPACE_CHECKS.map((c) => [c.id, 'inventory']), ...OBJECT_CHECKS.map((c) => [c.id, 'object'])];
  for (const [id = '', target] of expected) {
    const entry = findCheck(id);
    assert.ok(entry, id);
    assert.equal(entry.target, target, id);
    for (const text of [entry.title, entry.description, entry.remediation]) assert.ok(text.en && text.zh, id);
  }
});
