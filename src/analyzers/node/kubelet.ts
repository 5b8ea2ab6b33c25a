import type { Localized, Location } from '../../model/index.js';
import type { KubeletInput } from '../../model/node.js';
import { featureGates, weakCiphers } from './flag-rules.js';

/**
 * The kubelet's effective settings, merged as the kubelet merges them: the --config file, then
 * the --config-dir drop-ins over it (in name order), then command-line flags over both. Defaults
 * differ by mode: a kubelet started without --config keeps the legacy flag defaults (anonymous
 * auth on, AlwaysAllow, read-only port 10255); with a file, the KubeletConfiguration v1beta1
 * defaults apply (anonymous off, Webhook, port 0).
 */
export interface KubeletSetting {
  value: unknown;
  /** `--read-only-port=10255 (process 123)`, `readOnlyPort: 0 in /var/lib/kubelet/config.yaml`, `default 0`. */
  source: string;
  location: Location;
}

interface SettingSpec {
  flag: string;
  field: string[];
  /** Default with no config file (the kubelet's legacy flag defaults). */
  flagDefault: unknown;
  /** Default of KubeletConfiguration v1beta1. */
  fileDefault: unknown;
  parse?: (flag: string) => unknown;
}

const bool = (v: string): boolean => v.toLowerCase() === 'true';
const num = (v: string): number => Number(v);
const csv = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);

const SETTINGS = {
  anonymous: { flag: 'anonymous-auth', field: ['authentication', 'anonymous', 'enabled'], flagDefault: true, fileDefault: false, parse: bool },
  authorizationMode: { flag: 'authorization-mode', field: ['authorization', 'mode'], flagDefault: 'AlwaysAllow', fileDefault: 'Webhook' },
  clientCaFile: { flag: 'client-ca-file', field: ['authentication', 'x509', 'clientCAFile'], flagDefault: '', fileDefault: '' },
  readOnlyPort: { flag: 'read-only-port', field: ['readOnlyPort'], flagDefault: 10255, fileDefault: 0, parse: num },
  streamingIdle: { flag: 'streaming-connection-idle-timeout', field: ['streamingConnectionIdleTimeout'], flagDefault: '4h0m0s', fileDefault: '4h0m0s' },
  iptablesChains: { flag: 'make-iptables-util-chains', field: ['makeIPTablesUtilChains'], flagDefault: true, fileDefault: true, parse: bool },
  eventQps: { flag: 'event-qps', field: ['eventRecordQPS'], flagDefault: 50, fileDefault: 50, parse: num },
  tlsCertFile: { flag: 'tls-cert-file', field: ['tlsCertFile'], flagDefault: '', fileDefault: '' },
  tlsKeyFile: { flag: 'tls-private-key-file', field: ['tlsPrivateKeyFile'], flagDefault: '', fileDefault: '' },
  serverTlsBootstrap: { flag: '', field: ['serverTLSBootstrap'], flagDefault: false, fileDefault: false },
  rotateCertificates: { flag: 'rotate-certificates', field: ['rotateCertificates'], flagDefault: false, fileDefault: false, parse: bool },
  cipherSuites: { flag: 'tls-cipher-suites', field: ['tlsCipherSuites'], flagDefault: [], fileDefault: [], parse: csv },
  tlsMinVersion: { flag: 'tls-min-version', field: ['tlsMinVersion'], flagDefault: '', fileDefault: '' },
  podPidsLimit: { flag: 'pod-max-pids', field: ['podPidsLimit'], flagDefault: -1, fileDefault: -1, parse: num },
  seccompDefault: { flag: 'seccomp-default', field: ['seccompDefault'], flagDefault: false, fileDefault: false, parse: bool },
  featureGates: { flag: 'feature-gates', field: ['featureGates'], flagDefault: {}, fileDefault: {}, parse: featureGates },
} satisfies Record<string, SettingSpec>;
export type KubeletSettingName = keyof typeof SETTINGS;

export class KubeletConfigView {
  private readonly merged: Record<string, unknown> | undefined;
  private readonly fileOf = new Map<string, string>();

  constructor(private readonly input: KubeletInput) {
    const layers = [input.config, ...input.configDropIns].filter((c) => c?.content && typeof c.content === 'object');
    if (input.config) {
      this.merged = {};
      for (const layer of layers) mergeInto(this.merged, layer?.content as Record<string, unknown>, layer?.path ?? '', '', this.fileOf);
    }
  }

  get usesConfigFile(): boolean {
    return this.input.config !== undefined;
  }

  get(name: KubeletSettingName): KubeletSetting {
    const spec: SettingSpec = SETTINGS[name];
    const flags = this.input.flags;
    const raw = spec.flag ? flags?.values[spec.flag] : undefined;
    if (raw !== undefined && flags) {
      return { value: spec.parse ? spec.parse(raw) : raw, source: `--${spec.flag}=${raw} (${flags.origin})`, location: locationOf(flags.file, flags.lines?.[spec.flag]) };
    }
    const fromFile = this.merged ? dig(this.merged, spec.field) : undefined;
    const dotted = spec.field.join('.');
    if (fromFile !== undefined) {
      const file = this.fileOf.get(dotted) ?? this.input.config?.path ?? '';
      return { value: fromFile, source: `${dotted}: ${JSON.stringify(fromFile)} in ${file}`, location: { file, path: dotted } };
    }
    const value = this.usesConfigFile ? spec.fileDefault : spec.flagDefault;
    return {
      value,
      source: `${spec.flag ? `--${spec.flag} and ` : ''}${dotted} not set (default ${JSON.stringify(value)}${this.usesConfigFile ? '' : ', kubelet runs without a configuration file'})`,
      location: this.input.config ? { file: this.input.config.path } : locationOf(flags?.file, undefined),
    };
  }
}

function locationOf(file: string | undefined, line: number | undefined): Location {
  const loc: Location = {};
  if (file) loc.file = file;
  if (line) loc.line = line;
  return loc;
}

function dig(obj: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === null ? undefined : cur;
}

/** Drop-ins merge field by field into the file (maps merge, other values replace), remembering which file set each field. */
function mergeInto(target: Record<string, unknown>, layer: Record<string, unknown>, file: string, prefix: string, fileOf: Map<string, string>): void {
  for (const [key, value] of Object.entries(layer)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value) && key !== 'featureGates') {
      const sub = (target[key] && typeof target[key] === 'object' ? target[key] : (target[key] = {})) as Record<string, unknown>;
      mergeInto(sub, value as Record<string, unknown>, file, dotted, fileOf);
    } else {
      target[key] = value;
      fileOf.set(dotted, file);
    }
  }
}

/** Go durations: `0`, `0s`, `4h0m0s`, `30m`, `1.5h`; NaN when not one. */
export function durationSeconds(value: string): number {
  if (/^0+$/.test(value)) return 0;
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) return NaN;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] as number), 0);
}

export interface KubeletProblem {
  setting: KubeletSetting;
  problem: Localized;
}
export type KubeletRule = (view: KubeletConfigView) => KubeletProblem | undefined;

const fails = (setting: KubeletSetting, en: string, zh: string): KubeletProblem => ({ setting, problem: { en: `${setting.source}: ${en}`, zh: `${setting.source}：${zh}` } });

export const KUBELET_RULES: Record<string, KubeletRule> = {
  'node.kubelet.anonymous-auth': (v) => {
    const s = v.get('anonymous');
    return s.value === true ? fails(s, 'anonymous requests are accepted', '接受匿名请求') : undefined;
  },
  'node.kubelet.authorization-mode': (v) => {
    const s = v.get('authorizationMode');
    return String(s.value) === 'AlwaysAllow' ? fails(s, 'every request is authorised', '所有请求均被授权') : undefined;
  },
  'node.kubelet.client-ca-file': (v) => {
    const s = v.get('clientCaFile');
    return s.value ? undefined : fails(s, 'no client CA file', '未配置客户端 CA 文件');
  },
  'node.kubelet.read-only-port': (v) => {
    const s = v.get('readOnlyPort');
    return Number(s.value) === 0 ? undefined : fails(s, `read-only port ${String(s.value)} is open`, `只读端口 ${String(s.value)} 处于开放状态`);
  },
  'node.kubelet.streaming-idle-timeout': (v) => {
    const s = v.get('streamingIdle');
    const seconds = durationSeconds(String(s.value));
    if (Number.isNaN(seconds)) return fails(s, 'not a duration', '不是有效的时长');
    return seconds === 0 ? fails(s, 'idle streams never time out', '空闲连接永不超时') : undefined;
  },
  'node.kubelet.make-iptables-util-chains': (v) => {
    const s = v.get('iptablesChains');
    return s.value === false ? fails(s, 'the kubelet does not manage its iptables chains', 'kubelet 不管理其 iptables 链') : undefined;
  },
  'node.kubelet.tls-cert': (v) => {
    const cert = v.get('tlsCertFile');
    const key = v.get('tlsKeyFile');
    if (cert.value && key.value) return undefined;
    if (v.get('serverTlsBootstrap').value === true) return undefined;
    return fails(cert.value ? key : cert, 'no serving certificate and no serverTLSBootstrap', '未配置服务证书，也未启用 serverTLSBootstrap');
  },
  'node.kubelet.rotate-certificates': (v) => {
    const s = v.get('rotateCertificates');
    return s.value === true ? undefined : fails(s, 'client certificate rotation is off', '客户端证书轮换未开启');
  },
  'node.kubelet.rotate-server-certificates': (v) => {
    const s = v.get('featureGates');
    const gates = (s.value ?? {}) as Record<string, unknown>;
    return gates.RotateKubeletServerCertificate === false ? fails(s, 'RotateKubeletServerCertificate is turned off', 'RotateKubeletServerCertificate 被关闭') : undefined;
  },
  'node.kubelet.tls-cipher-suites': (v) => {
    if (v.get('tlsMinVersion').value === 'VersionTLS13') return undefined;
    const s = v.get('cipherSuites');
    const suites = Array.isArray(s.value) ? (s.value as unknown[]).map(String) : [];
    if (suites.length === 0) return fails(s, 'the Go default list applies, which includes CBC-mode suites for TLS 1.2', '使用 Go 的默认列表，其中包含 TLS 1.2 的 CBC 模式套件');
    const weak = weakCiphers(suites);
    return weak.length ? fails(s, `allows ${weak.join(', ')}`, `允许 ${weak.join(', ')}`) : undefined;
  },
  'node.kubelet.pod-pids-limit': (v) => {
    const s = v.get('podPidsLimit');
    return Number(s.value) > 0 ? undefined : fails(s, 'no per-pod process limit', '未限制每个 Pod 的进程数');
  },
  'node.kubelet.seccomp-default': (v) => {
    const s = v.get('seccompDefault');
    return s.value === true ? undefined : fails(s, 'RuntimeDefault seccomp is not applied by default', '默认未应用 RuntimeDefault seccomp 配置');
  },
};
