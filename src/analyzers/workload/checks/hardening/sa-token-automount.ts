/**
 * pod.sa-token-automount — CIS Kubernetes 5.1.6 (mount service account tokens only where needed).
 * Reads:   spec.automountServiceAccountToken
 * Passes:  false.
 * Judged on the pod spec alone: a ServiceAccount that sets `automountServiceAccountToken: false`
 * is not consulted here, so a pod relying on it is reported and can be waived or made explicit.
 */
import type { WorkloadCheck } from '../../check.js';

export const saTokenAutomount: WorkloadCheck = {
  id: 'pod.sa-token-automount',
  run(pod) {
    const value: unknown = pod.spec.automountServiceAccountToken;
    if (value === false) return [];
    const unset = value === undefined || value === null;
    return [
      {
        path: [...pod.specPath, 'automountServiceAccountToken'],
        subject: 'spec.automountServiceAccountToken',
        message: unset
          ? {
              en: 'the service account token is mounted into every container: automountServiceAccountToken is not set to false',
              zh: '服务账号令牌会挂载到每个容器中:未将 automountServiceAccountToken 设为 false',
            }
          : {
              en: 'the pod asks for its service account token to be mounted into every container',
              zh: '该 Pod 显式要求将服务账号令牌挂载到每个容器中',
            },
        evidence: `automountServiceAccountToken: ${unset ? 'unset' : JSON.stringify(value)}`,
      },
    ];
  },
};
