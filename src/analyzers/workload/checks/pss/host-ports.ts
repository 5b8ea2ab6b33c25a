/**
 * pod.host-ports — Pod Security Standards baseline, PSA check `hostPorts`.
 * Reads:   spec.{containers,initContainers,ephemeralContainers}[*].ports[*].hostPort
 * Allowed: undefined, 0
 * One finding per container, listing every host port it binds; the path is the first of them.
 */
import type { WorkloadCheck } from '../../check.js';
import { containersOf } from '../../pod-spec.js';
import { isSet, listEn, listZh, show } from './fields.js';

export const hostPorts: WorkloadCheck = {
  id: 'pod.host-ports',
  run(pod) {
    return containersOf(pod).flatMap((c) => {
      const bound = (c.spec.ports ?? []).flatMap((port, i) => (isSet(port.hostPort) && port.hostPort !== 0 ? [{ i, port: show(port.hostPort) }] : []));
      const first = bound[0];
      if (!first) return [];
      const ports = bound.map((b) => b.port);
      return [
        {
          path: [...c.path, 'ports', first.i, 'hostPort'],
          subject: c.subject,
          container: c.name,
          message: {
            en: `container "${c.name}" binds host ports ${listEn(ports)} on the node`,
            zh: `容器“${c.name}”占用了节点的主机端口 ${listZh(ports)}`,
          },
          evidence: `hostPort: ${listEn(ports)}`,
        },
      ];
    });
  },
};
