/**
 * pod.run-as-user-root — Pod Security Standards restricted, PSA check `runAsUser`, policy 1.23
 * and later.
 * Reads:   spec.securityContext.runAsUser
 *          spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsUser
 *          spec.hostUsers
 * Allowed: any non-zero UID, or unset. A pod-level 0 fails even where every container overrides
 *          it (as upstream). From policy 1.35, any value when spec.hostUsers is false.
 */
import type { Violation, WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import { containersOf } from '../../pod-spec.js';
import { inUserNamespace, specSubject } from './fields.js';

export const runAsUserRoot: WorkloadCheck = {
  id: 'pod.run-as-user-root',
  run(pod, ctx) {
    if (!pssVersionAtLeast(ctx.pssVersion, 23)) return [];
    if (pssVersionAtLeast(ctx.pssVersion, 35) && inUserNamespace(pod)) return [];
    const out: Violation[] = [];
    if (pod.spec.securityContext?.runAsUser === 0) {
      out.push({
        path: [...pod.specPath, 'securityContext', 'runAsUser'],
        subject: specSubject('securityContext', 'runAsUser'),
        message: {
          en: 'pod sets runAsUser: 0, running its containers as root',
          zh: 'Pod 设置了 runAsUser: 0，容器将以 root 身份运行',
        },
        evidence: 'runAsUser: 0',
      });
    }
    for (const c of containersOf(pod)) {
      if (c.spec.securityContext?.runAsUser !== 0) continue;
      out.push({
        path: [...c.path, 'securityContext', 'runAsUser'],
        subject: c.subject,
        container: c.name,
        message: {
          en: `container "${c.name}" sets runAsUser: 0 and runs as root`,
          zh: `容器“${c.name}”设置了 runAsUser: 0，以 root 身份运行`,
        },
        evidence: 'runAsUser: 0',
      });
    }
    return out;
  },
};
