/**
 * Audit events as the API server writes them (`audit.k8s.io/v1`, JSON, one per request stage),
 * for the situations the runtime rules look for. Field names, nesting and timestamp formats
 * follow https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/ and what
 * kube-apiserver 1.3x emits (MicroTime with six fractional digits, `responseStatus` a Status).
 */

type Json = Record<string, unknown>;

const KUBECTL = 'kubectl/v1.32.2 (linux/amd64) kubernetes/67a30c0';

/** `kubectl exec -it api-… -- sh` by a developer: a `create` of the pods/exec subresource, answered with 101 Switching Protocols. */
export function kubectlExec(): Json {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '6f3b0c1e-9a57-4c83-b1d2-5e0f9a7c4d21',
    stage: 'ResponseStarted',
    requestURI: '/api/v1/namespaces/payments/pods/api-7d9c6b8f5-x2k4z/exec?command=sh&container=api&stdin=true&stdout=true&tty=true',
    verb: 'create',
    user: {
      username: 'alice@example.com',
      groups: ['developers', 'system:authenticated'],
      extra: { 'authentication.kubernetes.io/credential-id': ['X509SHA256=8b2c…'] },
    },
    sourceIPs: ['10.0.12.7'],
    userAgent: KUBECTL,
    objectRef: { resource: 'pods', namespace: 'payments', name: 'api-7d9c6b8f5-x2k4z', apiVersion: 'v1', subresource: 'exec' },
    responseStatus: { metadata: {}, code: 101 },
    requestReceivedTimestamp: '2025-03-04T09:15:22.481920Z',
    stageTimestamp: '2025-03-04T09:15:22.530114Z',
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed by RoleBinding "dev-exec/payments" of Role "exec" to Group "developers"',
    },
  };
}

/** A workload's service account listing every secret of its namespace. */
export function serviceAccountListsSecrets(): Json {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: 'c2d8e4a1-07f6-4b9e-8c35-a1f2e3d4c5b6',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/payments/secrets?limit=500',
    verb: 'list',
    user: {
      username: 'system:serviceaccount:payments:api',
      uid: '0d5c9a3e-6b71-4f28-9e04-c7a1b2d3e4f5',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:payments', 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/node-name': ['worker-2'],
        'authentication.kubernetes.io/pod-name': ['api-7d9c6b8f5-x2k4z'],
        'authentication.kubernetes.io/pod-uid': ['3e1f5a7b-2c4d-4e6f-8a9b-0c1d2e3f4a5b'],
      },
    },
    sourceIPs: ['10.244.1.17'],
    userAgent: 'python-requests/2.31.0',
    objectRef: { resource: 'secrets', namespace: 'payments', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2025-03-04T09:16:01.102334Z',
    stageTimestamp: '2025-03-04T09:16:01.109871Z',
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed by RoleBinding "api-reader/payments" of Role "secret-reader" to ServiceAccount "api/payments"',
    },
  };
}

/** An unauthenticated caller probing kube-system secrets, refused by RBAC. */
export function anonymousRequest(): Json {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/kube-system/secrets',
    verb: 'list',
    user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    sourceIPs: ['198.51.100.23'],
    userAgent: 'curl/8.5.0',
    objectRef: { resource: 'secrets', namespace: 'kube-system', apiVersion: 'v1' },
    responseStatus: {
      metadata: {},
      status: 'Failure',
      message: 'secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
      reason: 'Forbidden',
      details: { kind: 'secrets' },
      code: 403,
    },
    requestReceivedTimestamp: '2025-03-04T09:17:45.000112Z',
    stageTimestamp: '2025-03-04T09:17:45.001409Z',
    annotations: { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' },
  };
}

/** `kubectl create clusterrolebinding ci-admin --clusterrole=cluster-admin --serviceaccount=ci:deployer`, logged at RequestResponse. */
export function clusterAdminBinding(): Json {
  const binding = {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name: 'ci-admin', creationTimestamp: null },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
  };
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    stage: 'ResponseComplete',
    requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?fieldManager=kubectl-create&fieldValidation=Strict',
    verb: 'create',
    user: { username: 'bob@example.com', groups: ['platform-admins', 'system:authenticated'] },
    sourceIPs: ['10.0.12.9'],
    userAgent: KUBECTL,
    objectRef: { resource: 'clusterrolebindings', name: 'ci-admin', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: binding,
    responseObject: {
      ...binding,
      metadata: { name: 'ci-admin', uid: '7c6b5a49-3827-4160-9f8e-7d6c5b4a3928', resourceVersion: '482913', creationTimestamp: '2025-03-04T09:18:30Z' },
    },
    requestReceivedTimestamp: '2025-03-04T09:18:30.220051Z',
    stageTimestamp: '2025-03-04T09:18:30.231870Z',
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "platform-admins" of ClusterRole "cluster-admin" to Group "platform-admins"',
    },
  };
}

/** A privileged, host-namespace pod applied by hand, logged at Request level (request body kept). */
export function privilegedPodCreate(): Json {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: '4d3c2b1a-0f9e-4d8c-b7a6-958473625140',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods?fieldManager=kubectl-client-side-apply&fieldValidation=Strict',
    verb: 'create',
    user: { username: 'mallory@example.com', groups: ['contractors', 'system:authenticated'] },
    sourceIPs: ['10.0.14.33'],
    userAgent: KUBECTL,
    objectRef: { resource: 'pods', namespace: 'default', name: 'node-debugger', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'node-debugger', namespace: 'default', labels: { run: 'node-debugger' } },
      spec: {
        hostPID: true,
        hostNetwork: true,
        containers: [
          {
            name: 'shell',
            image: 'docker.io/library/alpine:3.20',
            command: ['nsenter', '--target', '1', '--mount', '--uts', '--ipc', '--net', '--pid', '--', 'sh'],
            securityContext: { privileged: true },
            stdin: true,
            tty: true,
          },
        ],
      },
    },
    requestReceivedTimestamp: '2025-03-04T09:19:02.700431Z',
    stageTimestamp: '2025-03-04T09:19:02.744902Z',
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed by RoleBinding "contractors-edit/default" of ClusterRole "edit" to Group "contractors"',
      'pod-security.kubernetes.io/enforce-policy': 'privileged:latest',
    },
  };
}

/** The ReplicaSet controller creating a Deployment's pod from generateName: the name is known only from the response. */
export function replicaSetPodCreate(): Json {
  const metadata = {
    generateName: 'api-7d9c6b8f5-',
    namespace: 'payments',
    labels: { app: 'api', 'pod-template-hash': '7d9c6b8f5' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7d9c6b8f5', uid: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e', controller: true, blockOwnerDeletion: true }],
  };
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/payments/pods',
    verb: 'create',
    user: { username: 'system:serviceaccount:kube-system:replicaset-controller', uid: 'a9b8c7d6-e5f4-4a3b-2c1d-0e9f8a7b6c5d', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] },
    sourceIPs: ['172.18.0.2'],
    userAgent: 'kube-controller-manager/v1.32.2 (linux/amd64) kubernetes/67a30c0/system:serviceaccount:kube-system:replicaset-controller',
    objectRef: { resource: 'pods', namespace: 'payments', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: { kind: 'Pod', apiVersion: 'v1', metadata, spec: { containers: [{ name: 'api', image: 'registry.example.com/payments/api:1.4.2' }] } },
    responseObject: { kind: 'Pod', apiVersion: 'v1', metadata: { ...metadata, name: 'api-7d9c6b8f5-q8w2n', uid: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f' }, spec: { containers: [{ name: 'api', image: 'registry.example.com/payments/api:1.4.2' }] } },
    requestReceivedTimestamp: '2025-03-04T09:20:10.010203Z',
    stageTimestamp: '2025-03-04T09:20:10.031415Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"' },
  };
}

/** A Secret created at Request level: the audit record holds its values. */
export function secretCreate(): Json {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/payments/secrets?fieldManager=kubectl-create&fieldValidation=Strict',
    verb: 'create',
    user: { username: 'alice@example.com', groups: ['developers', 'system:authenticated'] },
    sourceIPs: ['10.0.12.7'],
    userAgent: KUBECTL,
    objectRef: { resource: 'secrets', namespace: 'payments', name: 'db-credentials', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 'db-credentials', namespace: 'payments', creationTimestamp: null },
      data: { password: 'c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQy', username: 'cGF5bWVudHM=' },
      type: 'Opaque',
    },
    requestReceivedTimestamp: '2025-03-04T09:21:00.000001Z',
    stageTimestamp: '2025-03-04T09:21:00.012345Z',
  };
}

/** The webhook backend's batch: an EventList whose items carry no apiVersion/kind of their own. */
export function eventList(events: Json[]): Json {
  return {
    kind: 'EventList',
    apiVersion: 'audit.k8s.io/v1',
    metadata: {},
    items: events.map(({ kind: _kind, apiVersion: _apiVersion, ...item }) => item),
  };
}

export const SITUATIONS = [kubectlExec, serviceAccountListsSecrets, anonymousRequest, clusterAdminBinding, privilegedPodCreate];
