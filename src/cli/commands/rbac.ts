import { Command, InvalidArgumentError, Option } from 'commander';
import type { InventoryContext } from '../../analyzers/inventory.js';
import { InventoryBuilder } from '../../analyzers/inventory-builder.js';
import { isClusterScoped, parseResourceArgument } from '../../analyzers/rbac/api-resources.js';
import { escalationGraphOf, type EscalationGraph, type EscalationPath, type EscalationTarget } from '../../analyzers/rbac/escalation.js';
import { CLUSTER, rbacGraphsOf, type Binding, type Grant, type RbacGraph } from '../../analyzers/rbac/graph.js';
import { formatScope, ruleSummary, whoCan, whoCanNonResource, type WhoCanAnswer } from '../../analyzers/rbac/queries.js';
import { describeSubject, describeSubjectLocalized, grantHolders, parseSubjectArgument, populationNote, subjectKey, type Subject } from '../../analyzers/rbac/subjects.js';
import type { InputError, Lang, Localized } from '../../model/index.js';
import { displayWidth } from '../../reporters/table.js';
import { readManifests } from '../../sources/kube/manifests.js';
import { defaultLang, parseLang } from '../options.js';

/**
 * `rampart rbac`: questions about access over the same manifests `rampart manifests` reads —
 * who may do something, what one subject may do, and how a subject can become cluster-admin.
 * Every answer comes from the RBAC graph the scan's RBAC checks use.
 */

type TableOrJson = 'table' | 'json';
type PathsFormat = TableOrJson | 'dot' | 'mermaid';

interface CommonOptions {
  lang: Lang;
}

const INPUT_HELP = 'files or directories (.yaml, .yml, .json, searched recursively; default: the current directory), or - for standard input';

function langOption(): Option {
  return new Option('--lang <lang>', 'language of the output: en or zh').default(defaultLang(), 'en, or zh under a Chinese locale').argParser(parseLang);
}

export function rbacCommand(): Command {
  const rbac = new Command('rbac')
    .description('Access analysis: who can do what, what a subject can do, and privilege-escalation paths, from RBAC manifests')
    .addHelpText(
      'after',
      `
Reads Roles, ClusterRoles (aggregation resolved; cluster-admin, admin, edit and view built in),
RoleBindings, ClusterRoleBindings, ServiceAccounts, Secrets, Namespaces and workloads, as
\`rampart manifests\` reads them. The same findings appear in \`rampart manifests\` as rbac.* checks.

Examples:
  rampart rbac who-can get secrets k8s/ -n payments
  rampart rbac who-can create pods/exec k8s/ --all-namespaces
  rampart rbac can system:serviceaccount:ci:deployer k8s/
  rampart rbac paths k8s/ --to cluster-admin --format dot | dot -Tsvg > paths.svg
  helm template charts/platform | rampart rbac paths - --format mermaid
`,
    );
  rbac.addCommand(whoCanCommand());
  rbac.addCommand(canCommand());
  rbac.addCommand(pathsCommand());
  return rbac;
}

// ---------------------------------------------------------------------------------------------
// Reading input

interface Loaded {
  graphs: RbacGraph[];
  inputErrors: InputError[];
}

async function load(inputs: string[]): Promise<Loaded> {
  const builder = new InventoryBuilder();
  const inputErrors: InputError[] = [];
  for await (const event of readManifests(inputs.length ? inputs : ['.'])) {
    if (event.type === 'resource') builder.add(event.resource);
    else if (event.type === 'error') inputErrors.push(event.error);
  }
  const inventory = builder.build();
  const ctx: Pick<InventoryContext, 'inputError'> = { inputError: (r, p, m) => builder.inputError(r, p, m) };
  const graphs = rbacGraphsOf(inventory, ctx);
  inputErrors.push(...builder.inputErrors);
  return { graphs, inputErrors };
}

/** Input errors, one line each on standard error as `rampart manifests` prints them; 2 when there were any. */
function finish(loaded: Loaded): number {
  for (const error of loaded.inputErrors) {
    process.stderr.write(`rampart: ${error.source}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  }
  return loaded.inputErrors.length ? 2 : 0;
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function json(value: unknown): void {
  write(JSON.stringify(value, null, 2));
}

// ---------------------------------------------------------------------------------------------
// who-can

interface WhoCanOptions extends CommonOptions {
  namespace?: string;
  allNamespaces?: boolean;
  name?: string;
  format: TableOrJson;
}

function whoCanCommand(): Command {
  return new Command('who-can')
    .description('Who may make a request: every subject granted the verb on the resource, with the binding that grants it')
    .argument('<verb>', 'get, list, watch, create, update, patch, delete, deletecollection, impersonate, bind, escalate, approve, or *', parseVerb)
    .argument('<resource>', 'resource as kubectl names it (secrets, pods/exec, deployments.apps, deploy), or a non-resource URL (/metrics)')
    .argument('[paths...]', INPUT_HELP)
    .option('-n, --namespace <ns>', 'only grants that reach this namespace (ClusterRoleBindings and its RoleBindings)')
    .option('-A, --all-namespaces', 'grants in every namespace (the default)')
    .option('--name <name>', 'only grants that cover this object (resourceNames)')
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .addOption(langOption())
    .addHelpText(
      'after',
      `
Subjects are listed as bindings name them: a grant to a group (system:authenticated, or
system:serviceaccounts:ci for every ServiceAccount of ci) is shown as that group. A grant limited
by resourceNames shows the names it covers. Bindings to roles that are not in the input are
listed at the end: what they grant is unknown and not counted.

Exit codes: 0 answered, 2 an input could not be read (the answer covers everything else).

Examples:
  rampart rbac who-can get secrets k8s/ -n payments
  rampart rbac who-can create pods/exec k8s/ --all-namespaces
  rampart rbac who-can impersonate groups k8s/ --name system:masters
  rampart rbac who-can get /metrics k8s/ --format json
`,
    )
    .action(async (verb: string, resource: string, inputs: string[], options: WhoCanOptions) => {
      process.exitCode = await runWhoCan(verb, resource, inputs, options);
    });
}

function parseVerb(value: string): string {
  if (!/^(\*|[a-z]+)$/.test(value)) throw new InvalidArgumentError('expected a verb such as get, list, create or *');
  return value;
}

async function runWhoCan(verb: string, resourceText: string, inputs: string[], options: WhoCanOptions): Promise<number> {
  if (options.namespace !== undefined && options.allNamespaces) throw new InvalidArgumentError('use either -n/--namespace or -A/--all-namespaces, not both');
  const lang = options.lang;
  const nonResource = resourceText.startsWith('/');
  const resource = nonResource ? undefined : parseResourceArgument(resourceText);
  if (!nonResource && !resource) throw new InvalidArgumentError(`"${resourceText}" is not a resource (e.g. secrets, pods/exec, deployments.apps) or a URL path (e.g. /metrics)`);
  if (resource && !resource.groupKnown) {
    process.stderr.write(`rampart: note: "${resource.resource}" is not a built-in resource; assuming the core API group (write ${resource.resource}.GROUP for another)\n`);
  }
  const loaded = await load(inputs);
  const answers: WhoCanAnswer[] = [];
  for (const graph of loaded.graphs) {
    if (resource) {
      answers.push(
        ...whoCan(graph, {
          verb,
          apiGroup: resource.apiGroup,
          resource: resource.resource,
          ...(resource.subresource ? { subresource: resource.subresource } : {}),
          ...(options.name !== undefined ? { name: options.name } : {}),
          ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
        }),
      );
    } else answers.push(...whoCanNonResource(graph, { verb, path: resourceText }));
  }
  answers.sort(compareAnswers);
  const unresolved = unresolvedBindings(loaded.graphs);
  const question = describeQuestion(verb, resourceText, resource, options, lang);
  if (options.format === 'json') {
    json({
      query: {
        verb,
        ...(resource
          ? { apiGroup: resource.apiGroup, resource: resource.resource, ...(resource.subresource ? { subresource: resource.subresource } : {}) }
          : { nonResourceURL: resourceText }),
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.namespace !== undefined ? { namespace: options.namespace } : { allNamespaces: true }),
      },
      answers: answers.map((a) => ({
        subject: subjectJson(a.subject),
        scope: a.grant.scope === CLUSTER ? 'cluster' : a.grant.scope,
        names: a.names,
        binding: bindingJson(a.grant.binding, a.subjectIndex),
        ...(a.grant.source.role.name !== a.grant.binding.roleRef.name ? { ruleFrom: `${a.grant.source.role.kind} ${a.grant.source.role.name}` } : {}),
      })),
      unresolvedBindings: unresolved.map((b) => bindingJson(b)),
      inputErrors: loaded.inputErrors,
    });
    return finish(loaded);
  }
  const L = (en: string, zh: string): string => (lang === 'en' ? en : zh);
  const rows = dedupeRows(
    answers.map((a) => [
      a.subject.kind,
      subjectCell(a.subject, lang),
      a.grant.scope === CLUSTER ? L('cluster-wide', '集群范围') : formatScope(a.grant.scope),
      a.names === 'all' ? '' : a.names.join(','),
      grantCell(a.grant),
    ]),
  );
  const lines = [question];
  if (rows.length === 0) lines.push(L('Nobody is granted this.', '没有主体被授予此权限。'));
  else lines.push(...table([L('KIND', '类型'), L('SUBJECT', '主体'), L('SCOPE', '范围'), L('NAMES', '限定名称'), L('GRANTED BY', '授权来源')], rows));
  lines.push(...unresolvedNote(unresolved, lang));
  write(lines.join('\n'));
  return finish(loaded);
}

function describeQuestion(verb: string, text: string, resource: ReturnType<typeof parseResourceArgument>, options: WhoCanOptions, lang: Lang): string {
  const what = resource ? `${resource.subresource ? `${resource.resource}/${resource.subresource}` : resource.resource}${resource.apiGroup ? `.${resource.apiGroup}` : ''}` : text;
  const name = options.name !== undefined ? ` ${options.name}` : '';
  // Cluster-scoped resources and URLs live in no namespace: only ClusterRoleBindings grant them.
  const clusterWide = !resource || isClusterScoped(resource.resource);
  if (lang === 'zh') {
    const where = clusterWide ? '（集群范围资源，仅 ClusterRoleBinding 可授予）' : options.namespace !== undefined ? `（命名空间 ${options.namespace}）` : '（所有命名空间）';
    return `可对 ${what}${name} 执行 ${verb} 的主体${where}：`;
  }
  const where = clusterWide ? ' (cluster-scoped: only ClusterRoleBindings grant it)' : options.namespace !== undefined ? ` in namespace ${options.namespace}` : ' in any namespace';
  return `Who can ${verb} ${what}${name}${where}:`;
}

function compareAnswers(a: WhoCanAnswer, b: WhoCanAnswer): number {
  return (
    a.subject.kind.localeCompare(b.subject.kind) ||
    describeSubject(a.subject).localeCompare(describeSubject(b.subject)) ||
    compareScopes(a.grant.scope, b.grant.scope)
  );
}

/** Cluster-wide first, then namespaces by name. */
function compareScopes(a: string, b: string): number {
  if (a === b) return 0;
  if (a === CLUSTER) return -1;
  if (b === CLUSTER) return 1;
  return a.localeCompare(b);
}

// ---------------------------------------------------------------------------------------------
// can

interface CanOptions extends CommonOptions {
  format: TableOrJson;
}

function canCommand(): Command {
  return new Command('can')
    .description('Everything one subject may do: its grants, those of the groups it is in, and where they lead')
    .argument('<subject>', 'a user name as kubectl --as takes it (alice, system:serviceaccount:ci:deployer), or group:NAME, user:NAME, sa:NAMESPACE/NAME')
    .argument('[paths...]', INPUT_HELP)
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .addOption(langOption())
    .addHelpText(
      'after',
      `
A ServiceAccount also holds what is granted to system:serviceaccounts,
system:serviceaccounts:<namespace> and system:authenticated; a user, what is granted to
system:authenticated (other group memberships come from the identity provider and cannot be
seen in manifests: ask about the group itself with group:NAME). The escalation section shows the
shortest chain to cluster-admin, to a node and to each namespace's Secrets.

Examples:
  rampart rbac can system:serviceaccount:ci:deployer k8s/
  rampart rbac can sa:monitoring/prometheus k8s/ --lang zh
  rampart rbac can group:system:authenticated k8s/ --format json
`,
    )
    .action(async (subjectText: string, inputs: string[], options: CanOptions) => {
      process.exitCode = await runCan(subjectText, inputs, options);
    });
}

async function runCan(subjectText: string, inputs: string[], options: CanOptions): Promise<number> {
  const parsed = parseSubjectArgument(subjectText);
  if (!parsed) throw new InvalidArgumentError(`"${subjectText}" is not a subject (e.g. alice, system:serviceaccount:ci:deployer, group:devs, sa:ci/deployer)`);
  const lang = options.lang;
  const L = (en: string, zh: string): string => (lang === 'en' ? en : zh);
  const loaded = await load(inputs);
  const rights: { grant: Grant; holder: Subject }[] = [];
  const chains: { e: EscalationGraph; path: EscalationPath }[] = [];
  let admin = false;
  for (const graph of loaded.graphs) {
    const subject: Subject = graph.cluster !== undefined ? { ...parsed, cluster: graph.cluster } : parsed;
    rights.push(...graph.effectiveGrants(subject));
    const e = escalationGraphOf(graph);
    admin ||= e.isAdmin(subject);
    for (const path of e.pathsFrom(subject)) chains.push({ e, path });
  }
  rights.sort((a, b) => compareScopes(a.grant.scope, b.grant.scope));
  const holders = grantHolders(parsed).slice(1);
  const unresolved = unresolvedBindings(loaded.graphs).filter((b) => b.subjects.some((s) => holders.concat(parsed).some((h) => subjectKey(h) === subjectKey(s.subject))));
  const reach = summarisePaths(chains);
  if (options.format === 'json') {
    json({
      subject: subjectJson(parsed),
      groups: holders.filter((h) => h.kind === 'Group').map((h) => h.name),
      clusterAdmin: admin,
      rights: rights.map(({ grant, holder }) => ({
        scope: grant.scope === CLUSTER ? 'cluster' : grant.scope,
        verbs: grant.rule.verbs,
        apiGroups: grant.rule.apiGroups,
        resources: grant.rule.resources,
        resourceNames: grant.rule.resourceNames,
        nonResourceURLs: grant.rule.nonResourceURLs,
        binding: bindingJson(grant.binding),
        ...(grant.source.role.name !== grant.binding.roleRef.name ? { ruleFrom: `${grant.source.role.kind} ${grant.source.role.name}` } : {}),
        ...(subjectKey(holder) !== subjectKey(parsed) ? { through: subjectJson(holder) } : {}),
      })),
      escalation: reach.map(({ e, path }) => pathJson(e, path)),
      unresolvedBindings: unresolved.map((b) => bindingJson(b)),
      inputErrors: loaded.inputErrors,
    });
    return finish(loaded);
  }
  const who = describeSubjectLocalized(parsed)[lang];
  const groups = holders.filter((h) => h.kind === 'Group').map((h) => h.name);
  const lines = [
    lang === 'en'
      ? `What ${who} can do${groups.length ? ` (with the grants of ${groups.join(', ')})` : ''}:`
      : `${who} 可执行的操作${groups.length ? `（含 ${groups.join('、')} 的授权）` : ''}：`,
  ];
  if (rights.length === 0) lines.push(L('No grants.', '没有任何授权。'));
  else {
    const rows = rights.map(({ grant, holder }) => {
      const r = ruleSummary(grant.rule);
      const through = subjectKey(holder) !== subjectKey(parsed) ? L(` (as ${describeSubject(holder)})`, `（经由 ${describeSubjectLocalized(holder).zh}）`) : '';
      return [grant.scope === CLUSTER ? L('cluster-wide', '集群范围') : formatScope(grant.scope), r.verbs, r.resources, r.names, `${grantCell(grant)}${through}`];
    });
    lines.push(...table([L('SCOPE', '范围'), L('VERBS', '操作'), L('RESOURCES', '资源'), L('NAMES', '限定名称'), L('GRANTED BY', '授权来源')], dedupeRows(rows)));
  }
  lines.push('', L('Escalation:', '权限提升：'));
  if (admin) lines.push(L('  holds cluster-admin itself.', '  自身即持有 cluster-admin 权限。'));
  else if (reach.length === 0) lines.push(L('  reaches neither cluster-admin, a node, nor any namespace\'s Secrets.', '  无法获得 cluster-admin、节点或任何命名空间的 Secret。'));
  else for (const { e, path } of reach) lines.push(...pathLines(e, path, lang, '  '));
  lines.push(...unresolvedNote(unresolved, lang));
  write(lines.join('\n'));
  return finish(loaded);
}

/**
 * The chains worth showing for one subject: to cluster-admin and to a node when reached, and to
 * each namespace's Secrets only when cluster-admin is not (cluster-admin reads them all).
 */
function summarisePaths(paths: { e: EscalationGraph; path: EscalationPath }[]): { e: EscalationGraph; path: EscalationPath }[] {
  const admin = paths.some((p) => p.path.target === 'cluster-admin');
  const order: Record<EscalationTarget, number> = { 'cluster-admin': 0, node: 1, secrets: 2 };
  return paths
    .filter((p) => !(admin && p.path.target === 'secrets'))
    .sort((a, b) => order[a.path.target] - order[b.path.target] || a.path.steps.length - b.path.steps.length || (a.path.namespace ?? '').localeCompare(b.path.namespace ?? ''));
}

// ---------------------------------------------------------------------------------------------
// paths

interface PathsOptions extends CommonOptions {
  to: EscalationTarget;
  namespace?: string;
  format: PathsFormat;
}

function pathsCommand(): Command {
  return new Command('paths')
    .description('Privilege-escalation chains: every subject that can reach cluster-admin, a node or a namespace\'s Secrets, shortest chain first')
    .argument('[paths...]', INPUT_HELP)
    .addOption(new Option('--to <target>', 'cluster-admin, node (root on a node), or secrets (a namespace\'s Secrets)').choices(['cluster-admin', 'node', 'secrets']).default('cluster-admin'))
    .option('-n, --namespace <ns>', 'with --to secrets: only this namespace\'s Secrets')
    .addOption(new Option('-f, --format <format>', 'table, json, dot (Graphviz) or mermaid').choices(['table', 'json', 'dot', 'mermaid']).default('table'))
    .addOption(langOption())
    .addHelpText(
      'after',
      `
Each step is something the subject's grants allow that yields another identity or capability:
impersonating, binding or escalating a role, minting or reading a ServiceAccount token, creating
pods (which run as any ServiceAccount of their namespace, and take over the node where Pod
Security admits privileged pods), exec into running pods, nodes/proxy, approving client
certificates. A node counts as cluster-admin: root on a node reads the credentials of the pods
on it, and a pod pinned to a control-plane node reads its admin credentials. Subjects that hold
the target themselves (cluster-admin, or a grant to read the Secrets) are not listed.

Examples:
  rampart rbac paths k8s/
  rampart rbac paths k8s/ --to secrets -n payments --lang zh
  rampart rbac paths k8s/ --format dot | dot -Tsvg > escalation.svg
  rampart rbac paths k8s/ --format mermaid > escalation.mmd
`,
    )
    .action(async (inputs: string[], options: PathsOptions) => {
      process.exitCode = await runPaths(inputs, options);
    });
}

async function runPaths(inputs: string[], options: PathsOptions): Promise<number> {
  if (options.namespace !== undefined && options.to !== 'secrets') throw new InvalidArgumentError('-n/--namespace applies to --to secrets only');
  const lang = options.lang;
  const loaded = await load(inputs);
  const found: { e: EscalationGraph; path: EscalationPath }[] = [];
  for (const graph of loaded.graphs) {
    const e = escalationGraphOf(graph);
    for (const path of e.paths(options.to, options.namespace)) found.push({ e, path });
  }
  found.sort((a, b) => a.path.steps.length - b.path.steps.length);
  const unresolved = unresolvedBindings(loaded.graphs);
  if (options.format === 'json') {
    json({ target: options.to, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}), paths: found.map(({ e, path }) => pathJson(e, path)), unresolvedBindings: unresolved.map((b) => bindingJson(b)), inputErrors: loaded.inputErrors });
  } else if (options.format === 'dot') write(toDot(found, lang));
  else if (options.format === 'mermaid') write(toMermaid(found, lang));
  else {
    const target = targetText(options.to, options.namespace)[lang];
    const lines = [lang === 'en' ? `Escalation paths to ${target}, shortest first: ${found.length}` : `通往${target}的权限提升路径（最短优先）：${found.length} 条`];
    if (found.length === 0) lines.push(lang === 'en' ? 'No subject reaches it through the grants read.' : '根据读取到的授权，没有主体能够到达。');
    found.forEach(({ e, path }, i) => lines.push('', ...pathLines(e, path, lang, '', `${i + 1}. `)));
    lines.push(...unresolvedNote(unresolved, lang));
    write(lines.join('\n'));
  }
  return finish(loaded);
}

function targetText(target: EscalationTarget, namespace?: string): Localized {
  if (target === 'cluster-admin') return { en: 'cluster-admin', zh: ' cluster-admin ' };
  if (target === 'node') return { en: 'a node', zh: '节点' };
  return namespace !== undefined ? { en: `the Secrets of namespace ${namespace}`, zh: `命名空间 ${namespace} 的 Secret` } : { en: "a namespace's Secrets", zh: '命名空间 Secret' };
}

/** `ServiceAccount ci/deployer → cluster-admin in 3 steps`, then one line per step. */
function pathLines(e: EscalationGraph, path: EscalationPath, lang: Lang, indent: string, prefix = ''): string[] {
  const target = path.target === 'secrets' ? targetText('secrets', path.namespace)[lang] : targetText(path.target)[lang].trim();
  const who = clean(describeSubjectLocalized(path.subject)[lang]);
  const head = lang === 'en' ? `${who} → ${target} in ${path.steps.length} step${path.steps.length === 1 ? '' : 's'}` : `${who} → ${target}，共 ${path.steps.length} 步`;
  const lines = [`${indent}${prefix}${head}`];
  const pad = `${indent}${' '.repeat(prefix.length)}   `;
  for (const step of path.steps) {
    const to = e.nodes.get(step.to)?.label[lang] ?? step.to;
    lines.push(`${pad}→ ${clean(to)}: ${clean(step.action[lang])}`);
  }
  return lines;
}

function pathJson(e: EscalationGraph, path: EscalationPath): unknown {
  return {
    subject: subjectJson(path.subject),
    target: path.target,
    ...(path.namespace !== undefined ? { namespace: path.namespace } : {}),
    multiHop: path.multiHop,
    steps: path.steps.map((step) => ({
      from: step.from,
      to: step.to,
      toLabel: e.nodes.get(step.to)?.label ?? { en: step.to, zh: step.to },
      kind: step.kind,
      action: step.action,
      ...(step.via ? { binding: bindingJson(step.via.binding) } : {}),
    })),
  };
}

/** The union of the chains as a Graphviz digraph: subjects on the left, targets on the right. */
function toDot(found: { e: EscalationGraph; path: EscalationPath }[], lang: Lang): string {
  // DOT strings: backslash and quote escaped; a line break is the two characters \n.
  const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const lines = ['digraph rampart_escalation {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fillcolor="#f3f4f6", fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  const nodes = new Map<string, string>();
  const edges = new Set<string>();
  for (const { e, path } of found) {
    const start = e.identityNode(path.subject);
    nodes.set(start.id, `  ${q(start.id)} [label=${q(start.label[lang])}, fillcolor="#dbeafe"];`);
    for (const step of path.steps) {
      const node = e.nodes.get(step.to);
      const sink = node?.kind === 'cluster-admin' || node?.kind === 'node' || node?.kind === 'secrets';
      if (!nodes.has(step.to)) nodes.set(step.to, `  ${q(step.to)} [label=${q(node?.label[lang] ?? step.to)}${sink ? ', shape=doubleoctagon, fillcolor="#fecaca"' : ''}];`);
      edges.add(`  ${q(step.from)} -> ${q(step.to)} [label=${q(wrap(step.action[lang]))}];`);
    }
  }
  return [...lines, ...nodes.values(), ...edges, '}'].join('\n');
}

/** The same graph as a Mermaid flowchart, for Markdown documents and wikis. */
function toMermaid(found: { e: EscalationGraph; path: EscalationPath }[], lang: Lang): string {
  const ids = new Map<string, string>();
  const id = (key: string): string => {
    let v = ids.get(key);
    if (!v) ids.set(key, (v = `n${ids.size}`));
    return v;
  };
  // Mermaid entity codes: a quote would end the label, a semicolon the statement.
  const text = (s: string): string => `"${s.replace(/;/g, '#59;').replace(/"/g, '#quot;').replace(/\n/g, ' ')}"`;
  const lines = ['flowchart LR'];
  const declared = new Set<string>();
  const edges = new Set<string>();
  const declare = (key: string, label: string, sink: boolean): void => {
    if (declared.has(key)) return;
    declared.add(key);
    lines.push(sink ? `  ${id(key)}{{${text(label)}}}` : `  ${id(key)}[${text(label)}]`);
  };
  for (const { e, path } of found) {
    const start = e.identityNode(path.subject);
    declare(start.id, start.label[lang], false);
    for (const step of path.steps) {
      const node = e.nodes.get(step.to);
      declare(step.to, node?.label[lang] ?? step.to, node?.kind === 'cluster-admin' || node?.kind === 'node' || node?.kind === 'secrets');
      edges.add(`  ${id(step.from)} -->|${text(step.action[lang])}| ${id(step.to)}`);
    }
  }
  return [...lines, ...edges].join('\n');
}

/** Breaks a long edge label near every 48 characters, for readable graphs. */
function wrap(text: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length > 48) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Shared rendering

function unresolvedBindings(graphs: readonly RbacGraph[]): Binding[] {
  return graphs.flatMap((g) => g.bindings.filter((b) => b.roleStatus !== 'resolved'));
}

function unresolvedNote(bindings: readonly Binding[], lang: Lang): string[] {
  if (bindings.length === 0) return [];
  const shown = bindings.slice(0, 10).map((b) => `  ${bindingName(b)} → ${b.roleRef.kind} ${b.roleRef.name}${b.roleStatus === 'missing' ? (lang === 'en' ? ' (not found)' : '（未找到）') : ''}`);
  if (bindings.length > 10) shown.push(lang === 'en' ? `  … and ${bindings.length - 10} more` : `  …… 另有 ${bindings.length - 10} 个`);
  const head =
    lang === 'en'
      ? `\nNote: ${bindings.length} binding${bindings.length === 1 ? ' refers' : 's refer'} to roles whose rules are not in the input; what they grant is not counted:`
      : `\n注意：有 ${bindings.length} 个绑定引用的角色规则不在输入中，其授予的权限未计入：`;
  return [head, ...shown.map(clean)];
}

function bindingName(b: Binding): string {
  return `${b.kind} ${b.namespace !== undefined ? `${b.namespace}/` : ''}${b.name}`;
}

function grantCell(grant: Grant): string {
  const b = grant.binding;
  const from = grant.source.role.name !== b.roleRef.name ? ` (${grant.source.role.name})` : '';
  return clean(`${bindingName(b)} → ${b.roleRef.kind} ${b.roleRef.name}${from}`);
}

function subjectCell(s: Subject, lang: Lang): string {
  const name = s.kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name;
  const note = populationNote(s);
  return clean(note ? `${name} (${note[lang]})` : name);
}

function subjectJson(s: Subject): Record<string, string> {
  return { kind: s.kind, name: s.name, ...(s.namespace !== undefined ? { namespace: s.namespace } : {}), ...(s.cluster !== undefined ? { cluster: s.cluster } : {}) };
}

function bindingJson(b: Binding, subjectIndex?: number): Record<string, unknown> {
  const path: (string | number)[] = subjectIndex === undefined ? ['roleRef'] : ['subjects', subjectIndex];
  const line = b.resource.lineOf(path);
  return {
    kind: b.kind,
    ...(b.namespace !== undefined ? { namespace: b.namespace } : {}),
    name: b.name,
    roleRef: b.roleRef,
    file: b.resource.source,
    ...(line !== undefined ? { line } : {}),
  };
}

function dedupeRows(rows: string[][]): string[][] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = r.join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Columns padded by terminal width (Chinese characters take two cells); empty columns are dropped. */
function table(head: string[], rows: string[][]): string[] {
  const all = [head, ...rows];
  const columns = head.map((_, i) => i).filter((i) => i === 0 || rows.some((r) => (r[i] ?? '') !== ''));
  const widths = columns.map((i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  const last = columns.length - 1;
  return all.map((r) =>
    columns
      .map((i, c) => {
        const cell = r[i] ?? '';
        return c === last ? cell : cell + ' '.repeat(Math.max(0, (widths[c] ?? 0) - displayWidth(cell)));
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Terminal-safe text: names come from manifests, and a control character could rewrite the terminal. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\t\n\r]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
