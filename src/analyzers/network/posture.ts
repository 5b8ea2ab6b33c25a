import type { NetworkPosture } from '../../model/index.js';
import type { Inventory } from '../inventory.js';
import { networkSummary } from './summary.js';

/**
 * The network part of a report: per namespace, isolation and encryption verdicts; the workloads
 * reachable from outside the cluster; and, for an estate small enough to draw, the reachability
 * map the report's interactive view shows. Larger estates get verdicts only (the matrix is the
 * expensive part), and `rampart netpol map` for the picture.
 */
export const MAP_WORKLOAD_LIMIT = 150;

export function networkPosture(inventory: Inventory): NetworkPosture | undefined {
  if (inventory.workloads.length === 0) return undefined;
  const drawable = inventory.workloads.length <= MAP_WORKLOAD_LIMIT;
  const summary = networkSummary(inventory, { reachability: drawable });
  return {
    namespaces: summary.namespaces.map((n) => ({
      name: n.name,
      workloads: n.workloads,
      policies: n.policies,
      ingress: n.ingress,
      egress: n.egress,
      encryption: n.encryption.verdict,
      encrypted: n.encryption.encrypted,
    })),
    exposed: summary.workloads
      .filter((w) => w.reachableFromOutside)
      .map((w) => ({
        workload: w.id,
        via: [...new Set(w.exposure.filter((e) => e.reachable).flatMap((e) => e.via.map((v) => `${v.object} (${v.detail})`)))],
      })),
    ...(drawable ? { map: summary } : {}),
  };
}
