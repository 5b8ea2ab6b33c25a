/**
 * pod.seccomp-unconfined — Pod Security Standards baseline, PSA check `seccompProfile_baseline`.
 * Policy 1.19 and later:
 *   Reads:   spec.securityContext.seccompProfile.type
 *            spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seccompProfile.type
 *   Allowed: RuntimeDefault, Localhost, or no seccompProfile at all. Unconfined fails, and so does
 *            a seccompProfile with a missing or unknown type, as upstream.
 * Policy before 1.19 (the fields did not exist; upstream reads the alpha annotations instead):
 *   Reads:   metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]
 *            metadata.annotations["container.seccomp.security.alpha.kubernetes.io/<container name>"]
 *   Allowed: runtime/default, docker/default, localhost/<profile>, undefined
 * Pod and container settings are judged each on their own. pod.seccomp-required (restricted)
 * reports only profiles that are missing, never these.
 */
import type { Violation, WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import type { PodView, SeccompProfile } from '../../pod-spec.js';
import { containersOf } from '../../pod-spec.js';
import { show, specSubject } from './fields.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** Whether a seccompProfile, when set, names a confining profile. Shared with pod.seccomp-required. */
export function confiningSeccomp(profile: SeccompProfile): boolean {
  return profile.type === 'RuntimeDefault' || profile.type === 'Localhost';
}

export const seccompUnconfined: WorkloadCheck = {
  id: 'pod.seccomp-unconfined',
  run(pod, ctx) {
    return pssVersionAtLeast(ctx.pssVersion, 19) ? fromFields(pod) : fromAnnotations(pod);
  },
};

function fromFields(pod: PodView): Violation[] {
  const out: Violation[] = [];
  const podProfile = pod.spec.securityContext?.seccompProfile;
  if (podProfile && !confiningSeccomp(podProfile)) {
    const type = show(podProfile.type);
    out.push({
      path: [...pod.specPath, 'securityContext', 'seccompProfile', 'type'],
      subject: specSubject('securityContext', 'seccompProfile', 'type'),
      message: {
        en: `pod sets seccomp profile type ${type} for all its containers, so their system calls are not filtered`,
        zh: `Pod 为全部容器设置了 seccomp 配置类型 ${type}，容器的系统调用不受过滤`,
      },
      evidence: `seccompProfile.type: ${type}`,
    });
  }
  for (const c of containersOf(pod)) {
    const profile = c.spec.securityContext?.seccompProfile;
    if (!profile || confiningSeccomp(profile)) continue;
    const type = show(profile.type);
    out.push({
      path: [...c.path, 'securityContext', 'seccompProfile', 'type'],
      subject: c.subject,
      container: c.name,
      message: {
        en: `container "${c.name}" sets seccomp profile type ${type}, so its system calls are not filtered`,
        zh: `容器“${c.name}”设置了 seccomp 配置类型 ${type}，其系统调用不受过滤`,
      },
      evidence: `seccompProfile.type: ${type}`,
    });
  }
  return out;
}

function allowedAnnotation(value: unknown): boolean {
  return value === 'runtime/default' || value === 'docker/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

function fromAnnotations(pod: PodView): Violation[] {
  const annotations: Record<string, unknown> = pod.metadata.annotations ?? {};
  const out: Violation[] = [];
  const check = (key: string, container?: string): void => {
    if (!Object.hasOwn(annotations, key)) return;
    // A null annotation value decodes to "" upstream.
    const value = annotations[key] ?? '';
    if (allowedAnnotation(value)) return;
    const v: Violation = {
      path: [...pod.metadataPath, 'annotations', key],
      subject: `annotation:${key}`,
      message: container
        ? {
            en: `annotation ${key} sets seccomp profile ${show(value)} for container "${container}"`,
            zh: `注解 ${key} 为容器“${container}”设置了 seccomp 配置 ${show(value)}`,
          }
        : {
            en: `annotation ${key} sets seccomp profile ${show(value)} for the whole pod`,
            zh: `注解 ${key} 为整个 Pod 设置了 seccomp 配置 ${show(value)}`,
          },
      evidence: `${key}: ${show(value)}`,
    };
    if (container) v.container = container;
    out.push(v);
  };
  check(POD_ANNOTATION);
  // Only annotations naming a container of this pod count, as upstream looks them up by name.
  for (const c of containersOf(pod)) check(CONTAINER_ANNOTATION_PREFIX + c.name, c.name);
  return out;
}
