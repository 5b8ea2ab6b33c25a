import type { DaemonFlags, DaemonJson } from '../../model/index.js';

/**
 * dockerd's effective configuration: its command-line flags and daemon.json. dockerd refuses to
 * start when a setting is in both, so whichever holds it is what runs; in neither, dockerd's
 * default applies — but only when the command line was seen: without it a flag may be set that
 * this scan cannot see, and the answer is unknown.
 */

export interface Setting {
  /** Every value given (list flags repeat), as strings: booleans `true`/`false`. */
  values: string[];
  /** `--icc=false (process 812)`, `"icc": false in /etc/docker/daemon.json`, `default`. */
  source: string;
  fromDefault: boolean;
}

export class DaemonSettings {
  constructor(
    private readonly flags: DaemonFlags | undefined,
    private readonly json: DaemonJson,
  ) {}

  /** Whether the command line was seen: without it, an unset setting is unknown, not default. */
  get commandLineSeen(): boolean {
    return this.flags !== undefined;
  }

  /** The setting from the flag `flag` or the daemon.json key `jsonKey`; undefined when unset in both. */
  explicit(flag: string, jsonKey: string = flag): Setting | undefined {
    const fromFlag = this.flags?.values[flag];
    if (fromFlag && fromFlag.length > 0) return { values: fromFlag, source: `${fromFlag.map((v) => `--${flag}${v === 'true' ? '' : `=${v}`}`).join(' ')} (${this.flags?.origin})`, fromDefault: false };
    const raw = this.json.content?.[jsonKey];
    if (raw === undefined) return undefined;
    return { values: jsonValues(raw), source: `"${jsonKey}": ${JSON.stringify(raw)} in ${this.json.path}`, fromDefault: false };
  }

  /**
   * The setting, or dockerd's default when unset and the command line was seen; undefined when it
   * cannot be known (no command line, and daemon.json does not set it).
   */
  get(flag: string, jsonKey: string, dflt: string): Setting | undefined {
    const set = this.explicit(flag, jsonKey);
    if (set) return set;
    if (!this.commandLineSeen) return undefined;
    return { values: [dflt], source: `--${flag} not set${this.json.exists ? ` and no "${jsonKey}" in ${this.json.path}` : ''}: dockerd's default ${dflt}`, fromDefault: true };
  }

  /** Boolean settings: the last value, `true` unless it reads `false`. */
  bool(flag: string, jsonKey: string, dflt: boolean): { value: boolean; source: string } | undefined {
    const s = this.get(flag, jsonKey, String(dflt));
    if (!s) return undefined;
    return { value: s.values.at(-1) !== 'false', source: s.source };
  }

  /** Default ulimits as `name=soft:hard`, from `--default-ulimit` or `default-ulimits`. */
  defaultUlimits(): Map<string, string> | undefined {
    const s = this.explicit('default-ulimit', 'default-ulimits');
    if (!s) return this.commandLineSeen ? new Map() : undefined;
    const out = new Map<string, string>();
    const raw = this.json.content?.['default-ulimits'];
    if (!this.flags?.values['default-ulimit'] && raw && typeof raw === 'object') {
      for (const [name, v] of Object.entries(raw as Record<string, { Soft?: number; Hard?: number }>)) out.set(name, `${v.Soft}:${v.Hard}`);
      return out;
    }
    for (const v of s.values) {
      const [name, limits] = v.split('=');
      if (name && limits) out.set(name, limits.includes(':') ? limits : `${limits}:${limits}`);
    }
    return out;
  }
}

function jsonValues(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  if (typeof raw === 'string') return [raw];
  if (typeof raw === 'boolean' || typeof raw === 'number') return [String(raw)];
  return [JSON.stringify(raw)];
}
