/**
 * pod.readonly-root-fs — NSA/CISA Kubernetes Hardening Guidance, immutable container filesystems.
 * Reads:   spec.{containers,initContainers}[*].securityContext.readOnlyRootFilesystem
 * Passes:  true. (There is no pod-level setting to inherit.) Ephemeral containers: see
 *          template-containers.ts.
 */
import type { WorkloadCheck } from '../../check.js';
import { templateContainersOf } from './template-containers.js';

export const readonlyRootFs: WorkloadCheck = {
  id: 'pod.readonly-root-fs',
  run(pod) {
    return templateContainersOf(pod)
      .filter((c) => c.spec.securityContext?.readOnlyRootFilesystem !== true)
      .map((c) => {
        const value: unknown = c.spec.securityContext?.readOnlyRootFilesystem;
        return {
          path: [...c.path, 'securityContext', 'readOnlyRootFilesystem'],
          subject: c.subject,
          container: c.name,
          message: {
            en: `container "${c.name}" can write to its root filesystem`,
            zh: `容器“${c.name}”的根文件系统可写`,
          },
          evidence: `readOnlyRootFilesystem: ${value == null ? 'unset' : JSON.stringify(value)}`,
        };
      });
  },
};
