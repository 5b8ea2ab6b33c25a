import { VersionError, VersionRangeError } from './version-error.js';
import { cachedParser, compareDigits, compareStrings } from './parse-cache.js';

/**
 * Python package versions (PEP 440): `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, with the
 * spellings the PEP normalises (`1.0-ALPHA1`, `1.0c1`, `1.0-5`, `1.0.r1`, `v1.0`, `1.01`), and
 * version specifiers (`>=1.0,<2`, `~=2.2`, `==1.4.*`, `!=1.5`, `===foo`).
 */
export interface Pep440Version {
  epoch: string;
  /** Release numbers without leading zeros. */
  release: string[];
  pre?: { label: 'a' | 'b' | 'rc'; number: string };
  post?: string;
  dev?: string;
  /** Local label segments, lower-cased. */
  local?: string[];
}

const PATTERN =
  /^v?(?:([0-9]+)!)?([0-9]+(?:\.[0-9]+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?(?:[-_.]?(dev)[-_.]?([0-9]+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/i;

const PRE_LABELS: Record<string, 'a' | 'b' | 'rc'> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', preview: 'rc', pre: 'rc', c: 'rc', rc: 'rc' };

const stripZeros = (digits: string): string => digits.replace(/^0+(?=[0-9])/, '');

function parse(input: string): Pep440Version {
  // Python's str.strip() also removes Unicode spaces; String.prototype.trim does the same.
  const m = PATTERN.exec(input.trim());
  if (m === null) throw new VersionError('pep440', input, 'not a PEP 440 version');
  const [, epoch, release, preLabel, preNumber, postImplicit, postLabel, postNumber, devLabel, devNumber, local] = m;
  const version: Pep440Version = {
    epoch: stripZeros(epoch ?? '0'),
    release: (release ?? '0').split('.').map(stripZeros),
  };
  if (preLabel !== undefined) version.pre = { label: PRE_LABELS[preLabel.toLowerCase()] ?? 'rc', number: stripZeros(preNumber ?? '0') };
  if (postImplicit !== undefined) version.post = stripZeros(postImplicit);
  else if (postLabel !== undefined) version.post = stripZeros(postNumber ?? '0');
  if (devLabel !== undefined) version.dev = stripZeros(devNumber ?? '0');
  if (local !== undefined) version.local = local.toLowerCase().split(/[-_.]/);
  return version;
}

export const parsePep440 = cachedParser(parse);

/** The normalised form PEP 440 prints (`1.0-ALPHA1` → `1.0a1`). */
export function normalizePep440(version: string): string {
  const v = parsePep440(version);
  let text = v.epoch === '0' ? '' : `${v.epoch}!`;
  text += v.release.join('.');
  if (v.pre) text += `${v.pre.label}${v.pre.number}`;
  if (v.post !== undefined) text += `.post${v.post}`;
  if (v.dev !== undefined) text += `.dev${v.dev}`;
  if (v.local) text += `+${v.local.join('.')}`;
  return text;
}

function compareRelease(a: readonly string[], b: readonly string[]): number {
  // Trailing zeros do not count: 1.0 == 1.0.0.
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const c = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

/** Pre-release position: a dev release of the final version sorts before its pre-releases, a final after them. */
function comparePre(a: Pep440Version, b: Pep440Version): number {
  const slot = (v: Pep440Version): number => (v.pre ? 0 : v.post === undefined && v.dev !== undefined ? -1 : 1);
  const sa = slot(a);
  const sb = slot(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (!a.pre || !b.pre) return 0;
  if (a.pre.label !== b.pre.label) return PRE_RANK[a.pre.label] < PRE_RANK[b.pre.label] ? -1 : 1;
  return compareDigits(a.pre.number, b.pre.number);
}

function compareOptional(a: string | undefined, b: string | undefined, absentIsHigh: boolean): number {
  if (a === b) return 0;
  if (a === undefined) return absentIsHigh ? 1 : -1;
  if (b === undefined) return absentIsHigh ? -1 : 1;
  return compareDigits(a, b);
}

const isNumeric = (s: string): boolean => /^[0-9]+$/.test(s);

function compareLocal(a: readonly string[] | undefined, b: readonly string[] | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    const nx = isNumeric(x);
    const ny = isNumeric(y);
    // A numeric segment sorts above an alphanumeric one.
    const c = nx && ny ? compareDigits(x, y) : nx !== ny ? (nx ? 1 : -1) : compareStrings(x, y);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function comparePep440Parsed(a: Pep440Version, b: Pep440Version, ignoreLocal = false): number {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    compareOptional(a.post, b.post, false) ||
    compareOptional(a.dev, b.dev, true) ||
    (ignoreLocal ? 0 : compareLocal(a.local, b.local))
  );
}

export function comparePep440(a: string, b: string): number {
  if (a === b) return 0;
  return comparePep440Parsed(parsePep440(a), parsePep440(b));
}

export function isValidPep440(version: string): boolean {
  try {
    parsePep440(version);
    return true;
  } catch {
    return false;
  }
}

// ---- Specifiers ---------------------------------------------------------------------------------

type Operator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

interface Specifier {
  operator: Operator;
  text: string;
  version?: Pep440Version;
  /** `==1.4.*` / `!=1.4.*`. */
  prefix: boolean;
}

const SPECIFIER = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/;

function parseSpecifier(raw: string, whole: string): Specifier {
  const m = SPECIFIER.exec(raw.trim());
  if (m === null) throw new VersionRangeError('pep440', whole, `cannot read specifier ${JSON.stringify(raw.trim())}`);
  const operator = m[1] as Operator;
  let text = m[2] as string;
  if (operator === '===') return { operator, text, prefix: false };
  const prefix = text.endsWith('.*');
  if (prefix) {
    if (operator !== '==' && operator !== '!=') throw new VersionRangeError('pep440', whole, `"${operator}" does not take a ".*" suffix`);
    text = text.slice(0, -2);
  }
  let version: Pep440Version;
  try {
    version = parse(text);
  } catch {
    throw new VersionRangeError('pep440', whole, `${JSON.stringify(text)} is not a PEP 440 version`);
  }
  // packaging accepts `.*` only after a plain release (`==1.4.*`, not `==1.4rc1.*`).
  if (prefix && (version.pre || version.post !== undefined || version.dev !== undefined || version.local)) {
    throw new VersionRangeError('pep440', whole, '".*" may only follow release numbers');
  }
  if (operator === '~=' && version.release.length < 2) throw new VersionRangeError('pep440', whole, '"~=" needs at least two release numbers');
  return { operator, text, version, prefix };
}

const publicOf = (v: Pep440Version): Pep440Version => ({ ...v, local: undefined });
const baseOf = (v: Pep440Version): Pep440Version => ({ epoch: v.epoch, release: v.release });

/** `==V.*`: same epoch, and the candidate's release, padded with zeros, starts with V's release. */
function prefixMatches(candidate: Pep440Version, spec: Pep440Version): boolean {
  if (compareDigits(candidate.epoch, spec.epoch) !== 0) return false;
  return spec.release.every((n, i) => compareDigits(candidate.release[i] ?? '0', n) === 0);
}

function isPrerelease(v: Pep440Version): boolean {
  return v.pre !== undefined || v.dev !== undefined;
}

function specifierContains(s: Specifier, candidate: Pep440Version, candidateText: string): boolean {
  const spec = s.version as Pep440Version;
  switch (s.operator) {
    case '===':
      return candidateText.trim().toLowerCase() === s.text.toLowerCase();
    case '==':
    case '!=': {
      let equal: boolean;
      if (s.prefix) equal = prefixMatches(candidate, spec);
      else equal = comparePep440Parsed(spec.local ? candidate : publicOf(candidate), spec) === 0;
      return s.operator === '==' ? equal : !equal;
    }
    case '~=': {
      const stem: Pep440Version = { epoch: spec.epoch, release: spec.release.slice(0, -1) };
      return comparePep440Parsed(candidate, spec, true) >= 0 && prefixMatches(candidate, stem);
    }
    case '<=':
      return comparePep440Parsed(candidate, spec, true) <= 0;
    case '>=':
      return comparePep440Parsed(candidate, spec, true) >= 0;
    case '<':
      if (comparePep440Parsed(candidate, spec, true) >= 0) return false;
      // `<3.1` excludes 3.1's own pre-releases unless the bound is itself a pre-release.
      return isPrerelease(spec) || !isPrerelease(candidate) || comparePep440Parsed(baseOf(candidate), baseOf(spec)) !== 0;
    case '>':
      if (comparePep440Parsed(candidate, spec, true) <= 0) return false;
      // `>3.1` excludes 3.1's post-releases (unless the bound is one) and 3.1+local.
      if (spec.post === undefined && candidate.post !== undefined && comparePep440Parsed(baseOf(candidate), baseOf(spec)) === 0) return false;
      if (candidate.local !== undefined && comparePep440Parsed(baseOf(candidate), baseOf(spec)) === 0) return false;
      return true;
  }
}

const parseSpecifierSet = cachedParser((text: string): Specifier[] => {
  const parts = text.split(',').filter((p) => p.trim() !== '');
  return parts.map((p) => parseSpecifier(p, text));
}, 10_000);

/**
 * Whether a version satisfies a specifier set (`>=1.0,<2.0`). Pre-releases are always considered:
 * for vulnerability matching an installed `2.0rc1` is as affected as `2.0`. An empty set matches all.
 */
export function satisfiesPep440(version: string, specifiers: string): boolean {
  const set = parseSpecifierSet(specifiers);
  const candidate = parsePep440(version);
  return set.every((s) => specifierContains(s, candidate, version));
}
