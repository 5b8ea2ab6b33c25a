import type { Localized } from '../../model/index.js';

/**
 * Judgements on a component's flags. Each rule returns undefined when the flags pass, else what
 * is wrong (both languages) and the flag it is about, for the finding's location and evidence.
 * Defaults are the component's own: an unset flag is judged by the value the component uses.
 */
export type Flags = Readonly<Record<string, string>>;
export interface FlagProblem {
  flag: string;
  problem: Localized;
}
export type FlagRule = (flags: Flags) => FlagProblem | undefined;

const shown = (flags: Flags, flag: string, dflt?: string): string =>
  flags[flag] !== undefined ? `--${flag}=${flags[flag]}` : dflt !== undefined ? `--${flag} not set (default ${dflt})` : `--${flag} not set`;
const shownZh = (flags: Flags, flag: string, dflt?: string): string =>
  flags[flag] !== undefined ? `--${flag}=${flags[flag]}` : dflt !== undefined ? `未设置 --${flag}（默认 ${dflt}）` : `未设置 --${flag}`;

/** The flag's value (default when unset) must be `want`. */
export function equals(flag: string, want: string, dflt: string): FlagRule {
  return (f) => ((f[flag] ?? dflt).toLowerCase() === want ? undefined : { flag, problem: { en: `${shown(f, flag, dflt)}; expected --${flag}=${want}`, zh: `${shownZh(f, flag, dflt)}；应为 --${flag}=${want}` } });
}

/** The flag's value (default when unset) must not be `bad`. */
export function notEquals(flag: string, bad: string, dflt: string): FlagRule {
  return (f) => ((f[flag] ?? dflt).toLowerCase() !== bad ? undefined : { flag, problem: { en: `${shown(f, flag, dflt)}; must not be ${bad}`, zh: `${shownZh(f, flag, dflt)}；不得为 ${bad}` } });
}

export function allSet(...flags: string[]): FlagRule {
  return (f) => {
    const missing = flags.filter((x) => !f[x]);
    if (missing.length === 0) return undefined;
    const list = missing.map((x) => `--${x}`).join(', ');
    return { flag: missing[0] as string, problem: { en: `${list} not set`, zh: `未设置 ${list}` } };
  };
}

export function unset(flag: string): FlagRule {
  return (f) => (f[flag] === undefined ? undefined : { flag, problem: { en: `--${flag} is set (${f[flag]})`, zh: `设置了 --${flag}（${f[flag]}）` } });
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function listIncludes(flag: string, item: string, dflt = ''): FlagRule {
  return (f) => (list(f[flag] ?? dflt).includes(item) ? undefined : { flag, problem: { en: `${shown(f, flag, dflt || undefined)}; does not include ${item}`, zh: `${shownZh(f, flag, dflt || undefined)}；未包含 ${item}` } });
}

export function listExcludes(flag: string, item: string, dflt = ''): FlagRule {
  return (f) => (!list(f[flag] ?? dflt).includes(item) ? undefined : { flag, problem: { en: `--${flag}=${f[flag] ?? dflt} includes ${item}`, zh: `--${flag}=${f[flag] ?? dflt} 包含 ${item}` } });
}

export function atLeast(flag: string, min: number): FlagRule {
  return (f) => {
    const n = Number(f[flag]);
    return f[flag] !== undefined && Number.isFinite(n) && n >= min ? undefined : { flag, problem: { en: `${shown(f, flag)}; expected at least ${min}`, zh: `${shownZh(f, flag)}；应不小于 ${min}` } };
  };
}

/** `A=true,B=false` as the components parse --feature-gates. */
export function featureGates(value: string | undefined): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const part of list(value)) {
    const [name, v] = part.split('=');
    if (name) out[name.trim()] = (v ?? 'true').trim().toLowerCase() === 'true';
  }
  return out;
}

export function gateNotOff(gate: string): FlagRule {
  return (f) => (featureGates(f['feature-gates'])[gate] === false ? { flag: 'feature-gates', problem: { en: `--feature-gates sets ${gate}=false`, zh: `--feature-gates 设置了 ${gate}=false` } } : undefined);
}

export function bindsLocal(flag: string, dflt: string): FlagRule {
  return (f) => {
    const host = hostOf(f[flag] ?? dflt);
    return isLoopback(host) ? undefined : { flag, problem: { en: `${shown(f, flag, dflt)}; expected 127.0.0.1`, zh: `${shownZh(f, flag, dflt)}；应为 127.0.0.1` } };
  };
}

/** `127.0.0.1`, `127.0.0.1:10249`, `[::1]:10249`, `0.0.0.0` → the host part. */
export function hostOf(address: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (v6) return v6[1] as string;
  return (address.match(/:/g) ?? []).length === 1 ? (address.split(':')[0] as string) : address;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Suites without forward secrecy, or with CBC, RC4 or 3DES: what a TLS 1.2 client should not get. */
export function weakCiphers(suites: readonly string[]): string[] {
  return suites.filter((s) => /_CBC_|RC4|3DES|_NULL_|_EXPORT_/.test(s) || /^TLS_RSA_/.test(s));
}

export function strongCiphers(flag = 'tls-cipher-suites'): FlagRule {
  return (f) => {
    if ((f['tls-min-version'] ?? '') === 'VersionTLS13') return undefined;
    const suites = list(f[flag]);
    if (suites.length === 0) return { flag, problem: { en: `--${flag} not set: the Go default list applies, which includes CBC-mode suites for TLS 1.2`, zh: `未设置 --${flag}：使用 Go 的默认列表，其中包含 TLS 1.2 的 CBC 模式套件` } };
    const weak = weakCiphers(suites);
    return weak.length === 0 ? undefined : { flag, problem: { en: `--${flag} allows ${weak.join(', ')}`, zh: `--${flag} 允许 ${weak.join(', ')}` } };
  };
}

/** Rules for the control-plane components' flags, by check id. Defaults are those of Kubernetes 1.32–1.34. */
export const APISERVER_RULES: Record<string, FlagRule> = {
  'node.apiserver.anonymous-auth': equals('anonymous-auth', 'false', 'true'),
  'node.apiserver.token-auth-file': unset('token-auth-file'),
  'node.apiserver.deny-service-external-ips': listIncludes('enable-admission-plugins', 'DenyServiceExternalIPs'),
  'node.apiserver.kubelet-client-cert': allSet('kubelet-client-certificate', 'kubelet-client-key'),
  'node.apiserver.kubelet-certificate-authority': allSet('kubelet-certificate-authority'),
  'node.apiserver.authorization-always-allow': listExcludes('authorization-mode', 'AlwaysAllow', 'AlwaysAllow'),
  'node.apiserver.authorization-node': listIncludes('authorization-mode', 'Node', 'AlwaysAllow'),
  'node.apiserver.authorization-rbac': listIncludes('authorization-mode', 'RBAC', 'AlwaysAllow'),
  'node.apiserver.event-rate-limit': listIncludes('enable-admission-plugins', 'EventRateLimit'),
  'node.apiserver.always-admit': listExcludes('enable-admission-plugins', 'AlwaysAdmit'),
  'node.apiserver.always-pull-images': listIncludes('enable-admission-plugins', 'AlwaysPullImages'),
  'node.apiserver.service-account-admission': listExcludes('disable-admission-plugins', 'ServiceAccount'),
  'node.apiserver.namespace-lifecycle': listExcludes('disable-admission-plugins', 'NamespaceLifecycle'),
  'node.apiserver.node-restriction': listIncludes('enable-admission-plugins', 'NodeRestriction'),
  'node.apiserver.profiling': equals('profiling', 'false', 'true'),
  'node.apiserver.audit-log-path': allSet('audit-log-path'),
  'node.apiserver.audit-log-maxage': atLeast('audit-log-maxage', 30),
  'node.apiserver.audit-log-maxbackup': atLeast('audit-log-maxbackup', 10),
  'node.apiserver.audit-log-maxsize': atLeast('audit-log-maxsize', 100),
  'node.apiserver.service-account-lookup': equals('service-account-lookup', 'true', 'true'),
  'node.apiserver.service-account-key-file': allSet('service-account-key-file'),
  'node.apiserver.etcd-client-cert': allSet('etcd-certfile', 'etcd-keyfile'),
  'node.apiserver.tls': allSet('tls-cert-file', 'tls-private-key-file'),
  'node.apiserver.client-ca-file': allSet('client-ca-file'),
  'node.apiserver.etcd-cafile': allSet('etcd-cafile'),
  'node.apiserver.encryption-provider-config': allSet('encryption-provider-config'),
  'node.apiserver.tls-cipher-suites': strongCiphers(),
  'node.apiserver.extend-token-expiration': equals('service-account-extend-token-expiration', 'false', 'true'),
};

export const CONTROLLER_MANAGER_RULES: Record<string, FlagRule> = {
  'node.controller-manager.terminated-pod-gc-threshold': allSet('terminated-pod-gc-threshold'),
  'node.controller-manager.profiling': equals('profiling', 'false', 'true'),
  'node.controller-manager.service-account-credentials': equals('use-service-account-credentials', 'true', 'false'),
  'node.controller-manager.service-account-private-key-file': allSet('service-account-private-key-file'),
  'node.controller-manager.root-ca-file': allSet('root-ca-file'),
  'node.controller-manager.rotate-kubelet-server-certificate': gateNotOff('RotateKubeletServerCertificate'),
  'node.controller-manager.bind-address': bindsLocal('bind-address', '0.0.0.0'),
};

export const SCHEDULER_RULES: Record<string, FlagRule> = {
  'node.scheduler.profiling': equals('profiling', 'false', 'true'),
  'node.scheduler.bind-address': bindsLocal('bind-address', '0.0.0.0'),
};

export const ETCD_RULES: Record<string, FlagRule> = {
  'node.etcd.tls': allSet('cert-file', 'key-file'),
  'node.etcd.client-cert-auth': equals('client-cert-auth', 'true', 'false'),
  'node.etcd.auto-tls': notEquals('auto-tls', 'true', 'false'),
  'node.etcd.peer-tls': allSet('peer-cert-file', 'peer-key-file'),
  'node.etcd.peer-client-cert-auth': equals('peer-client-cert-auth', 'true', 'false'),
  'node.etcd.peer-auto-tls': notEquals('peer-auto-tls', 'true', 'false'),
};
