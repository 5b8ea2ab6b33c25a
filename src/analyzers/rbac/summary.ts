import type { Localized } from '../../model/index.js';
import type { Inventory, InventoryContext } from '../inventory.js';
import { escalationFindings } from './checks/escalation-path.js';
import { escalationGraphOf, formatChain } from './escalation.js';
import { RBAC_RIGHTS_CHECKS } from './index.js';
import { CLUSTER, rbacGraphsOf } from './graph.js';
import { subjectAsset } from './subjects.js';

/**
 * The access section of a report, as plain data: who holds notable rights (what the RBAC checks
 * report, grouped by subject), every escalation chain rbac.escalation-path reports, and the
 * bindings whose role could not be analysed. Built from the same graph and checks as the
 * findings, so the section and the findings agree.
 */

export interface AccessSubject {
  /** `rbac://<cluster>/<Kind>/<namespace>/<name>`, the asset ref of its findings. */
  ref: string;
  kind: string;
  name: string;
  namespace?: string;
  cluster?: string;
  rights: {
    /** The check that reports this right, e.g. `rbac.secrets-read`. */
    check: string;
    /** The finding's fingerprint subject, e.g. `read-secrets@cluster`. */
    what: string;
    message: Localized;
    evidence?: string;
  }[];
}

export interface AccessPathStep {
  to: Localized;
  action: Localized;
  /** `RoleBinding ns/name → ClusterRole x`, when a grant allows the step. */
  via?: string;
}

export interface AccessPath {
  subject: { ref: string; kind: string; name: string; namespace?: string; cluster?: string };
  target: 'cluster-admin' | 'node' | 'secrets';
  namespace?: string;
  /** The whole chain in one line. */
  chain: Localized;
  steps: AccessPathStep[];
}

export interface AccessSummary {
  totals: { roles: number; bindings: number; subjects: number; subjectsWithNotableRights: number; escalationPaths: number; unresolvedBindings: number };
  subjects: AccessSubject[];
  escalationPaths: AccessPath[];
  unresolvedBindings: { kind: string; namespace?: string; name: string; roleRef: { kind: string; name: string }; status: 'missing' | 'unknown-system'; file: string }[];
}


export function accessSummary(inventory: Inventory): AccessSummary {
  // Input errors reach the scan through the checks' own context; here they are not repeated.
  const ctx: InventoryContext = { pssVersion: 'latest', inputError: () => undefined };
  const graphs = rbacGraphsOf(inventory, ctx);
  const subjects = new Map<string, AccessSubject>();
  for (const check of RBAC_RIGHTS_CHECKS) {
    for (const v of check.run(inventory, ctx)) {
      if (!v.asset) continue;
      let s = subjects.get(v.asset.ref);
      if (!s) {
        s = { ref: v.asset.ref, kind: v.asset.kind ?? '', name: nameOfRef(v.asset.ref), rights: [] };
        if (v.asset.namespace) s.namespace = v.asset.namespace;
        if (v.asset.cluster) s.cluster = v.asset.cluster;
        subjects.set(v.asset.ref, s);
      }
      const right: AccessSubject['rights'][number] = { check: check.id, what: v.subject, message: v.message };
      if (v.evidence !== undefined) right.evidence = v.evidence;
      s.rights.push(right);
    }
  }
  const paths: AccessPath[] = [];
  const unresolved: AccessSummary['unresolvedBindings'] = [];
  let roles = 0;
  let bindings = 0;
  let bound = 0;
  for (const graph of graphs) {
    roles += graph.roles.filter((r) => r.resource).length;
    bindings += graph.bindings.length;
    bound += graph.subjects.size;
    const e = escalationGraphOf(graph);
    for (const p of escalationFindings(graph)) {
      const asset = subjectAsset(p.subject);
      const subject: AccessPath['subject'] = { ref: asset.ref, kind: p.subject.kind, name: p.subject.name };
      if (p.subject.namespace !== undefined) subject.namespace = p.subject.namespace;
      if (p.subject.cluster !== undefined) subject.cluster = p.subject.cluster;
      const path: AccessPath = {
        subject,
        target: p.target,
        chain: { en: formatChain(e, p, 'en'), zh: formatChain(e, p, 'zh') },
        steps: p.steps.map((step) => {
          const out: AccessPathStep = { to: e.nodes.get(step.to)?.label ?? { en: step.to, zh: step.to }, action: step.action };
          if (step.via) out.via = `${step.via.binding.kind} ${step.via.binding.namespace ? `${step.via.binding.namespace}/` : ''}${step.via.binding.name} → ${step.via.binding.roleRef.kind} ${step.via.binding.roleRef.name}`;
          return out;
        }),
      };
      if (p.namespace !== undefined) path.namespace = p.namespace;
      paths.push(path);
    }
    for (const b of graph.bindings) {
      if (b.roleStatus === 'resolved') continue;
      const entry: AccessSummary['unresolvedBindings'][number] = { kind: b.kind, name: b.name, roleRef: { ...b.roleRef }, status: b.roleStatus, file: b.resource.source };
      if (b.namespace !== undefined && b.scope !== CLUSTER) entry.namespace = b.namespace;
      unresolved.push(entry);
    }
  }
  const list = [...subjects.values()].sort((a, b) => a.ref.localeCompare(b.ref));
  return {
    totals: { roles, bindings, subjects: bound, subjectsWithNotableRights: list.length, escalationPaths: paths.length, unresolvedBindings: unresolved.length },
    subjects: list,
    escalationPaths: paths,
    unresolvedBindings: unresolved,
  };
}

/** The subject's own name from `rbac://<cluster>/<Kind>/<namespace>/<name>`; names may hold `/`. */
function nameOfRef(ref: string): string {
  return ref.slice('rbac://'.length).split('/').slice(3).join('/');
}
