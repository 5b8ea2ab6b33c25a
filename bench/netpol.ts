/**
 * Benchmark: the network policy engine on 2,000 workloads in 100 namespaces with 1,000
 * NetworkPolicies (default deny, DNS, tier-to-tier rules, cross-namespace rules with namespace
 * and pod selectors, matchExpressions, named ports, ipBlocks with except; in every tenth
 * namespace egress is left open and metrics are admitted from every namespace). Prints the time
 * to build the full reachability matrix (every workload pair, every port) and to answer 10,000
 * `can` questions with their explanations, and the peak RSS, next to the targets: matrix < 5 s,
 * one question < 0.1 ms, < 500 MB. Never fails a test run.
 * Run: npm run build && node dist/bench/netpol.js (BENCH_NAMESPACES, BENCH_WORKLOADS to vary).
 */
import { Readable } from 'node:stream';
import { InventoryBuilder } from '../src/analyzers/inventory-builder.js';
import { NETWORK_CHECKS } from '../src/analyzers/network/index.js';
import { decide, reachability } from '../src/analyzers/network/engine.js';
import { networkModel } from '../src/analyzers/network/model.js';
import { EMPTY_PORTS } from '../src/analyzers/network/ports.js';
import { readManifests } from '../src/sources/kube/manifests.js';

const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 100);
const PER_NAMESPACE = Number(process.env.BENCH_WORKLOADS ?? 20);
const QUERIES = 10_000;
const TIERS = ['web', 'api', 'db', 'worker'] as const;
const PORTS: Record<(typeof TIERS)[number], string> = {
  web: '[{name: http, containerPort: 8080}]',
  api: '[{name: https, containerPort: 8443}, {name: metrics, containerPort: 9090}]',
  db: '[{name: postgres, containerPort: 5432}]',
  worker: '[]',
};

function corpus(): string {
  const docs: string[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `team-${n}`;
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {team: t${n % 10}, env: ${n % 3 === 0 ? 'dev' : 'prod'}, zone: z${n % 4}}\n`);
    for (let w = 0; w < PER_NAMESPACE; w++) {
      const tier = TIERS[w % TIERS.length] as (typeof TIERS)[number];
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${tier}-${w}, namespace: ${ns}}
spec:
  template:
    metadata:
      labels: {app: ${tier}-${w}, tier: ${tier}, shard: s${w % 5}}
    spec:
      containers:
      - name: app
        image: registry.bank.example/${tier}:1.${w}
        ports: ${PORTS[tier]}
`);
    }
    const open = n % 10 === 9;
    const policy = (name: string, spec: string): void => {
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`);
    };
    policy('default-deny', `  podSelector: {}\n  policyTypes: [${open ? 'Ingress' : 'Ingress, Egress'}]\n`);
    policy('allow-dns', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\n');
    policy('web-in', '  podSelector: {matchLabels: {tier: web}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.99.0.0/16]}}]\n    ports: [{port: http}]\n');
    policy('api-in', '  podSelector: {matchLabels: {tier: api}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {tier: web}}}]\n    ports: [{port: https}]\n  - from: [{namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchExpressions: [{key: tier, operator: In, values: [api, worker]}]}}]\n    ports: [{port: 8443}]\n');
    policy('db-in', `  podSelector: {matchLabels: {tier: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {tier: api}}}, {namespaceSelector: {matchLabels: {team: t${n % 10}}}, podSelector: {matchLabels: {tier: worker}}}]\n    ports: [{port: postgres}]\n`);
    policy('metrics-in', `  podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [db]}]}\n  ingress:\n  - from: [{namespaceSelector: ${open ? '{}' : '{matchLabels: {kubernetes.io/metadata.name: monitoring}}'}}]\n    ports: [{port: 9090}, {port: 9100, endPort: 9199}]\n`);
    policy('web-out', '  podSelector: {matchLabels: {tier: web}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {tier: api}}}]\n    ports: [{port: https}]\n');
    policy('api-out', '  podSelector: {matchLabels: {tier: api}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {tier: db}}}]\n    ports: [{port: postgres}]\n  - to: [{namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchLabels: {tier: api}}}]\n    ports: [{port: 8443}]\n');
    policy('worker-out', `  podSelector: {matchLabels: {tier: worker}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]\n    ports: [{port: 443}]\n  - to: [{namespaceSelector: {matchLabels: {team: t${n % 10}}}, podSelector: {matchLabels: {tier: db}}}, {namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchLabels: {tier: api}}}]\n`);
    policy('shard-peers', '  podSelector: {matchLabels: {shard: s0}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {shard: s0}}}]\n');
  }
  return docs.join('---\n');
}

/** A small deterministic generator, so every run asks the same questions. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  const text = corpus();
  let t = process.hrtime.bigint();
  const builder = new InventoryBuilder();
  for await (const event of readManifests(['-'], { stdin: Readable.from([text]) })) if (event.type === 'resource') builder.add(event.resource);
  const inventory = builder.build();
  const parseMs = ms(t);

  t = process.hrtime.bigint();
  const errors: string[] = [];
  const model = networkModel(inventory, (_r, _p, m) => errors.push(m));
  const modelMs = ms(t);
  if (errors.length) throw new Error(`bench corpus has input errors: ${errors.slice(0, 3).join('; ')}`);

  t = process.hrtime.bigint();
  const { size, allowed } = reachability(model);
  const matrixMs = ms(t);
  let edges = 0;
  for (let i = 0; i < allowed.length; i++) if (allowed[i] !== EMPTY_PORTS) edges++;

  const next = random(7);
  const ports = [8080, 8443, 5432, 9090, 9150, 53, 443, 22];
  const questions = Array.from({ length: QUERIES }, () => ({
    from: model.pods[Math.floor(next() * size)],
    to: model.pods[Math.floor(next() * size)],
    port: ports[Math.floor(next() * ports.length)] as number,
  }));
  let allowedAnswers = 0;
  t = process.hrtime.bigint();
  for (const q of questions) {
    if (!q.from || !q.to) continue;
    if (decide(model, { kind: 'pod', pod: q.from }, { kind: 'pod', pod: q.to }, q.port).verdict === 'allowed') allowedAnswers++;
  }
  const queriesMs = ms(t);

  t = process.hrtime.bigint();
  let findings = 0;
  const ctx = { pssVersion: 'latest' as const, inputError: () => undefined };
  for (const check of NETWORK_CHECKS) findings += check.run(inventory, ctx).length;
  const checksMs = ms(t);

  const rssMb = process.resourceUsage().maxRSS / 1024;
  const perQuery = queriesMs / QUERIES;
  const met = (ok: boolean): string => (ok ? 'MET' : 'MISSED');
  console.log(`bench/netpol: ${model.pods.length} workloads in ${NAMESPACES} namespaces, ${model.policies.length} NetworkPolicies (${model.rules.length} rules)`);
  console.log(`  parse manifests      ${(parseMs / 1000).toFixed(2)} s   (not part of the targets)`);
  console.log(`  build model          ${(modelMs / 1000).toFixed(2)} s`);
  console.log(`  reachability matrix  ${(matrixMs / 1000).toFixed(2)} s   ${size * size} ordered pairs, ${edges} connected, every port   target < 5 s      ${met(matrixMs < 5000)}`);
  console.log(`  ${QUERIES} can queries   ${(queriesMs / 1000).toFixed(2)} s   ${(perQuery * 1000).toFixed(1)} µs per question with its explanation (${allowedAnswers} allowed)   target < 0.1 ms   ${met(perQuery < 0.1)}`);
  console.log(`  all network checks   ${(checksMs / 1000).toFixed(2)} s   ${findings} findings`);
  console.log(`  peak RSS             ${rssMb.toFixed(0)} MB                                       target < 500 MB   ${met(rssMb < 500)}`);
}

await main();
