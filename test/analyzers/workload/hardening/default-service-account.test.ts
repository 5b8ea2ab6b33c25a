import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultServiceAccount } from '../../../../src/analyzers/workload/checks/hardening/default-service-account.js';
import { pod, violations } from '../../../helpers/kube.js';

const CONTAINER = `  containers:
  - name: app
    image: a
`;

test('pod.default-service-account fails when no service account is named', async () => {
  const found = await violations(defaultServiceAccount, pod(CONTAINER));
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'serviceAccountName']);
  assert.equal(found[0]?.evidence, 'serviceAccountName: unset');
});

test('pod.default-service-account fails serviceAccountName: default', async () => {
  const found = await violations(defaultServiceAccount, pod(`  serviceAccountName: default\n${CONTAINER}`));
  assert.equal(found[0]?.evidence, 'serviceAccountName: default');
});

test('pod.default-service-account reads the deprecated serviceAccount when serviceAccountName is empty', async () => {
  const legacyDefault = await violations(defaultServiceAccount, pod(`  serviceAccount: default\n${CONTAINER}`));
  assert.deepEqual(legacyDefault[0]?.path, ['spec', 'serviceAccount']);
  assert.deepEqual(await violations(defaultServiceAccount, pod(`  serviceAccountName: ""\n  serviceAccount: payments\n${CONTAINER}`)), []);
});

test('pod.default-service-account passes a named service account', async () => {
  assert.deepEqual(await violations(defaultServiceAccount, pod(`  serviceAccountName: payments-api\n${CONTAINER}`)), []);
});
