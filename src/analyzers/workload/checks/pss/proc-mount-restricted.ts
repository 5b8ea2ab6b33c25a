/**
 * pod.proc-mount-restricted — Pod Security Standards restricted, PSA check `procMount_restricted`,
 * policy 1.35 and later.
 * Reads:   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount
 *          spec.hostUsers
 * Allowed: undefined, null, "Default", whatever spec.hostUsers says.
 * Upstream this check replaces the baseline `procMount` check under restricted. Rampart keeps
 * pod.proc-mount and reports here only what it relaxes (hostUsers: false with a non-Default
 * procMount), so the two together are the restricted rule and no container is reported twice.
 */
import type { WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import { inUserNamespace } from './fields.js';
import { nonDefaultProcMounts } from './proc-mount.js';

export const procMountRestricted: WorkloadCheck = {
  id: 'pod.proc-mount-restricted',
  run(pod, ctx) {
    if (!pssVersionAtLeast(ctx.pssVersion, 35) || !inUserNamespace(pod)) return [];
    return nonDefaultProcMounts(pod, {
      en: ' (restricted allows only Default, even with hostUsers: false)',
      zh: '（restricted 级别即使在 hostUsers: false 时也只允许 Default）',
    });
  },
};
