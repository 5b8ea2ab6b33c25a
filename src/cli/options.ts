import { InvalidArgumentError } from 'commander';
import { CHECKS } from '../catalog/index.js';
import { parsePssVersion, type PssVersion } from '../analyzers/workload/check.js';
import type { Lang, Severity } from '../model/index.js';
import { isLang, isSeverity, SEVERITIES } from '../model/index.js';
import { FORMATS, type Format } from '../reporters/index.js';

/** Parsers for option values shared by the commands; each rejects bad values in one clear line. */

export function parseLang(value: string): Lang {
  const v = value.toLowerCase().replace('_', '-');
  const lang = v === 'zh-cn' || v === 'cn' ? 'zh' : v;
  if (!isLang(lang)) throw new InvalidArgumentError('expected en or zh');
  return lang;
}

/** `--lang` default: RAMPART_LANG, else a Chinese locale in LANG/LC_ALL means zh. */
export function defaultLang(env: NodeJS.ProcessEnv = process.env): Lang {
  if (env.RAMPART_LANG && isLang(env.RAMPART_LANG)) return env.RAMPART_LANG;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

export function parseSeverity(value: string): Severity {
  const v = value.toLowerCase();
  if (!isSeverity(v)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}`);
  return v;
}

export function parseSeverityList(value: string): Set<Severity> {
  const out = new Set<Severity>();
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) out.add(parseSeverity(part));
  if (out.size === 0) throw new InvalidArgumentError(`expected a comma-separated list of ${SEVERITIES.join(', ')}`);
  return out;
}

export function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}`);
  return value as Format;
}

export function parsePss(value: string): PssVersion {
  const version = parsePssVersion(value);
  if (version === undefined) throw new InvalidArgumentError('expected latest or a Kubernetes version such as v1.33');
  return version;
}

/** `FORMAT=FILE`, for extra reports written alongside the main output. */
export function parseExtraReport(value: string, previous: { format: Format; file: string }[] = []): { format: Format; file: string }[] {
  const m = /^([a-z-]+)=(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected FORMAT=FILE, e.g. html=report.html');
  return [...previous, { format: parseFormat(m[1] as string), file: m[2] as string }];
}

/** Check ids or prefix patterns (`pod.*`); an unknown id is an error, not a silent no-op. */
export function parseCheckList(value: string): string[] {
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) {
    const known = id.endsWith('.*') ? CHECKS.some((c) => c.id.startsWith(id.slice(0, -1))) : CHECKS.some((c) => c.id === id);
    if (!known) throw new InvalidArgumentError(`unknown check id "${id}" (see: rampart checks list)`);
  }
  return ids;
}

export function selectChecks(only: string[] | undefined, skip: string[] | undefined): Set<string> {
  const matches = (patterns: string[], id: string): boolean => patterns.some((p) => (p.endsWith('.*') ? id.startsWith(p.slice(0, -1)) : p === id));
  return new Set(CHECKS.map((c) => c.id).filter((id) => (!only || matches(only, id)) && !(skip && matches(skip, id))));
}
