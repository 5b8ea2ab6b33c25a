import { test } from 'node:test';
import assert from 'node:assert/strict';
import { psaNotEnforced } from '../../../src/analyzers/namespace/psa-not-enforced.js';
import { inventoryContext, inventoryOf, inventoryViolations, namespace } from '../../helpers/inventory.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

test('namespace.psa-not-enforced fails a namespace with no enforce label, pointing at metadata', async () => {
  const text = namespace('payments');
  const inventory = await inventoryOf(text);
  const found = psaNotEnforced.run(inventory, inventoryContext('latest'));
  assert.equal(found.length, 1);
  assert.equal(found[0]?.resource.name, 'payments');
  assert.deepEqual(found[0]?.path, ['metadata', 'labels']);
  assert.equal(found[0]?.evidence, `${ENFORCE}: unset`);
  // No labels at all: the line is that of `metadata:`.
  assert.equal(found[0]?.resource.lineOf(found[0].path), 3);
});

test('namespace.psa-not-enforced says when audit or warn are set instead', async () => {
  const found = await inventoryViolations(
    psaNotEnforced,
    namespace('payments', { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' }),
  );
  assert.match(found[0]?.message.en ?? '', /audit=restricted, warn=restricted only record or warn/);
  assert.match(found[0]?.message.zh ?? '', /audit=restricted/);
});

test('namespace.psa-not-enforced fails enforce=privileged on the label line', async () => {
  const text = namespace('agents', { [ENFORCE]: 'privileged' });
  const found = await inventoryViolations(psaNotEnforced, text);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['metadata', 'labels', ENFORCE]);
  const expected = text.split('\n').findIndex((l) => l.includes(`${ENFORCE}:`)) + 1;
  assert.equal(found[0]?.resource.lineOf(found[0].path), expected);
});

test('namespace.psa-not-enforced fails a value that is not a level, and says so', async () => {
  const found = await inventoryViolations(psaNotEnforced, namespace('payments', { [ENFORCE]: 'Restricted' }));
  assert.equal(found.length, 1);
  assert.match(found[0]?.message.en ?? '', /"Restricted", which is not a Pod Security level/);
  assert.equal(found[0]?.evidence, `${ENFORCE}: Restricted`);
});

test('namespace.psa-not-enforced passes baseline and restricted', async () => {
  const found = await inventoryViolations(
    psaNotEnforced,
    `${namespace('a', { [ENFORCE]: 'baseline' })}---\n${namespace('b', { [ENFORCE]: 'restricted' })}`,
  );
  assert.deepEqual(found, []);
});
