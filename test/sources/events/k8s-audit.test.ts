import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuditEvent, parseAuditEvents } from '../../../src/sources/events/k8s-audit.js';
import {
  anonymousRequest,
  clusterAdminBinding,
  eventList,
  kubectlExec,
  privilegedPodCreate,
  replicaSetPodCreate,
  secretCreate,
  serviceAccountListsSecrets,
} from './audit-events.js';

test('kubectl exec: pods/exec create is attributed to the pod, its namespace and its Deployment', () => {
  const event = parseAuditEvent(kubectlExec(), { cluster: 'prod-eu' });
  assert.equal(event.kind, 'k8s-audit');
  assert.equal(event.source, 'k8s-audit');
  assert.equal(event.id, '6f3b0c1e-9a57-4c83-b1d2-5e0f9a7c4d21/ResponseStarted');
  assert.equal(event.auditId, '6f3b0c1e-9a57-4c83-b1d2-5e0f9a7c4d21');
  assert.equal(event.time, '2025-03-04T09:15:22.530114Z', 'time is stageTimestamp');
  assert.equal(event.stage, 'ResponseStarted');
  assert.equal(event.level, 'Metadata');
  assert.equal(event.verb, 'create');
  assert.deepEqual(event.objectRef, { resource: 'pods', subresource: 'exec', namespace: 'payments', name: 'api-7d9c6b8f5-x2k4z', apiVersion: 'v1' });
  assert.equal(event.responseCode, 101);
  assert.deepEqual(event.user, { username: 'alice@example.com', groups: ['developers', 'system:authenticated'] });
  assert.deepEqual(event.sourceIPs, ['10.0.12.7']);
  assert.match(event.userAgent ?? '', /^kubectl\//);
  assert.deepEqual(event.context, { cluster: 'prod-eu', namespace: 'payments', pod: 'api-7d9c6b8f5-x2k4z', workload: { kind: 'Deployment', name: 'api' } });
  assert.equal(event.annotations?.['authorization.k8s.io/decision'], 'allow');
});

test('a service account listing secrets keeps its identity and uid; the namespace is the context, no pod', () => {
  const event = parseAuditEvent(serviceAccountListsSecrets());
  assert.equal(event.user.username, 'system:serviceaccount:payments:api');
  assert.equal(event.user.uid, '0d5c9a3e-6b71-4f28-9e04-c7a1b2d3e4f5');
  assert.ok(event.user.groups.includes('system:serviceaccounts:payments'));
  assert.equal(event.verb, 'list');
  assert.deepEqual(event.objectRef, { resource: 'secrets', namespace: 'payments', apiVersion: 'v1' });
  assert.deepEqual(event.context, { namespace: 'payments' });
});

test('an anonymous request keeps the 403 response code and the system:unauthenticated group', () => {
  const event = parseAuditEvent(anonymousRequest());
  assert.equal(event.user.username, 'system:anonymous');
  assert.deepEqual(event.user.groups, ['system:unauthenticated']);
  assert.equal(event.responseCode, 403);
  assert.deepEqual(event.sourceIPs, ['198.51.100.23']);
});

test('a ClusterRoleBinding to cluster-admin keeps the request and response objects', () => {
  const event = parseAuditEvent(clusterAdminBinding());
  assert.equal(event.level, 'RequestResponse');
  assert.equal(event.objectRef?.apiGroup, 'rbac.authorization.k8s.io');
  const request = event.requestObject as { roleRef: { name: string }; subjects: { name: string }[] };
  assert.equal(request.roleRef.name, 'cluster-admin');
  assert.equal(request.subjects[0]?.name, 'deployer');
  assert.equal((event.responseObject as { metadata: { uid: string } }).metadata.uid, '7c6b5a49-3827-4160-9f8e-7d6c5b4a3928');
  assert.deepEqual(event.context, {}, 'a cluster-scoped object has no namespace');
});

test('a privileged pod create: the request object is kept; a bare pod is its own workload', () => {
  const event = parseAuditEvent(privilegedPodCreate());
  const spec = (event.requestObject as { spec: { hostPID: boolean; containers: { securityContext: { privileged: boolean } }[] } }).spec;
  assert.equal(spec.hostPID, true);
  assert.equal(spec.containers[0]?.securityContext.privileged, true);
  assert.deepEqual(event.context, { namespace: 'default', pod: 'node-debugger', workload: { kind: 'Pod', name: 'node-debugger' } });
});

test('a pod created from generateName gets its name from the response and its workload from the owner ReplicaSet', () => {
  const event = parseAuditEvent(replicaSetPodCreate());
  assert.equal(event.objectRef?.name, undefined);
  assert.deepEqual(event.context, { namespace: 'payments', pod: 'api-7d9c6b8f5-q8w2n', workload: { kind: 'Deployment', name: 'api' } });
});

test('secret values in request bodies are masked; the original object is not modified', () => {
  const raw = secretCreate();
  const event = parseAuditEvent(raw);
  const data = (event.requestObject as { data: Record<string, string> }).data;
  assert.notEqual(data.password, 'c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQy');
  assert.match(data.password ?? '', /^c3\*+Qy$/);
  assert.ok(!JSON.stringify(event).includes('c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQy'));
  assert.equal(((raw.requestObject as { data: Record<string, string> }).data).password, 'c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQy');
});

test('TokenRequest and TokenReview tokens are masked', () => {
  const base = { ...serviceAccountListsSecrets(), level: 'RequestResponse' };
  const tokenRequest = parseAuditEvent({
    ...base,
    verb: 'create',
    objectRef: { resource: 'serviceaccounts', subresource: 'token', namespace: 'payments', name: 'api', apiVersion: 'v1' },
    responseObject: { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', status: { token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.payload.signature', expirationTimestamp: '2025-03-04T10:16:01Z' } },
  });
  assert.ok(!JSON.stringify(tokenRequest).includes('payload.signature'));
  const review = parseAuditEvent({
    ...base,
    verb: 'create',
    objectRef: { resource: 'tokenreviews', apiGroup: 'authentication.k8s.io', apiVersion: 'v1' },
    requestObject: { kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', spec: { token: 'eyJhbGciOiJSUzI1NiJ9.review-secret.sig' } },
  });
  assert.ok(!JSON.stringify(review).includes('review-secret'));
});

test('an EventList (the webhook batch) yields every item; items without kind/apiVersion are accepted', () => {
  const { events, errors } = parseAuditEvents(eventList([kubectlExec(), serviceAccountListsSecrets(), anonymousRequest()]), { cluster: 'c1' });
  assert.deepEqual(errors, []);
  assert.deepEqual(events.map((e) => e.user.username), ['alice@example.com', 'system:serviceaccount:payments:api', 'system:anonymous']);
  assert.ok(events.every((e) => e.context.cluster === 'c1'));
});

test('a bad item in an EventList is reported by index and field; the others are kept', () => {
  const broken = anonymousRequest();
  delete broken.verb;
  const { events, errors } = parseAuditEvents(eventList([kubectlExec(), broken, clusterAdminBinding()]));
  assert.equal(events.length, 2);
  assert.deepEqual(errors, ['items[1].verb: missing (auditID 9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4)']);
});

test('an empty EventList (items null on the wire) yields nothing', () => {
  assert.deepEqual(parseAuditEvents({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: null }), { events: [], errors: [] });
});

test('a request that failed authentication (user {}) is kept with an empty username', () => {
  const event = parseAuditEvent({ ...anonymousRequest(), user: {}, responseStatus: { metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } });
  assert.equal(event.user.username, '');
  assert.deepEqual(event.user.groups, []);
  assert.equal(event.responseCode, 401);
});

test('impersonation is kept', () => {
  const event = parseAuditEvent({ ...kubectlExec(), impersonatedUser: { username: 'system:serviceaccount:payments:api', groups: ['system:serviceaccounts'] } });
  assert.deepEqual(event.impersonatedUser, { username: 'system:serviceaccount:payments:api', groups: ['system:serviceaccounts'] });
});

test('wrong apiVersion, wrong kind and missing required fields are single-line errors naming the field', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...kubectlExec(), apiVersion: 'audit.k8s.io/v1beta1' }, /^apiVersion: expected audit\.k8s\.io\/v1, got "audit\.k8s\.io\/v1beta1"$/],
    [{ ...kubectlExec(), kind: 'Policy' }, /^kind: expected Event, got "Policy"$/],
    [{ ...kubectlExec(), auditID: undefined }, /^auditID: missing$/],
    [{ ...kubectlExec(), stage: 'Done' }, /^stage: unknown stage "Done" \(auditID 6f3b/],
    [{ ...kubectlExec(), level: undefined }, /^level: missing \(auditID/],
    [{ ...kubectlExec(), stageTimestamp: 'yesterday' }, /^stageTimestamp: not a timestamp: "yesterday"/],
    [{ ...kubectlExec(), user: 'alice' }, /^user: expected an object, got "alice"/],
    [{ ...kubectlExec(), requestURI: 42 }, /^requestURI: expected a string, got 42/],
    [{ ...kubectlExec(), sourceIPs: '10.0.0.1' }, /^sourceIPs: expected an array of strings/],
  ];
  for (const [input, expected] of cases) {
    assert.throws(() => parseAuditEvent(input), (err: Error) => {
      assert.match(err.message, expected);
      assert.ok(!err.message.includes('\n'));
      return true;
    });
  }
  assert.throws(() => parseAuditEvent([]), { message: 'audit event: expected an object, got an array' });
  assert.throws(() => parseAuditEvents({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: {} }), { message: 'items: expected an array, got an object' });
  assert.throws(() => parseAuditEvents({ kind: 'Status', apiVersion: 'audit.k8s.io/v1' }), { message: 'kind: expected Event or EventList, got "Status"' });
});
