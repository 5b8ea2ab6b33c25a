/**
 * pod.host-process — Pod Security Standards baseline, PSA check `windowsHostProcess`.
 * Reads:   spec.securityContext.windowsOptions.hostProcess
 *          spec.{containers,initContainers,ephemeralContainers}[*].securityContext.windowsOptions.hostProcess
 * Allowed: false, undefined
 * The pod-level field and each container's own field are judged on their own, as upstream does:
 * a pod-level `true` is one finding, and a container that repeats it is another.
 */
import type { Violation, WorkloadCheck } from '../../check.js';
import { containersOf } from '../../pod-spec.js';
import { specSubject } from './fields.js';

export const hostProcess: WorkloadCheck = {
  id: 'pod.host-process',
  run(pod) {
    const out: Violation[] = [];
    if (pod.spec.securityContext?.windowsOptions?.hostProcess === true) {
      out.push({
        path: [...pod.specPath, 'securityContext', 'windowsOptions', 'hostProcess'],
        subject: specSubject('securityContext', 'windowsOptions', 'hostProcess'),
        message: {
          en: 'pod runs its containers as Windows HostProcess containers (spec.securityContext.windowsOptions.hostProcess: true)',
          zh: 'Pod 将容器作为 Windows HostProcess 容器运行（spec.securityContext.windowsOptions.hostProcess: true）',
        },
        evidence: 'windowsOptions.hostProcess: true',
      });
    }
    for (const c of containersOf(pod)) {
      if (c.spec.securityContext?.windowsOptions?.hostProcess !== true) continue;
      out.push({
        path: [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'],
        subject: c.subject,
        container: c.name,
        message: {
          en: `container "${c.name}" runs as a Windows HostProcess container (windowsOptions.hostProcess: true)`,
          zh: `容器“${c.name}”作为 Windows HostProcess 容器运行（windowsOptions.hostProcess: true）`,
        },
        evidence: 'windowsOptions.hostProcess: true',
      });
    }
    return out;
  },
};
