/**
 * pod.host-ipc — Pod Security Standards baseline, PSA check `hostNamespaces` (IPC part).
 * Reads:   spec.hostIPC
 * Allowed: false, undefined
 */
import { hostNamespaceCheck } from './host-namespace.js';

export const hostIpc = hostNamespaceCheck('pod.host-ipc', 'hostIPC', {
  en: "pod shares the node's IPC namespace (hostIPC: true)",
  zh: 'Pod 共享节点的 IPC 命名空间（hostIPC: true）',
});
