/**
 * pod.default-service-account — CIS Kubernetes 5.1.5 (default service accounts not actively used).
 * Reads:   spec.serviceAccountName, spec.serviceAccount (deprecated alias, used by Kubernetes only
 *          when serviceAccountName is empty)
 * Passes:  a service account other than `default`.
 */
import type { WorkloadCheck } from '../../check.js';
import type { PodSpec } from '../../pod-spec.js';

export const defaultServiceAccount: WorkloadCheck = {
  id: 'pod.default-service-account',
  run(pod) {
    const { field, name } = serviceAccountOf(pod.spec);
    if (name !== undefined && name !== 'default') return [];
    return [
      {
        path: [...pod.specPath, field],
        subject: 'spec.serviceAccountName',
        message:
          name === undefined
            ? {
                en: 'no service account is named, so the pod runs as the "default" service account of its namespace',
                zh: '未指定服务账号，Pod 将以所在命名空间的“default”服务账号运行',
              }
            : {
                en: 'the pod runs as the "default" service account of its namespace',
                zh: 'Pod 以所在命名空间的“default”服务账号运行',
              },
        evidence: `${field}: ${name ?? 'unset'}`,
      },
    ];
  },
};

function serviceAccountOf(spec: PodSpec): { field: 'serviceAccountName' | 'serviceAccount'; name?: string } {
  const named = nonEmpty(spec.serviceAccountName);
  if (named !== undefined) return { field: 'serviceAccountName', name: named };
  const legacy = nonEmpty(spec.serviceAccount);
  if (legacy !== undefined) return { field: 'serviceAccount', name: legacy };
  return { field: 'serviceAccountName' };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
