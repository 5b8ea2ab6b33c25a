import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespacePosture } from '../../../src/analyzers/namespace/posture.js';
import { deployment, inventoryOf, namespace } from '../../helpers/inventory.js';

test('namespacePosture reports each Namespace read, its labels, workloads and rejections', async () => {
  const inventory = await inventoryOf(
    [
      namespace('payments', {
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.33',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      }),
      deployment('api', 'payments', '        securityContext: {privileged: true}\n'),
      deployment('web', 'payments'),
      namespace('agents', { 'pod-security.kubernetes.io/enforce': 'privileged' }),
      deployment('agent', 'agents', '        securityContext: {privileged: true}\n'),
      namespace('empty'),
      deployment('stray', 'unlisted', '        securityContext: {privileged: true}\n'),
    ].join('---\n'),
  );
  assert.deepEqual(namespacePosture(inventory, 'latest'), [
    { name: 'payments', enforce: 'baseline', enforceVersion: 'v1.33', audit: 'restricted', warn: 'restricted', workloads: 2, rejected: 1 },
    { name: 'agents', enforce: 'privileged', workloads: 1, rejected: 0 },
    { name: 'empty', workloads: 0, rejected: 0 },
  ]);
});
