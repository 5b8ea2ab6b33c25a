/**
 * pod.proc-mount — Pod Security Standards baseline, PSA check `procMount`.
 * Reads:   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount
 * Allowed: undefined, null, "Default"; from policy 1.35, any value when spec.hostUsers is false
 *          (an unmasked /proc inside a user namespace does not expose the host's).
 * Restricted takes that relaxation back: pod.proc-mount-restricted reports exactly the cases
 * relaxed here, so the two together are the restricted rule.
 */
import type { Localized } from '../../../../model/index.js';
import type { Violation, WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import type { PodView } from '../../pod-spec.js';
import { containersOf } from '../../pod-spec.js';
import { inUserNamespace, isSet, show } from './fields.js';

/** A finding for each container whose procMount is set to anything but Default. */
export function nonDefaultProcMounts(pod: PodView, note: Localized = { en: '', zh: '' }): Violation[] {
  return containersOf(pod).flatMap((c) => {
    const procMount: unknown = c.spec.securityContext?.procMount;
    if (!isSet(procMount) || procMount === 'Default') return [];
    return [
      {
        path: [...c.path, 'securityContext', 'procMount'],
        subject: c.subject,
        container: c.name,
        message: {
          en: `container "${c.name}" sets procMount ${show(procMount)}, leaving /proc unmasked${note.en}`,
          zh: `容器“${c.name}”将 procMount 设为 ${show(procMount)}，/proc 不再被屏蔽${note.zh}`,
        },
        evidence: `procMount: ${show(procMount)}`,
      },
    ];
  });
}

export const procMount: WorkloadCheck = {
  id: 'pod.proc-mount',
  run(pod, ctx) {
    if (pssVersionAtLeast(ctx.pssVersion, 35) && inUserNamespace(pod)) return [];
    return nonDefaultProcMounts(pod);
  },
};
