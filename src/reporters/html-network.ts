import type { Lang, Report } from '../model/index.js';
import { esc } from './html-escape.js';
import { LABELS, POSTURE_LABELS, t } from './labels.js';
import { networkMapWidget } from './network-map.js';

/**
 * The network section of the HTML report: per namespace, what its NetworkPolicies isolate and
 * whether pod-to-pod traffic is mutual TLS; then the workloads reachable from outside.
 */
export function networkSection(report: Report, lang: Lang): string {
  const network = report.network;
  if (!network || (network.namespaces.length === 0 && network.exposed.length === 0)) return '';
  const L = (label: { en: string; zh: string }): string => esc(t(label, lang));
  const verdict = (value: keyof typeof POSTURE_LABELS, good: boolean): string =>
    `<span class="badge ${good ? 'status-ok' : 'status-fail'}">${L(POSTURE_LABELS[value])}</span>`;
  const rows = network.namespaces
    .map(
      (n) =>
        `<tr><td><code>${esc(n.name)}</code></td><td class="n">${n.workloads}</td><td class="n">${n.policies}</td><td>${verdict(n.ingress, n.ingress === 'default-deny')}</td><td>${verdict(n.egress, n.egress === 'default-deny')}</td><td>${verdict(n.encryption, n.encryption === 'strict')} <span class="muted">${n.encrypted}/${n.workloads}</span></td></tr>`,
    )
    .join('\n');
  const exposed = network.exposed
    .map((e) => `<tr><td><code>${esc(e.workload)}</code></td><td>${e.via.map((v) => esc(v)).join('<br>')}</td></tr>`)
    .join('\n');
  return `<section id="network">
<h2>${L(LABELS.network)}</h2>
<p class="muted">${esc(t(POSTURE_LABELS.networkIntro, lang)).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>
<table><thead><tr><th>${L(LABELS.namespace)}</th><th class="n">${L(LABELS.workloads)}</th><th class="n">${L(POSTURE_LABELS.policies)}</th><th>${L(POSTURE_LABELS.ingress)}</th><th>${L(POSTURE_LABELS.egress)}</th><th>${L(POSTURE_LABELS.encryption)}</th></tr></thead><tbody>
${rows}
</tbody></table>
${exposed ? `<h3>${L(POSTURE_LABELS.exposed)}</h3>\n<table><thead><tr><th>${L(POSTURE_LABELS.workload)}</th><th>${L(POSTURE_LABELS.through)}</th></tr></thead><tbody>\n${exposed}\n</tbody></table>` : ''}
${network.map ? networkMapWidget(network.map, lang) : `<p class="muted">${L(POSTURE_LABELS.mapTooLarge)}</p>`}
</section>`;
}
