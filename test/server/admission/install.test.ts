import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import jsyaml from 'js-yaml';
import { makeServingCertificate } from '../../../src/server/admission/certs.js';
import { installManifests, installYaml, InstallError } from '../../../src/server/admission/install.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking parsed YAML

test('install YAML: the webhook never intercepts kube-system, kube-node-lease or its own namespace, and only pod-bearing resources', async () => {
  const certificate = await makeServingCertificate({ commonName: 'rampart-admission.rampart-system.svc', dnsNames: ['rampart-admission.rampart-system.svc'] });
  const docs = jsyaml.loadAll(installYaml({ namespace: 'rampart-system', image: 'ghcr.io/rampart-dev/rampart:0.1.0', failClosedNamespaces: ['payments', 'cards'], certificate })) as Obj[];
  const kinds = docs.map((d) => d.kind);
  for (const kind of ['Namespace', 'ServiceAccount', 'Deployment', 'Service', 'ValidatingWebhookConfiguration', 'Secret', 'PodDisruptionBudget']) assert.ok(kinds.includes(kind), kind);
  const config = docs.find((d) => d.kind === 'ValidatingWebhookConfiguration') as Obj;
  const [open, closed] = config.webhooks as Obj[];
  assert.equal(config.webhooks.length, 2);

  assert.equal(open?.failurePolicy, 'Ignore');
  assert.equal(open?.timeoutSeconds, 3);
  assert.deepEqual(open?.namespaceSelector, { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-node-lease', 'rampart-system', 'payments', 'cards'] }] });
  assert.equal(closed?.failurePolicy, 'Fail');
  assert.equal(closed?.timeoutSeconds, 3);
  assert.deepEqual(closed?.namespaceSelector.matchExpressions, [
    { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments', 'cards'] },
    { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-node-lease', 'rampart-system'] },
  ]);
  for (const webhook of config.webhooks as Obj[]) {
    assert.equal(webhook.sideEffects, 'None');
    assert.deepEqual(webhook.admissionReviewVersions, ['v1']);
    const resources = (webhook.rules as Obj[]).flatMap((r) => r.resources as string[]);
    assert.deepEqual(resources.sort(), ['cronjobs', 'daemonsets', 'deployments', 'jobs', 'pods', 'pods/ephemeralcontainers', 'replicasets', 'replicationcontrollers', 'statefulsets']);
    for (const r of webhook.rules as Obj[]) assert.deepEqual(r.operations, ['CREATE', 'UPDATE']);
    assert.ok(!resources.some((r) => /lease|node|\*/.test(r)));
    assert.deepEqual(webhook.clientConfig.service, { namespace: 'rampart-system', name: 'rampart-admission', path: '/validate', port: 443 });
    assert.equal(Buffer.from(webhook.clientConfig.caBundle as string, 'base64').toString(), certificate.caCert);
  }

  const tls = docs.find((d) => d.kind === 'Secret' && d.type === 'kubernetes.io/tls') as Obj;
  const served = new X509Certificate(tls.stringData['tls.crt'] as string);
  assert.ok(served.verify(new X509Certificate(certificate.caCert).publicKey), 'serving certificate is signed by the caBundle CA');
  assert.match(served.subjectAltName ?? '', /DNS:rampart-admission\.rampart-system\.svc/);

  const deployment = docs.find((d) => d.kind === 'Deployment') as Obj;
  assert.equal(deployment.spec.replicas, 2);
  const pod = deployment.spec.template.spec as Obj;
  const container = pod.containers[0] as Obj;
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.deepEqual(container.securityContext.capabilities, { drop: ['ALL'] });
  assert.ok(container.resources.limits.memory && container.resources.requests.cpu);
  assert.equal(container.readinessProbe.httpGet.path, '/readyz');
  assert.equal(container.livenessProbe.httpGet.path, '/healthz');

  const policyMap = docs.find((d) => d.kind === 'ConfigMap') as Obj;
  const policy = jsyaml.load(policyMap.data['admission.yaml'] as string) as Obj;
  assert.deepEqual(policy.namespaces, [{ match: { names: ['payments', 'cards'] }, mode: 'enforce', pss: { level: 'restricted' }, failClosed: true }]);
});

test('without fail-closed namespaces there is one Ignore webhook; with cert-manager the CA is injected, not embedded', () => {
  const docs = installManifests({ namespace: 'sec', image: 'img', failClosedNamespaces: [], certManager: true }) as Obj[];
  const config = docs.find((d) => d.kind === 'ValidatingWebhookConfiguration') as Obj;
  assert.equal(config.webhooks.length, 1);
  assert.equal(config.webhooks[0].failurePolicy, 'Ignore');
  assert.equal(config.webhooks[0].clientConfig.caBundle, undefined);
  assert.equal(config.metadata.annotations['cert-manager.io/inject-ca-from'], 'sec/rampart-admission');
  assert.ok(docs.some((d) => d.kind === 'Certificate' && d.spec.secretName === 'rampart-admission-tls'));
});

test('install refuses to make kube-system or its own namespace fail-closed', () => {
  for (const ns of ['kube-system', 'kube-node-lease', 'rampart-system']) {
    assert.throws(() => installManifests({ namespace: 'rampart-system', image: 'img', failClosedNamespaces: [ns], certManager: true }), (err: Error) => err instanceof InstallError && err.message.includes(`"${ns}" is never sent to the webhook`));
  }
});
