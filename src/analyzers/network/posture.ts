import type { NetworkPosture } from '../../model/index.js';
import type { Inventory } from '../inventory.js';
import { networkSummary } from './summary.js';

/**
 * The network part of a report: per namespace, isolation and encryption verdicts; and the
 * workloads reachable from outside the cluster. Verdicts only, no reachability matrix (that is
 * `rampart netpol map`), so a scan pays little for it.
 */
export function networkPosture(inventory: Inventory): NetworkPosture | undefined {
  if (inventory.workloads.length === 0) return undefined;
  const summary = networkSummary(inventory, { reachability: false });
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
  };
}
