/**
 * namespace.psa-version-unpinned — Pod Security Admission policy version not pinned.
 * Reads:   Namespace metadata.labels["pod-security.kubernetes.io/enforce"] and
 *          ["pod-security.kubernetes.io/enforce-version"]
 * Passes:  enforce is baseline or restricted and enforce-version names a version (`v1.33`).
 * Fails:   enforce is baseline or restricted and enforce-version is missing or `latest`; and,
 *          whatever the level, an enforce-version that is neither `latest` nor `v1.<minor>`.
 *          Namespaces that enforce nothing are namespace.psa-not-enforced's concern.
 */
import { formatPath } from '../../model/index.js';
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { isPsaVersion, labelPath, labelsOf, PSA_LABEL } from './psa.js';

const SUBJECT = formatPath(labelPath(PSA_LABEL.enforceVersion));

export const psaVersionUnpinned: InventoryCheck = {
  id: 'namespace.psa-version-unpinned',
  run(inventory) {
    const out: InventoryViolation[] = [];
    for (const ns of inventory.namespaces) {
      const labels = labelsOf(ns);
      const level = labels[PSA_LABEL.enforce];
      const version = labels[PSA_LABEL.enforceVersion];
      if (version !== undefined && !isPsaVersion(version)) {
        out.push({
          resource: ns,
          path: labelPath(PSA_LABEL.enforceVersion),
          subject: SUBJECT,
          message: {
            en: `namespace ${ns.name} sets ${PSA_LABEL.enforceVersion} to "${version}", which is neither "latest" nor "v1.<minor>": the API server refuses to create the namespace, and one that already exists is enforced at latest`,
            zh: `命名空间 ${ns.name} 的 ${PSA_LABEL.enforceVersion} 取值为“${version}”，既不是“latest”也不是“v1.<次版本号>”格式：API Server 会拒绝创建该命名空间；若命名空间已存在，则按 latest 执行`,
          },
          evidence: `${PSA_LABEL.enforceVersion}: ${version}`,
        });
        continue;
      }
      if (level !== 'baseline' && level !== 'restricted') continue;
      if (version !== undefined && version !== 'latest') continue;
      out.push({
        resource: ns,
        path: version === undefined ? ['metadata', 'labels'] : labelPath(PSA_LABEL.enforceVersion),
        subject: SUBJECT,
        message: {
          en: `namespace ${ns.name} enforces ${level} at ${version === undefined ? 'an unpinned version (latest)' : 'latest'}: the rules change when the cluster is upgraded, and pods admitted today may be rejected afterwards`,
          zh: `命名空间 ${ns.name} 以${version === undefined ? '未固定的版本（latest）' : ' latest 版本'}强制执行 ${level}：集群升级后规则随之变化，当前可准入的 Pod 届时可能被拒绝`,
        },
        evidence: `${PSA_LABEL.enforceVersion}: ${version ?? 'unset'}`,
      });
    }
    return out;
  },
};
