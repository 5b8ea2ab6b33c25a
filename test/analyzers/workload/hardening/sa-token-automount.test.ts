import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saTokenAutomount } from '../../../../src/analyzers/workload/checks/hardening/sa-token-automount.js';
import { inventoryViolations } from '../../../helpers/inventory.js';

function workload(podExtra = '', ns = 'payments'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ${ns}}
spec:
  template:
    spec:
${podExtra}      containers:
      - {name: app, image: a}
`;
}

function account(name: string, setting?: boolean, ns = 'payments'): string {
  return `---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}}\n${setting === undefined ? '' : `automountServiceAccountToken: ${setting}\n`}`;
}

test('pod.sa-token-automount passes when the pod sets false, whatever its ServiceAccount says', async () => {
  assert.deepEqual(await inventoryViolations(saTokenAutomount, workload('      automountServiceAccountToken: false\n') + account('default', true)), []);
});

test('pod.sa-token-automount fails when the pod sets true, even if its ServiceAccount sets false', async () => {
  const found = await inventoryViolations(saTokenAutomount, workload('      automountServiceAccountToken: true\n      serviceAccountName: api\n') + account('api', false));
  assert.equal(found.length, 1);
  assert.equal(found[0]?.evidence, 'automountServiceAccountToken: true');
  assert.deepEqual(found[0]?.path, ['spec', 'template', 'spec', 'automountServiceAccountToken']);
});

test('pod.sa-token-automount honours the ServiceAccount the pod runs as when the pod sets nothing', async () => {
  assert.deepEqual(await inventoryViolations(saTokenAutomount, workload('      serviceAccountName: api\n') + account('api', false)), []);
  assert.deepEqual(await inventoryViolations(saTokenAutomount, workload() + account('default', false)), [], 'no name means the default account');
  const unset = await inventoryViolations(saTokenAutomount, workload('      serviceAccountName: api\n') + account('api'));
  assert.equal(unset.length, 1);
  assert.match(unset[0]?.message.en ?? '', /neither the pod nor its ServiceAccount "api"/);
});

test('pod.sa-token-automount matches the ServiceAccount in the pod\'s own namespace only', async () => {
  const found = await inventoryViolations(saTokenAutomount, workload('      serviceAccountName: api\n') + account('api', false, 'other'));
  assert.equal(found.length, 1);
  assert.match(found[0]?.evidence ?? '', /ServiceAccount api not scanned/);
  assert.match(found[0]?.message.zh ?? '', /不在本次扫描的对象中/);
});

test('pod.sa-token-automount reads the deprecated serviceAccount field when serviceAccountName is absent', async () => {
  assert.deepEqual(await inventoryViolations(saTokenAutomount, workload('      serviceAccount: legacy\n') + account('legacy', false)), []);
});
