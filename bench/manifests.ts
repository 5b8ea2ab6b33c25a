/**
 * Benchmark: 10,000 mixed Kubernetes resources through the whole `rampart manifests` pipeline
 * (read, parse with line numbers, every check, report). Target: under 1.5 s and under 300 MB
 * peak RSS on 2 cores. Prints figures next to the targets; never fails a test run.
 * BENCH_MIX=heavy runs the worst case; BENCH_RESOURCES changes the count; BENCH_KEEP=1 keeps the corpus.
 */
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Preloaded into the measured process: prints its own peak RSS (KiB) as it exits. */
const REPORT_PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('RAMPART_BENCH_MAXRSS '+process.resourceUsage().maxRSS+'\\n'))`;

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 10_000);
const MIX = process.env.BENCH_MIX ?? 'realistic';

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 40}
  labels: {app: app-${i}, team: payments}
spec:
  replicas: 2
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}}
    spec:
      serviceAccountName: app-${i}
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: app
        image: registry.bank.example/payments/app-${i}:1.${i % 9}.0
        ports:
        - containerPort: 8080
        env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: db, key: password}
        resources:
          limits: {cpu: 500m, memory: 256Mi}
          requests: {cpu: 100m, memory: 128Mi}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
      - name: proxy
        image: envoyproxy/envoy:latest
        securityContext:
          privileged: ${i % 7 === 0}
`;
}

function pod(i: number): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: debug-${i}
  namespace: team-${i % 40}
spec:
  hostNetwork: true
  hostPID: ${i % 2 === 0}
  containers:
  - name: shell
    image: busybox
    command: [sh, -c, sleep 3600]
    securityContext:
      capabilities: {add: [SYS_ADMIN, NET_RAW]}
    volumeMounts: [{name: host, mountPath: /host}]
  volumes:
  - name: host
    hostPath: {path: /}
`;
}

function other(i: number): string {
  return i % 2 === 0
    ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: team-${i % 40}\nspec:\n  selector: {app: app-${i}}\n  ports: [{port: 80, targetPort: 8080}]\n`
    : `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-${i}\n  namespace: team-${i % 40}\ndata:\n  app.conf: |\n    listen=8080\n    workers=4\n`;
}

function cronJob(i: number): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: job-${i}
  namespace: team-${i % 40}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
          - name: init
            image: registry.bank.example/tools/init@sha256:${'a'.repeat(64)}
          containers:
          - name: job
            image: registry.bank.example/batch/reconcile:2.1
`;
}

function supporting(i: number): string {
  const ns = `team-${i % 40}`;
  switch (i % 7) {
    case 0:
      return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\nautomountServiceAccountToken: false\n`;
    case 1:
      return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-${i}\n  namespace: ${ns}\ntype: Opaque\ndata:\n  password: c2VjcmV0\n`;
    case 2:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader-${i}\n  namespace: ${ns}\nrules:\n- apiGroups: [""]\n  resources: [configmaps, pods]\n  verbs: [get, list, watch]\n`;
    case 3:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader-${i}\n  namespace: ${ns}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader-${i - 1}}\nsubjects:\n- {kind: ServiceAccount, name: app-${i}, namespace: ${ns}}\n`;
    case 4:
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-${i}\n  namespace: ${ns}\nspec:\n  podSelector: {matchLabels: {app: app-${i}}}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {zone: web}}\n    ports: [{port: 8080, protocol: TCP}]\n`;
    case 5:
      return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web-${i}\n  namespace: ${ns}\nspec:\n  rules:\n  - host: app-${i}.bank.example\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: svc-${i}, port: {number: 80}}}}\n`;
    default:
      return `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: pdb-${i}\n  namespace: ${ns}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: app-${i}}}\n`;
  }
}

/**
 * Per 100 resources. \`realistic\`: what a bank's manifests hold — a quarter workloads (two-container
 * Deployments, CronJobs, a debug Pod) among Services, ConfigMaps, Secrets, ServiceAccounts, RBAC,
 * NetworkPolicies, Ingresses and PDBs. \`heavy\`: 80 % workloads, mostly flawed, as a worst case.
 */
function resourceAt(i: number, mix: string): string {
  const k = i % 100;
  if (mix === 'heavy') {
    const h = i % 10;
    return h < 4 ? deployment(i) : h < 6 ? pod(i) : h < 8 ? other(i) : cronJob(i);
  }
  if (k < 18) return deployment(i);
  if (k < 23) return cronJob(i);
  if (k < 25) return pod(i);
  if (k < 45) return other(i);
  return supporting(i);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-bench-'));
  const docs: string[] = [];
  for (let i = 0; i < 40; i++) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${i}\n  labels:\n    pod-security.kubernetes.io/enforce: ${i % 2 ? 'restricted' : 'baseline'}\n`);
  }
  for (let i = docs.length; i < RESOURCES; i++) docs.push(resourceAt(i, MIX));
  // 100 files of 100 resources each, as a repository of manifests would be laid out.
  const perFile = Math.ceil(docs.length / 100);
  for (let f = 0; f * perFile < docs.length; f++) {
    await writeFile(path.join(dir, `part-${String(f).padStart(3, '0')}.yaml`), docs.slice(f * perFile, (f + 1) * perFile).join('---\n'));
  }
  const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');
  const runs: { seconds: number; rssMb: number; findings: number }[] = [];
  // The report goes beside the corpus, never inside it, or later runs would scan it.
  const out = `${dir}.json`;
  for (let run = 0; run < 3; run++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', REPORT_PEAK_RSS, cli, 'manifests', dir, '--format', 'json', '--output', out, '--no-progress'], { encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rssKb = Number(/RAMPART_BENCH_MAXRSS (\d+)/.exec(r.stderr)?.[1]);
    if (r.status !== 0 && r.status !== 1) throw new Error(`rampart exited ${r.status}: ${r.stderr}`);
    const findings = (JSON.parse(await readFile(out, 'utf8')) as { summary: { findings: { total: number } } }).summary.findings.total;
    runs.push({ seconds, rssMb: rssKb / 1024, findings });
  }
  // BENCH_KEEP=1 leaves the corpus for profiling (`node --cpu-prof dist/src/cli/main.js manifests DIR`).
  if (process.env.BENCH_KEEP) console.log(`corpus kept in ${dir}`);
  else await rm(dir, { recursive: true, force: true });
  await rm(out, { force: true });
  const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
  const peak = Math.max(...runs.map((r) => r.rssMb));
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
  console.log(`bench/manifests: ${RESOURCES} resources (${MIX} mix, ${(bytes / 1e6).toFixed(1)} MB of YAML in 100 files, ${best.findings} findings)`);
  console.log(`  whole CLI run: node start, read, parse with line numbers, every check, JSON report; best of ${runs.length}`);
  console.log(`  time      ${best.seconds.toFixed(2)} s   (${Math.round(RESOURCES / best.seconds)} resources/s)   target < 1.50 s   ${best.seconds < 1.5 ? 'MET' : 'MISSED'}`);
  console.log(`  peak RSS  ${peak.toFixed(0)} MB                           target < 300 MB   ${peak < 300 ? 'MET' : 'MISSED'}`);
}

await main();
