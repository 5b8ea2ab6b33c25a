import { hash } from 'node:crypto';
import { maskSecret } from '../../model/index.js';
import type { SecretAllowList } from './allow-list.js';
import { EMPTY_ALLOW_LIST } from './allow-list.js';
import type { SecretRule } from './rules.js';
import { SECRET_RULES } from './rules.js';

/**
 * Finds secrets in one text. The secret value itself never leaves this module: a match carries
 * its SHA-256 (for the allow-list and de-duplication) and a masked rendering for evidence.
 */

export interface SecretMatch {
  rule: SecretRule;
  /** 1-based line of the secret's first occurrence. */
  line: number;
  /** SHA-256 (hex) of the secret; compared with allow-list entries, never shown. */
  sha256: string;
  /** Masked form for evidence: safe to print and store. */
  evidence: string;
  /** How often the same secret occurs in the text. */
  occurrences: number;
}

interface CompiledRule {
  rule: SecretRule;
  regex: RegExp;
}

/** Every rule's keywords in one alternation, so that a text is searched for keywords once. */
interface KeywordIndex {
  regex: RegExp;
  /** For each keyword, itself and the shorter keywords it starts with (`sk_live_` also counts as a hit of `sk`). */
  alsoCounts: Map<string, string[]>;
}

/** Upper bounds that keep a hostile file from costing more than it is worth. */
const MAX_MATCHES_PER_RULE = 1000;
const MAX_FINDINGS_PER_TEXT = 200;

/** Text that stands for a value rather than being one: documented examples, templates, masks. */
const PLACEHOLDER = /example|sample|placeholder|dummy|redacted|changeme|change_me|replace_?me|your[_-]|xxxx|\*\*\*|\$\{|\{\{|<[a-z_ -]+>/i;

export class SecretMatcher {
  private readonly compiled: CompiledRule[];
  private readonly keywords: KeywordIndex;

  constructor(
    rules: readonly SecretRule[] = SECRET_RULES,
    private readonly allowList: SecretAllowList = EMPTY_ALLOW_LIST,
  ) {
    this.compiled = rules
      .filter((rule) => !allowList.disabledRules.has(rule.id))
      .map((rule) => ({ rule, regex: new RegExp(rule.regex.source, withFlags(rule.regex.flags, 'gd')) }));
    this.keywords = keywordIndex(this.compiled.flatMap((c) => c.rule.keywords));
  }

  /** `path` restricts path-bound rules; without it (image configuration text) they are not applied. */
  match(text: string, path?: string): SecretMatch[] {
    const lower = text.toLowerCase();
    const taken: [number, number][] = [];
    const byKey = new Map<string, SecretMatch>();
    let lines: number[] | undefined;
    const hits = keywordHits(lower, this.keywords);
    if (hits.size === 0) return [];

    for (const { rule, regex } of this.compiled) {
      if (rule.paths && (path === undefined || !rule.paths.test(path))) continue;
      if (rule.skipPaths && path !== undefined && rule.skipPaths.test(path)) continue;
      let seen = 0;
      for (const [start, end] of keywordWindows(text, rule.keywords, hits, rule.reach ?? DEFAULT_REACH)) {
        const chunk = start === 0 && end === text.length ? text : text.slice(start, end);
        regex.lastIndex = 0;
        for (let m = regex.exec(chunk); m !== null && seen < MAX_MATCHES_PER_RULE; m = regex.exec(chunk), seen++) {
          if (m[0].length === 0) regex.lastIndex++;
          const local = m.indices?.groups?.secret ?? m.indices?.[0];
          const secret = m.groups?.secret ?? m[0];
          if (!local || !acceptable(rule, secret)) continue;
          const span: [number, number] = [local[0] + start, local[1] + start];
          if (taken.some(([s, e]) => span[0] < e && s < span[1])) continue;
          const decoded = rule.decode === 'basic-auth-base64' ? decodeBasicAuth(secret) : undefined;
          if (rule.decode && !decoded) continue;
          const sha256 = hash('sha256', secret, 'hex');
          if (this.allowList.sha256.has(sha256)) continue;
          taken.push(span);
          const key = `${rule.id}\u0000${sha256}`;
          const known = byKey.get(key);
          if (known) {
            known.occurrences++;
            continue;
          }
          if (byKey.size >= MAX_FINDINGS_PER_TEXT) return [...byKey.values()];
          lines ??= newlineOffsets(text);
          byKey.set(key, { rule, line: lineOf(lines, span[0]), sha256, evidence: evidenceOf(rule, secret, decoded), occurrences: 1 });
        }
      }
    }
    return [...byKey.values()];
  }
}

/** How far before a keyword a match may start: a SAS URL's `sig=` comes after the other parameters. */
const REACH_BACK = 512;
const DEFAULT_REACH = 1024;
const MAX_KEYWORD_HITS = 100_000;

function keywordIndex(keywords: readonly string[]): KeywordIndex {
  const unique = [...new Set(keywords)].sort((a, b) => b.length - a.length);
  const alsoCounts = new Map(unique.map((k) => [k, unique.filter((other) => k.startsWith(other))]));
  const pattern = unique.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return { regex: new RegExp(pattern || '(?!)', 'g'), alsoCounts };
}

/** Offsets of every keyword in the lower-cased text, by keyword. Overlapping occurrences count. */
function keywordHits(lower: string, index: KeywordIndex): Map<string, number[]> {
  const hits = new Map<string, number[]>();
  const { regex } = index;
  regex.lastIndex = 0;
  let count = 0;
  for (let m = regex.exec(lower); m !== null && count < MAX_KEYWORD_HITS; m = regex.exec(lower), count++) {
    for (const k of index.alsoCounts.get(m[0]) ?? []) {
      const list = hits.get(k);
      if (list) list.push(m.index);
      else hits.set(k, [m.index]);
    }
    regex.lastIndex = m.index + 1;
  }
  return hits;
}

/**
 * The stretches of text, whole lines, around each occurrence of one of a rule's keywords, merged:
 * the rule's regex runs only there.
 */
function keywordWindows(text: string, keywords: readonly string[], hits: Map<string, number[]>, reach: number): [number, number][] {
  const positions = keywords.flatMap((k) => hits.get(k) ?? []).sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const hit of positions) {
    const start = text.lastIndexOf('\n', Math.max(0, hit - REACH_BACK)) + 1;
    const next = text.indexOf('\n', Math.min(text.length, hit + reach));
    const end = next === -1 ? text.length : next;
    const last = out.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** True for documented examples, template references, masks and runs of one character. */
export function looksLikePlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || /^(.)\1*$/.test(value);
}

function acceptable(rule: SecretRule, secret: string): boolean {
  if (rule.allowValues?.some((re) => re.test(secret))) return false;
  if (!rule.noPlaceholderCheck && looksLikePlaceholder(secret)) return false;
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return false;
  if (rule.minCharClasses !== undefined && charClasses(secret) < rule.minCharClasses) return false;
  return true;
}

/** Bits per character of the value's own character distribution. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function charClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
}

/** `user:password` from base64, when it is that; else undefined. */
function decodeBasicAuth(value: string): { user: string } | undefined {
  const text = Buffer.from(value, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  // Control characters or replacement characters mean the value was not text to begin with.
  if (colon <= 0 || colon === text.length - 1 || [...text].some((c) => c < ' ' || c === '\ufffd')) return undefined;
  return { user: text.slice(0, colon) };
}

function evidenceOf(rule: SecretRule, secret: string, decoded: { user: string } | undefined): string {
  if (rule.category === 'private-key' || rule.id === 'gcp-service-account-key') {
    // The armour line names the key type and is not secret; the body is.
    const header = /-----BEGIN [A-Z0-9 ]+-----/.exec(secret)?.[0] ?? 'private key';
    return `${header} … (${secret.length} characters, masked)`;
  }
  const masked = maskSecret(secret);
  return decoded ? `${masked} (user "${decoded.user}" and a password)` : masked;
}

function newlineOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i);
  return out;
}

function lineOf(newlines: number[], offset: number): number {
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((newlines[mid] as number) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

function withFlags(flags: string, add: string): string {
  let out = flags;
  for (const f of add) if (!out.includes(f)) out += f;
  return out;
}
