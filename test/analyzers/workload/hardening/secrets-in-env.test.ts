import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsInEnv } from '../../../../src/analyzers/workload/checks/hardening/secrets-in-env.js';
import { podViewOf } from '../../../../src/analyzers/workload/pod-spec.js';
import { pod, resourceOf, violations } from '../../../helpers/kube.js';

const SPEC = `  containers:
  - name: app
    image: a
    env:
    - name: PLAIN
      value: not-a-secret
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: db-creds
          key: password
    envFrom:
    - secretRef:
        name: api-keys
      prefix: API_
    - configMapRef:
        name: settings
  initContainers:
  - name: migrate
    image: b
    env:
    - name: TOKEN
      valueFrom: {secretKeyRef: {name: migrate-token, key: token}}
  ephemeralContainers:
  - name: debug
    image: c
    envFrom:
    - secretRef: {name: api-keys}
`;

test('pod.secrets-in-env reports each Secret read into the environment, in every kind of container', async () => {
  const found = await violations(secretsInEnv, pod(SPEC));
  assert.deepEqual(
    found.map((v) => v.subject),
    ['container:app/env:DB_PASSWORD', 'container:app/envFrom:api-keys', 'container:migrate/env:TOKEN', 'container:debug/envFrom:api-keys'],
  );
  assert.deepEqual(found[0]?.path, ['spec', 'containers', 0, 'env', 1, 'valueFrom', 'secretKeyRef']);
  assert.equal(found[0]?.container, 'app');
});

test('pod.secrets-in-env evidence names the Secret and key, never a value', async () => {
  const found = await violations(secretsInEnv, pod(SPEC));
  assert.equal(found[0]?.evidence, 'env DB_PASSWORD: secretKeyRef db-creds/password');
  assert.equal(found[1]?.evidence, 'envFrom secretRef api-keys (prefix API_)');
  assert.ok(found.every((v) => !v.evidence?.includes('not-a-secret')));
  assert.match(found[0]?.message.en ?? '', /key "password" of Secret "db-creds"/);
  assert.match(found[0]?.message.zh ?? '', /db-creds/);
});

test('pod.secrets-in-env points at the line of the secretKeyRef', async () => {
  const text = pod(SPEC);
  const resource = await resourceOf(text);
  const view = podViewOf(resource);
  assert.ok(view);
  const [first] = secretsInEnv.run(view, { pssVersion: 'latest' });
  assert.ok(first);
  const expected = text.split('\n').findIndex((l) => l.trim() === 'secretKeyRef:') + 1;
  assert.equal(resource.lineOf(first.path), expected);
  assert.equal(expected, 15);
});

test('pod.secrets-in-env reports a variable set twice only once', async () => {
  const found = await violations(secretsInEnv, pod(`  containers:
  - name: app
    image: a
    env:
    - {name: P, valueFrom: {secretKeyRef: {name: s, key: k}}}
    - {name: P, valueFrom: {secretKeyRef: {name: s, key: k2}}}
`));
  assert.equal(found.length, 1);
});

test('pod.secrets-in-env passes plain values, ConfigMaps and Secrets mounted as files', async () => {
  const found = await violations(secretsInEnv, pod(`  containers:
  - name: app
    image: a
    env:
    - name: MODE
      value: prod
    - name: LEVEL
      valueFrom: {configMapKeyRef: {name: cfg, key: level}}
    - name: POD
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    envFrom:
    - configMapRef: {name: cfg}
    volumeMounts:
    - {name: creds, mountPath: /etc/creds, readOnly: true}
  volumes:
  - name: creds
    secret: {secretName: db-creds, defaultMode: 0400}
`));
  assert.deepEqual(found, []);
});
