/**
 * pod.selinux — Pod Security Standards baseline, PSA check `seLinuxOptions`.
 * Reads:   spec.securityContext.seLinuxOptions.{type,user,role}
 *          spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seLinuxOptions.{type,user,role}
 * Allowed: type — undefined, "", container_t, container_init_t, container_kvm_t, and from policy
 *          1.31 container_engine_t; user and role — undefined or "".
 *          `level` is not restricted.
 * Pod and container options are judged each on their own, as upstream does; one finding per
 * setter lists every offending option, with the path at the first of them.
 */
import type { ObjectPath } from '../../../../model/index.js';
import type { Violation, WorkloadCheck, WorkloadContext } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import type { SELinuxOptions } from '../../pod-spec.js';
import { containersOf } from '../../pod-spec.js';
import { isSet, listEn, listZh, show, specSubject } from './fields.js';

const TYPES_1_0 = ['container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_1_31 = [...TYPES_1_0, 'container_engine_t'];

function offending(options: SELinuxOptions | undefined, at: ObjectPath, ctx: WorkloadContext): { path: ObjectPath; items: string[] } | undefined {
  if (!options) return undefined;
  const allowedTypes = pssVersionAtLeast(ctx.pssVersion, 31) ? TYPES_1_31 : TYPES_1_0;
  const found: { field: string; value: unknown }[] = [];
  if (isSet(options.type) && options.type !== '' && !allowedTypes.includes(options.type as string)) found.push({ field: 'type', value: options.type });
  for (const field of ['user', 'role'] as const) {
    if (isSet(options[field]) && options[field] !== '') found.push({ field, value: options[field] });
  }
  const first = found[0];
  if (!first) return undefined;
  return { path: [...at, 'seLinuxOptions', first.field], items: found.map((f) => `seLinuxOptions.${f.field}: ${show(f.value)}`) };
}

export const seLinux: WorkloadCheck = {
  id: 'pod.selinux',
  run(pod, ctx) {
    const out: Violation[] = [];
    const podBad = offending(pod.spec.securityContext?.seLinuxOptions, [...pod.specPath, 'securityContext'], ctx);
    if (podBad) {
      out.push({
        path: podBad.path,
        subject: specSubject('securityContext', 'seLinuxOptions'),
        message: {
          en: `pod sets forbidden SELinux options for all its containers: ${listEn(podBad.items)}`,
          zh: `Pod 为全部容器设置了不允许的 SELinux 选项：${listZh(podBad.items)}`,
        },
        evidence: podBad.items.join('; '),
      });
    }
    for (const c of containersOf(pod)) {
      const bad = offending(c.spec.securityContext?.seLinuxOptions, [...c.path, 'securityContext'], ctx);
      if (!bad) continue;
      out.push({
        path: bad.path,
        subject: c.subject,
        container: c.name,
        message: {
          en: `container "${c.name}" sets forbidden SELinux options: ${listEn(bad.items)}`,
          zh: `容器“${c.name}”设置了不允许的 SELinux 选项：${listZh(bad.items)}`,
        },
        evidence: bad.items.join('; '),
      });
    }
    return out;
  },
};
