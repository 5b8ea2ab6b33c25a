import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { defaultNamespace } from '../../../src/analyzers/namespace/default-namespace.js';
import type { KubeResource } from '../../../src/model/index.js';
import { readManifests } from '../../../src/sources/kube/manifests.js';
import { readYaml, resourceOf } from '../../helpers/kube.js';

test('object.default-namespace fails an object placed in default, on the namespace line', async () => {
  const resource = await resourceOf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: default
spec: {}
`);
  const found = defaultNamespace.run(resource);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]?.path, ['metadata', 'namespace']);
  assert.equal(resource.lineOf(['metadata', 'namespace']), 5);
  assert.equal(found[0]?.message.en, 'Deployment "api" is in the default namespace');
});

test('object.default-namespace fails an object the scan was told to place in default', async () => {
  const resources: KubeResource[] = [];
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';
  for await (const event of readManifests(['-'], { stdin: Readable.from([text]), namespace: 'default' })) {
    if (event.type === 'resource') resources.push(event.resource);
  }
  const [resource] = resources;
  assert.ok(resource);
  const found = defaultNamespace.run(resource);
  assert.equal(found.length, 1);
  // The field is absent: the line is that of `metadata:`.
  assert.equal(resource.lineOf(found[0]?.path ?? []), 3);
});

test('object.default-namespace passes what Kubernetes itself keeps in default', async () => {
  const { resources } = await readYaml(
    [
      'apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes, namespace: default}\n',
      'apiVersion: v1\nkind: Endpoints\nmetadata: {name: kubernetes, namespace: default}\n',
      'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: kubernetes, namespace: default}\n',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: default}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-root-ca.crt, namespace: default}\n',
    ].join('---\n'),
  );
  assert.equal(resources.length, 5);
  assert.deepEqual(resources.flatMap((r) => defaultNamespace.run(r)), []);
});

test('object.default-namespace passes other namespaces, no namespace, and cluster-scoped objects', async () => {
  const { resources } = await readYaml(
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: payments}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: c, namespace: default}\n',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes, namespace: payments}\n',
    ].join('---\n'),
  );
  assert.equal(resources.length, 5);
  assert.deepEqual(resources.flatMap((r) => defaultNamespace.run(r)), []);
});
