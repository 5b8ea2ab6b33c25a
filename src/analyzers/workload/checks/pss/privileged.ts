/**
 * pod.privileged — Pod Security Standards baseline, PSA check `privileged`.
 * Reads:   spec.containers[*].securityContext.privileged
 *          spec.initContainers[*].securityContext.privileged
 *          spec.ephemeralContainers[*].securityContext.privileged
 * Allowed: false, undefined
 */
import type { WorkloadCheck } from '../../check.js';
import { containersOf } from '../../pod-spec.js';

export const privileged: WorkloadCheck = {
  id: 'pod.privileged',
  run(pod) {
    return containersOf(pod)
      .filter((c) => c.spec.securityContext?.privileged === true)
      .map((c) => ({
        path: [...c.path, 'securityContext', 'privileged'],
        subject: c.subject,
        container: c.name,
        message: {
          en: `container "${c.name}" runs privileged`,
          zh: `容器“${c.name}”以特权模式运行`,
        },
        evidence: 'privileged: true',
      }));
  },
};
