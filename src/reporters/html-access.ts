import type { Finding, Lang, Report } from '../model/index.js';
import { esc } from './html-escape.js';
import { LABELS, POSTURE_LABELS, STATUS_LABELS, t } from './labels.js';

/**
 * The access section of the HTML report, built from the RBAC findings alone: who holds notable
 * rights (findings about RBAC subjects, grouped by subject) and the escalation chains that
 * rbac.escalation-path found, shortest first as the analysis reports them.
 */
export function accessSection(report: Report, lang: Lang): string {
  const L = (label: { en: string; zh: string }): string => esc(t(label, lang));
  const bySubject = new Map<string, { name: string; findings: Finding[] }>();
  const paths: Finding[] = [];
  for (const f of report.findings) {
    if (f.asset.type !== 'rbac-subject') continue;
    if (f.checkId === 'rbac.escalation-path') paths.push(f);
    else {
      const entry = bySubject.get(f.asset.ref) ?? { name: f.asset.name, findings: [] };
      entry.findings.push(f);
      bySubject.set(f.asset.ref, entry);
    }
  }
  if (bySubject.size === 0 && paths.length === 0) return '';
  const rows = [...bySubject.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, findings }) => {
      const rights = [...new Set(findings.map((f) => f.checkId))]
        .map((id) => {
          const waived = findings.filter((f) => f.checkId === id).every((f) => f.status === 'waived');
          const title = report.checks[id]?.title;
          return `<li><code>${esc(id)}</code>${title ? ` ${esc(t(title, lang))}` : ''}${waived ? ` <span class="badge status-waived">${L(STATUS_LABELS.waived)}</span>` : ''}</li>`;
        })
        .join('');
      return `<tr><td><code>${esc(name)}</code></td><td><ul class="plain">${rights}</ul></td></tr>`;
    })
    .join('\n');
  const chains = paths
    .map((f) => `<li><code>${esc(f.asset.name)}</code>: ${esc(t(f.message, lang))}${f.evidence ? `<div class="muted chain">${esc(f.evidence)}</div>` : ''}</li>`)
    .join('\n');
  return `<section id="access">
<h2>${L(LABELS.access)}</h2>
<p class="muted">${L(POSTURE_LABELS.accessIntro)}</p>
${rows ? `<table><thead><tr><th>${L(POSTURE_LABELS.subject)}</th><th>${L(POSTURE_LABELS.rights)}</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : ''}
${chains ? `<h3>${L(POSTURE_LABELS.escalationPaths)}</h3>\n<ol class="paths">\n${chains}\n</ol>` : ''}
</section>`;
}
