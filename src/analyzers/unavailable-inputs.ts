import type { Asset, Check, ControlKey, Finding, Localized } from '../model/index.js';
import { fingerprint, kubeObjectAsset } from '../model/index.js';
import { POD_TEMPLATE_PATHS } from './workload/pod-spec.js';

/**
 * Trust in the verdict of a live scan: kinds the scan could not read (forbidden, timed out, API
 * group not served) must never read as "none there". Each check is mapped to the kinds it reads;
 * a check missing one of them reports `not-evaluated` with the reason. Checks across objects
 * (inventory) do not run at all then, since a missing Role or NetworkPolicy would turn into false
 * findings (a binding to a "missing" role, a namespace "without" default deny); checks of one
 * object at a time still judge the objects that were read.
 */

export interface UnavailableInputs {
  /** Names the cluster in the asset the not-evaluated findings are about. */
  cluster: string;
  /** Kind → why it could not be read (`list pods in all namespaces: 403 Forbidden: …`). */
  kinds: ReadonlyMap<string, string>;
}

const POD_KINDS = Object.keys(POD_TEMPLATE_PATHS);
const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount'];
const NETWORK_KINDS = ['Namespace', 'NetworkPolicy', 'Service', 'Ingress', 'PeerAuthentication', 'Gateway', 'HTTPRoute', 'GRPCRoute'];
/** RBAC checks that also follow which workloads run as which ServiceAccount. */
const RBAC_WITH_WORKLOADS = new Set(['rbac.escalation-path', 'rbac.default-service-account', 'rbac.missing-subject']);

/** The kinds a check reads; `*` for checks that look at every object whatever its kind. */
export function inputKindsOf(check: Check): readonly string[] {
  if (check.target === 'image') return [];
  if (check.target === 'workload') return POD_KINDS;
  if (check.target === 'object') return ['*'];
  if (check.id === 'pod.sa-token-automount') return ['ServiceAccount', ...POD_KINDS];
  if (check.id.startsWith('namespace.')) return ['Namespace', ...POD_KINDS];
  if (check.id.startsWith('rbac.')) return RBAC_WITH_WORKLOADS.has(check.id) ? [...RBAC_KINDS, ...POD_KINDS] : RBAC_KINDS;
  if (check.id.startsWith('network.')) return [...NETWORK_KINDS, ...POD_KINDS];
  return [];
}

/** Check id → the unavailable kinds it needed, for the checks that could not see all their input. */
export function blockedChecks(checks: Iterable<{ check: Check }>, unavailable: UnavailableInputs | undefined): Map<string, string[]> {
  const blocked = new Map<string, string[]>();
  if (!unavailable || unavailable.kinds.size === 0) return blocked;
  for (const { check } of checks) {
    const inputs = inputKindsOf(check);
    const missing = inputs.includes('*') ? [...unavailable.kinds.keys()] : inputs.filter((k) => unavailable.kinds.has(k));
    if (missing.length > 0) blocked.set(check.id, [...new Set(missing)].sort());
  }
  return blocked;
}

/** One not-evaluated finding per blocked check, on the cluster, naming each unreadable kind and why. */
export function notEvaluatedFindings(
  blocked: ReadonlyMap<string, string[]>,
  checks: ReadonlyMap<string, { check: Check; controls: ControlKey[] }>,
  unavailable: UnavailableInputs | undefined,
): Finding[] {
  if (!unavailable) return [];
  const asset: Asset = kubeObjectAsset({ cluster: unavailable.cluster, kind: 'Cluster', name: unavailable.cluster });
  const findings: Finding[] = [];
  for (const [checkId, kinds] of blocked) {
    const entry = checks.get(checkId);
    if (!entry) continue;
    const reasons = kinds.map((k) => `${k}: ${unavailable.kinds.get(k) ?? 'not read'}`).join('; ');
    const reason: Localized = { en: reasons, zh: `无法读取 ${kinds.join('、')}：${reasons}` };
    findings.push({
      fingerprint: fingerprint(checkId, asset.ref, `input:${kinds.join(',')}`),
      checkId,
      severity: entry.check.severity,
      status: 'not-evaluated',
      message: {
        en: `Not evaluated: the scan could not read ${kinds.join(', ')}`,
        zh: `未评估：扫描无法读取 ${kinds.join('、')}`,
      },
      asset,
      subject: `input:${kinds.join(',')}`,
      location: { file: unavailable.cluster },
      controls: entry.controls,
      reason,
    });
  }
  return findings;
}
