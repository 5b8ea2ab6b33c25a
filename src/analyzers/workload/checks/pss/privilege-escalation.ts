/**
 * pod.privilege-escalation — Pod Security Standards restricted, PSA check
 * `allowPrivilegeEscalation`, policy 1.8 and later (the field's first release).
 * Reads:   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.allowPrivilegeEscalation
 *          spec.os.name
 * Allowed: false, and nothing else: unset fails, because the runtime then allows escalation.
 *          From policy 1.25, pods with spec.os.name: windows are exempt (the field is Linux-only).
 * There is no pod-level field to inherit from.
 */
import type { WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import { containersOf } from '../../pod-spec.js';
import { isWindowsPod, show } from './fields.js';

export const privilegeEscalation: WorkloadCheck = {
  id: 'pod.privilege-escalation',
  run(pod, ctx) {
    if (!pssVersionAtLeast(ctx.pssVersion, 8)) return [];
    if (pssVersionAtLeast(ctx.pssVersion, 25) && isWindowsPod(pod)) return [];
    return containersOf(pod).flatMap((c) => {
      const value: unknown = c.spec.securityContext?.allowPrivilegeEscalation;
      if (value === false) return [];
      const shown = show(value ?? undefined);
      return [
        {
          path: [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
          subject: c.subject,
          container: c.name,
          message: {
            en: `container "${c.name}" does not set allowPrivilegeEscalation: false (found ${shown}), so setuid binaries can gain privileges`,
            zh: `容器“${c.name}”未设置 allowPrivilegeEscalation: false（当前为 ${shown}），进程可通过 setuid 程序提升权限`,
          },
          evidence: `allowPrivilegeEscalation: ${shown}`,
        },
      ];
    });
  },
};
