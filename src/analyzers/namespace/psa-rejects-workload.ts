/**
 * namespace.psa-rejects-workload — workloads their namespace's Pod Security Admission would reject.
 * Reads:   Namespace labels pod-security.kubernetes.io/{enforce,enforce-version}; the pod template
 *          of every workload in a namespace whose Namespace object is in the inventory
 * Passes:  the template meets the enforced level at the enforced version, or the namespace
 *          enforces privileged (or nothing). Workloads in namespaces not read are not judged.
 * One violation per workload, on the workload, listing the Pod Security Standards checks it
 * fails and the containers at fault. Exemptions in the API server's PodSecurityConfiguration
 * (usernames, runtime classes, namespaces) are not visible in manifests and are not applied.
 */
import { formatPath, type Localized } from '../../model/index.js';
import type { InventoryCheck, InventoryViolation } from '../inventory.js';
import type { Violation } from '../workload/check.js';
import { enforcePolicyOf, formatPssVersion, isPsaLevel, isPsaVersion, PSA_LABEL, rejectionsOf, workloadsIn, type EnforcePolicy } from './psa.js';

export const psaRejectsWorkload: InventoryCheck = {
  id: 'namespace.psa-rejects-workload',
  run(inventory, ctx) {
    const out: InventoryViolation[] = [];
    for (const ns of inventory.namespaces) {
      const policy = enforcePolicyOf(ns, ctx.pssVersion);
      if (policy.level === 'privileged') continue;
      const setting = describePolicy(policy);
      for (const pod of workloadsIn(inventory, ns)) {
        const rejections = rejectionsOf(pod, policy);
        if (rejections.length === 0) continue;
        const reasons = summariseRejections(rejections);
        out.push({
          resource: pod.resource,
          path: pod.specPath,
          subject: formatPath(pod.specPath),
          message: {
            en: `rejected by namespace ${ns.name} (${setting.en}): ${reasons}`,
            zh: `将被命名空间 ${ns.name} 拒绝（${setting.zh}）：${reasons}`,
          },
          evidence: `${PSA_LABEL.enforce}=${policy.levelLabel ?? ''}, ${PSA_LABEL.enforceVersion}=${policy.versionLabel ?? 'unset'}`,
        });
      }
    }
    return out;
  },
};

/** `enforce=restricted, v1.33`, saying so when an invalid label was replaced as PSA replaces it. */
function describePolicy(policy: EnforcePolicy): Localized {
  const label = policy.levelLabel ?? '';
  const level = isPsaLevel(label)
    ? { en: `enforce=${label}`, zh: `enforce=${label}` }
    : { en: `enforce=${label}, invalid, enforced as ${policy.level}`, zh: `enforce=${label} 无效，按 ${policy.level} 执行` };
  const version = formatPssVersion(policy.version);
  const written = policy.versionLabel;
  const pinned = written !== undefined && written !== 'latest' && isPsaVersion(written);
  let versionText: Localized;
  if (pinned || version === 'latest') versionText = { en: version, zh: version };
  else if (written !== undefined && !isPsaVersion(written)) {
    versionText = { en: `enforce-version=${written}, invalid, evaluated at ${version}`, zh: `enforce-version=${written} 无效，按 ${version} 评估` };
  } else versionText = { en: `latest, evaluated at ${version}`, zh: `latest，按 ${version} 评估` };
  return { en: `${level.en}, ${versionText.en}`, zh: `${level.zh},${versionText.zh}` };
}

/** `pod.privileged (app, sidecar), pod.host-namespaces`: each check once, with its containers. */
function summariseRejections(rejections: readonly { checkId: string; violation: Violation }[]): string {
  const byCheck = new Map<string, Set<string>>();
  for (const { checkId, violation } of rejections) {
    const containers = byCheck.get(checkId) ?? new Set<string>();
    if (violation.container !== undefined) containers.add(violation.container);
    byCheck.set(checkId, containers);
  }
  return [...byCheck].map(([id, containers]) => (containers.size ? `${id} (${[...containers].join(', ')})` : id)).join(', ');
}
