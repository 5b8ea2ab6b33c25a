import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privileged } from '../../../../src/analyzers/workload/checks/pss/privileged.js';
import { pod, violations } from '../../../helpers/kube.js';

test('pod.privileged fails a privileged container, naming it and the field', async () => {
  const found = await violations(privileged, pod(`  containers:
  - name: app
    image: a
  - name: agent
    image: b
    securityContext:
      privileged: true
`));
  assert.equal(found.length, 1);
  assert.equal(found[0]?.container, 'agent');
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 1, 'securityContext', 'privileged']);
});

test('pod.privileged checks init and ephemeral containers too', async () => {
  const found = await violations(privileged, pod(`  containers:
  - name: app
    image: a
  initContainers:
  - name: setup
    image: b
    securityContext: {privileged: true}
  ephemeralContainers:
  - name: debug
    image: c
    securityContext: {privileged: true}
`));
  assert.deepEqual(found.map((v) => v.subject), ['container:setup', 'container:debug']);
});

test('pod.privileged passes privileged: false and unset', async () => {
  const found = await violations(privileged, pod(`  containers:
  - name: app
    image: a
    securityContext: {privileged: false}
  - name: b
    image: b
`));
  assert.deepEqual(found, []);
});
