import type { Localized } from './localized.js';

/**
 * The network view of a set of workloads as plain data (no class instances, no cycles): what the
 * network analysis computes and what reports and `rampart netpol map` draw. Per namespace its
 * isolation and encryption verdicts, per workload its isolation, exposure, outside egress and
 * encryption, and the reachability edges between workloads.
 *
 * Edges list the workload pairs NetworkPolicy lets connect where at least one end is isolated.
 * Pairs where neither is are implied, to keep an unprotected estate from producing a million
 * edges: every workload of `openEgress` can reach every workload of `openIngress` on any port.
 */

export type Isolation = 'default-deny' | 'partial' | 'none';
export type ExposureKind = 'NodePort' | 'LoadBalancer' | 'ExternalIP' | 'HostPort' | 'HostNetwork' | 'Ingress' | 'Route';
export type Mesh = 'istio' | 'istio-ambient' | 'linkerd';
export type EncryptionVerdict = 'strict' | 'permissive' | 'disabled' | 'none';
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface NetworkSummary {
  namespaces: NamespaceNetwork[];
  workloads: WorkloadNetwork[];
  edges: { from: string; to: string; ports: string }[];
  /** Ids of workloads whose ingress no policy isolates (any source, any port). */
  openIngress: string[];
  /** Ids of workloads whose egress no policy isolates (any destination, any port). */
  openEgress: string[];
  /** Set when edges were cut at `maxEdges`. */
  edgesTruncated?: boolean;
}

export interface NamespaceNetwork {
  name: string;
  workloads: number;
  policies: number;
  ingress: Isolation;
  egress: Isolation;
  encryption: { verdict: EncryptionVerdict | 'mixed'; encrypted: number; meshed: number };
}

export interface WorkloadNetwork {
  /** `namespace/Kind/name`. */
  id: string;
  /** `namespace/name` (with the kind when two workloads share a name). */
  label: string;
  namespace: string;
  kind: string;
  name: string;
  hostNetwork: boolean;
  ports: { port: number; protocol: Protocol; name?: string }[];
  ingressIsolated: boolean;
  egressIsolated: boolean;
  /** Ids of the policies isolating each direction. */
  ingressPolicies: string[];
  egressPolicies: string[];
  exposure: { port?: number; protocol: Protocol; reachable: boolean; via: { kind: ExposureKind; object: string; detail: string }[] }[];
  reachableFromOutside: boolean;
  /** Outside destinations: `any`, or the rules' addresses and ports. */
  externalEgress: 'any' | { rule: string; destinations: string[]; ports: string }[];
  encryption: { verdict: EncryptionVerdict; encrypted: boolean; mesh?: Mesh; decidedBy?: Localized; ports: { port: number; verdict: EncryptionVerdict }[] };
}

/** RFC 5952 text of eight 16-bit IPv6 groups: lower-case hex, the longest run (two or more, the first if tied) of zero groups as `::`. */
export function formatIPv6Groups(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
