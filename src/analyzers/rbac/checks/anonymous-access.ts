/**
 * rbac.anonymous-access — anonymous requests granted access (NSA/CISA: disable anonymous login).
 * Reads:   bindings naming the user system:anonymous or the group system:unauthenticated, and
 *          their roles' rules
 * Fails:   any rule beyond API discovery: the discovery, health, version and OIDC discovery paths
 *          and self subject reviews, which Kubernetes itself grants. Where the API server allows
 *          anonymous requests (the default), anyone who can reach it has this access.
 * Passes:  discovery-only grants, including Kubernetes' own system:public-info-viewer.
 */
import type { InventoryCheck } from '../../inventory.js';
import { rbacGraphsOf } from '../graph.js';
import { ANONYMOUS, UNAUTHENTICATED } from '../subjects.js';
import { describePopulation, populationViolations } from './population-access.js';

export const anonymousAccess: InventoryCheck = {
  id: 'rbac.anonymous-access',
  run(inventory, ctx) {
    return populationViolations(
      rbacGraphsOf(inventory, ctx),
      (s) => (s.kind === 'User' && s.name === ANONYMOUS) || (s.kind === 'Group' && s.name === UNAUTHENTICATED),
      (s) => describePopulation(s, 'anyone, without credentials', '任何人，无需凭据'),
    );
  },
};
