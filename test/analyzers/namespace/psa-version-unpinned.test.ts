import { test } from 'node:test';
import assert from 'node:assert/strict';
import { psaVersionUnpinned } from '../../../src/analyzers/namespace/psa-version-unpinned.js';
import { inventoryViolations, namespace } from '../../helpers/inventory.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const VERSION = 'pod-security.kubernetes.io/enforce-version';

test('namespace.psa-version-unpinned fails baseline or restricted without enforce-version', async () => {
  const found = await inventoryViolations(psaVersionUnpinned, namespace('payments', { [ENFORCE]: 'restricted' }));
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['metadata', 'labels']);
  assert.equal(found[0]?.evidence, `${VERSION}: unset`);
  assert.match(found[0]?.message.en ?? '', /enforces restricted at an unpinned version/);
});

test('namespace.psa-version-unpinned fails enforce-version latest, on the label line', async () => {
  const text = namespace('payments', { [ENFORCE]: 'baseline', [VERSION]: 'latest' });
  const found = await inventoryViolations(psaVersionUnpinned, text);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['metadata', 'labels', VERSION]);
  const expected = text.split('\n').findIndex((l) => l.includes(`${VERSION}:`)) + 1;
  assert.equal(found[0]?.resource.lineOf(found[0].path), expected);
});

test('namespace.psa-version-unpinned fails an invalid enforce-version whatever the level', async () => {
  for (const bad of ['1.33', 'v1.033', 'v2.0', 'v1.33.1']) {
    const found = await inventoryViolations(psaVersionUnpinned, namespace('payments', { [VERSION]: bad }));
    assert.equal(found.length, 1, bad);
    assert.match(found[0]?.message.en ?? '', /neither "latest" nor "v1.<minor>"/);
  }
});

test('namespace.psa-version-unpinned passes a pinned version, and namespaces that enforce nothing', async () => {
  const found = await inventoryViolations(
    psaVersionUnpinned,
    [
      namespace('a', { [ENFORCE]: 'restricted', [VERSION]: 'v1.33' }),
      namespace('b', { [ENFORCE]: 'privileged' }),
      namespace('c'),
      namespace('d', { [ENFORCE]: 'baseline', [VERSION]: 'v1.0' }),
    ].join('---\n'),
  );
  assert.deepEqual(found, []);
});
