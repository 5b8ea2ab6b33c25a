/**
 * pod.seccomp-required — Pod Security Standards restricted, PSA check `seccompProfile_restricted`,
 * policy 1.19 and later.
 * Reads:   spec.securityContext.seccompProfile.type
 *          spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seccompProfile.type
 *          spec.os.name
 * Allowed: RuntimeDefault or Localhost, set at pod level (containers may then leave it unset) or
 *          on every container. From policy 1.25, pods with spec.os.name: windows are exempt.
 * Upstream this check replaces `seccompProfile_baseline` under restricted. Rampart keeps
 * pod.seccomp-unconfined for profiles set to a wrong type and reports here only profiles that are
 * missing: a container with no seccompProfile while the pod level has none either. When the pod
 * level is set to a wrong type, pod.seccomp-unconfined reports it and fixing it covers the
 * containers, as upstream's message does.
 */
import type { WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import { containersOf } from '../../pod-spec.js';
import { isWindowsPod } from './fields.js';

export const seccompRequired: WorkloadCheck = {
  id: 'pod.seccomp-required',
  run(pod, ctx) {
    if (!pssVersionAtLeast(ctx.pssVersion, 19)) return [];
    if (pssVersionAtLeast(ctx.pssVersion, 25) && isWindowsPod(pod)) return [];
    if (pod.spec.securityContext?.seccompProfile) return [];
    return containersOf(pod)
      .filter((c) => !c.spec.securityContext?.seccompProfile)
      .map((c) => ({
        path: [...c.path, 'securityContext', 'seccompProfile', 'type'],
        subject: c.subject,
        container: c.name,
        message: {
          en: `container "${c.name}" sets no seccompProfile, and neither does the pod; its type must be RuntimeDefault or Localhost`,
          zh: `容器“${c.name}”未设置 seccompProfile，Pod 级别也未设置；其 type 须为 RuntimeDefault 或 Localhost`,
        },
        evidence: 'seccompProfile: unset',
      }));
  },
};
