/**
 * The interactive network map: `rampart netpol map --format html` writes it as one self-contained
 * page (no network access, no external script or style) an auditor can open offline, and the HTML
 * report embeds the same widget in its network section. It embeds the network summary as JSON and draws,
 * in the browser: the namespaces with their isolation and encryption verdicts, a reachability
 * matrix (sources × destinations, filterable), and for the selected workload who may reach it,
 * what it may reach, its exposure, outside egress and encryption. Every name from the manifests
 * is inserted as text, never as markup.
 */
import { createHash } from 'node:crypto';
import type { NetworkSummary } from '../model/index.js';
import { esc } from './html-escape.js';
import type { Lang } from '../model/index.js';

const TEXT = {
  en: {
    lang: 'en',
    title: 'Rampart network map',
    namespaces: 'Namespaces',
    namespace: 'Namespace',
    workloads: 'Workloads',
    ingress: 'Ingress',
    egress: 'Egress',
    encryption: 'Pod-to-pod encryption',
    matrix: 'Reachability (rows may connect to columns)',
    filter: 'Filter workloads (name or namespace)…',
    tooMany: 'Too many workloads to draw; narrow the filter.',
    select: 'Select a workload (a row or column heading) for details.',
    inbound: 'May be reached by',
    outbound: 'May reach',
    exposure: 'Exposure outside the cluster',
    outsideEgress: 'Egress outside the cluster',
    none: 'none',
    any: 'any pod whose egress is not isolated, and any address',
    anyOut: 'any destination, any port (egress not isolated)',
    reachable: 'reachable',
    blocked: 'blocked by NetworkPolicy',
    allPorts: 'all ports',
    legendGoverned: 'allowed by policy',
    legendOpen: 'allowed: neither end isolated',
    truncated: 'Edges were truncated; the matrix may miss some.',
    isolation: { 'default-deny': 'default deny', partial: 'partial', none: 'none' } as Record<string, string>,
    verdict: { strict: 'mTLS required', permissive: 'plaintext accepted', disabled: 'mTLS disabled', none: 'no mesh', mixed: 'mixed' } as Record<string, string>,
  },
  zh: {
    lang: 'zh',
    title: 'Rampart 网络访问关系图',
    namespaces: '命名空间',
    namespace: '命名空间',
    workloads: '工作负载',
    ingress: '入站',
    egress: '出站',
    encryption: 'Pod 间加密',
    matrix: '可达矩阵（行可连接列）',
    filter: '按名称或命名空间筛选工作负载…',
    tooMany: '工作负载过多，无法绘制；请缩小筛选范围。',
    select: '选择一个工作负载（行或列标题）查看详情。',
    inbound: '可被以下对象访问',
    outbound: '可访问',
    exposure: '集群外部暴露',
    outsideEgress: '访问集群外部',
    none: '无',
    any: '任何出站未隔离的 Pod 以及任意地址',
    anyOut: '任意目的地、任意端口（出站未隔离）',
    reachable: '可达',
    blocked: '被 NetworkPolicy 阻断',
    allPorts: '全部端口',
    legendGoverned: '策略放行',
    legendOpen: '放行：两端均未隔离',
    truncated: '连接边已截断，矩阵可能不完整。',
    isolation: { 'default-deny': '默认拒绝', partial: '部分隔离', none: '未隔离' } as Record<string, string>,
    verdict: { strict: '强制双向 TLS', permissive: '接受明文', disabled: '双向 TLS 已禁用', none: '未入网格', mixed: '混合' } as Record<string, string>,
  },
};

/** Page chrome for the standalone map. */
const PAGE_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1b1f24;background:#fafbfc}
header{background:#0b2540;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.85}
main{padding:16px 24px}
section,aside{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:12px 14px;min-width:0}
h2{font-size:15px;margin:0 0 8px}table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #eef1f4;text-align:left;vertical-align:top}
.badge{display:inline-block;padding:0 6px;border-radius:9px;font-size:12px}.good{background:#dcfce7;color:#14532d}.warn{background:#fef3c7;color:#78350f}.bad{background:#fee2e2;color:#7f1d1d}
`;

/** The widget's own rules, scoped by id so that it can sit inside the HTML report. */
export const NETWORK_MAP_STYLE = `
#netmap-matrix{overflow:auto;max-height:70vh}#netmap-matrix table{font-size:12px}#netmap-matrix th{white-space:nowrap;cursor:pointer}#netmap-matrix th.col{writing-mode:vertical-rl;transform:rotate(180deg)}
#netmap-matrix td{width:14px;height:14px;padding:0;border:1px solid #f0f2f4;text-align:center}td.g{background:#2563eb}td.o{background:#93c5fd}th.sel{background:#fde68a}
#netmap-filter{width:100%;box-sizing:border-box;padding:6px 8px;margin:0 0 8px;border:1px solid #d0d7de;border-radius:4px}
#netmap-detail ul{margin:4px 0 10px;padding-left:18px}.netmap-legend span{display:inline-block;width:12px;height:12px;margin:0 4px -2px 10px}
.netmap{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:16px}.netmap aside{min-width:0}
#netmap-matrix td.g{background:#2563eb}#netmap-matrix td.o{background:#93c5fd}#netmap-matrix th.sel{background:#fde68a}
`;

export const NETWORK_MAP_SCRIPT = `
const D=JSON.parse(document.getElementById('netmap-data').textContent),T=JSON.parse(document.getElementById('netmap-text').textContent);
const byId=new Map(D.workloads.map(w=>[w.id,w])),edges=new Map();
for(const e of D.edges)edges.set(e.from+'\\u0000'+e.to,e.ports);
const openIn=new Set(D.openIngress),openOut=new Set(D.openEgress);
function link(a,b){const p=edges.get(a+'\\u0000'+b);if(p)return{ports:p,open:false};if(openOut.has(a)&&openIn.has(b))return{ports:T.allPorts,open:true};return null}
function el(tag,text,cls){const e=document.createElement(tag);if(text!=null)e.textContent=text;if(cls)e.className=cls;return e}
let selected=null;
function draw(){const box=document.getElementById('netmap-matrix'),q=document.getElementById('netmap-filter').value.toLowerCase();box.textContent='';
const ws=D.workloads.filter(w=>!q||w.label.toLowerCase().includes(q));
if(ws.length>150){box.append(el('p',T.tooMany));return}
const t=el('table'),hr=el('tr');hr.append(el('th'));
for(const w of ws){const th=el('th',w.label,'col'+(w.id===selected?' sel':''));th.onclick=()=>pick(w.id);hr.append(th)}t.append(hr);
for(const a of ws){const tr=el('tr'),th=el('th',a.label,a.id===selected?'sel':'');th.onclick=()=>pick(a.id);tr.append(th);
for(const b of ws){const l=link(a.id,b.id),td=el('td',null,l?(l.open?'o':'g'):'');if(l)td.title=a.label+' → '+b.label+': '+l.ports;tr.append(td)}t.append(tr)}
box.append(t)}
function list(title,items){const f=document.createDocumentFragment();f.append(el('h2',title));const ul=el('ul');if(!items.length)ul.append(el('li',T.none));for(const i of items)ul.append(el('li',i));f.append(ul);return f}
function pick(id){selected=id;draw();const w=byId.get(id),d=document.getElementById('netmap-detail');d.textContent='';d.append(el('h2',w.label+' ('+w.kind+')'));
const inb=[],out=[];if(openIn.has(id))inb.push(T.any);
for(const o of D.workloads){const a=link(o.id,id);if(a&&!(a.open&&openIn.has(id)))inb.push(o.label+': '+a.ports);const b=link(id,o.id);if(b)out.push(o.label+': '+b.ports)}
d.append(list(T.inbound,inb),list(T.outbound,out));
d.append(list(T.exposure,w.exposure.map(x=>(x.port==null?'*':x.protocol+' '+x.port)+' — '+(x.reachable?T.reachable:T.blocked)+' — '+x.via.map(v=>v.detail).join('; '))));
d.append(list(T.outsideEgress,w.externalEgress==='any'?[T.anyOut]:w.externalEgress.map(g=>g.destinations.join(', ')+' — '+g.ports+' ('+g.rule+')')));
const enc=w.encryption;d.append(list(T.encryption,[T.verdict[enc.verdict]+(enc.mesh?' ('+enc.mesh+')':'')+(enc.decidedBy?' — '+enc.decidedBy[T.lang]:'')].concat(enc.ports.map(p=>p.port+': '+T.verdict[p.verdict]))))}
document.getElementById('netmap-filter').oninput=draw;draw();
`;

/** The CSP source that lets the map's one script run, and nothing else: names from manifests never become code. */
export const NETWORK_MAP_SCRIPT_HASH = `sha256-${createHash('sha256').update(NETWORK_MAP_SCRIPT).digest('base64')}`;

/** Serialises JSON for a <script> element: `<` escaped so no value can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}


/**
 * The interactive part: legend, filter, reachability matrix and the detail pane, with the data
 * it draws from as JSON. The page that holds it must also run NETWORK_MAP_SCRIPT and style it
 * with NETWORK_MAP_STYLE.
 */
export function networkMapWidget(summary: NetworkSummary, lang: Lang): string {
  const t = TEXT[lang];
  return `<div class="netmap"><div>
<h3>${esc(t.matrix)}</h3>
<p class="netmap-legend"><span style="background:#2563eb"></span>${esc(t.legendGoverned)}<span style="background:#93c5fd"></span>${esc(t.legendOpen)}</p>
${summary.edgesTruncated ? `<p>${esc(t.truncated)}</p>` : ''}
<input id="netmap-filter" placeholder="${esc(t.filter)}"><div id="netmap-matrix"></div></div>
<aside id="netmap-detail"><p>${esc(t.select)}</p></aside></div>
<script type="application/json" id="netmap-data">${scriptJson(summary)}</script>
<script type="application/json" id="netmap-text">${scriptJson(t)}</script>`;
}

/** `rampart netpol map --format html`: the namespaces' verdicts and the widget, on one page. */
export function networkMapPage(summary: NetworkSummary, lang: Lang): string {
  const t = TEXT[lang];
  const klass = (v: string): string => (v === 'default-deny' || v === 'strict' ? 'good' : v === 'partial' || v === 'permissive' || v === 'mixed' ? 'warn' : 'bad');
  const rows = summary.namespaces
    .map(
      (ns) =>
        `<tr><td>${esc(ns.name)}</td><td>${ns.workloads}</td><td><span class="badge ${klass(ns.ingress)}">${esc(t.isolation[ns.ingress] ?? ns.ingress)}</span></td><td><span class="badge ${klass(ns.egress)}">${esc(t.isolation[ns.egress] ?? ns.egress)}</span></td><td><span class="badge ${klass(ns.encryption.verdict)}">${esc(t.verdict[ns.encryption.verdict] ?? ns.encryption.verdict)}</span> ${ns.encryption.encrypted}/${ns.workloads}</td></tr>`,
    )
    .join('');
  const exposed = summary.workloads.filter((w) => w.reachableFromOutside).length;
  const lead =
    lang === 'en'
      ? `${summary.workloads.length} workloads in ${summary.namespaces.length} namespaces; ${exposed} reachable from outside the cluster`
      : `${summary.namespaces.length} 个命名空间中的 ${summary.workloads.length} 个工作负载；其中 ${exposed} 个可从集群外部访问`;
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${NETWORK_MAP_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'">
<title>${esc(t.title)}</title><style>${PAGE_STYLE}${NETWORK_MAP_STYLE}</style></head>
<body><header><h1>${esc(t.title)}</h1><p>${esc(lead)}</p></header>
<main>
<section><h2>${esc(t.namespaces)}</h2><table><tr><th>${esc(t.namespace)}</th><th>${esc(t.workloads)}</th><th>${esc(t.ingress)}</th><th>${esc(t.egress)}</th><th>${esc(t.encryption)}</th></tr>${rows}</table></section>
<section style="margin-top:16px">${networkMapWidget(summary, lang)}</section>
</main>
<script>${NETWORK_MAP_SCRIPT}</script></body></html>
`;
}
