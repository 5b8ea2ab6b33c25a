import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saTokenAutomount } from '../../../../src/analyzers/workload/checks/hardening/sa-token-automount.js';
import { pod, violations } from '../../../helpers/kube.js';

const CONTAINER = `  containers:
  - name: app
    image: a
`;

test('pod.sa-token-automount fails when automountServiceAccountToken is unset', async () => {
  const found = await violations(saTokenAutomount, pod(CONTAINER));
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'automountServiceAccountToken']);
  assert.equal(found[0]?.evidence, 'automountServiceAccountToken: unset');
});

test('pod.sa-token-automount fails when it is true, on the pod template of a controller', async () => {
  const found = await violations(
    saTokenAutomount,
    `apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: ns}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          automountServiceAccountToken: true
          containers: [{name: app, image: a}]
`,
  );
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'automountServiceAccountToken']);
  assert.equal(found[0]?.evidence, 'automountServiceAccountToken: true');
});

test('pod.sa-token-automount passes false', async () => {
  assert.deepEqual(await violations(saTokenAutomount, pod(`  automountServiceAccountToken: false\n${CONTAINER}`)), []);
});
