/**
 * AdmissionReview requests as the API server sends them (admission.k8s.io/v1): objects after
 * defaulting, with kubectl's annotations and managedFields, userInfo as the authenticator fills
 * it in, and the options object of the operation.
 */

type Json = Record<string, unknown>;

const kubectlUser = {
  username: 'li.wei@bank.example',
  uid: 'oidc:4f1c2a9e',
  groups: ['payments-developers', 'system:authenticated'],
  extra: { 'authentication.kubernetes.io/credential-id': ['JTI=7d0c4b1e-6a55-4e0e-9b0c-31f5d3a0c2aa'] },
};

function review(request: Json): Json {
  return { kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1', request };
}

function defaultedContainer(c: Json): Json {
  return { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent', resources: {}, ...c };
}

function defaultedPodSpec(containers: Json[], extra: Json = {}): Json {
  return {
    containers: containers.map(defaultedContainer),
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    ...extra,
  };
}

/** `kubectl apply -f deploy.yaml` of a Deployment whose proxy container runs privileged. */
export function deploymentCreate(opts: { namespace?: string; privileged?: boolean; uid?: string } = {}): Json {
  const namespace = opts.namespace ?? 'payments';
  const object = {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: {
      name: 'api',
      namespace,
      uid: '5b0f5c7e-1d3c-4c52-a9a4-0d2f6f0c1e11',
      generation: 1,
      creationTimestamp: '2026-03-02T09:14:07Z',
      labels: { app: 'api' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"api"},"name":"api","namespace":"payments"}}\n',
      },
      managedFields: [
        { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', time: '2026-03-02T09:14:07Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } } },
      ],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'api' } },
        spec: defaultedPodSpec([
          {
            name: 'api',
            image: 'registry.bank.example/payments/api:1.4.2',
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          },
          {
            name: 'proxy',
            image: 'envoyproxy/envoy:v1.31.2',
            securityContext: { privileged: opts.privileged ?? true },
          },
        ]),
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
  return review({
    uid: opts.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
    name: 'api',
    namespace,
    operation: 'CREATE',
    userInfo: kubectlUser,
    object,
    oldObject: null,
    dryRun: false,
    options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' },
  });
}

function runningPod(namespace: string): Json {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: 'api-7d9f8c6b5d-x2x7q',
      generateName: 'api-7d9f8c6b5d-',
      namespace,
      uid: 'a1d3e0b4-0c51-4d39-8c1b-5b2c6e3f4a77',
      resourceVersion: '48211',
      labels: { app: 'api', 'pod-template-hash': '7d9f8c6b5d' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7d9f8c6b5d', uid: '0e7c1b2a-9d4f-4a3e-b1c2-7f6e5d4c3b2a', controller: true, blockOwnerDeletion: true }],
    },
    spec: defaultedPodSpec(
      [
        {
          name: 'api',
          image: 'registry.bank.example/payments/api:1.4.2',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          volumeMounts: [{ name: 'kube-api-access-4xk2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        },
      ],
      {
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: 'worker-2',
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        volumes: [{ name: 'kube-api-access-4xk2p', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }],
      },
    ),
    status: { phase: 'Running', podIP: '10.244.2.17' },
  };
}

/**
 * An UPDATE of a running pod: `kubectl set image pod/... api=<image>` (the image is one of the few
 * mutable pod spec fields), or without `image` a label change (`kubectl label pod ... tier=web`).
 */
export function podUpdate(opts: { namespace?: string; image?: string } = {}): Json {
  const namespace = opts.namespace ?? 'payments';
  const oldObject = runningPod(namespace);
  const object = structuredClone(oldObject) as { metadata: Json & { labels: Json }; spec: Json & { containers: Json[] } };
  if (opts.image) (object.spec.containers[0] as Json).image = opts.image;
  else object.metadata.labels.tier = 'web';
  return review({
    uid: 'c0a4e6f1-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    requestKind: { group: '', version: 'v1', kind: 'Pod' },
    requestResource: { group: '', version: 'v1', resource: 'pods' },
    name: 'api-7d9f8c6b5d-x2x7q',
    namespace,
    operation: 'UPDATE',
    userInfo: kubectlUser,
    object,
    oldObject,
    dryRun: false,
    options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: opts.image ? 'kubectl-set' : 'kubectl-label' },
  });
}

/**
 * `kubectl debug -it api-7d9f8c6b5d-x2x7q --image=busybox:1.36 --profile=sysadmin`: an UPDATE of
 * the pods/ephemeralcontainers subresource adding a privileged debugger. The pod itself already
 * has a container without runAsNonRoot at pod level — admitted earlier, not this request's concern.
 */
export function ephemeralDebug(opts: { namespace?: string; privileged?: boolean } = {}): Json {
  const namespace = opts.namespace ?? 'payments';
  const oldObject = runningPod(namespace);
  (oldObject.spec as Json & { containers: Json[] }).containers.push(defaultedContainer({ name: 'sidecar', image: 'registry.bank.example/ops/sidecar:2.0.1' }));
  const object = structuredClone(oldObject) as { spec: Json };
  object.spec.ephemeralContainers = [
    {
      name: 'debugger-x7k2q',
      image: 'busybox:1.36',
      stdin: true,
      tty: true,
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
      resources: {},
      ...(opts.privileged === false ? {} : { securityContext: { privileged: true } }),
    },
  ];
  return review({
    uid: '3e2d1c0b-a9f8-4e7d-b6c5-a4b3c2d1e0f9',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    subResource: 'ephemeralcontainers',
    requestKind: { group: '', version: 'v1', kind: 'Pod' },
    requestResource: { group: '', version: 'v1', resource: 'pods' },
    requestSubResource: 'ephemeralcontainers',
    name: 'api-7d9f8c6b5d-x2x7q',
    namespace,
    operation: 'UPDATE',
    userInfo: { username: 'sre-oncall@bank.example', groups: ['sre', 'system:authenticated'] },
    object,
    oldObject,
    dryRun: false,
    options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-debug' },
  });
}

/** A CronJob created by a GitOps controller's service account, mounting the node's docker socket. */
export function cronJobCreate(opts: { namespace?: string } = {}): Json {
  const namespace = opts.namespace ?? 'batch-jobs';
  return review({
    uid: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    kind: { group: 'batch', version: 'v1', kind: 'CronJob' },
    resource: { group: 'batch', version: 'v1', resource: 'cronjobs' },
    requestKind: { group: 'batch', version: 'v1', kind: 'CronJob' },
    requestResource: { group: 'batch', version: 'v1', resource: 'cronjobs' },
    name: 'nightly-report',
    namespace,
    operation: 'CREATE',
    userInfo: { username: 'system:serviceaccount:argocd:argocd-application-controller', uid: 'b3a2c1d0-0000-4000-8000-000000000001', groups: ['system:serviceaccounts', 'system:serviceaccounts:argocd', 'system:authenticated'] },
    object: {
      kind: 'CronJob',
      apiVersion: 'batch/v1',
      metadata: { name: 'nightly-report', namespace, labels: { 'app.kubernetes.io/instance': 'reports' } },
      spec: {
        schedule: '0 2 * * *',
        concurrencyPolicy: 'Forbid',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          metadata: { creationTimestamp: null },
          spec: {
            backoffLimit: 6,
            template: {
              metadata: { creationTimestamp: null },
              spec: defaultedPodSpec(
                [{ name: 'report', image: 'registry.bank.example/batch/report:latest', volumeMounts: [{ name: 'docker', mountPath: '/var/run/docker.sock' }] }],
                { restartPolicy: 'OnFailure', volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }] },
              ),
            },
          },
        },
      },
      status: {},
    },
    oldObject: null,
    dryRun: false,
    options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'argocd-controller' },
  });
}
