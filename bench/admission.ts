/**
 * Benchmark: the admission webhook under autocannon over HTTPS on loopback, at 50, 200 and 500
 * concurrent connections, 5 s each, for two policies: the restricted PSS level (21 checks), and
 * restricted plus every other workload check in the catalogue (30). Each connection keeps one
 * request in flight (closed loop), so latency includes queueing: by Little's law p99 < 5 ms at
 * 200 connections needs > 40,000 req/s. A fixed-rate run at 200 connections (open loop,
 * coordinated omission corrected) shows the latency of a webhook that is not saturated, which is
 * what an API server sees. The server runs in a child process so the load generator does not
 * share its event loop. Prints figures next to the target; never fails a test run.
 * BENCH_SECONDS changes the duration of each run; BENCH_RATE the fixed rate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { makeServingCertificate } from '../src/server/admission/certs.js';
import { decide } from '../src/server/admission/decide.js';
import { noImagePolicy } from '../src/server/admission/image-gate.js';
import { parsePolicy } from '../src/server/admission/policy.js';
import { parseReview } from '../src/server/admission/review.js';
import { startAdmissionServer } from '../src/server/admission/server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 2000);
const CONNECTIONS = [50, 200, 500];
const TARGET_P99_MS = 5;

const POLICIES = {
  'restricted PSS (21 checks)': 'defaults: {mode: enforce, pss: {level: restricted}}\n',
  'restricted + every workload check (30)': 'defaults: {mode: enforce, pss: {level: restricted}, checks: ["pod.*"]}\n',
};

/** A Deployment CREATE as kubectl sends it through the API server: two containers, one privileged. */
function review(): string {
  const container = (name: string, image: string, securityContext: Record<string, unknown>): Record<string, unknown> => ({
    name,
    image,
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
    env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
    resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
    securityContext,
  });
  const object = {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'api', namespace: 'payments', labels: { app: 'api' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1","kind":"Deployment"}\n' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          serviceAccountName: 'api',
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            container('api', 'registry.bank.example/payments/api:1.4.2', { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }),
            container('proxy', 'envoyproxy/envoy:v1.31.2', { privileged: true }),
          ],
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
          terminationGracePeriodSeconds: 30,
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    },
  };
  return JSON.stringify({
    kind: 'AdmissionReview',
    apiVersion: 'admission.k8s.io/v1',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'api',
      namespace: 'payments',
      operation: 'CREATE',
      userInfo: { username: 'li.wei@bank.example', groups: ['payments-developers', 'system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply' },
    },
  });
}

/** In the child: serve, print the port, run until killed. */
async function serve(policy: string, cert: string, key: string): Promise<void> {
  const server = await startAdmissionServer({ policyFile: policy, tlsCert: cert, tlsKey: key, port: 0, log: () => undefined });
  process.stdout.write(`PORT ${server.port}\n`);
}

function startChild(dir: string, policy: string): Promise<{ child: ChildProcess; port: number }> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, self, '--serve', policy, path.join(dir, 'tls.crt'), path.join(dir, 'tls.key')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`webhook server exited (${code})`)));
  });
}

async function run(port: number, ca: string, connections: number, body: string | undefined, overallRate?: number): Promise<autocannon.Result> {
  return autocannon({
    url: `https://127.0.0.1:${port}${body ? '/validate' : '/healthz'}`,
    method: body ? 'POST' : 'GET',
    ...(body ? { headers: { 'content-type': 'application/json' }, body } : {}),
    connections,
    duration: SECONDS,
    tlsOptions: { ca },
    ...(overallRate ? { overallRate } : {}),
  });
}

/** The decision alone (JSON parse, checks, waivers, response), in this process: what each request costs the server's CPU. */
async function decisionCost(policyText: string, body: string): Promise<string> {
  const state = { policy: parsePolicy('bench.yaml', policyText), images: noImagePolicy };
  const times: number[] = [];
  for (let i = 0; i < 6000; i++) {
    const t = performance.now();
    await decide(parseReview(JSON.parse(body)), state, new Date());
    if (i >= 1000) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): string => (times[Math.floor(q * (times.length - 1))] as number).toFixed(3);
  return `  decision only (in process)   p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  max ${at(1)} ms`;
}

function line(label: string, r: autocannon.Result): string {
  const errors = r.errors + r.timeouts + r.non2xx;
  return `  ${label.padEnd(26)} p50 ${r.latency.p50.toFixed(1).padStart(6)} ms  p99 ${r.latency.p99.toFixed(1).padStart(6)} ms  max ${r.latency.max.toFixed(1).padStart(7)} ms  ${Math.round(r.requests.average).toString().padStart(6)} req/s${errors ? `  (${errors} errors)` : ''}`;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-bench-admission-'));
  const cert = await makeServingCertificate({ commonName: 'rampart-admission.bench', ipAddresses: ['127.0.0.1'] });
  await writeFile(path.join(dir, 'tls.crt'), cert.cert);
  await writeFile(path.join(dir, 'tls.key'), cert.key);
  const body = review();
  console.log(`rampart admission webhook benchmark: HTTPS on 127.0.0.1, Deployment CREATE (${body.length} bytes), ${SECONDS} s per run, ${os.cpus().length} CPUs`);
  console.log(`target: p99 < ${TARGET_P99_MS} ms at 200 connections`);
  try {
    for (const [name, policyText] of Object.entries(POLICIES)) {
      const policy = path.join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
      await writeFile(policy, policyText);
      const { child, port } = await startChild(dir, policy);
      try {
        console.log(`\n${name}`);
        console.log(await decisionCost(policyText, body));
        await run(port, cert.caCert, 20, body); // warm up the JIT and the TLS session cache
        // The floor this machine sets for any HTTPS endpoint: no body, no checks.
        console.log(line('GET /healthz, 200 conn', await run(port, cert.caCert, 200, undefined)));
        for (const connections of CONNECTIONS) {
          const r = await run(port, cert.caCert, connections, body);
          console.log(line(`${connections} connections`, r) + (connections === 200 ? `   target p99 < ${TARGET_P99_MS} ms: ${r.latency.p99 < TARGET_P99_MS ? 'met' : 'NOT met'}` : ''));
        }
        const fixed = await run(port, cert.caCert, 200, body, RATE);
        console.log(line(`200 conn @ ${RATE} req/s`, fixed) + `   target p99 < ${TARGET_P99_MS} ms: ${fixed.latency.p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`);
      } finally {
        child.removeAllListeners('exit');
        child.kill();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) {
  const [policy, cert, key] = process.argv.slice(serveAt + 1);
  await serve(policy as string, cert as string, key as string);
} else {
  await main();
}
