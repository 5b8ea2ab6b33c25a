import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { applyQuarantine, planQuarantine, printQuarantine, quarantineRequestForAlert, QuarantineError, QUARANTINE_LABEL } from '../../src/policy/quarantine.js';
import { tempDir } from '../helpers/images.js';
import { makeTlsCert, type TlsFiles } from '../helpers/registry.js';
import { sampleAlert } from '../alerts/sample-alert.js';

/**
 * Quarantine through @kubernetes/client-node against a local API server serving the real wire
 * format for what it does: GET/POST/PUT of networking.k8s.io/v1 NetworkPolicies (resourceVersion
 * checked on update, metav1.Status errors) and PATCH of core/v1 Pods as a JSON merge patch
 * (RFC 7386, other patch types refused with 415). test/helpers/kube-apiserver.ts serves reads
 * only, so this server is written here.
 */

const TOKEN = 'quarantine-test-token-77ab';
type Obj = Record<string, unknown> & { metadata: Record<string, unknown> & { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

let dir: string;
let tls: TlsFiles;
let server: https.Server;
let kubeconfigFile: string;
const policies = new Map<string, Obj>();
const pods = new Map<string, Obj>();
const requests: { method: string; path: string; contentType?: string; body?: unknown }[] = [];
let resourceVersion = 1000;

function status(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

before(async () => {
  dir = await tempDir('rampart-quarantine-');
  tls = await makeTlsCert(dir);
  pods.set('payments/api-7d9f8-xk2lp', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-7d9f8-xk2lp', namespace: 'payments', labels: { app: 'api' }, resourceVersion: '10' }, spec: { containers: [{ name: 'app', image: 'registry.example/api:1' }] } });
  pods.set('payments/api-7d9f8-b8w2q', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-7d9f8-b8w2q', namespace: 'payments', labels: { app: 'api' }, resourceVersion: '11' }, spec: { containers: [{ name: 'app', image: 'registry.example/api:1' }] } });
  server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Obj) : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}), ...(body ? { body } : {}) });
      const send = (code: number, payload: string): void => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(payload);
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
      const np = /^\/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/networkpolicies(?:\/([^/]+))?$/.exec(url.pathname);
      if (np) {
        const [, ns, name] = np;
        const key = `${ns}/${name ?? body?.metadata.name}`;
        if (req.method === 'GET' && name) {
          const found = policies.get(key);
          return found ? send(200, JSON.stringify(found)) : send(404, status(404, 'NotFound', `networkpolicies.networking.k8s.io "${name}" not found`));
        }
        if (req.method === 'POST' && !name && body) {
          if (policies.has(key)) return send(409, status(409, 'AlreadyExists', `networkpolicies.networking.k8s.io "${body.metadata.name}" already exists`));
          const created = { ...body, metadata: { ...body.metadata, namespace: ns, uid: 'np-uid-1', resourceVersion: String(++resourceVersion), creationTimestamp: '2026-11-23T10:00:00Z' } };
          policies.set(key, created);
          return send(201, JSON.stringify(created));
        }
        if (req.method === 'PUT' && name && body) {
          const current = policies.get(key);
          if (!current) return send(404, status(404, 'NotFound', `networkpolicies.networking.k8s.io "${name}" not found`));
          if (body.metadata.resourceVersion !== current.metadata.resourceVersion) return send(409, status(409, 'Conflict', 'the object has been modified; please apply your changes to the latest version and try again'));
          const updated = { ...body, metadata: { ...body.metadata, uid: current.metadata.uid, resourceVersion: String(++resourceVersion) } };
          policies.set(key, updated);
          return send(200, JSON.stringify(updated));
        }
      }
      const pod = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname);
      if (pod && req.method === 'PATCH') {
        const key = `${pod[1]}/${pod[2]}`;
        if (req.headers['content-type'] !== 'application/merge-patch+json') return send(415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`));
        const current = pods.get(key);
        if (!current) return send(404, status(404, 'NotFound', `pods "${pod[2]}" not found`));
        const patched = mergePatch(current, body) as Obj;
        patched.metadata.resourceVersion = String(++resourceVersion);
        pods.set(key, patched);
        return send(200, JSON.stringify(patched));
      }
      send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  kubeconfigFile = path.join(dir, 'kubeconfig');
  await writeFile(kubeconfigFile, `apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:${(server.address() as AddressInfo).port}
    certificate-authority-data: ${Buffer.from(tls.cert).toString('base64')}
users:
- name: responder
  user:
    token: ${TOKEN}
contexts:
- name: local
  context: {cluster: local, user: responder}
current-context: local
`);
});

after(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const at = new Date('2026-11-23T10:05:00Z');

test('quarantine plan: deny-all ingress and egress NetworkPolicy rampart-quarantine selecting the quarantine label, annotated with the alert; merge patch labelling the pod', () => {
  const alert = sampleAlert();
  const request = quarantineRequestForAlert(alert);
  assert.ok(request);
  const plan = planQuarantine({ ...request, now: at });
  assert.deepEqual(plan.networkPolicy.spec, {
    podSelector: { matchLabels: { 'rampart.io/quarantine': 'true' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [],
    egress: [],
  });
  assert.equal(plan.networkPolicy.metadata?.name, 'rampart-quarantine');
  assert.equal(plan.networkPolicy.metadata?.namespace, 'payments');
  const annotations = plan.networkPolicy.metadata?.annotations ?? {};
  assert.equal(annotations['rampart.io/alert-check'], 'runtime.shell-in-container');
  assert.equal(annotations['rampart.io/alert-fingerprint'], alert.fingerprint);
  assert.equal(annotations['rampart.io/alert-event'], 'evt-1');
  assert.equal(annotations['rampart.io/last-quarantined-pod'], 'api-7d9f8-xk2lp');
  assert.match(annotations['rampart.io/reason'] ?? '', /^runtime\.shell-in-container: Shell \/bin\/sh started/);
  assert.deepEqual(plan.podPatch.metadata.labels, { [QUARANTINE_LABEL]: 'true' });
  assert.equal(plan.podPatch.metadata.annotations['rampart.io/quarantined-at'], '2026-11-23T10:05:00.000Z');
});

test('printQuarantine: YAML that parses back to the NetworkPolicy, with the kubectl patch for the pod and the limits as comments', () => {
  const plan = planQuarantine({ namespace: 'payments', pod: 'api-7d9f8-xk2lp', reason: "operator's call", now: at });
  const text = printQuarantine(plan);
  const docs = parseAllDocuments(text).map((d) => d.toJS() as unknown).filter((d) => d !== null);
  assert.deepEqual(docs, [JSON.parse(JSON.stringify(plan.networkPolicy))]);
  assert.match(text, /^# {4}kubectl -n payments patch pod api-7d9f8-xk2lp --type merge -p '.*"rampart\.io\/quarantine":"true".*'$/m);
  assert.match(text, /operator'\\''s call/, 'a quote in the reason is escaped for the shell');
  assert.match(text, /NetworkPolicies add up/);
});

test('quarantine refuses kube-system unless forced, and names that are not Kubernetes names', () => {
  assert.throws(() => planQuarantine({ namespace: 'kube-system', pod: 'coredns-5d78c9869d-abcde' }), (err: Error) => err instanceof QuarantineError && /refusing to isolate pod coredns-5d78c9869d-abcde in kube-system/.test(err.message) && !err.message.includes('\n'));
  assert.equal(planQuarantine({ namespace: 'kube-system', pod: 'coredns-5d78c9869d-abcde', force: true }).namespace, 'kube-system');
  assert.throws(() => planQuarantine({ namespace: 'Payments', pod: 'x' }), /namespace "Payments" is not a valid namespace name/);
  assert.throws(() => planQuarantine({ namespace: 'payments', pod: 'a/b' }), /pod "a\/b" is not a valid pod name/);
  const noPod = sampleAlert();
  delete noPod.runtime?.pod;
  assert.equal(quarantineRequestForAlert(noPod), undefined);
});

test('applyQuarantine through client-node (local wire-format API server): creates the policy, then merge-patches the pod label; a second pod updates the policy with its resourceVersion', async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  requests.length = 0;
  const first = await applyQuarantine(kc, planQuarantine({ ...quarantineRequestForAlert(sampleAlert())!, now: at }));
  assert.deepEqual(first, { policy: 'created', pod: 'labelled' });
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), [
    'GET /apis/networking.k8s.io/v1/namespaces/payments/networkpolicies/rampart-quarantine',
    'POST /apis/networking.k8s.io/v1/namespaces/payments/networkpolicies',
    'PATCH /api/v1/namespaces/payments/pods/api-7d9f8-xk2lp',
  ]);
  assert.equal(requests[2]?.contentType, 'application/merge-patch+json');
  const pod = pods.get('payments/api-7d9f8-xk2lp')!;
  assert.deepEqual(pod.metadata.labels, { app: 'api', 'rampart.io/quarantine': 'true' }, 'existing labels kept');
  assert.equal(pod.metadata.annotations?.['rampart.io/alert-check'], 'runtime.shell-in-container');
  const stored = policies.get('payments/rampart-quarantine')!;
  assert.deepEqual((stored.spec as { policyTypes: string[] }).policyTypes, ['Ingress', 'Egress']);

  const second = await applyQuarantine(kc, planQuarantine({ namespace: 'payments', pod: 'api-7d9f8-b8w2q', reason: 'manual', now: at }));
  assert.deepEqual(second, { policy: 'updated', pod: 'labelled' });
  const put = requests.find((r) => r.method === 'PUT');
  assert.equal((put?.body as Obj).metadata.resourceVersion, stored.metadata.resourceVersion, 'update carries the resourceVersion read');
  assert.equal(policies.get('payments/rampart-quarantine')?.metadata.annotations?.['rampart.io/last-quarantined-pod'], 'api-7d9f8-b8w2q');
  assert.equal(pods.get('payments/api-7d9f8-b8w2q')?.metadata.labels?.['rampart.io/quarantine'], 'true');
});

test('applyQuarantine: a pod that does not exist fails with one line naming it and the API server\'s reason', async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  await assert.rejects(applyQuarantine(kc, planQuarantine({ namespace: 'payments', pod: 'gone-123', now: at })), (err: Error) => {
    assert.ok(err instanceof QuarantineError);
    assert.equal(err.message, 'quarantine payments/gone-123: label pod: 404 pods "gone-123" not found');
    return true;
  });
});
