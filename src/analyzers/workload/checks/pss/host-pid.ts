/**
 * pod.host-pid — Pod Security Standards baseline, PSA check `hostNamespaces` (PID part).
 * Reads:   spec.hostPID
 * Allowed: false, undefined
 */
import { hostNamespaceCheck } from './host-namespace.js';

export const hostPid = hostNamespaceCheck('pod.host-pid', 'hostPID', {
  en: "pod shares the node's process namespace (hostPID: true)",
  zh: 'Pod 共享节点的进程（PID）命名空间（hostPID: true）',
});
