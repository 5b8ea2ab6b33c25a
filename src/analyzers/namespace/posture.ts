import type { NamespacePosture } from '../../model/index.js';
import type { Inventory } from '../inventory.js';
import type { PssVersion } from '../workload/check.js';
import { enforcePolicyOf, labelsOf, PSA_LABEL, rejectionsOf, workloadsIn } from './psa.js';

/**
 * Per Namespace object read, its Pod Security Admission labels as written, how many workloads it
 * holds and how many of them its enforce level would reject (resolved as
 * namespace.psa-rejects-workload resolves it, so the counts match that check's findings).
 */
export function namespacePosture(inventory: Inventory, pssVersion: PssVersion): NamespacePosture[] {
  return inventory.namespaces.map((ns) => {
    const labels = labelsOf(ns);
    const policy = enforcePolicyOf(ns, pssVersion);
    const workloads = workloadsIn(inventory, ns);
    const rejected = policy.level === 'privileged' ? 0 : workloads.filter((w) => rejectionsOf(w, policy).length > 0).length;
    const posture: NamespacePosture = { name: ns.name, rejected, workloads: workloads.length };
    const enforce = labels[PSA_LABEL.enforce];
    const enforceVersion = labels[PSA_LABEL.enforceVersion];
    const audit = labels[PSA_LABEL.audit];
    const warn = labels[PSA_LABEL.warn];
    if (enforce !== undefined) posture.enforce = enforce;
    if (enforceVersion !== undefined) posture.enforceVersion = enforceVersion;
    if (audit !== undefined) posture.audit = audit;
    if (warn !== undefined) posture.warn = warn;
    return posture;
  });
}
