import type { Localized, RbacSubjectKind } from '../../model/index.js';
import { rbacSubjectAsset, type Asset } from '../../model/index.js';

/**
 * The subjects RBAC grants to, and the identities a request is made as. A binding names a User,
 * a Group or a ServiceAccount; the API server adds groups of its own to every authenticated
 * identity, so grants to those groups reach identities no binding names:
 * - every ServiceAccount is in `system:serviceaccounts` and `system:serviceaccounts:<namespace>`,
 *   and authenticates as the user `system:serviceaccount:<namespace>:<name>` (a binding to that
 *   User reaches the ServiceAccount);
 * - every authenticated identity is in `system:authenticated`;
 * - an unauthenticated request is the user `system:anonymous` in `system:unauthenticated`.
 */

export interface Subject {
  kind: RbacSubjectKind;
  name: string;
  /** ServiceAccounts only. */
  namespace?: string;
  cluster?: string;
}

export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
export const MASTERS = 'system:masters';
const SA_USER_PREFIX = 'system:serviceaccount:';

export function subjectKey(s: Subject): string {
  return `${s.cluster ?? ''}|${s.kind}|${s.namespace ?? ''}|${s.name}`;
}

export function serviceAccount(namespace: string, name: string, cluster?: string): Subject {
  const s: Subject = { kind: 'ServiceAccount', namespace, name };
  if (cluster !== undefined) s.cluster = cluster;
  return s;
}

function withCluster(s: Subject, cluster: string | undefined): Subject {
  if (cluster !== undefined) s.cluster = cluster;
  return s;
}

/** The ServiceAccount a `system:serviceaccount:<ns>:<name>` user name stands for, if it is one. */
export function serviceAccountOfUserName(name: string): { namespace: string; name: string } | undefined {
  if (!name.startsWith(SA_USER_PREFIX)) return undefined;
  const rest = name.slice(SA_USER_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return { namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
}

/**
 * The subjects whose grants an identity holds: itself as bindings may name it, and the groups the
 * API server puts it in. Group identities stand for their members, who are authenticated users.
 */
export function grantHolders(identity: Subject): Subject[] {
  const c = identity.cluster;
  const group = (name: string): Subject => withCluster({ kind: 'Group', name }, c);
  if (identity.kind === 'User') {
    const sa = serviceAccountOfUserName(identity.name);
    if (sa) return grantHolders(serviceAccount(sa.namespace, sa.name, c));
    if (identity.name === ANONYMOUS) return [identity, group(UNAUTHENTICATED)];
    return [identity, group(AUTHENTICATED)];
  }
  if (identity.kind === 'ServiceAccount') {
    const ns = identity.namespace ?? '';
    return [
      identity,
      withCluster({ kind: 'User', name: `${SA_USER_PREFIX}${ns}:${identity.name}` }, c),
      group(ALL_SERVICE_ACCOUNTS),
      group(`${ALL_SERVICE_ACCOUNTS}:${ns}`),
      group(AUTHENTICATED),
    ];
  }
  if (identity.name === UNAUTHENTICATED || identity.name === AUTHENTICATED) return [identity];
  if (identity.name.startsWith(`${ALL_SERVICE_ACCOUNTS}:`)) return [identity, group(ALL_SERVICE_ACCOUNTS), group(AUTHENTICATED)];
  return [identity, group(AUTHENTICATED)];
}

/** Groups that stand for whole populations: whoever is granted something through them, everyone is. */
function isPopulationGroup(name: string): boolean {
  return name === AUTHENTICATED || name === UNAUTHENTICATED || name === ALL_SERVICE_ACCOUNTS || name.startsWith(`${ALL_SERVICE_ACCOUNTS}:`);
}

/**
 * Kubernetes' own grants to its own components, which the checks do not report: the binding is
 * one Kubernetes creates (named `system:…`, or the `cluster-admin` ClusterRoleBinding it makes for
 * `system:masters`) AND the subject is a component identity — a user or group named `system:…`
 * (the scheduler, controller manager, kube-proxy, nodes, bootstrap tokens, system:masters), or a
 * ServiceAccount in kube-system (the controller manager's per-controller identities). Never
 * excluded: `system:anonymous` and the population groups (system:authenticated,
 * system:unauthenticated, system:serviceaccounts[:ns]), since a grant to them reaches everyone;
 * and any subject bound by a binding not named `system:…`, even in kube-system — an add-on
 * installed there is not Kubernetes.
 */
export function isKubernetesComponentGrant(subject: Subject, binding: { kind: string; name: string }): boolean {
  const systemBinding = binding.name.startsWith('system:') || (binding.kind === 'ClusterRoleBinding' && binding.name === 'cluster-admin' && subject.kind === 'Group' && subject.name === MASTERS);
  if (!systemBinding) return false;
  if (subject.kind === 'ServiceAccount') return subject.namespace === 'kube-system';
  if (subject.kind === 'User') {
    const sa = serviceAccountOfUserName(subject.name);
    if (sa) return sa.namespace === 'kube-system';
    return subject.name.startsWith('system:') && subject.name !== ANONYMOUS;
  }
  return subject.name.startsWith('system:') && !isPopulationGroup(subject.name);
}

/** `ServiceAccount ci/deployer`, `User alice`, `Group system:authenticated`. */
export function describeSubject(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace ?? ''}/${s.name}` : `${s.kind} ${s.name}`;
}

const KIND_ZH: Record<RbacSubjectKind, string> = { User: '用户', Group: '组', ServiceAccount: '服务账号' };

export function describeSubjectLocalized(s: Subject): Localized {
  const zhName = s.kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name;
  return { en: describeSubject(s), zh: `${KIND_ZH[s.kind]} ${zhName}` };
}

/** What a grant to a population group means, in words, for answers that list such groups. */
export function populationNote(s: Subject): Localized | undefined {
  if (s.kind !== 'Group') return undefined;
  if (s.name === AUTHENTICATED) return { en: 'every authenticated user and ServiceAccount', zh: '所有已认证用户和服务账号' };
  if (s.name === UNAUTHENTICATED) return { en: 'anyone, without credentials', zh: '任何人，无需凭据' };
  if (s.name === ALL_SERVICE_ACCOUNTS) return { en: 'every ServiceAccount in the cluster', zh: '集群中所有服务账号' };
  if (s.name.startsWith(`${ALL_SERVICE_ACCOUNTS}:`)) {
    const ns = s.name.slice(ALL_SERVICE_ACCOUNTS.length + 1);
    return { en: `every ServiceAccount in namespace ${ns}`, zh: `命名空间 ${ns} 中的所有服务账号` };
  }
  return undefined;
}

export function subjectAsset(s: Subject): Asset {
  return rbacSubjectAsset(s);
}

/**
 * Reads a subject as `rampart rbac can` takes it: a user name as `kubectl --as` takes it
 * (`alice`, `system:serviceaccount:ci:deployer`), or `user:NAME`, `group:NAME`,
 * `serviceaccount:NS/NAME` (`sa:NS/NAME`). Returns undefined for text that names none.
 */
export function parseSubjectArgument(text: string): Subject | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const m = /^(user|group|serviceaccount|sa):(.+)$/i.exec(t);
  if (!m) {
    const sa = serviceAccountOfUserName(t);
    return sa ? serviceAccount(sa.namespace, sa.name) : { kind: 'User', name: t };
  }
  const prefix = (m[1] ?? '').toLowerCase();
  const rest = m[2] ?? '';
  if (prefix === 'user') {
    const sa = serviceAccountOfUserName(rest);
    return sa ? serviceAccount(sa.namespace, sa.name) : { kind: 'User', name: rest };
  }
  if (prefix === 'group') return { kind: 'Group', name: rest };
  const parts = rest.split(/[/:]/);
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return serviceAccount(parts[0], parts[1]);
}
