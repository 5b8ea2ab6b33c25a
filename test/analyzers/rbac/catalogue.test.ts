import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RBAC_CHECKS } from '../../../src/analyzers/rbac/index.js';
import { controlsOfCheck, findCheck, loadFrameworks } from '../../../src/catalog/index.js';

test('every RBAC check has an inventory catalogue entry in both languages', () => {
  assert.equal(RBAC_CHECKS.length, 17);
  for (const check of RBAC_CHECKS) {
    const entry = findCheck(check.id);
    assert.ok(entry, check.id);
    assert.equal(entry.target, 'inventory', check.id);
    assert.match(check.id, /^rbac\./);
    for (const text of [entry.title, entry.description, entry.remediation]) assert.ok(text.en && /[\u4e00-\u9fff]/.test(text.zh), check.id);
  }
});

test('every RBAC check evidences MLPS 2.0, JR/T 0167 chapter 10 and NSA/CISA, and the CIS 5.1 items map to their checks', () => {
  const index = loadFrameworks();
  for (const check of RBAC_CHECKS) {
    const controls = controlsOfCheck(index, check.id);
    assert.ok(controls.some((c) => c.startsWith('mlps-2.0-l3:8.1.4.2')), `${check.id}: ${controls}`);
    assert.ok(controls.includes('jrt-0167-2020:10'), check.id);
    assert.ok(controls.some((c) => c.startsWith('nsa-cisa-1.2:auth')), check.id);
  }
  const cis = (id: string): string[] => index.control(`cis-k8s-1.12:${id}`)?.checks ?? [];
  assert.deepEqual(cis('5.1.1'), ['rbac.cluster-admin']);
  assert.deepEqual(cis('5.1.2'), ['rbac.secrets-read']);
  assert.deepEqual(cis('5.1.3'), ['rbac.wildcard']);
  assert.ok(cis('5.1.4').includes('rbac.workload-create'));
  assert.ok(cis('5.1.5').includes('rbac.default-service-account'));
  assert.deepEqual(cis('5.1.8'), ['rbac.escalate-bind-impersonate']);
  assert.deepEqual(cis('5.1.9'), ['rbac.pv-create']);
  assert.deepEqual(cis('5.1.10'), ['rbac.nodes-proxy']);
  assert.deepEqual(cis('5.1.11'), ['rbac.csr-approve']);
  assert.deepEqual(cis('5.1.12'), ['rbac.webhook-config']);
  assert.deepEqual(cis('5.1.13'), ['rbac.token-create']);
});
