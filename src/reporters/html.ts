import { createHash } from 'node:crypto';
import type { Finding, Lang, Report, ReportControl, Severity, StatusCounts, WaiverRef } from '../model/index.js';
import { SEVERITIES } from '../model/index.js';
import { expiredWaiverText, fileLine, groupByAsset } from './common.js';
import { esc } from './html-escape.js';
import { accessSection } from './html-access.js';
import { networkSection } from './html-network.js';
import { NETWORK_MAP_SCRIPT, NETWORK_MAP_SCRIPT_HASH, NETWORK_MAP_STYLE } from './network-map.js';
import { colon, LABELS, PROVENANCE_LABELS, SEVERITY_LABELS, STATUS_LABELS, WAIVER_STATE_LABELS, t, tf } from './labels.js';
import type { Reporter } from './reporter.js';

/**
 * One self-contained HTML file for people, auditors first: they open it offline, print it and
 * attach it to evidence packs. No external URL of any kind; a Content-Security-Policy allows
 * only the inline style and the one inline script (by hash), so even a value that slipped
 * through escaping could neither run nor fetch anything. Every interpolated text goes
 * through `esc`.
 */
export { esc };

export const html: Reporter = (report, { lang }) => {
  const L = (label: { en: string; zh: string }): string => esc(t(label, lang));
  const s = report.summary;
  const title = `${t(LABELS.reportTitle, lang)} — ${report.scanTime}`;

  const body = [
    header(report, lang),
    nav(lang),
    '<main>',
    summarySection(report, lang),
    frameworksSection(report, lang),
    accessSection(report, lang),
    networkSection(report, lang),
    findingsSection(report, lang),
    inputErrorsSection(report, lang),
    waiversSection(report, lang),
    namespacesSection(report, lang),
    '</main>',
    `<footer>${esc(tf(LABELS.generatedBy, lang, { tool: report.tool.name, version: report.tool.version }))} · ${esc(report.scanTime)} · ${L(LABELS.findingsTotal)}: ${s.findings.total}</footer>`,
  ].join('\n');

  // The network map brings its own script; the policy allows exactly that one too.
  const withMap = report.network?.map !== undefined;
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src '${scriptHash}'${withMap ? ` '${NETWORK_MAP_SCRIPT_HASH}'` : ''}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${report.tool.name} ${report.tool.version}`)}">
<title>${esc(title)}</title>
<style>${CSS}${withMap ? NETWORK_MAP_STYLE : ''}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>${withMap ? `\n<script>${NETWORK_MAP_SCRIPT}</script>` : ''}
</body>
</html>
`;
};

function header(report: Report, lang: Lang): string {
  const L = (label: { en: string; zh: string }): string => esc(t(label, lang));
  const inputs = report.inputs
    .map((i) => {
      const extra = i.skipped
        ? ` <span class="muted">(${L(LABELS.skipped)}${esc(colon(lang))}${esc(i.skipped)})</span>`
        : ` <span class="muted">(${i.resources})</span>`;
      return `<li><code>${esc(i.source)}</code>${extra}</li>`;
    })
    .join('');
  return `<header class="report-header">
<h1>${L(LABELS.reportTitle)}</h1>
<dl class="meta">
<dt>${L(LABELS.tool)}</dt><dd>${esc(report.tool.name)} ${esc(report.tool.version)}</dd>
<dt>${L(LABELS.scanTime)}</dt><dd><time datetime="${esc(report.scanTime)}">${esc(report.scanTime)}</time></dd>
<dt>${L(LABELS.command)}</dt><dd><code>${esc(report.command)}</code></dd>
<dt>${L(LABELS.resources)}</dt><dd>${esc(tf(LABELS.resourcesScanned, lang, { n: report.summary.resources, m: report.inputs.length }))}</dd>
<dt>${L(LABELS.inputs)}</dt><dd>${inputs ? `<ul class="inputs${report.inputs.length > 6 ? ' many' : ''}">${inputs}</ul>` : '—'}</dd>
</dl>
</header>`;
}

function nav(lang: Lang): string {
  const links: [string, { en: string; zh: string }][] = [
    ['summary', LABELS.summary],
    ['frameworks', LABELS.frameworks],
    ['access', LABELS.access],
    ['network', LABELS.network],
    ['findings', LABELS.assets],
    ['input-errors', LABELS.inputErrors],
    ['waivers', LABELS.waivers],
    ['namespaces', LABELS.namespaces],
  ];
  return `<nav class="toc">${links.map(([id, label]) => `<a href="#${id}">${esc(t(label, lang))}</a>`).join('')}</nav>`;
}

function summarySection(report: Report, lang: Lang): string {
  const s = report.summary;
  const sevCards = SEVERITIES.map(
    (sev) =>
      `<div class="card sev-${sev}${s.bySeverity[sev] ? '' : ' zero'}" data-summary="severity-${sev}"><span class="num">${s.bySeverity[sev]}</span><span class="label">${esc(t(SEVERITY_LABELS[sev], lang))}</span></div>`,
  ).join('');
  const statusCard = (key: string, cls: string, n: number, label: string): string =>
    `<div class="card ${cls}${n ? '' : ' zero'}" data-summary="${key}"><span class="num">${n}</span><span class="label">${esc(label)}</span></div>`;
  const statusCards = [
    statusCard('total', 'status-total', s.findings.total, t(LABELS.total, lang)),
    statusCard('fail', 'status-fail', s.findings.fail, t(STATUS_LABELS.fail, lang)),
    statusCard('waived', 'status-waived', s.findings.waived, t(STATUS_LABELS.waived, lang)),
    statusCard('not-evaluated', 'status-not-evaluated', s.findings.notEvaluated, t(STATUS_LABELS['not-evaluated'], lang)),
    statusCard('input-errors', 'status-error', report.inputErrors.length, t(LABELS.inputErrors, lang)),
  ].join('');
  return `<section id="summary">
<h2>${esc(t(LABELS.summary, lang))}</h2>
<h3>${esc(t(LABELS.failingBySeverity, lang))}</h3>
<div class="cards">${sevCards}</div>
<h3>${esc(t(LABELS.byStatus, lang))}</h3>
<div class="cards">${statusCards}</div>
</section>`;
}

function frameworksSection(report: Report, lang: Lang): string {
  const checksByControl = new Map<string, string[]>();
  for (const check of Object.values(report.checks)) {
    for (const key of check.controls) {
      const list = checksByControl.get(key) ?? [];
      list.push(check.id);
      checksByControl.set(key, list);
    }
  }
  const controls = Object.entries(report.controls);
  const frameworks = Object.values(report.frameworks).sort((a, b) => a.id.localeCompare(b.id));
  if (frameworks.length === 0) return '';
  const parts = frameworks.map((fw) => {
    const own = controls
      .filter(([, c]) => c.framework === fw.id)
      .sort(([, a], [, b]) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    const heading = `<h3>${esc(t(fw.name, lang))} <span class="muted">${esc(fw.id)} · ${esc(fw.version)}</span></h3>
<p class="muted provenance">${esc(t(PROVENANCE_LABELS[fw.textProvenance], lang))}${fw.notes ? ` ${esc(t(fw.notes, lang))}` : ''}</p>`;
    if (own.length === 0) return `${heading}<p class="muted">${esc(t(LABELS.noControls, lang))}</p>`;
    const rows = own.map(([key, c]) => controlRow(report, key, c, checksByControl.get(key) ?? [], lang)).join('\n');
    return `${heading}
<table class="controls">
<colgroup><col class="c-id"><col class="c-title"><col class="c-status"><col class="c-n"><col class="c-n"><col class="c-ne"><col class="c-checks"></colgroup>
<thead><tr><th>${esc(t(LABELS.control, lang))}</th><th>${esc(t(LABELS.title, lang))}</th><th>${esc(t(LABELS.status, lang))}</th><th class="n">${esc(t(STATUS_LABELS.fail, lang))}</th><th class="n">${esc(t(STATUS_LABELS.waived, lang))}</th><th class="n">${esc(t(STATUS_LABELS['not-evaluated'], lang))}</th><th>${esc(t(LABELS.checks, lang))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  });
  return `<section id="frameworks">
<h2>${esc(t(LABELS.frameworks, lang))}</h2>
${parts.join('\n')}
</section>`;
}

function controlRow(report: Report, key: string, c: ReportControl, checks: string[], lang: Lang): string {
  const counts: StatusCounts = report.summary.byControl[key] ?? { fail: 0, waived: 0, notEvaluated: 0 };
  // Which checks passed cleanly is not in the report, so a control with no findings says just that.
  const status = counts.fail
    ? badge('status-fail', t(STATUS_LABELS.fail, lang))
    : counts.waived
      ? badge('status-waived', t(STATUS_LABELS.waived, lang))
      : counts.notEvaluated
        ? badge('status-not-evaluated', t(STATUS_LABELS['not-evaluated'], lang))
        : badge('status-none', t(LABELS.noFindingsShort, lang));
  const checkList = checks
    .map((id) => {
      const check = report.checks[id];
      return `<code title="${esc(check ? t(check.title, lang) : id)}">${esc(id)}</code>`;
    })
    .join(' ');
  return `<tr data-control="${esc(key)}"><td class="control-id"><code>${esc(c.id)}</code></td><td>${esc(t(c.title, lang))}</td><td>${status}</td><td class="n">${counts.fail}</td><td class="n">${counts.waived}</td><td class="n">${counts.notEvaluated}</td><td class="checks">${checkList}</td></tr>`;
}

function findingsSection(report: Report, lang: Lang): string {
  const groups = groupByAsset(report.findings);
  const filters =
    groups.length === 0
      ? ''
      : `<div class="filters" hidden>
<span class="filter-label">${esc(t(LABELS.filter, lang))}:</span>
${(['fail', 'waived', 'not-evaluated'] as const)
  .map((st) => `<label><input type="checkbox" data-filter="status" value="${st}" checked> ${esc(t(STATUS_LABELS[st], lang))}</label>`)
  .join('\n')}
<span class="sep"></span>
${SEVERITIES.map(
  (sev) =>
    `<label><input type="checkbox" data-filter="severity" value="${sev}" checked> ${esc(t(SEVERITY_LABELS[sev], lang))}</label>`,
).join('\n')}
<span class="shown" aria-live="polite"></span>
</div>`;
  const assets = groups
    .map(({ asset, findings }) => {
      const meta = [asset.type, asset.cluster, asset.ref].filter(Boolean).map((v) => esc(String(v)));
      return `<section class="asset" data-asset="${esc(asset.ref)}">
<h3>${esc(asset.name)} <span class="count">${findings.length}</span></h3>
<p class="asset-meta">${meta.join(' · ')}</p>
${findings.map((f) => findingCard(report, f, lang)).join('\n')}
</section>`;
    })
    .join('\n');
  return `<section id="findings">
<h2>${esc(t(LABELS.assets, lang))}</h2>
${groups.length === 0 ? `<p class="empty">${esc(t(LABELS.noFindings, lang))}</p>` : filters}
${assets}
</section>`;
}

function findingCard(report: Report, f: Finding, lang: Lang): string {
  const check = report.checks[f.checkId];
  const rows: string[] = [];
  const row = (label: { en: string; zh: string }, value: string): void => {
    rows.push(`<dt>${esc(t(label, lang))}</dt><dd>${value}</dd>`);
  };
  const where = fileLine(f.location);
  if (where) row(LABELS.location, `<code>${esc(where)}</code>`);
  if (f.location.path) row(LABELS.path, `<code>${esc(f.location.path)}</code>`);
  if (f.subject) row(LABELS.subject, `<code>${esc(f.subject)}</code>`);
  if (f.evidence != null) row(LABELS.evidence, `<pre class="evidence">${esc(f.evidence)}</pre>`);
  if (check) row(LABELS.remediation, inlineCode(t(check.remediation, lang)));
  if (f.controls.length) {
    const items = f.controls.map((key) => {
      const control = report.controls[key];
      return `<li><code>${esc(key)}</code>${control ? ` ${esc(t(control.title, lang))}` : ''}</li>`;
    });
    row(LABELS.controls, `<ul class="control-list">${items.join('')}</ul>`);
  }
  row(LABELS.fingerprint, `<code class="fp">${esc(f.fingerprint)}</code>`);

  const notes: string[] = [];
  if (f.status === 'waived' && f.waiver) {
    notes.push(
      `<div class="note note-waived"><strong>${esc(t(LABELS.waivedBy, lang))}</strong> <code>${esc(f.waiver.id)}</code>${waiverDetails(f.waiver, lang)}</div>`,
    );
  }
  if (f.expiredWaiver) {
    notes.push(
      `<div class="note note-expired"><strong>${esc(expiredWaiverText(f.expiredWaiver, lang))}</strong>${waiverDetails(f.expiredWaiver, lang)}</div>`,
    );
  }
  if (f.status === 'not-evaluated') {
    notes.push(
      `<div class="note note-not-evaluated"><strong>${esc(t(LABELS.notEvaluatedReason, lang))}</strong>${f.reason ? ` ${esc(t(f.reason, lang))}` : ''}</div>`,
    );
  }

  return `<article class="finding status-${f.status} sev-${f.severity}" id="f-${esc(f.fingerprint)}" data-status="${f.status}" data-severity="${f.severity}" data-check="${esc(f.checkId)}">
<header>${severityBadge(f.severity, lang)}${f.status === 'fail' ? '' : badge(`status-${f.status}`, t(STATUS_LABELS[f.status], lang))}${f.expiredWaiver ? badge('status-expired', t(LABELS.expiredShort, lang)) : ''}<code class="check-id">${esc(f.checkId)}</code>${check ? `<span class="check-title">${esc(t(check.title, lang))}</span>` : ''}</header>
<p class="message">${esc(t(f.message, lang))}</p>
${notes.join('\n')}
<dl class="details">${rows.join('')}</dl>
</article>`;
}

function waiverDetails(w: WaiverRef, lang: Lang): string {
  const item = (label: { en: string; zh: string }, value: string): string => `<dt>${esc(t(label, lang))}</dt><dd>${esc(value)}</dd>`;
  return `<dl class="waiver">${item(LABELS.reason, w.reason)}${item(LABELS.approverHeading, w.approver)}${item(LABELS.expiresHeading, w.expires)}${w.ticket ? item(LABELS.ticketHeading, w.ticket) : ''}</dl>`;
}

function inputErrorsSection(report: Report, lang: Lang): string {
  const L = (label: { en: string; zh: string }): string => esc(t(label, lang));
  const body = report.inputErrors.length
    ? `<table><thead><tr><th>${L(LABELS.source)}</th><th class="n">${L(LABELS.line)}</th><th>${L(LABELS.message)}</th></tr></thead><tbody>
${report.inputErrors.map((e) => `<tr><td><code>${esc(e.source)}</code></td><td class="n">${e.line ?? ''}</td><td>${esc(e.message)}</td></tr>`).join('\n')}
</tbody></table>`
    : `<p class="muted">${L(LABELS.noInputErrors)}</p>`;
  return `<section id="input-errors">
<h2>${L(LABELS.inputErrors)}${report.inputErrors.length ? ` <span class="count count-error">${report.inputErrors.length}</span>` : ''}</h2>
${body}
</section>`;
}

function waiversSection(report: Report, lang: Lang): string {
  const L = (label: { en: string; zh: string }): string => esc(t(label, lang));
  const waivers = [...report.waivers].sort((a, b) => (a.state === b.state ? a.id.localeCompare(b.id) : a.state === 'expired' ? -1 : 1));
  const body = waivers.length
    ? `<table><thead><tr><th>ID</th><th>${L(LABELS.check)}</th><th>${L(LABELS.status)}</th><th>${L(LABELS.expiresHeading)}</th><th class="n">${L(LABELS.matched)}</th></tr></thead><tbody>
${waivers
  .map(
    (w) =>
      `<tr class="waiver-${w.state}"><td><code>${esc(w.id)}</code></td><td><code>${esc(w.check)}</code></td><td>${badge(w.state === 'active' ? 'status-waived' : 'status-expired', t(WAIVER_STATE_LABELS[w.state], lang))}</td><td>${esc(w.expires)}</td><td class="n">${w.matched}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : `<p class="muted">${L(LABELS.noWaivers)}</p>`;
  return `<section id="waivers">
<h2>${L(LABELS.waivers)}</h2>
${body}
</section>`;
}

function namespacesSection(report: Report, lang: Lang): string {
  if (report.namespaces.length === 0) return '';
  const L = (label: { en: string; zh: string }): string => esc(t(label, lang));
  const level = (value: string | undefined, version?: string): string =>
    value ? `<code>${esc(value)}</code>${version ? ` <span class="muted">${esc(version)}</span>` : ''}` : `<span class="unset">${L(LABELS.notSet)}</span>`;
  const rows = report.namespaces
    .map(
      (ns) =>
        `<tr><td><code>${esc(ns.name)}</code></td><td>${level(ns.enforce, ns.enforceVersion)}</td><td>${level(ns.audit)}</td><td>${level(ns.warn)}</td><td class="n">${ns.workloads}</td><td class="n${ns.rejected ? ' bad' : ''}">${ns.rejected}</td></tr>`,
    )
    .join('\n');
  return `<section id="namespaces">
<h2>${L(LABELS.namespaces)}</h2>
<table><thead><tr><th>${L(LABELS.namespace)}</th><th>${L(LABELS.enforce)}</th><th>${L(LABELS.audit)}</th><th>${L(LABELS.warn)}</th><th class="n">${L(LABELS.workloads)}</th><th class="n">${L(LABELS.rejected)}</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`;
}

function badge(cls: string, text: string): string {
  return `<span class="badge ${cls}">${esc(text)}</span>`;
}

function severityBadge(severity: Severity, lang: Lang): string {
  return badge(`sev sev-${severity}`, t(SEVERITY_LABELS[severity], lang));
}

/** Remediation texts mark code with backticks; render those as <code>, after escaping everything. */
function inlineCode(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** HTML-escapes text for element content and double- or single-quoted attributes; drops characters HTML cannot carry. */

// Only progressive enhancement: without it every finding is shown, which is what print wants.
const SCRIPT = `(function(){
var bar=document.querySelector('.filters');if(!bar)return;bar.hidden=false;
var boxes=[].slice.call(bar.querySelectorAll('input[data-filter]'));
var shown=bar.querySelector('.shown');
function apply(){
var on={status:{},severity:{}};
boxes.forEach(function(b){if(b.checked)on[b.getAttribute('data-filter')][b.value]=true;});
var n=0;
[].forEach.call(document.querySelectorAll('section.asset'),function(sec){
var any=false;
[].forEach.call(sec.querySelectorAll('article.finding'),function(a){
var vis=!!(on.status[a.getAttribute('data-status')]&&on.severity[a.getAttribute('data-severity')]);
a.hidden=!vis;if(vis){any=true;n++;}
});
sec.hidden=!any;
});
shown.textContent=n+' / '+document.querySelectorAll('article.finding').length;
}
boxes.forEach(function(b){b.addEventListener('change',apply);});
apply();
})();`;

const scriptHash = `sha256-${createHash('sha256').update(SCRIPT).digest('base64')}`;

const CSS = `
:root{--fg:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#fff;--soft:#f5f7fa;
--critical:#8e1b1b;--high:#c2410c;--medium:#a16207;--low:#1d4ed8;--info:#52606d;
--fail:#b42318;--waived:#3e7c5a;--ne:#6b46c1;--expired:#b54708}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:var(--bg);font:14px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei",sans-serif}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","Noto Sans Mono CJK SC",monospace;font-size:.92em}
code{overflow-wrap:anywhere}
.report-header,main,footer,nav.toc{max-width:1120px;margin:0 auto;padding:0 24px}
.report-header{padding-top:28px;padding-bottom:8px;border-bottom:3px solid var(--fg)}
h1{font-size:1.6em;margin:0 0 12px}
h2{font-size:1.3em;margin:32px 0 12px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:1.05em;margin:20px 0 8px}
.muted,.asset-meta{color:var(--muted);font-weight:normal}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 12px}
dl.meta dt{font-weight:600;color:var(--muted)}
dl.meta dd{margin:0}
ul.inputs{margin:0;padding-left:18px}
ul.inputs.many{columns:2;column-gap:32px}
nav.toc{display:flex;flex-wrap:wrap;gap:4px 18px;padding-top:10px;padding-bottom:10px;font-size:.95em}
nav.toc a{color:var(--low);text-decoration:none}
nav.toc a:hover{text-decoration:underline}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{min-width:120px;padding:10px 14px;border:1px solid var(--line);border-left:6px solid var(--info);border-radius:6px;background:var(--soft);display:flex;flex-direction:column}
.card .num{font-size:1.7em;font-weight:700;line-height:1.2}
.card .label{color:var(--muted)}
.card.zero .num{color:var(--muted);font-weight:400}
.card.sev-critical{border-left-color:var(--critical)}.card.sev-high{border-left-color:var(--high)}
.card.sev-medium{border-left-color:var(--medium)}.card.sev-low{border-left-color:var(--low)}
.card.status-total{border-left-color:var(--fg)}.card.status-fail{border-left-color:var(--fail)}
.card.status-waived{border-left-color:var(--waived)}.card.status-not-evaluated{border-left-color:var(--ne)}
.card.status-error{border-left-color:var(--expired)}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:.95em}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.bad{color:var(--fail);font-weight:700}
td.control-id code{white-space:nowrap}
table.controls{table-layout:fixed}
col.c-id{width:10%}col.c-status{width:10%}col.c-n{width:8%}col.c-ne{width:11%}col.c-checks{width:22%}
table.controls th{white-space:normal}
td.checks code{display:inline-block;margin:0 4px 2px 0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.82em;font-weight:600;border:1px solid currentColor;white-space:nowrap;margin-right:6px}
.badge.sev{color:#fff;border-color:transparent}
.badge.sev-critical{background:var(--critical)}.badge.sev-high{background:var(--high)}
.badge.sev-medium{background:var(--medium)}.badge.sev-low{background:var(--low)}.badge.sev-info{background:var(--info)}
.badge.status-fail{color:var(--fail)}.badge.status-waived{color:var(--waived)}.badge.status-ok{color:var(--waived)}
ul.plain{list-style:none;margin:0;padding:0}ol.paths li{margin:.4em 0}.chain{font-family:ui-monospace,monospace;font-size:.85em;word-break:break-word}
.badge.status-not-evaluated{color:var(--ne)}.badge.status-expired{color:var(--expired)}
.badge.status-none{color:var(--muted)}
.unset{color:var(--expired)}
.filters{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;padding:8px 12px;margin:0 0 12px;background:var(--soft);border:1px solid var(--line);border-radius:6px}
.filters[hidden]{display:none}
.filters .filter-label{font-weight:600}
.filters .sep{width:1px;height:18px;background:var(--line)}
.filters .shown{margin-left:auto;color:var(--muted)}
section.asset{margin:18px 0 24px}
section.asset h3{margin-bottom:0}
.count{display:inline-block;min-width:1.6em;padding:0 6px;border-radius:9px;background:var(--soft);border:1px solid var(--line);font-size:.8em;text-align:center;color:var(--muted)}
.count-error{color:var(--expired)}
.asset-meta{margin:0 0 8px;font-size:.85em;overflow-wrap:anywhere}
article.finding{border:1px solid var(--line);border-left:5px solid var(--info);border-radius:6px;padding:10px 14px;margin:0 0 10px;background:#fff}
article.finding.sev-critical{border-left-color:var(--critical)}article.finding.sev-high{border-left-color:var(--high)}
article.finding.sev-medium{border-left-color:var(--medium)}article.finding.sev-low{border-left-color:var(--low)}
article.finding.status-waived,article.finding.status-not-evaluated{border-left-color:var(--line);background:var(--soft)}
article.finding>header{display:flex;flex-wrap:wrap;align-items:center;gap:4px 0}
.check-id{font-weight:600;margin-right:8px}
.check-title{color:var(--muted)}
p.message{margin:6px 0 8px;font-size:1.02em}
dl.details{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:4px 14px;margin:0}
dl.details dt{color:var(--muted);font-size:.9em}
dl.details dd{margin:0;min-width:0}
pre.evidence{margin:0;padding:6px 8px;background:var(--soft);border:1px solid var(--line);border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}
ul.control-list{margin:0;padding-left:18px}
.note{margin:4px 0 10px;padding:6px 10px;border-radius:4px;font-size:.95em}
.note-waived{background:#ecf5ef;border:1px solid #b7d7c3}
.note-expired{background:#fff4e5;border:1px solid #f5c48a}
.note-not-evaluated{background:#f3effc;border:1px solid #d3c4f3}
dl.waiver{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0 0}
dl.waiver dt{color:var(--muted)}dl.waiver dd{margin:0}
.fp{color:var(--muted);font-size:.82em}
p.empty{font-size:1.05em;color:var(--waived)}
footer{margin-top:36px;padding-top:10px;padding-bottom:28px;border-top:1px solid var(--line);color:var(--muted);font-size:.85em}
@media print{
@page{margin:14mm}
body{font-size:10pt}
nav.toc,.filters{display:none!important}
.report-header,main,footer{max-width:none;padding:0}
article.finding,tr,.card{break-inside:avoid}
h2,h3{break-after:avoid}
section#findings,section#frameworks{break-before:page}
article.finding[hidden],section.asset[hidden]{display:block!important}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
}
`;
