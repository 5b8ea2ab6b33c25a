/**
 * How workloads are reachable from outside the cluster, per workload and port:
 * - directly on node or load-balancer addresses: Services of type NodePort or LoadBalancer,
 *   Service `externalIPs`, container `hostPort`s and `hostNetwork` pods;
 * - through a proxy: Ingress rules and Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute,
 *   TCPRoute, UDPRoute attached to a Gateway), whose controller forwards to the Service's pods.
 *
 * "Reachable from outside" is computed, not assumed: a direct path counts when the pod's ingress
 * admits some outside address on the port (hostNetwork pods always: NetworkPolicy does not govern
 * them); a proxied path counts when its ingress admits some source outside its own namespace,
 * where ingress controllers run. Service selectors are equality on labels; a named targetPort
 * resolves per pod, as kube-proxy resolves it.
 */
import { isRecord, type KubeResource, type ObjectPath } from '../../model/index.js';
import { admitsExternal, admitsOtherNamespaces } from './engine.js';
import type { NetPod, NetworkModel } from './model.js';
import type { ServicePortView } from './services.js';
import { DEFAULT_NAMESPACE } from './policy.js';
import type { Protocol } from './ports.js';

import type { ExposureKind } from '../../model/index.js';
export type { ExposureKind };

export const DIRECT_KINDS: ReadonlySet<ExposureKind> = new Set(['NodePort', 'LoadBalancer', 'ExternalIP', 'HostPort', 'HostNetwork']);

export interface ExposurePath {
  kind: ExposureKind;
  /** The object that opens the path: a Service, Ingress or route, or the workload itself. */
  resource: KubeResource;
  path: ObjectPath;
  /** `Service web/frontend port 80 → NodePort 30080`. */
  detail: string;
  /** True for a LoadBalancer annotated as internal (cloud-specific annotations). */
  internal?: boolean;
}

/** One port of one workload and every way it is reachable from outside. */
export interface Exposure {
  pod: NetPod;
  protocol: Protocol;
  /** The container port; undefined for a hostNetwork pod that declares no port (any port it listens on). */
  port?: number;
  paths: ExposurePath[];
  /** Whether NetworkPolicy lets outside traffic through on some path. */
  reachable: boolean;
}

export interface ExposureModel {
  /** Per workload (by index), its exposures, in port order. */
  byPod: Map<number, Exposure[]>;
}

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

const exposures = new WeakMap<NetworkModel, ExposureModel>();

export function exposureModel(model: NetworkModel): ExposureModel {
  let known = exposures.get(model);
  if (!known) {
    known = buildExposure(model);
    exposures.set(model, known);
  }
  return known;
}

export function exposuresOf(model: NetworkModel, pod: NetPod): Exposure[] {
  return exposureModel(model).byPod.get(pod.index) ?? [];
}

/** Whether some path from outside the cluster reaches the workload. */
export function reachableFromOutside(model: NetworkModel, pod: NetPod): boolean {
  return exposuresOf(model, pod).some((e) => e.reachable);
}

function buildExposure(model: NetworkModel): ExposureModel {
  const byPod = new Map<number, Exposure[]>();
  const add = (pod: NetPod, protocol: Protocol, port: number | undefined, path: ExposurePath): void => {
    const list = byPod.get(pod.index) ?? [];
    let exposure = list.find((e) => e.protocol === protocol && e.port === port);
    if (!exposure) {
      exposure = { pod, protocol, paths: [], reachable: false };
      if (port !== undefined) exposure.port = port;
      list.push(exposure);
      byPod.set(pod.index, list);
    }
    exposure.paths.push(path);
  };

  for (const pod of model.pods) {
    if (pod.hostNetwork) {
      const path: ObjectPath = [...pod.view.specPath, 'hostNetwork'];
      if (pod.ports.length === 0) add(pod, 'TCP', undefined, { kind: 'HostNetwork', resource: pod.view.resource, path, detail: 'hostNetwork: every port the pod listens on' });
      for (const p of pod.ports) add(pod, p.protocol, p.port, { kind: 'HostNetwork', resource: pod.view.resource, path, detail: `hostNetwork: node port ${p.port}/${p.protocol}` });
    }
    for (const p of pod.ports) {
      if (p.hostPort !== undefined) {
        add(pod, p.protocol, p.port, { kind: 'HostPort', resource: pod.view.resource, path: [...p.path, 'hostPort'], detail: `hostPort ${p.hostPort}/${p.protocol} → ${p.port}` });
      }
    }
  }

  const services = model.services;
  const serviceByName = new Map(services.map((s) => [`${s.namespace}/${s.resource.name}`, s]));
  for (const svc of services) {
    for (const sp of svc.ports) {
      for (const pod of svc.pods) {
        const target = targetOf(pod, sp);
        if (target === undefined) continue;
        const name = `Service ${svc.namespace}/${svc.resource.name} port ${sp.port}/${sp.protocol}`;
        if ((svc.type === 'NodePort' || svc.type === 'LoadBalancer') && sp.nodePort !== 0) {
          add(pod, sp.protocol, target, { kind: 'NodePort', resource: svc.resource, path: ['spec', 'ports', sp.index], detail: `${name} → NodePort ${sp.nodePort ?? '(allocated)'}` });
        }
        if (svc.type === 'LoadBalancer') {
          const path: ExposurePath = { kind: 'LoadBalancer', resource: svc.resource, path: ['spec', 'type'], detail: `${name} → load balancer${svc.internal ? ' (internal)' : ''}${svc.sourceRanges.length ? `, sources ${svc.sourceRanges.join(', ')}` : ''}` };
          if (svc.internal) path.internal = true;
          add(pod, sp.protocol, target, path);
        }
        if (svc.externalIPs.length > 0) {
          add(pod, sp.protocol, target, { kind: 'ExternalIP', resource: svc.resource, path: ['spec', 'externalIPs'], detail: `${name} on external IP ${svc.externalIPs.join(', ')}` });
        }
      }
    }
  }

  const viaService = (resource: KubeResource, path: ObjectPath, kind: ExposureKind, namespace: string, name: unknown, port: unknown, through: string): void => {
    if (typeof name !== 'string') return;
    const svc = serviceByName.get(`${namespace}/${name}`);
    if (!svc) return;
    for (const sp of svc.ports) {
      const matches = port === undefined || port === null || (typeof port === 'number' ? sp.port === port : sp.name === port);
      if (!matches) continue;
      for (const pod of svc.pods) {
        const target = targetOf(pod, sp);
        if (target !== undefined) add(pod, sp.protocol, target, { kind, resource, path, detail: `${through} → Service ${namespace}/${name} port ${sp.port}` });
      }
    }
  };

  for (const ing of model.inventory.resources.filter((r) => r.kind === 'Ingress' && r.apiVersion.startsWith('networking.k8s.io/'))) {
    const ns = ing.namespace ?? DEFAULT_NAMESPACE;
    const spec = ing.object.spec;
    if (!isRecord(spec)) continue;
    const through = `Ingress ${ns}/${ing.name}`;
    const backend = (b: unknown, path: ObjectPath): void => {
      if (!isRecord(b) || !isRecord(b.service)) return;
      const port = isRecord(b.service.port) ? (b.service.port.number ?? b.service.port.name) : undefined;
      viaService(ing, path, 'Ingress', ns, b.service.name, port, through);
    };
    backend(spec.defaultBackend, ['spec', 'defaultBackend']);
    if (Array.isArray(spec.rules)) {
      spec.rules.forEach((rule: unknown, ri) => {
        if (!isRecord(rule) || !isRecord(rule.http) || !Array.isArray(rule.http.paths)) return;
        rule.http.paths.forEach((p: unknown, pi) => {
          if (isRecord(p)) backend(p.backend, ['spec', 'rules', ri, 'http', 'paths', pi, 'backend']);
        });
      });
    }
  }

  const gateways = new Set(model.inventory.resources.filter((r) => r.kind === 'Gateway').map((g) => `${g.namespace ?? DEFAULT_NAMESPACE}/${g.name}`));
  for (const route of model.inventory.resources.filter((r) => ROUTE_KINDS.has(r.kind) && r.apiVersion.startsWith('gateway.networking.k8s.io/'))) {
    const ns = route.namespace ?? DEFAULT_NAMESPACE;
    const spec = route.object.spec;
    if (!isRecord(spec) || !Array.isArray(spec.parentRefs)) continue;
    const parents = spec.parentRefs
      .filter((p: unknown): p is Record<string, unknown> => isRecord(p) && (p.kind === undefined || p.kind === 'Gateway') && typeof p.name === 'string')
      .map((p) => {
        const key = `${typeof p.namespace === 'string' ? p.namespace : ns}/${p.name as string}`;
        return gateways.has(key) ? `Gateway ${key}` : `Gateway ${key} (not in the input)`;
      });
    if (parents.length === 0 || !Array.isArray(spec.rules)) continue;
    const through = `${route.kind} ${ns}/${route.name} via ${parents.join(', ')}`;
    spec.rules.forEach((rule: unknown, ri) => {
      if (!isRecord(rule) || !Array.isArray(rule.backendRefs)) return;
      rule.backendRefs.forEach((b: unknown, bi) => {
        if (!isRecord(b) || (b.kind !== undefined && b.kind !== 'Service') || (b.group !== undefined && b.group !== '')) return;
        const bns = typeof b.namespace === 'string' ? b.namespace : ns;
        viaService(route, ['spec', 'rules', ri, 'backendRefs', bi], 'Route', bns, b.name, b.port, through);
      });
    });
  }

  for (const list of byPod.values()) {
    list.sort((a, b) => (a.port ?? 0) - (b.port ?? 0) || a.protocol.localeCompare(b.protocol));
    for (const e of list) {
      e.reachable = e.paths.some((p) => {
        if (p.kind === 'HostNetwork') return true;
        if (e.port === undefined) return false;
        return DIRECT_KINDS.has(p.kind) ? admitsExternal(model, e.pod, e.protocol, e.port) : admitsOtherNamespaces(model, e.pod, e.protocol, e.port);
      });
    }
  }
  return { byPod };
}

/** The container port a Service port reaches on the pod; undefined when a named target port is missing. */
function targetOf(pod: NetPod, sp: ServicePortView): number | undefined {
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  return pod.ports.find((p) => p.name === sp.targetPort && p.protocol === sp.protocol)?.port;
}
