/**
 * pod.apparmor — Pod Security Standards baseline, PSA check `appArmorProfile`.
 * Reads:   spec.securityContext.appArmorProfile.type
 *          spec.{containers,initContainers,ephemeralContainers}[*].securityContext.appArmorProfile.type
 *          Allowed: RuntimeDefault, Localhost, or no appArmorProfile at all
 *          metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]
 *          Allowed: runtime/default, localhost/<profile>, "", undefined
 * Both channels are live upstream at every policy version. An appArmorProfile mapping without a
 * type fails, as it does upstream. Pod and container fields are judged each on their own.
 */
import type { Violation, WorkloadCheck } from '../../check.js';
import type { AppArmorProfile } from '../../pod-spec.js';
import { containersOf } from '../../pod-spec.js';
import { isSet, show, specSubject } from './fields.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function badType(profile: AppArmorProfile | undefined | null): boolean {
  return isSet(profile) && profile?.type !== 'RuntimeDefault' && profile?.type !== 'Localhost';
}

function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

export const appArmor: WorkloadCheck = {
  id: 'pod.apparmor',
  run(pod) {
    const out: Violation[] = [];
    const podProfile = pod.spec.securityContext?.appArmorProfile;
    if (badType(podProfile)) {
      const type = show(podProfile?.type);
      out.push({
        path: [...pod.specPath, 'securityContext', 'appArmorProfile', 'type'],
        subject: specSubject('securityContext', 'appArmorProfile', 'type'),
        message: {
          en: `pod sets AppArmor profile type ${type} for all its containers`,
          zh: `Pod 为全部容器设置了 AppArmor 配置类型 ${type}`,
        },
        evidence: `appArmorProfile.type: ${type}`,
      });
    }
    const containers = containersOf(pod);
    for (const c of containers) {
      const profile = c.spec.securityContext?.appArmorProfile;
      if (!badType(profile)) continue;
      const type = show(profile?.type);
      out.push({
        path: [...c.path, 'securityContext', 'appArmorProfile', 'type'],
        subject: c.subject,
        container: c.name,
        message: {
          en: `container "${c.name}" sets AppArmor profile type ${type}`,
          zh: `容器“${c.name}”设置了 AppArmor 配置类型 ${type}`,
        },
        evidence: `appArmorProfile.type: ${type}`,
      });
    }
    for (const [key, raw] of Object.entries(pod.metadata.annotations ?? {})) {
      if (!key.startsWith(ANNOTATION_PREFIX)) continue;
      // A null annotation value decodes to "" upstream.
      const value: unknown = raw;
      const text = value == null ? '' : typeof value === 'string' ? value : show(value);
      if (allowedAnnotation(text)) continue;
      const target = key.slice(ANNOTATION_PREFIX.length);
      const violation: Violation = {
        path: [...pod.metadataPath, 'annotations', key],
        subject: `annotation:${key}`,
        message: {
          en: `annotation ${key} sets AppArmor profile ${text} for container "${target}"`,
          zh: `注解 ${key} 为容器“${target}”设置了 AppArmor 配置 ${text}`,
        },
        evidence: `${key}: ${text}`,
      };
      if (containers.some((c) => c.name === target)) violation.container = target;
      out.push(violation);
    }
    return out;
  },
};
