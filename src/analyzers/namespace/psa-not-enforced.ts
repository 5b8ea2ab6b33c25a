/**
 * namespace.psa-not-enforced — CIS Kubernetes 5.2.1 (at least one active policy control mechanism).
 * Reads:   Namespace metadata.labels["pod-security.kubernetes.io/enforce"] (and audit/warn, to
 *          say what is configured instead)
 * Passes:  enforce is `baseline` or `restricted`.
 * Fails:   no enforce label, `privileged`, or a value that is not a Pod Security level. Policy
 *          engines (Kyverno, Gatekeeper) and PSA cluster defaults are not visible here, so a
 *          namespace they govern is reported and can be waived.
 */
import { formatPath } from '../../model/index.js';
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import { isPsaLevel, labelPath, labelsOf, PSA_LABEL } from './psa.js';

const SUBJECT = formatPath(labelPath(PSA_LABEL.enforce));

export const psaNotEnforced: InventoryCheck = {
  id: 'namespace.psa-not-enforced',
  run(inventory) {
    const out: InventoryViolation[] = [];
    for (const ns of inventory.namespaces) {
      const labels = labelsOf(ns);
      const level = labels[PSA_LABEL.enforce];
      if (level === undefined) {
        const others = [PSA_LABEL.audit, PSA_LABEL.warn].flatMap((k) => (labels[k] === undefined ? [] : [`${k.split('/')[1]}=${labels[k]}`]));
        const also = others.length
          ? { en: ` (${others.join(', ')} only record or warn; nothing is rejected)`, zh: `（${others.join('、')} 仅记录或告警，不会拒绝任何 Pod）` }
          : { en: '', zh: '' };
        out.push({
          resource: ns,
          path: ['metadata', 'labels'],
          subject: SUBJECT,
          message: {
            en: `namespace ${ns.name} has no ${PSA_LABEL.enforce} label, so Pod Security Admission applies the cluster default (privileged unless configured otherwise)${also.en}`,
            zh: `命名空间 ${ns.name} 未设置 ${PSA_LABEL.enforce} 标签，Pod 安全准入将采用集群默认级别（未另行配置时为 privileged）${also.zh}`,
          },
          evidence: `${PSA_LABEL.enforce}: unset`,
        });
      } else if (level === 'privileged') {
        out.push({
          resource: ns,
          path: labelPath(PSA_LABEL.enforce),
          subject: SUBJECT,
          message: {
            en: `namespace ${ns.name} enforces the privileged level, which admits any pod`,
            zh: `命名空间 ${ns.name} 强制执行 privileged 级别，任何 Pod 均可被准入`,
          },
          evidence: `${PSA_LABEL.enforce}: privileged`,
        });
      } else if (!isPsaLevel(level)) {
        out.push({
          resource: ns,
          path: labelPath(PSA_LABEL.enforce),
          subject: SUBJECT,
          message: {
            en: `namespace ${ns.name} sets ${PSA_LABEL.enforce} to "${level}", which is not a Pod Security level (privileged, baseline, restricted): the API server refuses to create the namespace, and one that already exists is enforced as restricted`,
            zh: `命名空间 ${ns.name} 的 ${PSA_LABEL.enforce} 取值为“${level}”，不是有效的 Pod 安全级别（privileged、baseline、restricted）：API Server 会拒绝创建该命名空间；若命名空间已存在，则按 restricted 强制执行`,
          },
          evidence: `${PSA_LABEL.enforce}: ${level}`,
        });
      }
    }
    return out;
  },
};
