/**
 * object.default-namespace — CIS Kubernetes 5.6.4 (the default namespace should not be used).
 * Reads:   the object's namespace: metadata.namespace, or the namespace the scan was told to
 *          assume (`--namespace`) when the manifest sets none
 * Passes:  any namespace other than `default`; cluster-scoped objects and objects with no
 *          namespace at all; and the objects Kubernetes itself keeps in `default` (the
 *          `kubernetes` Service, Endpoints and EndpointSlice, the `default` ServiceAccount and the
 *          `kube-root-ca.crt` ConfigMap).
 */
import type { ObjectCheck } from '../inventory.js';

/** `Kind/name` of what the control plane creates in every cluster's default namespace. */
const BUILT_IN = new Set(['Service/kubernetes', 'Endpoints/kubernetes', 'EndpointSlice/kubernetes', 'ServiceAccount/default', 'ConfigMap/kube-root-ca.crt']);

export const defaultNamespace: ObjectCheck = {
  id: 'object.default-namespace',
  run(resource) {
    if (resource.namespace !== 'default' || BUILT_IN.has(`${resource.kind}/${resource.name}`)) return [];
    return [
      {
        path: ['metadata', 'namespace'],
        subject: 'metadata.namespace',
        message: {
          en: `${resource.kind} "${resource.name}" is in the default namespace`,
          zh: `${resource.kind}“${resource.name}”位于 default 命名空间`,
        },
        evidence: 'namespace: default',
      },
    ];
  },
};
