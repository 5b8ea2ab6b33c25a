import type { BaselineEntryKind, EventContext, KubeAuditEvent, ProcessInfo, RuntimeEvent } from '../../src/model/index.js';

/**
 * A deterministic (seeded) stream of runtime events from an estate of ~200 workloads, in the mix
 * a node agent plus an audit webhook deliver: file opens 40 %, connections 25 %, execs 25 %,
 * Kubernetes audit 10 %. Almost everything is each workload's normal behaviour (what its baseline
 * learned); about 1 in 2,000 events is something a rule or a baseline reports (a shell, a package
 * manager, metadata access, a mining-pool connect, a new destination, exec into production…).
 * Each workload has a profile of 500 baseline entries, so lookups run against full baselines.
 */

export const WORKLOADS = 200;
export const ENTRIES_PER_BASELINE = 500;
const NAMESPACES = ['payments', 'cards', 'ledger', 'risk', 'prod-web', 'batch', 'kyc', 'notify', 'fx', 'reporting'];

export class Random {
  constructor(private seed: number) {}
  next(): number {
    // Mulberry32: small, fast, and the same sequence on every run.
    let t = (this.seed = (this.seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
}

export interface WorkloadProfile {
  context: EventContext;
  workloadKey: string;
  exes: string[];
  chains: [string, string][];
  outbound: [string, number][];
  writeFiles: string[];
  readFiles: string[];
  /** The baseline entries the profile stands for, as the analyzer spells them. */
  entries: Record<BaselineEntryKind, string[]>;
}

const hex = (r: Random, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[r.int(16)]).join('');

/** The estate: per workload, 50 executables, 100 chains, 200 destinations, 150 written directories (500 entries). */
export function estate(seed: number): WorkloadProfile[] {
  const r = new Random(seed);
  const out: WorkloadProfile[] = [];
  for (let w = 0; w < WORKLOADS; w++) {
    const namespace = NAMESPACES[w % NAMESPACES.length] as string;
    const name = `svc-${w}`;
    const context: EventContext = {
      cluster: 'prod-eu',
      node: `node-${w % 40}`,
      containerId: hex(r, 64),
      containerName: 'app',
      image: `registry.bank.example/${namespace}/${name}:2.${w % 7}.1`,
      imageDigest: `sha256:${hex(r, 64)}`,
      pod: `${name}-${hex(r, 9)}-${hex(r, 5)}`,
      namespace,
      workload: { kind: w % 9 === 0 ? 'StatefulSet' : 'Deployment', name },
    };
    const exes = Array.from({ length: 50 }, (_, i) => (i === 0 ? `/usr/local/bin/${name}` : i < 10 ? `/usr/bin/${['curl', 'sed', 'awk', 'grep', 'date', 'sleep', 'cat', 'env', 'tr'][i - 1]}` : `/opt/${name}/bin/job-${i}`));
    const chains: [string, string][] = Array.from({ length: 100 }, (_, i) => [i % 2 === 0 ? '/usr/bin/tini' : (exes[0] as string), exes[i % 50] as string]);
    const outbound: [string, number][] = Array.from({ length: 200 }, (_, i) => [`10.${(w + i) % 200}.${i % 250}.${(i * 7) % 250}`, [5432, 6379, 9092, 443, 8080, 53][i % 6] as number]);
    const writeFiles = Array.from({ length: 150 }, (_, i) => `/var/lib/${name}/data-${i}/segment.log`);
    const readFiles = [`/etc/${name}/config.yaml`, '/etc/ssl/certs/ca-certificates.crt', `/opt/${name}/lib/app.jar`, '/etc/hosts', '/etc/resolv.conf'];
    const entries = {
      exec: exes,
      chain: [...new Set(chains.map(([p, c]) => `${p} -> ${c}`))],
      outbound: outbound.map(([a, p]) => `${a}:${p}`),
      write: writeFiles.map((f) => f.slice(0, f.lastIndexOf('/'))),
    };
    out.push({ context, workloadKey: `prod-eu/${namespace}/${context.workload?.kind}/${name}`, exes, chains, outbound, writeFiles, readFiles, entries });
  }
  return out;
}

function processOf(r: Random, exe: string, parent: string, args?: string[]): ProcessInfo {
  const name = exe.slice(exe.lastIndexOf('/') + 1);
  return { pid: 1000 + r.int(60000), ppid: 1, exe, name: name.slice(0, 15), args: args ?? [name, '--config', '/etc/app/config.yaml'], uid: 10001, euid: 10001, parent: { pid: 1, exe: parent, name: parent.slice(parent.lastIndexOf('/') + 1) } };
}

const SA_USERS = Array.from({ length: 50 }, (_, i) => `system:serviceaccount:${NAMESPACES[i % NAMESPACES.length]}:svc-${i}`);

/** Events number `from` to `from + count - 1` of the stream (chunks are independent and repeatable). */
export function chunk(profiles: readonly WorkloadProfile[], seed: number, from: number, count: number): RuntimeEvent[] {
  const r = new Random(seed * 1_000_003 + from);
  const events: RuntimeEvent[] = new Array(count);
  const baseMs = Date.parse('2026-11-20T08:00:00Z');
  for (let k = 0; k < count; k++) {
    const n = from + k;
    const p = r.pick(profiles);
    const time = new Date(baseMs + n * 2).toISOString();
    const id = `ev-${n}`;
    const anomaly = r.int(2000) === 0;
    const roll = r.int(100);
    let event: RuntimeEvent;
    if (roll < 25) {
      const [parent, exe] = anomaly ? r.pick<[string, string]>([[p.exes[0] as string, '/bin/sh'], ['/usr/bin/runc', '/usr/bin/apt-get'], [p.exes[0] as string, '/tmp/.x/kworker']]) : r.pick(p.chains);
      const args = anomaly && exe === '/usr/bin/apt-get' ? ['apt-get', 'install', '-y', 'nmap'] : anomaly && exe === '/bin/sh' ? ['sh', '-c', 'id; uname -a'] : undefined;
      event = { kind: 'process', action: 'exec', id, time, source: 'replay', context: p.context, process: processOf(r, exe, parent, args) };
    } else if (roll < 65) {
      const write = r.int(3) === 0;
      const path = anomaly ? r.pick(['/usr/bin/ls', '/etc/ld.so.preload', '/var/run/secrets/kubernetes.io/serviceaccount/token', '/tmp/.x/payload']) : write ? r.pick(p.writeFiles) : r.pick(p.readFiles);
      const action = anomaly ? (path.includes('serviceaccount') ? 'open-read' : 'open-write') : write ? 'open-write' : 'open-read';
      event = { kind: 'file', action, path, id, time, source: 'replay', context: p.context, process: processOf(r, p.exes[0] as string, '/usr/bin/tini') };
    } else if (roll < 90) {
      const [address, port] = anomaly ? r.pick<[string, number]>([['169.254.169.254', 80], ['45.9.148.21', 3333], ['198.51.100.23', 443]]) : r.pick(p.outbound);
      event = { kind: 'network', action: 'connect', protocol: 'tcp', remoteAddress: address, remotePort: port, id, time, source: 'replay', context: p.context, process: processOf(r, p.exes[0] as string, '/usr/bin/tini') };
    } else {
      event = auditEvent(r, id, time, anomaly);
    }
    events[k] = event;
  }
  return events;
}

function auditEvent(r: Random, id: string, time: string, anomaly: boolean): KubeAuditEvent {
  const namespace = r.pick(NAMESPACES);
  const base = { kind: 'k8s-audit' as const, id, auditId: id, time, source: 'k8s-audit' as const, context: { cluster: 'prod-eu' }, stage: 'ResponseComplete' as const, level: 'Metadata' as const, sourceIPs: ['10.0.0.12'], responseCode: 200, userAgent: 'kube-controller/v1.31' };
  if (anomaly) {
    return r.int(2) === 0
      ? { ...base, verb: 'create', requestURI: `/api/v1/namespaces/prod-web/pods/web-1/exec?command=sh`, user: { username: 'mallory@bank.example', groups: ['system:authenticated'] }, objectRef: { resource: 'pods', subresource: 'exec', namespace: 'prod-web', name: 'web-1', apiVersion: 'v1' }, stage: 'ResponseStarted', responseCode: 101 }
      : { ...base, verb: 'list', requestURI: '/api/v1/secrets', user: { username: 'system:serviceaccount:batch:svc-5', groups: ['system:serviceaccounts'] }, objectRef: { resource: 'secrets', apiVersion: 'v1' } };
  }
  const resource = r.pick(['pods', 'configmaps', 'endpoints', 'leases', 'deployments', 'events', 'secrets']);
  const verb = resource === 'secrets' ? 'get' : r.pick(['get', 'list', 'watch', 'update', 'patch', 'create']);
  const name = verb === 'list' || verb === 'watch' || verb === 'create' ? undefined : `${resource}-${r.int(500)}`;
  return {
    ...base,
    verb,
    requestURI: `/api/v1/namespaces/${namespace}/${resource}${name ? `/${name}` : ''}`,
    user: { username: r.pick(SA_USERS), groups: ['system:serviceaccounts', 'system:authenticated'] },
    objectRef: { resource, namespace, ...(name ? { name } : {}), apiVersion: 'v1' },
  };
}
