/**
 * Policies, rules, peers and ports in words, English and Chinese, for findings and for the
 * explanations of `rampart netpol can`. Selectors are written as kubectl prints them.
 */
import type { Localized } from '../../model/index.js';
import { formatSelector, selectsEverything } from '../label-selector.js';
import type { NetRule } from './model.js';
import type { Peer, PortRule } from './policy.js';

/** `payments/api-egress egress[1]`: how a rule is named everywhere. */
export function ruleName(rule: NetRule): string {
  return `${rule.policy.id} ${rule.direction}[${rule.index}]`;
}

export function describePeer(peer: Peer, ownNamespace: string): Localized {
  if (peer.kind === 'ipBlock') {
    const except = peer.except.length ? peer.except.map((e) => e.text).join(', ') : '';
    return {
      en: `addresses ${peer.cidr.text}${except ? ` except ${except}` : ''}`,
      zh: `地址 ${peer.cidr.text}${except ? `（除 ${except} 外）` : ''}`,
    };
  }
  const pods = peer.podSelector && !selectsEverything(peer.podSelector) ? formatSelector(peer.podSelector) : undefined;
  if (!peer.namespaceSelector) {
    return pods
      ? { en: `pods ${pods} in namespace ${ownNamespace}`, zh: `命名空间 ${ownNamespace} 中 ${pods} 的 Pod` }
      : { en: `every pod in namespace ${ownNamespace}`, zh: `命名空间 ${ownNamespace} 中的所有 Pod` };
  }
  const everyNamespace = selectsEverything(peer.namespaceSelector);
  const namespaces = formatSelector(peer.namespaceSelector);
  if (pods) {
    return everyNamespace
      ? { en: `pods ${pods} in every namespace`, zh: `所有命名空间中 ${pods} 的 Pod` }
      : { en: `pods ${pods} in namespaces ${namespaces}`, zh: `命名空间 ${namespaces} 中 ${pods} 的 Pod` };
  }
  return everyNamespace
    ? { en: 'every pod in every namespace', zh: '所有命名空间中的所有 Pod' }
    : { en: `every pod in namespaces ${namespaces}`, zh: `命名空间 ${namespaces} 中的所有 Pod` };
}

export function describePorts(ports: readonly PortRule[] | undefined): Localized {
  if (!ports) return { en: 'any port', zh: '任意端口' };
  const parts = ports.map((p): Localized => {
    if (p.port === undefined) return { en: `${p.protocol} (all ports)`, zh: `${p.protocol}（全部端口）` };
    if (typeof p.port === 'string') return { en: `${p.protocol} port named "${p.port}"`, zh: `名为“${p.port}”的 ${p.protocol} 端口` };
    const range = p.endPort !== undefined && p.endPort !== p.port ? `${p.port}-${p.endPort}` : String(p.port);
    return { en: `${p.protocol} ${range}`, zh: `${p.protocol} ${range}` };
  });
  return { en: parts.map((p) => p.en).join(', '), zh: parts.map((p) => p.zh).join('、') };
}

/** `from every pod in namespace web, on TCP 8443`. */
export function describeRule(rule: NetRule): Localized {
  const ingress = rule.direction === 'ingress';
  const peers = rule.peers
    ? rule.peers.map((p) => describePeer(p, rule.policy.namespace))
    : [ingress ? { en: 'any source', zh: '任意来源' } : { en: 'any destination', zh: '任意目的地' }];
  const ports = describePorts(rule.ports);
  const en = `${ingress ? 'from' : 'to'} ${peers.map((p) => p.en).join(' or ')}, on ${ports.en}`;
  const zh = `${ingress ? '来源' : '目的地'}：${peers.map((p) => p.zh).join(' 或 ')}；端口：${ports.zh}`;
  return { en, zh };
}

/** A port set (model.ports id) in words: `TCP 80, 443; UDP 53`, `all ports` / `全部端口`. */
export function portsText(en: string): Localized {
  return { en, zh: en.replace(/\(all ports\)/g, '（全部端口）').replace(/^all ports$/, '全部端口') };
}
