import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workloadFromPod } from '../../../src/sources/events/attribution.js';

test('owner references win over the name: a ReplicaSet of a Deployment, a StatefulSet, a DaemonSet', () => {
  assert.deepEqual(workloadFromPod({ name: 'api-7d9c6b8f5-x2k4z', ownerReferences: [{ kind: 'ReplicaSet', name: 'api-7d9c6b8f5' }], labels: { 'pod-template-hash': '7d9c6b8f5' } }), { kind: 'Deployment', name: 'api' });
  assert.deepEqual(workloadFromPod({ name: 'whatever', ownerReferences: [{ kind: 'StatefulSet', name: 'postgres' }] }), { kind: 'StatefulSet', name: 'postgres' });
  assert.deepEqual(workloadFromPod({ name: 'fluent-bit-4xk2p', ownerReferences: [{ kind: 'DaemonSet', name: 'fluent-bit' }] }), { kind: 'DaemonSet', name: 'fluent-bit' });
  assert.deepEqual(workloadFromPod({ name: 'x', ownerReferences: [{ kind: 'Rollout', name: 'canary' }] }), { kind: 'Rollout', name: 'canary' });
});

test('a ReplicaSet owner whose name has no template hash stays a ReplicaSet', () => {
  assert.deepEqual(workloadFromPod({ name: 'legacy-q8w2n', ownerReferences: [{ kind: 'ReplicaSet', name: 'legacy' }], labels: { app: 'legacy' } }), { kind: 'ReplicaSet', name: 'legacy' });
});

test('a Job owner is a CronJob when named <cronjob>-<scheduled minute>, a Job otherwise', () => {
  assert.deepEqual(workloadFromPod({ name: 'backup-28993440-z7r2k', ownerReferences: [{ kind: 'Job', name: 'backup-28993440' }] }), { kind: 'CronJob', name: 'backup' });
  assert.deepEqual(workloadFromPod({ name: 'migrate-db-v2-k9x4b', ownerReferences: [{ kind: 'Job', name: 'migrate-db-v2' }] }), { kind: 'Job', name: 'migrate-db-v2' });
});

test('controller labels without owner references', () => {
  assert.deepEqual(workloadFromPod({ name: 'web-frontend-5f8c9b7d4-lm2xq', labels: { 'pod-template-hash': '5f8c9b7d4' } }), { kind: 'Deployment', name: 'web-frontend' });
  assert.deepEqual(workloadFromPod({ name: 'kafka-2', labels: { 'statefulset.kubernetes.io/pod-name': 'kafka-2', 'controller-revision-hash': 'kafka-6d4b9c' } }), { kind: 'StatefulSet', name: 'kafka' });
  assert.deepEqual(workloadFromPod({ name: 'node-exporter-t6v8w', labels: { 'controller-revision-hash': '7b9d5c', 'pod-template-generation': '3' } }), { kind: 'DaemonSet', name: 'node-exporter' });
  assert.deepEqual(workloadFromPod({ name: 'report-28993500-abcde', labels: { 'batch.kubernetes.io/job-name': 'report-28993500' } }), { kind: 'CronJob', name: 'report' });
  assert.deepEqual(workloadFromPod({ name: 'seed-5xq7n', labels: { 'job-name': 'seed' } }), { kind: 'Job', name: 'seed' });
});

test('name shape alone: Deployment, CronJob, StatefulSet, DaemonSet, then the bare pod', () => {
  assert.deepEqual(workloadFromPod({ name: 'api-7d9c6b8f5-x2k4z' }), { kind: 'Deployment', name: 'api' });
  assert.deepEqual(workloadFromPod({ name: 'checkout-svc-v2-6b7f9d4c8d-pq9zt' }), { kind: 'Deployment', name: 'checkout-svc-v2' });
  assert.deepEqual(workloadFromPod({ name: 'backup-28993440-z7r2k' }), { kind: 'CronJob', name: 'backup' });
  assert.deepEqual(workloadFromPod({ name: 'postgres-0' }), { kind: 'StatefulSet', name: 'postgres' });
  assert.deepEqual(workloadFromPod({ name: 'redis-cluster-12' }), { kind: 'StatefulSet', name: 'redis-cluster' });
  assert.deepEqual(workloadFromPod({ name: 'kube-proxy-7xk9z' }), { kind: 'DaemonSet', name: 'kube-proxy' });
  assert.deepEqual(workloadFromPod({ name: 'node-debugger' }), { kind: 'Pod', name: 'node-debugger' });
  // Vowels never appear in generated suffixes: `-hello` is part of the name.
  assert.deepEqual(workloadFromPod({ name: 'say-hello' }), { kind: 'Pod', name: 'say-hello' });
});
