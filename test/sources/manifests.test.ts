import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readManifests } from '../../src/sources/kube/manifests.js';
import type { InputError, InputRecord, KubeResource } from '../../src/model/index.js';
import { readYaml } from '../helpers/kube.js';

async function readAll(inputs: string[]): Promise<{ resources: KubeResource[]; errors: InputError[]; inputs: InputRecord[] }> {
  const out = { resources: [] as KubeResource[], errors: [] as InputError[], inputs: [] as InputRecord[] };
  for await (const e of readManifests(inputs)) {
    if (e.type === 'resource') out.resources.push(e.resource);
    else if (e.type === 'error') out.errors.push(e.error);
    else out.inputs.push(e.input);
  }
  return out;
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
  template:
    spec:
      containers:
      - name: app
        image: a
      - name: sidecar
        image: b
        securityContext:
          privileged: true
`;

test('line numbers in a multi-document stream point at the field, per document', async () => {
  const { resources } = await readYaml(`# leading comment\n${DEPLOY}---\n\n${DEPLOY.replace('name: api', 'name: worker')}`);
  assert.equal(resources.length, 2);
  const [first, second] = resources as [KubeResource, KubeResource];
  const field = ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'privileged'];
  assert.equal(first.lineOf(field), 16);
  assert.equal(second.lineOf(field), 16 + 17);
  // An absent field resolves to its nearest existing parent: the second container's item line.
  assert.equal(first.lineOf(['spec', 'template', 'spec', 'containers', 0, 'securityContext']), 11);
});

test('CRLF files keep the same line numbers', async () => {
  const { resources } = await readYaml(DEPLOY.replace(/\n/g, '\r\n'));
  assert.equal(resources[0]?.lineOf(['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'privileged']), 15);
});

test('a syntax error costs only its own document, and names its line', async () => {
  const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [unclosed\n';
  const { resources, errors } = await readYaml(`${DEPLOY}---\n${broken}---\n${DEPLOY.replace('name: api', 'name: other')}`);
  assert.deepEqual(resources.map((r) => r.name), ['api', 'other']);
  assert.equal(errors.length, 1);
  assert.match(errors[0]?.message ?? '', /YAML syntax error/);
  assert.ok((errors[0]?.line ?? 0) >= 18 && (errors[0]?.line ?? 0) <= 22, `line ${errors[0]?.line}`);
});

test('kind: List items become resources with their own line numbers', async () => {
  const { resources } = await readYaml(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a, namespace: ns1}
- apiVersion: v1
  kind: Pod
  metadata:
    name: b
  spec:
    hostNetwork: true
    containers: [{name: c, image: i}]
`);
  assert.deepEqual(resources.map((r) => `${r.kind}/${r.name}`), ['ConfigMap/a', 'Pod/b']);
  assert.equal(resources[1]?.lineOf(['spec', 'hostNetwork']), 12);
});

test('JSON manifests are read, with line numbers', async () => {
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { hostPID: true, containers: [{ name: 'c', image: 'i' }] } }, null, 2);
  const { resources } = await readYaml(json);
  assert.equal(resources[0]?.name, 'j');
  assert.equal(resources[0]?.lineOf(['spec', 'hostPID']), 8);
});

test('YAML 1.1 booleans and octals are read as Kubernetes reads them', async () => {
  const { resources } = await readYaml(`apiVersion: v1
kind: Pod
metadata: {name: p, annotations: {note: "yes"}}
spec:
  hostNetwork: yes
  hostPID: on
  hostIPC: off
  containers: [{name: c, image: i}]
  volumes: [{name: v, secret: {secretName: s, defaultMode: 0644}}]
`);
  const spec = resources[0]?.object.spec as Record<string, unknown>;
  assert.equal(spec.hostNetwork, true);
  assert.equal(spec.hostPID, true);
  assert.equal(spec.hostIPC, false);
  assert.equal((spec.volumes as { secret: { defaultMode: number } }[])[0]?.secret.defaultMode, 0o644);
  assert.equal((resources[0]?.object.metadata as { annotations: { note: string } }).annotations.note, 'yes');
});

test('missing apiVersion, kind or name is an input error naming the field and line', async () => {
  const { resources, errors } = await readYaml(`apiVersion: v1
kind: ConfigMap
metadata:
  namespace: x
---
kind: Pod
metadata: {name: y}
---
apiVersion: v1
kind: Secret
metadata: {name: ok}
`);
  assert.deepEqual(resources.map((r) => r.name), ['ok']);
  assert.deepEqual(errors.map((e) => [e.line, e.message]), [
    [3, 'metadata.name: missing (ConfigMap)'],
    [6, 'apiVersion: missing or not a string'],
  ]);
});

test('directories are walked recursively in sorted order; non-Kubernetes YAML found there is skipped, bad files are reported', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-manifests-'));
  await mkdir(path.join(dir, 'b', 'nested'), { recursive: true });
  await mkdir(path.join(dir, '.git'));
  await writeFile(path.join(dir, 'b', 'nested', 'z.yml'), DEPLOY);
  await writeFile(path.join(dir, 'a.yaml'), DEPLOY.replace('name: api', 'name: first'));
  await writeFile(path.join(dir, 'Chart.yaml'), 'name: payments\nversion: 1.0.0\n');
  await writeFile(path.join(dir, 'notes.txt'), 'not yaml');
  await writeFile(path.join(dir, '.git', 'x.yaml'), DEPLOY);
  await writeFile(path.join(dir, 'broken.yaml'), 'kind: [\n');
  const { resources, errors, inputs } = await readAll([dir]);
  assert.deepEqual(resources.map((r) => r.name), ['first', 'api']);
  assert.deepEqual(inputs.find((i) => i.source.endsWith('Chart.yaml'))?.skipped, 'no Kubernetes objects');
  assert.equal(errors.length, 1);
  assert.ok(errors[0]?.source.endsWith('broken.yaml'));
});

test('a file named on the command line that holds no Kubernetes object is an error; a missing file too', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-manifests-'));
  await writeFile(path.join(dir, 'values.yaml'), 'replicas: 3\n');
  const { errors } = await readAll([path.join(dir, 'values.yaml'), path.join(dir, 'missing.yaml')]);
  assert.match(errors[0]?.message ?? '', /not a Kubernetes object/);
  assert.equal(errors[1]?.message, 'cannot read: no such file or directory');
});

test('an unquoted YAML 1.1 boolean as a name gets an error that says why', async () => {
  const { errors } = await readYaml('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: no\n');
  assert.equal(errors[0]?.line, 4);
  assert.match(errors[0]?.message ?? '', /metadata.name: not a string \(read as false; .*quote the name\) \(Namespace\)/);
});

test('a file that cannot be read is reported and the other inputs are still read', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-manifests-'));
  await writeFile(path.join(dir, 'a.yaml'), DEPLOY);
  await mkdir(path.join(dir, 'folder.yaml'));
  const { resources, errors } = await readAll([path.join(dir, 'folder.yaml', 'nope.yaml'), path.join(dir, 'a.yaml')]);
  assert.equal(resources.length, 1);
  assert.equal(errors.length, 1);
  assert.match(errors[0]?.message ?? '', /^cannot read: /);
});

test('--namespace applies to namespaced objects that set none, never to cluster-scoped ones', async () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns1}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: own}\n`;
  const { Readable } = await import('node:stream');
  const seen: (string | undefined)[] = [];
  for await (const e of readManifests(['-'], { namespace: 'payments', stdin: Readable.from([text]) })) {
    if (e.type === 'resource') seen.push(e.resource.namespace);
  }
  assert.deepEqual(seen, ['payments', undefined, 'own']);
});
