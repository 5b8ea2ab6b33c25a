/**
 * pod.run-as-non-root — Pod Security Standards restricted, PSA check `runAsNonRoot`.
 * Reads:   spec.securityContext.runAsNonRoot
 *          spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsNonRoot
 *          spec.hostUsers
 * Allowed: true at pod level, with containers true or unset; or, with the pod level unset, true on
 *          every container. An explicit false anywhere fails, even where a container overrides a
 *          pod-level false with true (as upstream). From policy 1.35, any value when
 *          spec.hostUsers is false: root in a user namespace is not root on the node.
 * Findings follow upstream's order: explicit false settings first; containers that merely leave
 * the field unset are reported only when nothing sets it false (fixing the pod fixes them).
 */
import type { Violation, WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import { containersOf } from '../../pod-spec.js';
import { inUserNamespace, isSet, show, specSubject } from './fields.js';

export const runAsNonRoot: WorkloadCheck = {
  id: 'pod.run-as-non-root',
  run(pod, ctx) {
    if (pssVersionAtLeast(ctx.pssVersion, 35) && inUserNamespace(pod)) return [];
    const explicit: Violation[] = [];
    const podValue: unknown = pod.spec.securityContext?.runAsNonRoot;
    if (isSet(podValue) && podValue !== true) {
      explicit.push({
        path: [...pod.specPath, 'securityContext', 'runAsNonRoot'],
        subject: specSubject('securityContext', 'runAsNonRoot'),
        message: {
          en: `pod sets runAsNonRoot: ${show(podValue)}, so its containers may run as root`,
          zh: `Pod 设置了 runAsNonRoot: ${show(podValue)}，其容器可以 root 身份运行`,
        },
        evidence: `runAsNonRoot: ${show(podValue)}`,
      });
    }
    const unset: Violation[] = [];
    for (const c of containersOf(pod)) {
      const value: unknown = c.spec.securityContext?.runAsNonRoot;
      const path = [...c.path, 'securityContext', 'runAsNonRoot'];
      if (isSet(value)) {
        if (value === true) continue;
        explicit.push({
          path,
          subject: c.subject,
          container: c.name,
          message: {
            en: `container "${c.name}" sets runAsNonRoot: ${show(value)}, so it may run as root`,
            zh: `容器“${c.name}”设置了 runAsNonRoot: ${show(value)}，可以 root 身份运行`,
          },
          evidence: `runAsNonRoot: ${show(value)}`,
        });
      } else if (podValue !== true) {
        unset.push({
          path,
          subject: c.subject,
          container: c.name,
          message: {
            en: `container "${c.name}" does not set runAsNonRoot: true, and neither does the pod`,
            zh: `容器“${c.name}”未设置 runAsNonRoot: true，Pod 级别也未设置`,
          },
          evidence: 'runAsNonRoot: unset',
        });
      }
    }
    return explicit.length > 0 ? explicit : unset;
  },
};
