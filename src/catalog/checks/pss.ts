import type { Check } from '../../model/index.js';

/**
 * Pod Security Standards (baseline and restricted, as the upstream pod-security-admission
 * implements them) over every pod template. Texts are written for the operator who has to fix
 * the manifest; the controls each check evidences are in ../frameworks.
 */
export const pssChecks: Check[] = [
  {
    id: 'pod.privileged',
    severity: 'critical',
    target: 'workload',
    pss: { level: 'baseline', control: 'privileged' },
    title: { en: 'Privileged container', zh: '特权容器' },
    description: {
      en: 'A privileged container runs with every capability and sees all host devices; a process that escapes it owns the node and everything scheduled there.',
      zh: '特权容器拥有全部 Linux 能力并可访问宿主机全部设备;容器内进程一旦逃逸,即可控制所在节点及其上运行的全部工作负载。',
    },
    remediation: {
      en: 'Remove `securityContext.privileged: true` (or set it to false). Grant only the specific capability the workload needs, and move node-level agents to a dedicated, tightly governed namespace.',
      zh: '删除 `securityContext.privileged: true`(或设为 false)。仅授予工作负载确实需要的单项能力;确需节点级权限的代理应部署到专用且受严格管控的命名空间。',
    },
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
];
