import { test } from 'node:test';
import assert from 'node:assert/strict';
import { securityContextMissing } from '../../../../src/analyzers/workload/checks/hardening/security-context-missing.js';
import { pod, violations } from '../../../helpers/kube.js';

test('pod.security-context-missing fails containers and init containers with nothing set anywhere', async () => {
  const found = await violations(securityContextMissing, pod(`  containers:
  - name: app
    image: a
  - name: sidecar
    image: b
    securityContext: {}
  initContainers:
  - name: setup
    image: c
  ephemeralContainers:
  - name: debug
    image: d
`));
  assert.deepEqual(found.map((v) => v.subject), ['container:app', 'container:sidecar', 'container:setup']);
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'securityContext']);
  assert.equal(found[0]?.evidence, 'securityContext: unset');
  assert.equal(found[1]?.evidence, 'securityContext: {}');
});

test('pod.security-context-missing does not count pod-only fields such as fsGroup as something to inherit', async () => {
  const found = await violations(securityContextMissing, pod(`  securityContext:
    fsGroup: 2000
    supplementalGroups: [3000]
  containers:
  - name: app
    image: a
`));
  assert.equal(found.length, 1);
});

test('pod.security-context-missing treats fields set to null as absent', async () => {
  const found = await violations(securityContextMissing, pod(`  securityContext:
    runAsNonRoot: null
  containers:
  - name: app
    image: a
    securityContext:
      privileged: null
`));
  assert.equal(found.length, 1);
});

test('pod.security-context-missing passes a container with its own securityContext', async () => {
  const found = await violations(securityContextMissing, pod(`  containers:
  - name: app
    image: a
    securityContext:
      allowPrivilegeEscalation: false
`));
  assert.deepEqual(found, []);
});

test('pod.security-context-missing passes containers that inherit from the pod-level securityContext', async () => {
  const found = await violations(securityContextMissing, pod(`  securityContext:
    runAsNonRoot: true
  containers:
  - name: app
    image: a
  initContainers:
  - name: setup
    image: b
`));
  assert.deepEqual(found, []);
});
