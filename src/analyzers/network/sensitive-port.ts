/**
 * network.sensitive-port-exposed — databases, caches, brokers and administration interfaces
 * reachable across namespaces or from outside the cluster.
 * Reads:   container ports (number, name, protocol) against the table in sensitive-ports.ts; the
 *          NetworkPolicies of both ends; Services, Ingresses, routes, hostPort and hostNetwork
 * Fails:   on a sensitive port, the workload accepts pods of any namespace (its ingress is not
 *          isolated, or a rule admits every namespace), or a workload of another namespace in the
 *          input may connect (its egress and the destination's ingress both allow it), or a path
 *          from outside the cluster reaches it through NetworkPolicy.
 * Passes:  only workloads of its own namespace may connect. One finding per workload and port.
 */
import type { Localized } from '../../model/index.js';
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { ruleName } from './describe.js';
import { connectionAllowed, everyNamespaceRules } from './engine.js';
import { exposuresOf } from './exposure.js';
import { networkModel, type NetPod, type NetworkModel } from './model.js';
import type { Protocol } from './ports.js';
import { CATEGORY_TEXT, sensitiveService } from './sensitive-ports.js';
import { listSome } from './scope.js';

export const sensitivePortExposed: InventoryCheck = {
  id: 'network.sensitive-port-exposed',
  run(inventory, ctx) {
    const model = networkModel(inventory, ctx.inputError);
    const out: InventoryViolation[] = [];
    for (const pod of model.pods) {
      for (const cp of pod.ports) {
        const service = sensitiveService(cp);
        if (!service) continue;
        const reasons: Localized[] = [];
        if (pod.ingress.length === 0) {
          reasons.push(
            pod.hostNetwork
              ? { en: 'from any pod and any address: it runs in the host network, where NetworkPolicy does not apply', zh: '任意 Pod 和任意地址均可访问（它运行在宿主机网络中，NetworkPolicy 不起作用）' }
              : { en: 'from pods of any namespace: no NetworkPolicy isolates its ingress', zh: '任意命名空间的 Pod 均可访问（没有 NetworkPolicy 隔离其入站流量）' },
          );
        } else {
          const rules = (everyNamespaceRules(model, pod) ?? []).filter((r) => model.ports.contains(r.ports, cp.protocol, cp.port));
          if (rules.length) {
            const names = rules.map((r) => ruleName(r.rule)).join(', ');
            reasons.push({ en: `from pods of any namespace, as ${names} admits`, zh: `任意命名空间的 Pod 均可访问（${names} 放行）` });
          }
        }
        const foreign = candidateSources(model, pod, cp.protocol, cp.port)
          .filter((src) => src.namespace !== pod.namespace && connectionAllowed(model, src, pod, cp.protocol, cp.port))
          .map((src) => src.label);
        if (foreign.length) {
          const names = listSome(foreign);
          reasons.push({ en: `from ${foreign.length} workload(s) of other namespaces: ${names.en}`, zh: `其他命名空间的 ${foreign.length} 个工作负载可访问（${names.zh}）` });
        }
        const outside = exposuresOf(model, pod).filter((e) => e.reachable && e.port === cp.port && e.protocol === cp.protocol).flatMap((e) => e.paths.map((p) => p.detail));
        if (outside.length) {
          const via = listSome(outside, 3);
          reasons.push({ en: `from outside the cluster via ${via.en}`, zh: `集群外部可经由 ${via.zh} 访问` });
        }
        if (reasons.length === 0) continue;
        const what = CATEGORY_TEXT[service.category];
        out.push({
          resource: pod.view.resource,
          path: cp.path,
          subject: `port:${cp.protocol}/${cp.port}`,
          message: {
            en: `${service.service} (${what.en}) on ${pod.label} port ${cp.protocol}/${cp.port} is reachable ${reasons.map((r) => r.en).join('; ')}`,
            zh: `${pod.label} 的 ${service.service}（${what.zh}）端口 ${cp.protocol}/${cp.port} 可被跨命名空间或外部访问：${reasons.map((r) => r.zh).join('；')}`,
          },
          evidence: `${cp.container}: containerPort ${cp.port}/${cp.protocol}${cp.name ? ` (${cp.name})` : ''}`,
        });
      }
    }
    return out;
  },
};

/** Pods the destination's ingress admits on the port, before their own egress is asked: every pod when it is not isolated. */
function candidateSources(model: NetworkModel, pod: NetPod, protocol: Protocol, port: number): readonly NetPod[] {
  if (pod.ingress.length === 0) return model.pods;
  const found = new Set<number>();
  for (const policy of pod.ingress) {
    for (const rule of policy.ingress) {
      if (!model.ports.contains(model.rulePorts(rule, pod), protocol, port)) continue;
      const peers = model.peerPods(rule);
      if (!peers) return model.pods;
      for (const i of peers) found.add(i);
    }
  }
  return [...found].sort((a, b) => a - b).map((i) => model.pods[i] as NetPod);
}
