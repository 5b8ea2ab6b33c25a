import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSelector, matchesSelector, parseSelector, SelectorError, selectsEverything } from '../../src/analyzers/label-selector.js';

const labels = { app: 'api', tier: 'web' };

test('an empty selector selects everything, even an object without labels', () => {
  assert.equal(matchesSelector(parseSelector({}), {}), true);
  assert.equal(selectsEverything(parseSelector({ matchLabels: {} })), true);
});

test('matchLabels needs every pair', () => {
  assert.equal(matchesSelector(parseSelector({ matchLabels: { app: 'api' } }), labels), true);
  assert.equal(matchesSelector(parseSelector({ matchLabels: { app: 'api', tier: 'db' } }), labels), false);
});

test('In, NotIn, Exists and DoesNotExist as the API server applies them', () => {
  const m = (expr: object, l: Record<string, string> = labels): boolean => matchesSelector(parseSelector({ matchExpressions: [expr] }), l);
  assert.equal(m({ key: 'tier', operator: 'In', values: ['web', 'edge'] }), true);
  assert.equal(m({ key: 'tier', operator: 'In', values: ['db'] }), false);
  assert.equal(m({ key: 'zone', operator: 'In', values: ['a'] }), false, 'In needs the key');
  assert.equal(m({ key: 'tier', operator: 'NotIn', values: ['db'] }), true);
  assert.equal(m({ key: 'zone', operator: 'NotIn', values: ['a'] }), true, 'NotIn holds when the key is absent');
  assert.equal(m({ key: 'tier', operator: 'NotIn', values: ['web'] }), false);
  assert.equal(m({ key: 'app', operator: 'Exists' }), true);
  assert.equal(m({ key: 'zone', operator: 'Exists' }), false);
  assert.equal(m({ key: 'zone', operator: 'DoesNotExist' }), true);
  assert.equal(m({ key: 'app', operator: 'DoesNotExist' }), false);
});

test('matchLabels and matchExpressions are ANDed', () => {
  const s = parseSelector({ matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] });
  assert.equal(matchesSelector(s, labels), false);
});

test('selectors the API server would refuse are errors naming the field', () => {
  assert.throws(() => parseSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }), (e: SelectorError) => e.field.join('.') === 'matchExpressions.0.operator');
  assert.throws(() => parseSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] }), /needs at least one value/);
  assert.throws(() => parseSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), /takes no values/);
  assert.throws(() => parseSelector({ matchLabels: { enabled: true } }), /quote them/);
});

test('formatSelector prints selectors as kubectl does', () => {
  assert.equal(formatSelector(parseSelector({ matchLabels: { app: 'api' }, matchExpressions: [{ key: 't', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'DoesNotExist' }] })), 'app=api,t in (a,b),!x');
  assert.equal(formatSelector({}), '(all)');
});
