/**
 * pod.resource-limits — NSA/CISA Kubernetes Hardening Guidance, resource policies.
 * Reads:   spec.{containers,initContainers}[*].resources.limits.{cpu,memory}
 *          spec.resources.limits.{cpu,memory} (pod-level resources)
 * Passes:  both cpu and memory limits set, on the container or for the whole pod. One violation
 *          per container naming what is missing. Ephemeral containers are skipped: Kubernetes
 *          does not allow resources on them.
 */
import type { WorkloadCheck } from '../../check.js';
import { missingResourceViolations } from './resources.js';

export const resourceLimits: WorkloadCheck = {
  id: 'pod.resource-limits',
  run(pod) {
    return missingResourceViolations(pod, 'limits', () => new Set());
  },
};
