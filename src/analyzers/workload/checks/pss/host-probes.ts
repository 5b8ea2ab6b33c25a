/**
 * pod.host-probes — Pod Security Standards baseline, PSA check `hostProbesAndHostLifecycle`,
 * policy 1.34 and later (earlier versions have no such rule).
 * Reads:   spec.{containers,initContainers,ephemeralContainers}[*]
 *            .{livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host
 *            .lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host
 * Allowed: undefined, null, ""
 * A host there makes the kubelet connect to an arbitrary address from the node's network.
 * (`tcpSocket` is not a valid lifecycle handler, but upstream still checks it, so we do.)
 */
import type { ObjectPath } from '../../../../model/index.js';
import { isRecord } from '../../../../model/index.js';
import type { WorkloadCheck } from '../../check.js';
import { pssVersionAtLeast } from '../../check.js';
import { containersOf } from '../../pod-spec.js';
import { isSet, listEn, listZh, show } from './fields.js';

const HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];

export const hostProbes: WorkloadCheck = {
  id: 'pod.host-probes',
  run(pod, ctx) {
    if (!pssVersionAtLeast(ctx.pssVersion, 34)) return [];
    return containersOf(pod).flatMap((c) => {
      const found: { path: ObjectPath; field: string; host: string }[] = [];
      for (const handlerPath of HANDLERS) {
        let handler: unknown = c.spec;
        for (const seg of handlerPath) handler = isRecord(handler) ? handler[seg] : undefined;
        if (!isRecord(handler)) continue;
        for (const action of ['httpGet', 'tcpSocket']) {
          const target = handler[action];
          if (!isRecord(target) || !isSet(target.host) || target.host === '') continue;
          found.push({ path: [...c.path, ...handlerPath, action, 'host'], field: [...handlerPath, action, 'host'].join('.'), host: show(target.host) });
        }
      }
      const first = found[0];
      if (!first) return [];
      const items = found.map((f) => `${f.field}: ${f.host}`);
      return [
        {
          path: first.path,
          subject: c.subject,
          container: c.name,
          message: {
            en: `container "${c.name}" points probes or lifecycle hooks at another host: ${listEn(items)}`,
            zh: `容器“${c.name}”的探针或生命周期钩子指向了其他主机：${listZh(items)}`,
          },
          evidence: items.join('; '),
        },
      ];
    });
  },
};
