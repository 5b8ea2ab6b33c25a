/**
 * pod.capabilities-baseline — Pod Security Standards baseline, PSA check `capabilities_baseline`.
 * Reads:   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.add
 * Allowed: undefined, empty, or only capabilities of the container runtime's default set:
 *          AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP
 *          SETGID SETPCAP SETUID SYS_CHROOT (NET_RAW, though a runtime default, is not allowed)
 * Comparison is exact and case-sensitive, as upstream's is.
 */
import type { WorkloadCheck } from '../../check.js';
import { containersOf } from '../../pod-spec.js';
import { listEn, listZh, show } from './fields.js';

export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const capabilitiesBaseline: WorkloadCheck = {
  id: 'pod.capabilities-baseline',
  run(pod) {
    return containersOf(pod).flatMap((c) => {
      const added = c.spec.securityContext?.capabilities?.add ?? [];
      const forbidden = [...new Set(added.filter((cap) => !BASELINE_CAPABILITIES.has(cap)))];
      if (forbidden.length === 0) return [];
      return [
        {
          path: [...c.path, 'securityContext', 'capabilities', 'add'],
          subject: c.subject,
          container: c.name,
          message: {
            en: `container "${c.name}" adds capabilities beyond the default set: ${listEn(forbidden)}`,
            zh: `容器“${c.name}”添加了默认集合之外的 Linux 能力：${listZh(forbidden)}`,
          },
          evidence: `capabilities.add: ${show(forbidden)}`,
        },
      ];
    });
  },
};
