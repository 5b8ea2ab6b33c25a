import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCheck, loadFrameworks } from '../../../src/catalog/index.js';
import { NETWORK_CHECKS } from '../../../src/analyzers/network/index.js';

test('every network check has an inventory catalogue entry in both languages, and maps to CIS or NSA/CISA and to MLPS 2.0', () => {
  const index = loadFrameworks();
  assert.equal(NETWORK_CHECKS.length, 9);
  for (const { id } of NETWORK_CHECKS) {
    const entry = findCheck(id);
    assert.ok(entry, id);
    assert.equal(entry.target, 'inventory', id);
    assert.match(id, /^network\./);
    const frameworks = new Set((index.controlsByCheck.get(id) ?? []).map((c) => c.framework));
    assert.ok(frameworks.has('nsa-cisa-1.2') || frameworks.has('cis-k8s-1.12'), `${id}: ${[...frameworks]}`);
    assert.ok(frameworks.has('mlps-2.0-l3'), `${id}: not mapped to MLPS 2.0`);
    assert.ok(frameworks.has('jrt-0167-2020'), `${id}: not mapped to JR/T 0167`);
  }
  assert.deepEqual(index.control('cis-k8s-1.12:5.3.2')?.checks, ['network.namespace-default-deny-ingress', 'network.namespace-default-deny-egress']);
  assert.deepEqual(index.control('mlps-2.0-l3:8.1.2.2 b')?.checks, ['network.mtls-not-enforced']);
});
