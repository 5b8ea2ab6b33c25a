/**
 * pod.capabilities-restricted — Pod Security Standards restricted, PSA check
 * `capabilities_restricted`, policy 1.22 and later.
 * Reads:   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.drop
 *          spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.add
 *          spec.os.name
 * Allowed: drop must include "ALL"; add may hold only NET_BIND_SERVICE. From policy 1.25, pods
 *          with spec.os.name: windows are exempt.
 * Upstream this check replaces `capabilities_baseline` under restricted. Rampart keeps
 * pod.capabilities-baseline for adds outside the default set and reports here the rest: a missing
 * drop ALL, and adds from the default set other than NET_BIND_SERVICE. One finding per container;
 * the path is the drop list when that is at fault, else the add list.
 */
import type { ObjectPath } from '../../../../model/index.js';
import type { WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import { containersOf } from '../../pod-spec.js';
import { BASELINE_CAPABILITIES } from './capabilities-baseline.js';
import { isWindowsPod, show } from './fields.js';

export const capabilitiesRestricted: WorkloadCheck = {
  id: 'pod.capabilities-restricted',
  run(pod, ctx) {
    if (!pssVersionAtLeast(ctx.pssVersion, 22)) return [];
    if (pssVersionAtLeast(ctx.pssVersion, 25) && isWindowsPod(pod)) return [];
    return containersOf(pod).flatMap((c) => {
      const capsPath: ObjectPath = [...c.path, 'securityContext', 'capabilities'];
      const caps = c.spec.securityContext?.capabilities;
      const missingDropAll = !caps?.drop?.includes('ALL');
      const extraAdds = [...new Set((caps?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.has(cap)))];
      if (!missingDropAll && extraAdds.length === 0) return [];
      const evidence: string[] = [];
      const en: string[] = [];
      const zh: string[] = [];
      if (missingDropAll) {
        evidence.push(`capabilities.drop: ${show(caps?.drop)}`);
        en.push(`does not list ALL in capabilities.drop (found ${show(caps?.drop)})`);
        zh.push(`未在 capabilities.drop 中列出 ALL（当前为 ${show(caps?.drop)}）`);
      }
      if (extraAdds.length > 0) {
        evidence.push(`capabilities.add: ${show(extraAdds)}`);
        en.push(`adds ${extraAdds.join(', ')} in capabilities.add, where only NET_BIND_SERVICE is allowed`);
        zh.push(`在 capabilities.add 中添加了 ${extraAdds.join('、')}（只允许添加 NET_BIND_SERVICE）`);
      }
      return [
        {
          path: [...capsPath, missingDropAll ? 'drop' : 'add'],
          subject: c.subject,
          container: c.name,
          message: { en: `container "${c.name}" ${en.join(' and ')}`, zh: `容器“${c.name}”${zh.join('，并且')}` },
          evidence: evidence.join('; '),
        },
      ];
    });
  },
};
