/**
 * pod.security-context-missing — CIS Kubernetes 5.6.3 (apply SecurityContext to pods and containers).
 * Reads:   spec.{containers,initContainers}[*].securityContext
 *          spec.securityContext.{runAsNonRoot,runAsUser,runAsGroup,seccompProfile,seLinuxOptions,
 *          appArmorProfile,windowsOptions}
 * Passes:  the container sets at least one securityContext field, or the pod sets at least one
 *          of the fields above, which Kubernetes applies to every container that does not
 *          override it. Pod-only fields (fsGroup, supplementalGroups, sysctls, …) do not count:
 *          they say nothing about how the container's process runs. An empty mapping, or fields
 *          set to null, count as absent.
 * This check only catches "nothing was decided"; whether the values chosen are safe is for the
 * Pod Security Standards checks and pod.readonly-root-fs. Ephemeral containers: see
 * template-containers.ts.
 */
import type { WorkloadCheck } from '../../check.js';
import type { PodSecurityContext } from '../../pod-spec.js';
import { templateContainersOf } from './template-containers.js';

const INHERITED_BY_CONTAINERS = [
  'runAsNonRoot',
  'runAsUser',
  'runAsGroup',
  'seccompProfile',
  'seLinuxOptions',
  'appArmorProfile',
  'windowsOptions',
] as const satisfies readonly (keyof PodSecurityContext)[];

export const securityContextMissing: WorkloadCheck = {
  id: 'pod.security-context-missing',
  run(pod) {
    const podContext = pod.spec.securityContext;
    if (podContext && INHERITED_BY_CONTAINERS.some((f) => podContext[f] != null)) return [];
    return templateContainersOf(pod)
      .filter((c) => !hasAnyField(c.spec.securityContext))
      .map((c) => ({
        path: [...c.path, 'securityContext'],
        subject: c.subject,
        container: c.name,
        message: {
          en: `container "${c.name}" has no securityContext, and the pod sets none that it would inherit`,
          zh: `容器“${c.name}”未设置 securityContext,Pod 级别也没有可供其继承的安全设置`,
        },
        evidence: c.spec.securityContext ? 'securityContext: {}' : 'securityContext: unset',
      }));
  },
};

function hasAnyField(context: object | undefined): boolean {
  return context !== undefined && Object.values(context).some((v) => v != null);
}
