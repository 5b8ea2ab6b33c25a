import type { InventoryCheck } from '../inventory.js';
import { reachableFromAllNamespaces } from './all-namespaces.js';
import { namespaceDefaultDenyEgress, namespaceDefaultDenyIngress } from './default-deny.js';
import { directExposure } from './direct-exposure.js';
import { egressToInternet } from './egress-internet.js';
import { egressToMetadata } from './egress-metadata.js';
import { mtlsNotEnforced } from './mtls.js';
import { policySelectsNothing } from './policy-selects-nothing.js';
import { sensitivePortExposed } from './sensitive-port.js';

/** Network checks over the whole inventory (policies, services, ingresses, workloads, namespaces). */
export const NETWORK_CHECKS: readonly InventoryCheck[] = [
  namespaceDefaultDenyIngress,
  namespaceDefaultDenyEgress,
  reachableFromAllNamespaces,
  sensitivePortExposed,
  egressToInternet,
  egressToMetadata,
  directExposure,
  policySelectsNothing,
  mtlsNotEnforced,
];

export { networkSummary } from './summary.js';
export type { NamespaceNetwork, NetworkSummary, WorkloadNetwork } from '../../model/index.js';
