/**
 * What `rampart netpol` prints: the explanation of a decision, the reachability map as text, DOT
 * and Mermaid, and the egress list as text and CSV, in English or Chinese. Messages are never set
 * in fixed-width columns, since CJK characters are two cells wide.
 */
import jsyaml from 'js-yaml';
import { describeRule, portsText, ruleName } from '../analyzers/network/describe.js';
import type { EgressRow } from '../analyzers/network/egress.js';
import type { Decision, Endpoint, SideDecision } from '../analyzers/network/engine.js';
import { reachability } from '../analyzers/network/engine.js';
import { exposuresOf } from '../analyzers/network/exposure.js';
import type { NetPod, NetworkModel } from '../analyzers/network/model.js';
import { EMPTY_PORTS } from '../analyzers/network/ports.js';
import type { NetworkSummary } from '../model/index.js';
import type { Lang, Localized } from '../model/index.js';

const L = (en: string, zh: string): Localized => ({ en, zh });

const VERDICT = {
  allowed: L('ALLOWED', '允许'),
  denied: L('DENIED', '拒绝'),
  partial: L('PARTLY ALLOWED', '部分允许'),
} as const;

const NOTE = {
  'same-workload': L(
    'Source and destination are the same workload: this is one replica connecting to another, which policies govern; a pod connecting to itself is always allowed.',
    '源与目的是同一工作负载：这是一个副本连接另一个副本，受策略约束；Pod 连接自身始终被允许。',
  ),
  'host-network-source': L(
    'The source runs in the host network: its traffic carries the node\'s address, which pod and namespace selectors do not match (Kubernetes leaves this to the network plugin).',
    '源运行在宿主机网络中：其流量使用节点地址，Pod 和命名空间选择器不匹配该地址（Kubernetes 将此交由网络插件决定）。',
  ),
  'host-network-destination': L(
    'The destination runs in the host network: NetworkPolicy does not govern its ingress.',
    '目的运行在宿主机网络中：NetworkPolicy 不管控其入站流量。',
  ),
  'named-port': L('The port name was resolved against the destination\'s container ports.', '端口名称已按目的工作负载的容器端口解析。'),
} as const;

export function endpointText(e: Endpoint): string {
  return e.kind === 'pod' ? e.pod.label : e.cidr.prefix === (e.cidr.family === 4 ? 32 : 128) ? e.cidr.text.replace(/\/(32|128)$/, '') : e.cidr.text;
}

/** The decision and its reasons, both sides, naming policies and rules. */
export function renderDecision(d: Decision, lang: Lang): string {
  const t = (l: Localized): string => l[lang];
  const port = `${d.protocol} ${d.port}${d.portName ? ` (${d.portName})` : ''}`;
  const out = [`${endpointText(d.from)} → ${endpointText(d.to)}  ${port}: ${t(VERDICT[d.verdict])}`, ''];
  if (d.egress) out.push(...renderSide(d.egress, d, lang), '');
  else out.push(lang === 'en' ? `Source ${endpointText(d.from)} is outside the cluster: only the destination's ingress applies.` : `源 ${endpointText(d.from)} 位于集群外部：仅适用目的端的入站策略。`, '');
  if (d.ingress) out.push(...renderSide(d.ingress, d, lang), '');
  else out.push(lang === 'en' ? `Destination ${endpointText(d.to)} is outside the cluster: only the source's egress applies (and whatever firewalls lie beyond it).` : `目的 ${endpointText(d.to)} 位于集群外部：仅适用源端的出站策略（以及其外的防火墙）。`, '');
  for (const note of d.notes) out.push(`${lang === 'en' ? 'Note: ' : '注：'}${t(NOTE[note])}`);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function renderSide(side: SideDecision, d: Decision, lang: Lang): string[] {
  const t = (l: Localized): string => l[lang];
  const ingress = side.direction === 'ingress';
  const peer = endpointText(ingress ? d.from : d.to);
  const head = ingress ? L(`Destination ingress (${side.pod.label})`, `目的端入站（${side.pod.label}）`) : L(`Source egress (${side.pod.label})`, `源端出站（${side.pod.label}）`);
  const lines = [`${t(head)}${lang === 'en' ? ': ' : '：'}${t(VERDICT[side.verdict])}`];
  const dir = ingress ? L('ingress', '入站') : L('egress', '出站');
  if (!side.governed) {
    lines.push(`  ${t(L('runs in the host network: NetworkPolicy does not apply to it', '运行在宿主机网络中：NetworkPolicy 对其不生效'))}`);
    return lines;
  }
  if (!side.isolated) {
    lines.push(`  ${t(L(`not isolated for ${dir.en}: no NetworkPolicy with ${ingress ? 'Ingress' : 'Egress'} selects it, so it ${ingress ? 'accepts' : 'may open'} any connection`, `${dir.zh}未被隔离：没有 ${ingress ? 'Ingress' : 'Egress'} 类型的 NetworkPolicy 选中它，因此${ingress ? '接受' : '可发起'}任意连接`))}`);
    return lines;
  }
  const colon = lang === 'en' ? ': ' : '：';
  lines.push(`  ${t(L(`isolated for ${dir.en} by`, `${dir.zh}隔离策略`))}${colon}${side.policies.map((p) => p.id).join(', ')}`);
  for (const rule of side.allowedBy) lines.push(`  ${t(L('allowed by', '放行规则'))} ${ruleName(rule)}${colon}${t(describeRule(rule))}`);
  if (side.admitted && side.verdict === 'partial') lines.push(`  ${t(L('admits only', '仅放行'))} ${side.admitted.toCidrs().join(', ')}`);
  if (side.allowedBy.length === 0) {
    lines.push(`  ${t(L(`no rule admits ${peer} on ${d.protocol} ${d.port}`, `没有规则放行 ${peer} 的 ${d.protocol} ${d.port}`))}`);
  }
  if (side.verdict !== 'allowed') {
    for (const miss of side.nearMisses) {
      const why = miss.missing === 'port' ? L(`matches ${peer} but not ${d.protocol} ${d.port}`, `匹配 ${peer}，但不含 ${d.protocol} ${d.port}`) : L(`admits ${d.protocol} ${d.port} but not ${peer}`, `放行 ${d.protocol} ${d.port}，但不匹配 ${peer}`);
      lines.push(`  ${t(L('near miss', '差一点匹配'))} ${ruleName(miss.rule)} ${t(why)}${colon}${t(describeRule(miss.rule))}`);
    }
  }
  return lines;
}

/** Plain-data decision for --format json, with texts in both languages. */
export function decisionJson(d: Decision): Record<string, unknown> {
  const side = (s: SideDecision | undefined): Record<string, unknown> | undefined =>
    s && {
      workload: s.pod.id,
      governed: s.governed,
      isolated: s.isolated,
      verdict: s.verdict,
      policies: s.policies.map((p) => p.id),
      allowedBy: s.allowedBy.map((r) => ({ rule: ruleName(r), text: describeRule(r) })),
      nearMisses: s.nearMisses.map((m) => ({ rule: ruleName(m.rule), missing: m.missing, text: describeRule(m.rule) })),
      ...(s.admitted ? { admitted: s.admitted.toCidrs() } : {}),
    };
  return {
    from: endpointText(d.from),
    to: endpointText(d.to),
    protocol: d.protocol,
    port: d.port,
    ...(d.portName ? { portName: d.portName } : {}),
    verdict: d.verdict,
    egress: side(d.egress) ?? null,
    ingress: side(d.ingress) ?? null,
    notes: d.notes.map((n) => ({ id: n, ...NOTE[n] })),
  };
}

/** Per destination workload and declared port, who may connect; open ingress and exposure noted. */
export function renderMapTable(model: NetworkModel, pods: readonly NetPod[], lang: Lang): string {
  const t = (l: Localized): string => l[lang];
  const { size, allowed } = reachability(model);
  const out: string[] = [];
  let edges = 0;
  for (const dst of pods) {
    out.push(`${dst.label}${dst.hostNetwork ? ` [${t(L('host network', '宿主机网络'))}]` : ''}${dst.ingress.length === 0 ? `  (${t(L('ingress not isolated', '入站未隔离'))})` : ''}`);
    const targets = dst.ports.length ? dst.ports.map((p) => ({ protocol: p.protocol, port: p.port as number | undefined, name: p.name })) : [{ protocol: 'TCP' as const, port: undefined as number | undefined, name: undefined as string | undefined }];
    for (const target of targets) {
      const sources = model.pods.filter((src) => {
        const id = allowed[src.index * size + dst.index] as number;
        if (id === EMPTY_PORTS) return false;
        return target.port === undefined ? true : model.ports.contains(id, target.protocol, target.port);
      });
      edges += sources.length;
      const what = target.port === undefined ? t(L('any port (none declared)', '任意端口（未声明端口）')) : `${target.protocol} ${target.port}${target.name ? ` (${target.name})` : ''}`;
      let who: string;
      if (dst.ingress.length === 0) {
        const isolated = sources.filter((s) => s.egress.length > 0).map((s) => s.label);
        who = t(L('any pod whose egress is not isolated, and any address', '任何出站未隔离的 Pod 以及任意地址')) + (isolated.length ? `; ${t(L('also', '另有'))} ${isolated.join(', ')}` : '');
      } else {
        who = sources.length ? sources.map((s) => s.label).join(', ') : t(L('no workload', '无工作负载'));
      }
      out.push(`  ${what} ← ${who}`);
    }
    for (const e of exposuresOf(model, dst)) {
      const via = e.paths.map((p) => p.detail).join('; ');
      out.push(`  ${e.port === undefined ? t(L('any port', '任意端口')) : `${e.protocol} ${e.port}`} ⇐ ${t(L('outside the cluster', '集群外部'))} (${e.reachable ? t(L('reachable', '可达')) : t(L('blocked by NetworkPolicy', '被 NetworkPolicy 阻断'))}): ${via}`);
    }
  }
  const head = lang === 'en' ? `Reachability of ${pods.length} workload(s): ${edges} allowed source-port pairs` : `${pods.length} 个工作负载的可达性：共 ${edges} 个允许的来源-端口组合`;
  return `${head}\n\n${out.join('\n')}\n`;
}

function dotId(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Graphviz: namespaces as clusters; edges for pairs policies decide; "any pod" for open ingress; "outside" for exposure. */
export function renderDot(summary: NetworkSummary, lang: Lang): string {
  const out = ['digraph rampart_netpol {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  const byNs = new Map<string, NetworkSummary['workloads']>();
  for (const w of summary.workloads) byNs.set(w.namespace, [...(byNs.get(w.namespace) ?? []), w]);
  for (const [ns, list] of byNs) {
    out.push(`  subgraph ${dotId(`cluster_${ns}`)} {`, `    label=${dotId(ns)};`);
    for (const w of list) out.push(`    ${dotId(w.id)} [label=${dotId(`${w.name}\n${w.kind}`)}${w.reachableFromOutside ? ', color=red' : ''}];`);
    out.push('  }');
  }
  const any = lang === 'en' ? 'any pod (egress not isolated)' : '任意 Pod（出站未隔离）';
  const outside = lang === 'en' ? 'outside the cluster' : '集群外部';
  out.push(`  "any" [shape=ellipse, style=dashed, label=${dotId(any)}];`, `  "outside" [shape=ellipse, color=red, label=${dotId(outside)}];`);
  for (const id of summary.openIngress) out.push(`  "any" -> ${dotId(id)} [style=dashed, label="all ports"];`);
  for (const e of summary.edges) out.push(`  ${dotId(e.from)} -> ${dotId(e.to)} [label=${dotId(e.ports)}];`);
  for (const w of summary.workloads) {
    for (const x of w.exposure) if (x.reachable) out.push(`  "outside" -> ${dotId(w.id)} [color=red, label=${dotId(`${x.port === undefined ? 'any' : `${x.protocol} ${x.port}`} via ${[...new Set(x.via.map((v) => v.kind))].join(', ')}`)}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Mermaid ends a statement at `;` and a string at `"`, even inside quoted labels: use its entity codes. */
function mermaidText(s: string): string {
  return s.replace(/;/g, '#59;').replace(/"/g, '#quot;');
}

/** Mermaid flowchart, same content as the DOT graph. */
export function renderMermaid(summary: NetworkSummary, lang: Lang): string {
  const ids = new Map(summary.workloads.map((w, i) => [w.id, `w${i}`]));
  const out = ['flowchart LR'];
  const byNs = new Map<string, NetworkSummary['workloads']>();
  for (const w of summary.workloads) byNs.set(w.namespace, [...(byNs.get(w.namespace) ?? []), w]);
  let n = 0;
  for (const [ns, list] of byNs) {
    out.push(`  subgraph ns${n++}["${mermaidText(ns)}"]`);
    for (const w of list) out.push(`    ${ids.get(w.id)}["${mermaidText(`${w.name} (${w.kind})`)}"]`);
    out.push('  end');
  }
  out.push(`  any(("${lang === 'en' ? 'any pod' : '任意 Pod'}"))`, `  outside(("${lang === 'en' ? 'outside the cluster' : '集群外部'}"))`);
  for (const id of summary.openIngress) out.push(`  any -.->|all ports| ${ids.get(id)}`);
  for (const e of summary.edges) out.push(`  ${ids.get(e.from)} -->|"${mermaidText(e.ports)}"| ${ids.get(e.to)}`);
  for (const w of summary.workloads) {
    for (const x of w.exposure) if (x.reachable) out.push(`  outside ==>|"${mermaidText(`${x.port === undefined ? 'any' : `${x.protocol} ${x.port}`} via ${[...new Set(x.via.map((v) => v.kind))].join(', ')}`)}"| ${ids.get(w.id)}`);
  }
  return `${out.join('\n')}\n`;
}

const SCOPE = { any: L('any address', '任意地址'), public: L('internet', '互联网'), private: L('private', '内网') } as const;

/** The egress list grouped by namespace; namespaces listed with nothing leaving them say so. */
export function renderEgress(rows: readonly EgressRow[], namespaces: readonly string[], lang: Lang): string {
  const t = (l: Localized): string => l[lang];
  const colon = lang === 'en' ? ': ' : '：';
  const out: string[] = [];
  for (const ns of namespaces) {
    if (out.length) out.push('');
    out.push(lang === 'en' ? `namespace ${ns}` : `命名空间 ${ns}`);
    const mine = rows.filter((r) => r.namespace === ns);
    if (mine.length === 0) out.push(`  ${t(L('nothing may leave the cluster', '不允许访问集群外部'))}`);
    for (const r of mine) out.push(...egressLines(r, lang, colon));
  }
  return `${out.join('\n')}\n`;
}

function egressLines(r: EgressRow, lang: Lang, colon: string): string[] {
  const t = (l: Localized): string => l[lang];
  const dest = r.destination === '*' ? t(L('any destination', '任意目的地')) : `${r.destination}${r.except.length ? ` ${t(L('except', '除'))} ${r.except.join(', ')}` : ''}`;
  return [
    `  ${dest}  [${t(SCOPE[r.scope])}]  ${t(portsText(r.ports))}`,
    `    ${t(L('workloads', '工作负载'))}${colon}${r.workloads.join(', ')}`,
    `    ${t(L('granted by', '依据'))}${colon}${r.grantedBy === '(no egress policy)' ? t(L('no egress policy isolates them', '没有出站策略隔离它们')) : r.grantedBy}`,
  ];
}

/** CSV (RFC 4180) for the firewall team's spreadsheet. */
export function renderEgressCsv(rows: readonly EgressRow[]): string {
  const cell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['namespace,workloads,destination,except,cidrs,ports,scope,granted_by'];
  for (const r of rows) lines.push([r.namespace, r.workloads.join(' '), r.destination, r.except.join(' '), r.cidrs.join(' '), r.ports, r.scope, r.grantedBy].map(cell).join(','));
  return `${lines.join('\n')}\n`;
}

/*
 * Writing YAML that Kubernetes reads back the same: the API server reads YAML 1.1, where `yes`,
 * `on`, `n`… are booleans and `0644` is octal. These dump-only types make js-yaml quote such
 * strings (their resolve matches) without representing any value (their predicate never does);
 * their own tags keep them from replacing the standard bool and int types.
 */
const YAML11_WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE)$/;
const quoteYaml11 = new jsyaml.Type('tag:rampart.dev,2026:yaml11-bool', { kind: 'scalar', resolve: (d: string | null) => d !== null && YAML11_WORDS.test(d), predicate: () => false });
const quoteOctal = new jsyaml.Type('tag:rampart.dev,2026:yaml11-octal', { kind: 'scalar', resolve: (d: string | null) => d !== null && /^[-+]?0[0-7]+$/.test(d), predicate: () => false });
const DUMP_SCHEMA = jsyaml.DEFAULT_SCHEMA.extend({ implicit: [quoteYaml11, quoteOctal] });

/** Kubernetes objects as multi-document YAML. */
export function objectsYaml(objects: readonly Record<string, unknown>[]): string {
  return objects.map((o) => jsyaml.dump(o, { schema: DUMP_SCHEMA, noRefs: true, lineWidth: -1 })).join('---\n');
}
