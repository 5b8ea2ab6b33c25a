/**
 * Services as network objects: which workloads a Service selects (equality on every selector
 * label, in its own namespace; no selector or an empty one selects nothing, its endpoints being
 * managed by hand), its ports and target ports, type, external IPs and whether a LoadBalancer is
 * internal.
 */
import { isRecord, type KubeResource } from '../../model/index.js';
import type { ModelError, NetPod } from './model.js';
import { DEFAULT_NAMESPACE } from './policy.js';
import { isProtocol, type Protocol } from './ports.js';

export interface ServiceView {
  resource: KubeResource;
  namespace: string;
  type: string;
  selector?: Record<string, string>;
  ports: ServicePortView[];
  externalIPs: string[];
  internal: boolean;
  sourceRanges: string[];
  /** Workloads it selects. */
  pods: NetPod[];
}

export interface ServicePortView {
  index: number;
  name?: string;
  port: number;
  protocol: Protocol;
  targetPort: number | string;
  nodePort?: number;
}

/** Annotations that make a LoadBalancer internal on the clouds banks use (still reachable from the VPC). */
const INTERNAL_LB_ANNOTATIONS: readonly [string, string][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', 'true'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', 'internal'],
  ['networking.gke.io/load-balancer-type', 'Internal'],
  ['cloud.google.com/load-balancer-type', 'Internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', 'true'],
  ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', 'intranet'],
  ['service.kubernetes.io/qcloud-loadbalancer-internal-subnetid', '*'],
  ['kubernetes.io/elb.subnet-id', '*'],
];

/** The Service, or undefined when it has no spec; malformed fields are input errors. */
export function parseService(resource: KubeResource, podsOfNamespace: (namespace: string) => readonly NetPod[], errors: ModelError[]): ServiceView | undefined {
  const spec = resource.object.spec;
  if (!isRecord(spec)) return undefined;
  const namespace = resource.namespace ?? DEFAULT_NAMESPACE;
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  const view: ServiceView = { resource, namespace, type, ports: [], externalIPs: [], internal: false, sourceRanges: [], pods: [] };
  if (isRecord(spec.selector)) {
    const selector: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.selector)) {
      if (typeof v === 'string') selector[k] = v;
      else errors.push({ resource, path: ['spec', 'selector', k], message: `expected a string (got ${JSON.stringify(v)}); quote the value` });
    }
    // An empty selector selects nothing: the Service's endpoints are managed by hand.
    if (Object.keys(selector).length > 0) {
      view.selector = selector;
      view.pods = podsOfNamespace(namespace).filter((p) => Object.entries(selector).every(([k, v]) => p.labels[k] === v));
    }
  }
  if (Array.isArray(spec.ports)) {
    spec.ports.forEach((p: unknown, index) => {
      if (!isRecord(p)) return;
      const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
      if (typeof p.port !== 'number' || !isProtocol(protocol)) {
        errors.push({ resource, path: ['spec', 'ports', index], message: 'expected a port number and a protocol of TCP, UDP or SCTP' });
        return;
      }
      const target = p.targetPort ?? p.port;
      const sp: ServicePortView = { index, port: p.port, protocol, targetPort: typeof target === 'number' || typeof target === 'string' ? target : p.port };
      if (typeof sp.targetPort === 'string' && /^\d+$/.test(sp.targetPort)) sp.targetPort = Number(sp.targetPort);
      if (typeof p.name === 'string') sp.name = p.name;
      if (typeof p.nodePort === 'number') sp.nodePort = p.nodePort;
      // LoadBalancers allocate node ports unless told not to.
      if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === false && sp.nodePort === undefined) sp.nodePort = 0;
      view.ports.push(sp);
    });
  }
  if (Array.isArray(spec.externalIPs)) view.externalIPs = spec.externalIPs.filter((ip): ip is string => typeof ip === 'string');
  if (Array.isArray(spec.loadBalancerSourceRanges)) view.sourceRanges = spec.loadBalancerSourceRanges.filter((r): r is string => typeof r === 'string');
  const annotations = isRecord(resource.object.metadata) && isRecord(resource.object.metadata.annotations) ? resource.object.metadata.annotations : {};
  view.internal = INTERNAL_LB_ANNOTATIONS.some(([k, v]) => typeof annotations[k] === 'string' && (v === '*' || (annotations[k] as string).toLowerCase() === v.toLowerCase()));
  return view;
}
