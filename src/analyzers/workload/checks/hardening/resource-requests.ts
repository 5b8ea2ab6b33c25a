/**
 * pod.resource-requests — scheduling reservations for cpu and memory.
 * Reads:   spec.{containers,initContainers}[*].resources.{requests,limits}.{cpu,memory}
 *          spec.resources.requests.{cpu,memory} (pod-level resources)
 * Passes:  a request for both cpu and memory. A limit without a request passes for that
 *          resource, because Kubernetes then sets the request equal to the limit. Ephemeral
 *          containers are skipped: Kubernetes does not allow resources on them.
 */
import type { WorkloadCheck } from '../../check.js';
import { missingResourceViolations, resourcesSet } from './resources.js';

export const resourceRequests: WorkloadCheck = {
  id: 'pod.resource-requests',
  run(pod) {
    return missingResourceViolations(pod, 'requests', (resources) => resourcesSet(resources.limits));
  },
};
