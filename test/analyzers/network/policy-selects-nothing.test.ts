import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policySelectsNothing } from '../../../src/analyzers/network/policy-selects-nothing.js';
import { inventoryViolations, namespace } from '../../helpers/inventory.js';
import { policy, workload } from './fixtures.js';

const APP = [namespace('shop'), workload('shop', 'web', { 'app.kubernetes.io/name': 'web' }, [])];
const run = (...docs: string[]) => inventoryViolations(policySelectsNothing, [...APP, ...docs].join('---\n'));

test('network.policy-selects-nothing fails a policy whose selector has a typo, on its podSelector', async () => {
  const [v] = await run(policy('shop', 'web-in', '  podSelector: {matchLabels: {app.kubernetes.io/name: wbe}}\n  ingress: []\n'));
  assert.deepEqual(v?.path, ['spec', 'podSelector']);
  assert.equal(v?.message.en, 'NetworkPolicy shop/web-in selects none of the 1 workload(s) of namespace shop (podSelector app.kubernetes.io/name=wbe): it isolates and allows nothing');
});

test('passes a matching selector, podSelector {}, and namespaces whose workloads are not in the input', async () => {
  assert.deepEqual(await run(policy('shop', 'ok', '  podSelector: {matchLabels: {app.kubernetes.io/name: web}}\n')), []);
  assert.deepEqual(await run(policy('shop', 'all', '  podSelector: {}\n')), []);
  assert.deepEqual(await run(policy('other', 'x', '  podSelector: {matchLabels: {app: x}}\n')), []);
});
