/**
 * pod.sa-token-automount — CIS Kubernetes 5.1.6 (mount service account tokens only where needed).
 * Reads:   spec.automountServiceAccountToken of the pod template, and, when that is unset,
 *          automountServiceAccountToken of the ServiceAccount the pod runs as
 *          (spec.serviceAccountName, else spec.serviceAccount, else `default`).
 * Passes:  the pod sets false; or the pod leaves it unset and its ServiceAccount, found among the
 *          scanned objects, sets false. The pod's own value wins, as the kubelet applies it.
 * A ServiceAccount that is not among the scanned objects cannot be read: the finding says so, so
 * that an estate whose accounts are managed elsewhere can waive it knowingly.
 */
import type { InventoryCheck } from '../../../inventory.js';
import type { Inventory } from '../../../inventory.js';
import type { KubeResource } from '../../../../model/index.js';

/** ServiceAccounts by `cluster/namespace/name`, indexed once per inventory. */
const accountsByInventory = new WeakMap<Inventory, Map<string, KubeResource>>();

function serviceAccounts(inventory: Inventory): Map<string, KubeResource> {
  let index = accountsByInventory.get(inventory);
  if (!index) {
    index = new Map();
    for (const r of inventory.resources) {
      if (r.kind === 'ServiceAccount') index.set(`${r.cluster ?? ''}/${r.namespace ?? ''}/${r.name}`, r);
    }
    accountsByInventory.set(inventory, index);
  }
  return index;
}

export const saTokenAutomount: InventoryCheck = {
  id: 'pod.sa-token-automount',
  run(inventory) {
    const accounts = serviceAccounts(inventory);
    return inventory.workloads.flatMap((pod) => {
      const own: unknown = pod.spec.automountServiceAccountToken;
      if (own === false) return [];
      const path = [...pod.specPath, 'automountServiceAccountToken'];
      const base = { resource: pod.resource, path, subject: 'spec.automountServiceAccountToken' };
      if (own === true) {
        return [
          {
            ...base,
            message: {
              en: 'the pod asks for its service account token to be mounted into every container',
              zh: '该 Pod 显式要求将服务账号令牌挂载到每个容器中',
            },
            evidence: 'automountServiceAccountToken: true',
          },
        ];
      }
      const name = pod.spec.serviceAccountName || pod.spec.serviceAccount || 'default';
      const account = accounts.get(`${pod.resource.cluster ?? ''}/${pod.resource.namespace ?? ''}/${name}`);
      const accountSetting: unknown = account?.object.automountServiceAccountToken;
      if (accountSetting === false) return [];
      if (account) {
        return [
          {
            ...base,
            message: {
              en: `the service account token is mounted into every container: neither the pod nor its ServiceAccount "${name}" sets automountServiceAccountToken: false`,
              zh: `服务账号令牌会挂载到每个容器中：Pod 及其服务账号“${name}”均未将 automountServiceAccountToken 设为 false`,
            },
            evidence: `automountServiceAccountToken: unset (pod), ${accountSetting === true ? 'true' : 'unset'} (ServiceAccount ${name})`,
          },
        ];
      }
      return [
        {
          ...base,
          message: {
            en: `the service account token is mounted into every container unless ServiceAccount "${name}", which is not among the scanned objects, sets automountServiceAccountToken: false`,
            zh: `除非服务账号“${name}”（不在本次扫描的对象中）将 automountServiceAccountToken 设为 false，否则服务账号令牌会挂载到每个容器中`,
          },
          evidence: `automountServiceAccountToken: unset (pod); ServiceAccount ${name} not scanned`,
        },
      ];
    });
  },
};
