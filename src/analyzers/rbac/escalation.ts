import type { Localized } from '../../model/index.js';
import { enforcePolicyOf } from '../namespace/psa.js';
import { actions, CAPABILITIES, describeGrant } from './capabilities.js';
import { CLUSTER, type Grant, type RbacGraph, type Role, type Scope, type WorkloadRun } from './graph.js';
import { accessTo, namespacesReached, type Access, type Action, type Held } from './queries.js';
import { isFullWildcard } from './rules.js';
import { describeSubject, describeSubjectLocalized, isKubernetesComponentGrant, MASTERS, serviceAccount, serviceAccountOfUserName, type Subject } from './subjects.js';

/**
 * Privilege escalation as a graph. Nodes are identities (ServiceAccounts, users, groups, a role
 * someone could bind to themselves, a node's credentials) and what holding them gives; an edge is
 * one thing an identity's grants let it do that yields another. Edges, from what the grants allow:
 *
 *   impersonate users / groups / serviceaccounts   → that identity (a group named system:masters,
 *                                                    or any group: cluster-admin, as that group
 *                                                    bypasses authorisation)
 *   bind a role + create or update bindings        → that role at the binding's scope (any role,
 *                                                    or cluster-admin: cluster-admin, or full
 *                                                    control of the namespace for a RoleBinding)
 *   escalate + update the role one is bound to     → anything at that binding's scope
 *   create serviceaccounts/token                   → that ServiceAccount
 *   create pods, or create/update/patch workloads  → pods in the namespace, which run as any of
 *                                                    its ServiceAccounts and mount any of its
 *                                                    Secrets; and the node, where the namespace's
 *                                                    Pod Security level admits privileged pods
 *   create PersistentVolumes + claims + pods       → the node (a hostPath volume through a claim
 *                                                    passes even a restricted namespace)
 *   exec / attach / ephemeral containers / patch   → the ServiceAccounts those running pods mount,
 *     pods                                           and the node where such a pod is privileged,
 *                                                    uses hostPath or the host PID namespace
 *   get nodes/proxy                                → the node (the kubelet API runs commands in
 *                                                    any pod on it)
 *   read Secrets                                   → that namespace's Secrets, and the
 *                                                    ServiceAccounts whose legacy token Secrets
 *                                                    are among them
 *   create + approve CSRs for the kube-apiserver-  → cluster-admin (a client certificate for
 *     client signer                                  system:masters)
 *   node                                           → cluster-admin: root on a node can read the
 *                                                    credentials of every pod scheduled there,
 *                                                    and a pod pinned with spec.nodeName to a
 *                                                    control-plane node reads its admin
 *                                                    credentials; treated as cluster-admin
 *                                                    equivalent
 *
 * Shortest chains come from breadth-first search backwards from each target over the graph
 * reachable from every bound subject, so one pass answers every subject.
 */

export type EscalationTarget = 'cluster-admin' | 'node' | 'secrets';

type NodeKind = 'sa' | 'user' | 'group' | 'role' | 'pods' | 'sa-any' | 'exec' | 'users-any' | 'ns-admin' | 'node' | 'cluster-admin' | 'secrets';

/** Nodes that stand for a change of identity: a chain through one of them is multi-hop. */
const IDENTITY_KINDS = new Set<NodeKind>(['sa', 'user', 'group', 'role', 'node']);
/** Steps that only restate what a subject holds: a chain made of them alone is no escalation. */
const HOLDING_KINDS = new Set<EdgeKind>(['holds-cluster-admin', 'masters', 'holds-namespace', 'reads-secrets', 'admin-reaches']);

export interface EscalationNode {
  id: string;
  kind: NodeKind;
  label: Localized;
  subject?: Subject;
  namespace?: string;
  role?: Role;
  scope?: Scope;
}

export type EdgeKind =
  | 'holds-cluster-admin'
  | 'masters'
  | 'holds-namespace'
  | 'reads-secrets'
  | 'reads-token'
  | 'creates-pods'
  | 'runs-as'
  | 'mounts-secrets'
  | 'privileged-pod'
  | 'exec'
  | 'mints-token'
  | 'impersonates'
  | 'binds'
  | 'escalates'
  | 'nodes-proxy'
  | 'hostpath-volume'
  | 'signs-certificate'
  | 'node-credentials'
  | 'admin-reaches'
  | 'expands';

export interface EscalationEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  action: Localized;
  /** The grant that allows the step, when one does. */
  via?: Grant;
}

export interface EscalationPath {
  subject: Subject;
  target: EscalationTarget;
  /** For secrets: the namespace whose Secrets are reached. */
  namespace?: string;
  steps: EscalationEdge[];
  /** Whether the chain changes identity at least once (reported by rbac.escalation-path). */
  multiHop: boolean;
}

interface HeldRule extends Held {
  /** The role the rule is bound through (escalate works on it). */
  boundRole?: Role;
  grant?: Grant;
}

const RBAC = 'rbac.authorization.k8s.io';
const CERTS = 'certificates.k8s.io';
const API_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';

export class EscalationGraph {
  readonly nodes = new Map<string, EscalationNode>();
  private readonly out = new Map<string, EscalationEdge[]>();
  private reverse?: Map<string, EscalationEdge[]>;
  private readonly towards = new Map<string, Map<string, EscalationEdge>>();
  /** Bound subjects checked as sources: those some binding grants outside Kubernetes' own component grants. */
  readonly sources: Subject[] = [];

  constructor(readonly graph: RbacGraph) {
    const seen = new Set<string>();
    for (const binding of graph.bindings) {
      for (const bound of binding.subjects) {
        if (isKubernetesComponentGrant(bound.subject, binding)) continue;
        const id = this.identityNode(bound.subject).id;
        if (seen.has(id)) continue;
        seen.add(id);
        this.sources.push(this.nodes.get(id)?.subject ?? bound.subject);
      }
    }
  }

  /** The node of an identity; a `system:serviceaccount:…` user is its ServiceAccount. */
  identityNode(subject: Subject): EscalationNode {
    if (subject.kind === 'User') {
      const sa = serviceAccountOfUserName(subject.name);
      if (sa) return this.identityNode(serviceAccount(sa.namespace, sa.name, subject.cluster));
      return this.node(`user:${subject.name}`, 'user', describeSubjectLocalized(subject), { subject });
    }
    if (subject.kind === 'Group') return this.node(`group:${subject.name}`, 'group', describeSubjectLocalized(subject), { subject });
    return this.node(`sa:${subject.namespace ?? ''}/${subject.name}`, 'sa', describeSubjectLocalized(subject), { subject });
  }

  private node(id: string, kind: NodeKind, label: Localized, extra: Partial<EscalationNode> = {}): EscalationNode {
    let n = this.nodes.get(id);
    if (!n) this.nodes.set(id, (n = { id, kind, label, ...extra }));
    return n;
  }

  private saNode(namespace: string, name: string): EscalationNode {
    return this.identityNode(serviceAccount(namespace, name, this.graph.cluster));
  }

  private special(kind: 'node' | 'cluster-admin' | 'users-any'): EscalationNode {
    const labels: Record<typeof kind, Localized> = {
      node: { en: 'node (root on the host)', zh: '节点（宿主机 root 权限）' },
      'cluster-admin': { en: 'cluster-admin', zh: 'cluster-admin（集群管理员）' },
      'users-any': { en: 'any user', zh: '任意用户' },
    };
    return this.node(kind, kind, labels[kind]);
  }

  private nsNode(kind: 'pods' | 'sa-any' | 'exec' | 'ns-admin' | 'secrets', namespace: string): EscalationNode {
    const labels: Record<typeof kind, Localized> = {
      pods: { en: `new pods in namespace ${namespace}`, zh: `命名空间 ${namespace} 中新建的 Pod` },
      'sa-any': { en: `any ServiceAccount of namespace ${namespace}`, zh: `命名空间 ${namespace} 的任一服务账号` },
      exec: { en: `running pods of namespace ${namespace}`, zh: `命名空间 ${namespace} 中运行的 Pod` },
      'ns-admin': { en: `full control of namespace ${namespace}`, zh: `命名空间 ${namespace} 的完全控制权` },
      secrets: { en: `Secrets of namespace ${namespace}`, zh: `命名空间 ${namespace} 的 Secret` },
    };
    return this.node(`${kind}:${namespace}`, kind, labels[kind], { namespace });
  }

  private roleNode(role: Role, scope: Scope): EscalationNode {
    const where: Localized = scope === CLUSTER ? { en: 'cluster-wide', zh: '集群范围' } : { en: `in namespace ${scope}`, zh: `命名空间 ${scope} 内` };
    const label = { en: `${role.kind} ${role.name} ${where.en}`, zh: `${role.kind} ${role.name}（${where.zh}）` };
    return this.node(`role:${role.kind}/${role.namespace ?? ''}/${role.name}@${scope}`, 'role', label, { role, scope });
  }

  /** The edges leaving a node, computed once. */
  edgesOf(id: string): EscalationEdge[] {
    let edges = this.out.get(id);
    if (edges) return edges;
    const node = this.nodes.get(id);
    edges = node ? this.expand(node) : [];
    this.out.set(id, edges);
    return edges;
  }

  private expand(node: EscalationNode): EscalationEdge[] {
    const g = this.graph;
    const edges: EscalationEdge[] = [];
    const add = (to: EscalationNode, kind: EdgeKind, action: Localized, via?: Grant): void => {
      const edge: EscalationEdge = { from: node.id, to: to.id, kind, action };
      if (via) edge.via = via;
      edges.push(edge);
    };
    switch (node.kind) {
      case 'sa':
      case 'user':
      case 'group': {
        const subject = node.subject as Subject;
        if (subject.kind === 'Group' && subject.name === MASTERS) {
          add(this.special('cluster-admin'), 'masters', { en: 'members of system:masters bypass RBAC', zh: 'system:masters 组成员绕过 RBAC 鉴权' });
          return edges;
        }
        const held: HeldRule[] = g.effectiveGrants(subject).map(({ grant }) => {
          const h: HeldRule = { rule: grant.rule, scope: grant.scope, grant };
          if (grant.binding.role) h.boundRole = grant.binding.role;
          return h;
        });
        this.grantEdges(held, add);
        return edges;
      }
      case 'role': {
        const role = node.role as Role;
        const held: HeldRule[] = role.effective.map((rr) => ({ rule: rr.rule, scope: node.scope ?? CLUSTER, boundRole: role }));
        this.grantEdges(held, add);
        return edges;
      }
      case 'pods': {
        const ns = node.namespace ?? '';
        add(this.nsNode('sa-any', ns), 'runs-as', { en: `a pod may run as any ServiceAccount of ${ns}`, zh: `Pod 可使用 ${ns} 中的任一服务账号运行` });
        add(this.nsNode('secrets', ns), 'mounts-secrets', { en: `a pod may mount any Secret of ${ns}`, zh: `Pod 可挂载 ${ns} 中的任一 Secret` });
        const privileged = this.admitsPrivileged(ns);
        if (privileged) add(this.special('node'), 'privileged-pod', privileged);
        return edges;
      }
      case 'sa-any': {
        const ns = node.namespace ?? '';
        for (const sa of g.serviceAccountsIn(ns)) add(this.saNode(ns, sa), 'expands', { en: `ServiceAccount ${ns}/${sa}`, zh: `服务账号 ${ns}/${sa}` });
        return edges;
      }
      case 'exec': {
        const ns = node.namespace ?? '';
        for (const run of g.workloadsByNamespace.get(ns) ?? []) this.execEdges(run, add);
        return edges;
      }
      case 'users-any': {
        for (const s of g.subjects.values()) {
          if (s.kind !== 'User' || serviceAccountOfUserName(s.name)) continue;
          add(this.identityNode(s), 'impersonates', { en: `impersonate user ${s.name}`, zh: `伪装为用户 ${s.name}` });
        }
        return edges;
      }
      case 'ns-admin': {
        const ns = node.namespace ?? '';
        const has: Localized = { en: 'full control of the namespace includes it', zh: '命名空间完全控制权包含此能力' };
        add(this.nsNode('pods', ns), 'admin-reaches', has);
        add(this.nsNode('exec', ns), 'admin-reaches', has);
        add(this.nsNode('sa-any', ns), 'admin-reaches', has);
        add(this.nsNode('secrets', ns), 'admin-reaches', has);
        return edges;
      }
      case 'secrets': {
        const ns = node.namespace ?? '';
        for (const t of g.tokenSecrets.get(ns) ?? []) {
          add(this.saNode(ns, t.serviceAccount), 'reads-token', { en: `Secret ${ns}/${t.secret} holds a token of ServiceAccount ${t.serviceAccount}`, zh: `Secret ${ns}/${t.secret} 保存着服务账号 ${t.serviceAccount} 的令牌` });
        }
        return edges;
      }
      case 'node':
        add(this.special('cluster-admin'), 'node-credentials', {
          en: 'root on a node reads the credentials of every pod scheduled there, and a pod pinned to a control-plane node (spec.nodeName) reads its admin credentials',
          zh: '节点 root 可读取该节点上所有 Pod 的凭据；通过 spec.nodeName 固定到控制平面节点的 Pod 可读取其管理员凭据',
        });
        return edges;
      case 'cluster-admin': {
        const has: Localized = { en: 'cluster-admin includes it', zh: 'cluster-admin 包含此权限' };
        add(this.special('node'), 'admin-reaches', has);
        for (const ns of [...g.namespaces].sort()) add(this.nsNode('secrets', ns), 'admin-reaches', has);
        return edges;
      }
    }
  }

  /** Edges an identity's (or a bindable role's) rules give it. */
  private grantEdges(held: readonly HeldRule[], add: (to: EscalationNode, kind: EdgeKind, action: Localized, via?: Grant) => void): void {
    const g = this.graph;
    const namespaces = [...g.namespaces].sort();
    const admin = held.find((h) => h.scope === CLUSTER && isFullWildcard(h.rule));
    if (admin) {
      add(this.special('cluster-admin'), 'holds-cluster-admin', { en: `holds cluster-admin (${viaText(admin)})`, zh: `持有 cluster-admin 权限（${viaText(admin)}）` }, admin.grant);
      return;
    }
    for (const h of held) {
      if (isFullWildcard(h.rule)) {
        add(this.nsNode('ns-admin', h.scope), 'holds-namespace', { en: `holds every verb on every resource in ${h.scope} (${viaText(h)})`, zh: `在 ${h.scope} 中拥有对所有资源的全部操作权限（${viaText(h)}）` }, h.grant);
      }
    }
    const access = (acts: readonly Action[]): Access<HeldRule>[] => accessTo(held, acts);
    const forEachNamespace = (accesses: Access<HeldRule>[], fn: (ns: string, a: Access<HeldRule>) => void): void => {
      const done = new Set<string>();
      for (const a of accesses) {
        if (a.names !== 'all') continue;
        for (const ns of a.scope === CLUSTER ? namespaces : [a.scope]) {
          if (done.has(ns)) continue;
          done.add(ns);
          fn(ns, a);
        }
      }
    };

    // Secrets: every Secret of a namespace, or the named token Secrets.
    const secrets = access(CAPABILITIES.secretsRead.actions);
    forEachNamespace(secrets, (ns, a) => add(this.nsNode('secrets', ns), 'reads-secrets', { en: `${a.action.verb} Secrets in ${ns} (${viaText(a.grant)})`, zh: `可 ${a.action.verb} ${ns} 中的 Secret（${viaText(a.grant)}）` }, a.grant.grant));
    for (const a of secrets) {
      if (a.names === 'all') continue;
      for (const ns of a.scope === CLUSTER ? namespaces : [a.scope]) {
        for (const t of g.tokenSecrets.get(ns) ?? []) {
          if (!a.names.includes(t.secret)) continue;
          add(this.saNode(ns, t.serviceAccount), 'reads-token', { en: `${a.action.verb} Secret ${ns}/${t.secret}, a token of ServiceAccount ${t.serviceAccount} (${viaText(a.grant)})`, zh: `可读取 Secret ${ns}/${t.secret}，即服务账号 ${t.serviceAccount} 的令牌（${viaText(a.grant)}）` }, a.grant.grant);
        }
      }
    }

    // Pods, directly or through the controllers that create them.
    const workloads = access(CAPABILITIES.workloadWrite.actions);
    const podNamespaces = new Set<string>();
    const workloadWriters = workloads.filter((a) => a.names === 'all' || a.action.verb !== 'create');
    const seenPods = new Set<string>();
    for (const a of workloadWriters) {
      for (const ns of a.scope === CLUSTER ? namespaces : [a.scope]) {
        podNamespaces.add(ns);
        if (seenPods.has(ns)) continue;
        seenPods.add(ns);
        const what = `${a.action.verb} ${a.action.resource}${a.names === 'all' ? '' : ` [${a.names.join(',')}]`}`;
        add(this.nsNode('pods', ns), 'creates-pods', { en: `${what} in ${ns} (${viaText(a.grant)})`, zh: `可在 ${ns} 中 ${what}（${viaText(a.grant)}）` }, a.grant.grant);
      }
    }

    // A hostPath PersistentVolume claimed by a pod passes any Pod Security level.
    const pv = access(CAPABILITIES.pvCreate.actions).find((a) => a.names === 'all');
    if (pv) {
      const claims = namespacesReached(access(actions(['create'], '', ['persistentvolumeclaims'])), namespaces);
      const ns = [...podNamespaces].sort().find((n) => claims.has(n) && !this.admitsPrivileged(n));
      if (ns !== undefined) {
        add(this.special('node'), 'hostpath-volume', { en: `create a hostPath PersistentVolume and a pod in ${ns} that claims it (${viaText(pv.grant)})`, zh: `可创建 hostPath 类型的 PersistentVolume，并在 ${ns} 中创建声明它的 Pod（${viaText(pv.grant)}）` }, pv.grant.grant);
      }
    }

    // Commands in running pods.
    const exec = access(CAPABILITIES.podExec.actions);
    forEachNamespace(exec, (ns, a) => add(this.nsNode('exec', ns), 'exec', { en: `${a.action.verb} ${a.action.resource}${a.action.subresource ? `/${a.action.subresource}` : ''} in ${ns} (${viaText(a.grant)})`, zh: `可在 ${ns} 中 ${a.action.verb} ${a.action.resource}${a.action.subresource ? `/${a.action.subresource}` : ''}（${viaText(a.grant)}）` }, a.grant.grant));
    for (const a of exec) {
      if (a.names === 'all') continue;
      for (const ns of a.scope === CLUSTER ? namespaces : [a.scope]) {
        for (const run of g.workloadsByNamespace.get(ns) ?? []) {
          if (run.pod.resource.kind === 'Pod' && a.names.includes(run.pod.resource.name)) this.execEdges(run, add, a.grant.grant);
        }
      }
    }

    // Tokens minted for ServiceAccounts.
    const tokens = access(CAPABILITIES.tokenCreate.actions);
    forEachNamespace(tokens, (ns, a) => add(this.nsNode('sa-any', ns), 'mints-token', { en: `create serviceaccounts/token in ${ns} (${viaText(a.grant)})`, zh: `可在 ${ns} 中创建 serviceaccounts/token（${viaText(a.grant)}）` }, a.grant.grant));
    this.namedServiceAccountEdges(tokens, namespaces, 'mints-token', (ns, name, a) => ({ en: `create a token for ServiceAccount ${ns}/${name} (${viaText(a.grant)})`, zh: `可为服务账号 ${ns}/${name} 创建令牌（${viaText(a.grant)}）` }), add);

    // Impersonation.
    const users = access(actions(['impersonate'], '', ['users'])).filter((a) => a.scope === CLUSTER);
    const anyUser = users.find((a) => a.names === 'all');
    if (anyUser) add(this.special('users-any'), 'impersonates', { en: `impersonate any user (${viaText(anyUser.grant)})`, zh: `可伪装为任意用户（${viaText(anyUser.grant)}）` }, anyUser.grant.grant);
    for (const a of users) {
      if (a.names === 'all') continue;
      for (const name of a.names) {
        add(this.identityNode({ kind: 'User', name, ...(g.cluster !== undefined ? { cluster: g.cluster } : {}) }), 'impersonates', { en: `impersonate user ${name} (${viaText(a.grant)})`, zh: `可伪装为用户 ${name}（${viaText(a.grant)}）` }, a.grant.grant);
      }
    }
    const groups = access(actions(['impersonate'], '', ['groups'])).filter((a) => a.scope === CLUSTER);
    const masters = groups.find((a) => a.names === 'all' || a.names.includes(MASTERS));
    if (masters) add(this.special('cluster-admin'), 'impersonates', { en: `impersonate the group system:masters, which bypasses RBAC (${viaText(masters.grant)})`, zh: `可伪装为绕过 RBAC 的 system:masters 组（${viaText(masters.grant)}）` }, masters.grant.grant);
    for (const a of groups) {
      if (a.names === 'all') continue;
      for (const name of a.names) {
        if (name === MASTERS) continue;
        add(this.identityNode({ kind: 'Group', name, ...(g.cluster !== undefined ? { cluster: g.cluster } : {}) }), 'impersonates', { en: `impersonate group ${name} (${viaText(a.grant)})`, zh: `可伪装为组 ${name}（${viaText(a.grant)}）` }, a.grant.grant);
      }
    }
    const sas = access(actions(['impersonate'], '', ['serviceaccounts']));
    forEachNamespace(sas, (ns, a) => add(this.nsNode('sa-any', ns), 'impersonates', { en: `impersonate any ServiceAccount of ${ns} (${viaText(a.grant)})`, zh: `可伪装为 ${ns} 中的任一服务账号（${viaText(a.grant)}）` }, a.grant.grant));
    this.namedServiceAccountEdges(sas, namespaces, 'impersonates', (ns, name, a) => ({ en: `impersonate ServiceAccount ${ns}/${name} (${viaText(a.grant)})`, zh: `可伪装为服务账号 ${ns}/${name}（${viaText(a.grant)}）` }), add);

    this.bindEdges(held, namespaces, add);
    this.escalateEdges(held, add);

    const proxy = access(CAPABILITIES.nodesProxy.actions).find((a) => a.scope === CLUSTER);
    if (proxy) add(this.special('node'), 'nodes-proxy', { en: `${proxy.action.verb} nodes/proxy: the kubelet API runs commands in any pod of a node (${viaText(proxy.grant)})`, zh: `可 ${proxy.action.verb} nodes/proxy：通过 kubelet API 在节点上任意 Pod 中执行命令（${viaText(proxy.grant)}）` }, proxy.grant.grant);

    const csrCreate = access(actions(['create'], CERTS, ['certificatesigningrequests'])).some((a) => a.scope === CLUSTER);
    const approve = access(CAPABILITIES.csrApprove.actions).find((a) => a.scope === CLUSTER);
    const signer = access(actions(['approve'], CERTS, ['signers'])).some((a) => a.scope === CLUSTER && (a.names === 'all' || a.names.includes(API_CLIENT_SIGNER) || a.names.includes('kubernetes.io/*')));
    if (csrCreate && approve && signer) {
      add(this.special('cluster-admin'), 'signs-certificate', { en: `request and approve a client certificate for the group system:masters (${viaText(approve.grant)})`, zh: `可申请并批准属于 system:masters 组的客户端证书（${viaText(approve.grant)}）` }, approve.grant.grant);
    }
  }

  private namedServiceAccountEdges(
    accesses: readonly Access<HeldRule>[],
    namespaces: readonly string[],
    kind: EdgeKind,
    text: (ns: string, name: string, a: Access<HeldRule>) => Localized,
    add: (to: EscalationNode, kind: EdgeKind, action: Localized, via?: Grant) => void,
  ): void {
    for (const a of accesses) {
      if (a.names === 'all') continue;
      for (const ns of a.scope === CLUSTER ? namespaces : [a.scope]) {
        const known = new Set(this.graph.serviceAccountsIn(ns));
        for (const name of a.names) {
          // Cluster-wide, a name is looked for in every namespace; in one namespace it is taken as written.
          if (a.scope === CLUSTER && !known.has(name)) continue;
          add(this.saNode(ns, name), kind, text(ns, name, a), a.grant.grant);
        }
      }
    }
  }

  /** A running pod someone can run commands in: its token, and the node if it has host access. */
  private execEdges(run: WorkloadRun, add: (to: EscalationNode, kind: EdgeKind, action: Localized, via?: Grant) => void, via?: Grant): void {
    const r = run.pod.resource;
    const ns = r.namespace ?? '';
    if (run.tokenMounted) {
      add(this.saNode(ns, run.serviceAccount), 'exec', { en: `${r.kind} ${ns}/${r.name} mounts the token of ServiceAccount ${run.serviceAccount}`, zh: `${r.kind} ${ns}/${r.name} 挂载了服务账号 ${run.serviceAccount} 的令牌` }, via);
    }
    if (run.nodeAccess) {
      add(this.special('node'), 'exec', { en: `${r.kind} ${ns}/${r.name} runs privileged, with the host PID namespace or a hostPath volume`, zh: `${r.kind} ${ns}/${r.name} 以特权、宿主机 PID 命名空间或 hostPath 卷运行` }, via);
    }
  }

  /**
   * bind lets a binding reference a role whose permissions one does not hold; with the right to
   * create or update bindings that is the role, at the binding's scope. The API server checks
   * bind in the binding's namespace, so a RoleBinding granting bind on clusterroles is enough for
   * RoleBindings there.
   */
  private bindEdges(held: readonly HeldRule[], namespaces: readonly string[], add: (to: EscalationNode, kind: EdgeKind, action: Localized, via?: Grant) => void): void {
    const g = this.graph;
    const writeVerbs = ['create', 'update', 'patch'];
    const crbWriter = accessTo(held, actions(writeVerbs, RBAC, ['clusterrolebindings'])).find((a) => a.scope === CLUSTER && (a.names === 'all' || a.action.verb !== 'create'));
    const rbWriters = accessTo(held, actions(writeVerbs, RBAC, ['rolebindings'])).filter((a) => a.names === 'all' || a.action.verb !== 'create');
    const bindCluster = accessTo(held, actions(['bind'], RBAC, ['clusterroles']));
    const bindRoles = accessTo(held, actions(['bind'], RBAC, ['roles']));
    if (bindCluster.length === 0 && bindRoles.length === 0) return;
    const bound = (scope: Scope, list: readonly Access<HeldRule>[]): Access<HeldRule>[] => list.filter((a) => a.scope === CLUSTER || a.scope === scope);
    const text = (role: string, where: string, a: Access<HeldRule>): Localized => ({
      en: `bind ${role} with ${where} (${viaText(a.grant)})`,
      zh: `可通过 ${where} 绑定 ${role}（${viaText(a.grant)}）`,
    });
    if (crbWriter) {
      for (const a of bound(CLUSTER, bindCluster).filter((x) => x.scope === CLUSTER)) {
        if (a.names === 'all' || a.names.includes('cluster-admin')) {
          add(this.special('cluster-admin'), 'binds', text('ClusterRole cluster-admin', 'a ClusterRoleBinding', a), a.grant.grant);
          break;
        }
        for (const name of a.names) {
          const role = g.role('ClusterRole', name);
          if (role) add(this.roleNode(role, CLUSTER), 'binds', text(`ClusterRole ${name}`, 'a ClusterRoleBinding', a), a.grant.grant);
        }
      }
    }
    const rbNamespaces = new Set<string>();
    for (const w of rbWriters) for (const ns of w.scope === CLUSTER ? namespaces : [w.scope]) rbNamespaces.add(ns);
    for (const ns of [...rbNamespaces].sort()) {
      const where = `a RoleBinding in ${ns}`;
      let admin = false;
      for (const a of bound(ns, bindCluster)) {
        if (a.names === 'all' || a.names.includes('cluster-admin') || a.names.includes('admin')) {
          add(this.nsNode('ns-admin', ns), 'binds', text(a.names === 'all' ? 'any ClusterRole' : 'ClusterRole cluster-admin', where, a), a.grant.grant);
          admin = true;
          break;
        }
        for (const name of a.names) {
          const role = g.role('ClusterRole', name);
          if (role) add(this.roleNode(role, ns), 'binds', text(`ClusterRole ${name}`, where, a), a.grant.grant);
        }
      }
      if (admin) continue;
      for (const a of bound(ns, bindRoles)) {
        for (const role of g.roles) {
          if (role.kind !== 'Role' || role.namespace !== ns) continue;
          if (a.names !== 'all' && !a.names.includes(role.name)) continue;
          add(this.roleNode(role, ns), 'binds', text(`Role ${role.name}`, where, a), a.grant.grant);
        }
      }
    }
  }

  /**
   * escalate lets one write rules one does not hold into a role one may update; if one is bound to
   * that role, one holds whatever one writes, at that binding's scope.
   */
  private escalateEdges(held: readonly HeldRule[], add: (to: EscalationNode, kind: EdgeKind, action: Localized, via?: Grant) => void): void {
    const editable = (kind: 'roles' | 'clusterroles'): Access<HeldRule>[] => {
      const esc = accessTo(held, actions(['escalate'], RBAC, [kind]));
      if (esc.length === 0) return [];
      const upd = accessTo(held, actions(['update', 'patch'], RBAC, [kind]));
      return upd.length ? esc : [];
    };
    const canEdit = (list: readonly Access<HeldRule>[], role: Role): Access<HeldRule> | undefined =>
      list.find((a) => (a.scope === CLUSTER || (role.kind === 'Role' && a.scope === role.namespace)) && (a.names === 'all' || a.names.includes(role.name)));
    const clusterRoles = editable('clusterroles');
    const roles = editable('roles');
    if (clusterRoles.length === 0 && roles.length === 0) return;
    const done = new Set<string>();
    for (const h of held) {
      const role = h.boundRole;
      if (!role) continue;
      const a = canEdit(role.kind === 'ClusterRole' ? clusterRoles : roles, role);
      if (!a) continue;
      const key = `${h.scope}`;
      if (done.has(key)) continue;
      done.add(key);
      const text = { en: `escalate and update ${role.kind} ${role.name}, which it is bound to (${viaText(a.grant)})`, zh: `可 escalate 并修改自身所绑定的 ${role.kind} ${role.name}（${viaText(a.grant)}）` };
      if (h.scope === CLUSTER) add(this.special('cluster-admin'), 'escalates', text, a.grant.grant);
      else add(this.nsNode('ns-admin', h.scope), 'escalates', text, a.grant.grant);
    }
  }

  /** Why the namespace admits privileged pods, or undefined when its Pod Security level forbids them. */
  private admitsPrivileged(namespace: string): Localized | undefined {
    const object = this.graph.namespaceObjects.get(namespace);
    if (!object) {
      return { en: `namespace ${namespace} was not read, so its Pod Security level is unknown: a privileged pod is assumed to be admitted`, zh: `未读取到命名空间 ${namespace}，其 Pod 安全级别未知：假定可准入特权 Pod` };
    }
    if (enforcePolicyOf(object, 'latest').level !== 'privileged') return undefined;
    return { en: `namespace ${namespace} enforces no Pod Security level that forbids privileged pods`, zh: `命名空间 ${namespace} 未强制执行禁止特权 Pod 的 Pod 安全级别` };
  }

  /** Expands everything reachable from the sources, then indexes edges by their target. */
  private ensureReverse(): Map<string, EscalationEdge[]> {
    if (this.reverse) return this.reverse;
    const queue = this.sources.map((s) => this.identityNode(s).id);
    queue.push(this.special('cluster-admin').id);
    const seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      for (const edge of this.edgesOf(queue[i] as string)) {
        if (!seen.has(edge.to)) {
          seen.add(edge.to);
          queue.push(edge.to);
        }
      }
    }
    const reverse = new Map<string, EscalationEdge[]>();
    for (const id of queue) {
      for (const edge of this.edgesOf(id)) {
        const list = reverse.get(edge.to);
        if (list) list.push(edge);
        else reverse.set(edge.to, [edge]);
      }
    }
    this.reverse = reverse;
    return reverse;
  }

  /** For every node that reaches the target, its first step on a shortest chain there. */
  private nextTowards(target: string): Map<string, EscalationEdge> {
    let next = this.towards.get(target);
    if (next) return next;
    const reverse = this.ensureReverse();
    next = new Map();
    const queue = [target];
    const seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      for (const edge of reverse.get(queue[i] as string) ?? []) {
        if (seen.has(edge.from)) continue;
        seen.add(edge.from);
        next.set(edge.from, edge);
        queue.push(edge.from);
      }
    }
    this.towards.set(target, next);
    return next;
  }

  /** The shortest chain from a node to the target, or undefined. */
  chain(fromId: string, target: string): EscalationEdge[] | undefined {
    const next = this.nextTowards(target);
    const steps: EscalationEdge[] = [];
    let at = fromId;
    while (at !== target) {
      const edge = next.get(at);
      if (!edge) return undefined;
      steps.push(edge);
      at = edge.to;
    }
    return steps.length ? steps : undefined;
  }

  /** Whether a chain passes through another identity (or a node) before its target. */
  isMultiHop(steps: readonly EscalationEdge[]): boolean {
    return steps.slice(0, -1).some((e) => IDENTITY_KINDS.has(this.nodes.get(e.to)?.kind ?? 'pods'));
  }

  /** Targets the node reaches without changing identity: what its own grants give it in one move. */
  directReach(fromId: string): Set<string> {
    const out = new Set<string>();
    const stack = [fromId];
    const seen = new Set(stack);
    while (stack.length) {
      for (const edge of this.edgesOf(stack.pop() as string)) {
        const kind = this.nodes.get(edge.to)?.kind;
        if (kind === 'cluster-admin' || kind === 'secrets' || kind === 'node') out.add(edge.to);
        if (kind === undefined || IDENTITY_KINDS.has(kind) || kind === 'cluster-admin' || seen.has(edge.to)) continue;
        seen.add(edge.to);
        stack.push(edge.to);
      }
    }
    return out;
  }

  /** Whether the identity holds cluster-admin itself (every verb on every resource, cluster-wide). */
  isAdmin(subject: Subject): boolean {
    return this.edgesOf(this.identityNode(subject).id).some((e) => e.kind === 'holds-cluster-admin' || e.kind === 'masters');
  }

  /**
   * Shortest chains from every source that is not itself cluster-admin to the target: one per
   * subject (per namespace for secrets), shortest first. A chain that only restates what the
   * subject holds (reading Secrets it is granted, full control of the namespace) is not a path.
   */
  paths(target: EscalationTarget, namespace?: string): EscalationPath[] {
    this.ensureReverse();
    const out: EscalationPath[] = [];
    const targets = target === 'secrets' ? [...this.graph.namespaces].sort().filter((ns) => namespace === undefined || ns === namespace).map((ns) => ({ id: `secrets:${ns}`, ns })) : [{ id: target, ns: undefined }];
    for (const subject of this.sources) {
      if (this.isAdmin(subject)) continue;
      const from = this.identityNode(subject).id;
      for (const t of targets) {
        if (!this.nodes.has(t.id)) continue;
        const steps = this.chain(from, t.id);
        if (!steps) continue;
        if (steps.every((step) => HOLDING_KINDS.has(step.kind))) continue;
        const path: EscalationPath = { subject, target, steps, multiHop: this.isMultiHop(steps) };
        if (t.ns !== undefined) path.namespace = t.ns;
        out.push(path);
      }
    }
    return out.sort((a, b) => a.steps.length - b.steps.length || describeSubject(a.subject).localeCompare(describeSubject(b.subject)) || (a.namespace ?? '').localeCompare(b.namespace ?? ''));
  }

  /** Shortest chains from one identity to cluster-admin, the node and each namespace's Secrets. */
  pathsFrom(subject: Subject): EscalationPath[] {
    const from = this.identityNode(subject).id;
    const parent = new Map<string, EscalationEdge>();
    const queue = [from];
    const seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      for (const edge of this.edgesOf(queue[i] as string)) {
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        parent.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
    const chainTo = (id: string): EscalationEdge[] => {
      const steps: EscalationEdge[] = [];
      for (let at = id; at !== from; ) {
        const edge = parent.get(at) as EscalationEdge;
        steps.unshift(edge);
        at = edge.from;
      }
      return steps;
    };
    const out: EscalationPath[] = [];
    for (const id of queue) {
      const node = this.nodes.get(id);
      if (!node || id === from) continue;
      if (node.kind !== 'cluster-admin' && node.kind !== 'node' && node.kind !== 'secrets') continue;
      const steps = chainTo(id);
      const path: EscalationPath = { subject, target: node.kind, steps, multiHop: this.isMultiHop(steps) };
      if (node.namespace !== undefined) path.namespace = node.namespace;
      out.push(path);
    }
    return out;
  }
}

function viaText(h: { grant?: Grant } | HeldRule): string {
  const grant = h.grant;
  if (grant) return describeGrant(grant);
  const role = (h as HeldRule).boundRole;
  return role ? `${role.kind} ${role.name}` : 'granted';
}

const escalations = new WeakMap<RbacGraph, EscalationGraph>();

/** The escalation graph of an RBAC graph, built once and shared by the checks, summary and CLI. */
export function escalationGraphOf(graph: RbacGraph): EscalationGraph {
  let e = escalations.get(graph);
  if (!e) escalations.set(graph, (e = new EscalationGraph(graph)));
  return e;
}

/** `ServiceAccount ci/deployer → new pods in namespace batch → node → cluster-admin`. */
export function formatChain(e: EscalationGraph, path: EscalationPath, lang: 'en' | 'zh' = 'en'): string {
  const parts = [lang === 'en' ? describeSubject(path.subject) : describeSubjectLocalized(path.subject).zh];
  for (const step of path.steps) parts.push(e.nodes.get(step.to)?.label[lang] ?? step.to);
  return parts.join(' → ');
}

/** The chain with what allows each step, for evidence. */
export function formatChainWithActions(e: EscalationGraph, path: EscalationPath, lang: 'en' | 'zh' = 'en'): string {
  const parts = [lang === 'en' ? describeSubject(path.subject) : describeSubjectLocalized(path.subject).zh];
  for (const step of path.steps) parts.push(`[${step.action[lang]}] ${e.nodes.get(step.to)?.label[lang] ?? step.to}`);
  return parts.join(' → ');
}
