/**
 * rbac.authenticated-access — every authenticated identity granted access.
 * Reads:   bindings naming the group system:authenticated (every user and ServiceAccount with any
 *          valid credential) or system:serviceaccounts (every ServiceAccount of every namespace),
 *          and their roles' rules
 * Fails:   any rule beyond API discovery and self subject reviews: the grant reaches every pod's
 *          token in the cluster, so one compromised workload has it.
 * Passes:  discovery-only grants, including Kubernetes' own system:discovery, system:basic-user
 *          and system:service-account-issuer-discovery.
 */
import type { InventoryCheck } from '../../inventory.js';
import { rbacGraphsOf } from '../graph.js';
import { ALL_SERVICE_ACCOUNTS, AUTHENTICATED } from '../subjects.js';
import { describePopulation, populationViolations } from './population-access.js';

export const authenticatedAccess: InventoryCheck = {
  id: 'rbac.authenticated-access',
  run(inventory, ctx) {
    return populationViolations(
      rbacGraphsOf(inventory, ctx),
      (s) => s.kind === 'Group' && (s.name === AUTHENTICATED || s.name === ALL_SERVICE_ACCOUNTS),
      (s) =>
        s.name === AUTHENTICATED
          ? describePopulation(s, 'every authenticated user and ServiceAccount', '所有已认证用户和服务账号')
          : describePopulation(s, 'every ServiceAccount in the cluster', '集群中所有服务账号'),
    );
  },
};
