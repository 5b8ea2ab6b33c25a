import assert from 'node:assert/strict';
import { decide, reachability, type Endpoint, type Verdict } from '../../../src/analyzers/network/engine.js';
import { parseCidr } from '../../../src/analyzers/network/ip.js';
import { networkModel, type NetworkModel } from '../../../src/analyzers/network/model.js';
import type { Protocol } from '../../../src/analyzers/network/ports.js';
import { inventoryOf } from '../../helpers/inventory.js';
import type { InputError } from '../../../src/model/index.js';
import { InventoryBuilder } from '../../../src/analyzers/inventory-builder.js';

/**
 * A small estate for NetworkPolicy semantics: namespaces alpha (team=a) and beta (team=b) with
 * Namespace objects, gamma without one (only its automatic name label), and workloads:
 *   alpha/web    app=web, tier=front      TCP 80 "http"
 *   alpha/api    app=api, tier=back       TCP 8080 "http", TCP 9090 "metrics", UDP 5353 "dns"
 *   alpha/db     app=db                   TCP 5432 "postgres"
 *   beta/web     app=web                  TCP 80 "http"
 *   beta/client  app=client
 *   gamma/tool   app=tool
 */
export const ESTATE = `apiVersion: v1
kind: Namespace
metadata: {name: alpha, labels: {team: a, env: prod}}
---
apiVersion: v1
kind: Namespace
metadata: {name: beta, labels: {team: b, env: prod}}
---
${workload('alpha', 'web', { app: 'web', tier: 'front' }, [['http', 80]])}
---
${workload('alpha', 'api', { app: 'api', tier: 'back' }, [['http', 8080], ['metrics', 9090], ['dns', 5353, 'UDP']])}
---
${workload('alpha', 'db', { app: 'db' }, [['postgres', 5432]])}
---
${workload('beta', 'web', { app: 'web' }, [['http', 80]])}
---
${workload('beta', 'client', { app: 'client' }, [])}
---
${workload('gamma', 'tool', { app: 'tool' }, [])}
`;

export function workload(ns: string, name: string, labels: Record<string, string>, ports: [string, number, string?][], extraSpec = ''): string {
  const labelText = Object.entries(labels).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
  const portText = ports.length ? `\n        ports:\n${ports.map(([n, p, proto]) => `        - {name: ${n}, containerPort: ${p}${proto ? `, protocol: ${proto}` : ''}}`).join('\n')}` : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  template:
    metadata:
      labels: {${labelText}}
    spec:
${extraSpec}      containers:
      - name: app
        image: app:1.0${portText}
`;
}

/** A NetworkPolicy document; `spec` is YAML indented under `spec:`. */
export function policy(ns: string, name: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;
}

/** The network model of the objects; fails the test on any input error. */
export async function modelOf(...docs: string[]): Promise<NetworkModel> {
  const inventory = await inventoryOf(docs.join('\n---\n'));
  const errors: string[] = [];
  const model = networkModel(inventory, (r, p, m) => errors.push(`${r.kind} ${r.name}: ${p.join('.')}: ${m}`));
  assert.deepEqual(errors, [], 'unexpected input errors');
  return model;
}

/** The model and the input errors it reported, for tests of malformed input. */
export async function modelWithErrors(...docs: string[]): Promise<{ model: NetworkModel; errors: InputError[] }> {
  const inventory = await inventoryOf(docs.join('\n---\n'));
  const builder = new InventoryBuilder();
  const model = networkModel(inventory, (r, p, m) => builder.inputError(r, p, m));
  return { model, errors: builder.inputErrors };
}

export function endpoint(model: NetworkModel, ref: string): Endpoint {
  const cidr = parseCidr(ref);
  if (cidr) return { kind: 'address', cidr };
  const pods = model.findPods(ref);
  assert.equal(pods.length, 1, `no single workload ${ref}`);
  return { kind: 'pod', pod: pods[0] as NonNullable<(typeof pods)[0]> };
}

/** The verdict for one connection. */
export function can(model: NetworkModel, from: string, to: string, port: number | string, protocol?: Protocol): Verdict {
  return decide(model, endpoint(model, from), endpoint(model, to), port, protocol).verdict;
}

/** Asserts each `[from, to, port, protocol?, expected]` row of a truth table. */
export function expectTable(model: NetworkModel, rows: readonly [string, string, number | string, Protocol | undefined, Verdict][]): void {
  for (const [from, to, port, protocol, expected] of rows) {
    assert.equal(can(model, from, to, port, protocol), expected, `${from} -> ${to} ${protocol ?? 'TCP'}/${port}`);
  }
}

/** Ports the matrix and `decide` are compared on: every declared port, neighbours, extremes. */
export function probePorts(model: NetworkModel, extra: number[] = []): number[] {
  const ports = new Set<number>([1, 53, 65535, ...extra]);
  for (const pod of model.pods) for (const p of pod.ports) for (const d of [-1, 0, 1]) ports.add(Math.min(65535, Math.max(1, p.port + d)));
  return [...ports].sort((a, b) => a - b);
}

/** The reachability matrix agrees with `decide` on every pair, port and protocol probed. */
export function assertMatrixAgrees(model: NetworkModel, extra: number[] = []): void {
  const { size, allowed } = reachability(model);
  for (const from of model.pods) {
    for (const to of model.pods) {
      const id = allowed[from.index * size + to.index] as number;
      for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
        for (const port of probePorts(model, extra)) {
          const expected = decide(model, { kind: 'pod', pod: from }, { kind: 'pod', pod: to }, port, protocol).verdict === 'allowed';
          assert.equal(model.ports.contains(id, protocol, port), expected, `matrix ${from.label} -> ${to.label} ${protocol}/${port}`);
        }
      }
    }
  }
}
