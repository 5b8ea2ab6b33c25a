/**
 * pod.host-network — Pod Security Standards baseline, PSA check `hostNamespaces` (network part).
 * Reads:   spec.hostNetwork
 * Allowed: false, undefined
 */
import { hostNamespaceCheck } from './host-namespace.js';

export const hostNetwork = hostNamespaceCheck('pod.host-network', 'hostNetwork', {
  en: "pod shares the node's network namespace (hostNetwork: true)",
  zh: 'Pod 共享节点的网络命名空间（hostNetwork: true）',
});
