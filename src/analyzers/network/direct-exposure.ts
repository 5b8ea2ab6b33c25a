/**
 * network.direct-exposure — workloads opened on node or load-balancer addresses, bypassing the
 * Ingress or Gateway that should be the cluster's controlled entry point.
 * Reads:   Services: spec.type (NodePort, LoadBalancer), spec.externalIPs, ports, selector,
 *          loadBalancerSourceRanges and internal-load-balancer annotations; workloads:
 *          spec.hostNetwork, containers[].ports[].hostPort
 * Fails:   one finding per such Service, per hostNetwork workload and per hostPort. The message
 *          says whether NetworkPolicy lets outside traffic through. hostNetwork and hostPort are
 *          also Pod Security rules (pod.host-network, pod.host-ports); here they are reported as
 *          entry points into the network, which other controls ask about.
 * Passes:  ClusterIP Services without externalIPs; workloads on the pod network without hostPorts.
 */
import type { Localized } from '../../model/index.js';
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { admitsExternal } from './engine.js';
import { networkModel } from './model.js';
import { listSome } from './scope.js';

export const directExposure: InventoryCheck = {
  id: 'network.direct-exposure',
  run(inventory, ctx) {
    const model = networkModel(inventory, ctx.inputError);
    const out: InventoryViolation[] = [];
    for (const svc of model.services) {
      const nodePorts = svc.type === 'NodePort' || svc.type === 'LoadBalancer';
      if (!nodePorts && svc.externalIPs.length === 0) continue;
      const name = `${svc.namespace}/${svc.resource.name}`;
      const ways: Localized[] = [];
      if (svc.type === 'LoadBalancer') {
        const sources = svc.sourceRanges.length ? svc.sourceRanges.join(', ') : '';
        ways.push({
          en: `a ${svc.internal ? 'cloud-internal ' : ''}load balancer${sources ? ` (sources ${sources})` : ''}`,
          zh: `${svc.internal ? '云内网' : ''}负载均衡器${sources ? `（来源限制 ${sources}）` : ''}`,
        });
      }
      const allocated = svc.ports.filter((p) => p.nodePort !== 0);
      if (nodePorts && allocated.length) {
        const list = allocated.map((p) => (p.nodePort === undefined ? `auto (for port ${p.port}/${p.protocol})` : `${p.nodePort}/${p.protocol}`)).join(', ');
        ways.push({ en: `node ports ${list} on every node`, zh: `每个节点上的节点端口 ${list}` });
      }
      if (svc.externalIPs.length) ways.push({ en: `external IPs ${svc.externalIPs.join(', ')}`, zh: `外部 IP ${svc.externalIPs.join('、')}` });
      const backends = svc.pods.map((p) => p.label);
      const admitted = svc.pods.filter((pod) => svc.ports.some((sp) => typeof sp.targetPort === 'number' ? admitsExternal(model, pod, sp.protocol, sp.targetPort) : pod.ports.some((cp) => cp.name === sp.targetPort && admitsExternal(model, pod, cp.protocol, cp.port))));
      const to: Localized = backends.length
        ? { en: `to ${listSome(backends).en}`, zh: `指向 ${listSome(backends).zh}` }
        : { en: 'to no workload in the input', zh: '当前输入中没有对应的工作负载' };
      const policy: Localized = backends.length === 0
        ? { en: '', zh: '' }
        : admitted.length
          ? { en: `; NetworkPolicy admits outside addresses to ${listSome(admitted.map((p) => p.label)).en}`, zh: `；NetworkPolicy 允许外部地址访问 ${listSome(admitted.map((p) => p.label)).zh}` }
          : { en: '; NetworkPolicy admits no outside address to its pods', zh: '；NetworkPolicy 不允许外部地址访问其 Pod' };
      out.push({
        resource: svc.resource,
        path: svc.type === 'ClusterIP' ? ['spec', 'externalIPs'] : ['spec', 'type'],
        subject: 'service-exposure',
        message: {
          en: `Service ${name} (type ${svc.type}) opens ${ways.map((w) => w.en).join(' and ')} ${to.en}${policy.en}`,
          zh: `Service ${name}（类型 ${svc.type}）开放了${ways.map((w) => w.zh).join('和')}，${to.zh}${policy.zh}`,
        },
        evidence: `type: ${svc.type}${svc.externalIPs.length ? `, externalIPs: ${svc.externalIPs.join(', ')}` : ''}`,
      });
    }
    for (const pod of model.pods) {
      if (pod.hostNetwork) {
        const ports = pod.ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
        out.push({
          resource: pod.view.resource,
          path: [...pod.view.specPath, 'hostNetwork'],
          subject: 'exposure:hostNetwork',
          message: {
            en: `${pod.label} runs in the host network: it listens on every node's address (${ports ? `ports ${ports}` : 'on whatever ports it opens'}) and NetworkPolicy does not govern its traffic`,
            zh: `${pod.label} 运行在宿主机网络中：直接监听每个节点的地址（${ports ? `端口 ${ports}` : '其打开的所有端口'}），且其流量不受 NetworkPolicy 管控`,
          },
          evidence: 'hostNetwork: true',
        });
        continue;
      }
      for (const cp of pod.ports) {
        if (cp.hostPort === undefined) continue;
        const admitted = admitsExternal(model, pod, cp.protocol, cp.port);
        out.push({
          resource: pod.view.resource,
          path: [...cp.path, 'hostPort'],
          subject: `exposure:hostPort:${cp.protocol}/${cp.hostPort}`,
          message: {
            en: `${pod.label} publishes container port ${cp.port}/${cp.protocol} on port ${cp.hostPort} of its node's address; NetworkPolicy ${admitted ? 'admits' : 'admits no'} outside addresses on it`,
            zh: `${pod.label} 将容器端口 ${cp.port}/${cp.protocol} 发布到所在节点地址的 ${cp.hostPort} 端口；NetworkPolicy ${admitted ? '允许' : '不允许'}外部地址访问该端口`,
          },
          evidence: `hostPort: ${cp.hostPort}`,
        });
      }
    }
    return out;
  },
};
