import { VersionError, VersionRangeError } from './version-error.js';
import { cachedParser, compareDigits } from './parse-cache.js';

/**
 * Composer (Packagist) versions: normalised as composer/semver's `VersionParser::normalize` does
 * (`v1.2` → `1.2.0.0`, `1.0-beta1` → `1.0.0.0-beta1`, `1.0.0-pl2` → `1.0.0.0-patch2`, `2.x-dev` →
 * `2.9999999.9999999.9999999-dev`), then ordered by PHP's `version_compare`: dev < alpha = a <
 * beta = b < RC = rc < a number < pl = p (patch). Constraints are the forms FriendsOfPHP advisories
 * and Packagist use: `>=1.0,<1.2.5`, `>=2.0 <2.1`, `<1.0|>=2.0`, `||`, `!=`, `==`, `*`.
 * Named dev branches (`dev-main`) have no order: comparing one is a VersionError.
 */

const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*+)?)?([.-]?dev)?';
// JavaScript has no possessive quantifiers; the plain forms accept the same strings here.
const MODIFIER_JS = MODIFIER.replace(/\*\+/g, '*').replace(/\+\+/g, '+');
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER_JS}$`, 'i');
const DATE_BASED = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)${MODIFIER_JS}$`, 'i');
const NUMERIC_BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/;

function expandStability(stability: string): string {
  const s = stability.toLowerCase();
  if (s === 'a') return 'alpha';
  if (s === 'b') return 'beta';
  if (s === 'p' || s === 'pl') return 'patch';
  if (s === 'rc') return 'RC';
  return s;
}

/** composer/semver `VersionParser::normalize`. Throws VersionError for what Composer calls an invalid version string. */
export function normalizeComposer(input: string): string {
  let version = input.trim();
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(version);
  if (alias) version = alias[1] as string;
  version = version.replace(/@(?:stable|RC|beta|alpha|dev)$/i, '');
  if (version === 'master' || version === 'trunk' || version === 'default') version = `dev-${version}`;
  if (version.toLowerCase().startsWith('dev-')) return `dev-${version.slice(4)}`;
  const build = /^([^,\s+]+)\+\S+$/.exec(version);
  if (build) version = build[1] as string;
  let m = CLASSICAL.exec(version);
  let normal: string | undefined;
  let index = 0;
  if (m) {
    normal = `${m[1]}${m[2] || '.0'}${m[3] || '.0'}${m[4] || '.0'}`;
    index = 5;
  } else if ((m = DATE_BASED.exec(version))) {
    normal = (m[1] as string).replace(/\D/g, '.');
    index = 2;
  }
  if (m && normal !== undefined) {
    const stability = m[index];
    if (stability) {
      if (stability === 'stable') return normal;
      normal += `-${expandStability(stability)}${(m[index + 1] ?? '').replace(/^[.-]+/, '')}`;
    }
    if (m[index + 2]) normal += '-dev';
    return normal;
  }
  const devBranch = /^(.*?)[.-]?dev$/i.exec(version);
  if (devBranch) {
    const b = NUMERIC_BRANCH.exec((devBranch[1] as string).trim());
    if (b) {
      let branch = '';
      for (let i = 1; i < 5; i++) branch += b[i] !== undefined ? b[i]!.replace(/[*X]/g, 'x') : '.x';
      return `${branch.replace(/x/g, '9999999')}-dev`;
    }
  }
  throw new VersionError('composer', input, 'invalid version string');
}

// ---- PHP version_compare -----------------------------------------------------------------------

const isDigitChar = (c: string): boolean => c >= '0' && c <= '9';
const isAlnumChar = (c: string): boolean => isDigitChar(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** PHP's canonical form: `-_+` become `.`, and a `.` separates digits from non-digits. */
function canonicalPieces(version: string): string[] {
  let out = version[0] ?? '';
  for (let i = 1; i < version.length; i++) {
    const c = version[i] as string;
    const previous = version[i - 1] as string;
    const lastOut = out[out.length - 1];
    if (c === '-' || c === '_' || c === '+') {
      if (lastOut !== '.') out += '.';
    } else if ((previous !== '.' && !isDigitChar(previous) && isDigitChar(c)) || (isDigitChar(previous) && c !== '.' && !isDigitChar(c))) {
      if (lastOut !== '.') out += '.';
      out += c;
    } else if (!isAlnumChar(c)) {
      if (lastOut !== '.') out += '.';
    } else {
      out += c;
    }
  }
  return out.split('.').filter((p) => p !== '');
}

const SPECIAL_FORMS: [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function specialForm(piece: string): number {
  for (const [name, order] of SPECIAL_FORMS) if (piece.startsWith(name)) return order;
  return -1;
}

const NUMBER_FORM = 4;

function comparePieces(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    const dx = isDigitChar(x[0] ?? '');
    const dy = isDigitChar(y[0] ?? '');
    let c: number;
    if (dx && dy) c = compareDigits(x, y);
    else if (!dx && !dy) c = Math.sign(specialForm(x) - specialForm(y));
    else c = dx ? Math.sign(NUMBER_FORM - specialForm(y)) : Math.sign(specialForm(x) - NUMBER_FORM);
    if (c !== 0) return c;
  }
  // The longer one wins if it goes on with a number; if it goes on with a word, the word decides.
  if (a.length > length) {
    const next = a[length] as string;
    return isDigitChar(next[0] ?? '') ? 1 : Math.sign(specialForm(next) - NUMBER_FORM);
  }
  if (b.length > length) {
    const next = b[length] as string;
    return isDigitChar(next[0] ?? '') ? -1 : Math.sign(NUMBER_FORM - specialForm(next));
  }
  return 0;
}

/** PHP's `version_compare($a, $b)` on two strings as given (no Composer normalisation). */
export function phpVersionCompare(a: string, b: string): number {
  return comparePieces(canonicalPieces(a), canonicalPieces(b));
}

interface ComposerVersion {
  normalized: string;
  pieces: string[];
}

export const parseComposerVersion = cachedParser((input: string): ComposerVersion => {
  const normalized = normalizeComposer(input);
  if (normalized.startsWith('dev-')) throw new VersionError('composer', input, 'a named dev branch has no version order');
  return { normalized, pieces: canonicalPieces(normalized) };
});

export function compareComposer(a: string, b: string): number {
  if (a === b) return 0;
  return comparePieces(parseComposerVersion(a).pieces, parseComposerVersion(b).pieces);
}

export function isValidComposer(version: string): boolean {
  try {
    parseComposerVersion(version);
    return true;
  } catch {
    return false;
  }
}

// ---- Constraints -------------------------------------------------------------------------------

type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '*';
interface Constraint {
  operator: Operator;
  version?: ComposerVersion;
}

const CONSTRAINT = /^(<>|!=|>=|<=|==|=|<|>)?\s*(\S+)$/;
const STABILITY_SUFFIX = new RegExp(`-${MODIFIER_JS}$`);

const parseConstraints = cachedParser((text: string): Constraint[][] => {
  const orGroups = text.trim().split(/\s*\|\|?\s*/);
  return orGroups.map((group) => {
    // AND: commas, or spaces between constraints (`>=1.0 <2.0`); an operator may be followed by a space.
    const parts = group
      .replace(/(<>|!=|>=|<=|==|=|<|>)\s+/g, '$1')
      .split(/\s*,\s*|\s+/)
      .filter((p) => p !== '');
    if (parts.length === 0) throw new VersionRangeError('composer', text, 'empty constraint');
    return parts.map((part): Constraint => {
      if (/^v?[xX*](\.[xX*])*$/.test(part)) return { operator: '*' };
      const m = CONSTRAINT.exec(part);
      if (m === null) throw new VersionRangeError('composer', text, `cannot read constraint ${JSON.stringify(part)}`);
      const raw = m[1] ?? '==';
      const operator: Operator = raw === '=' ? '==' : raw === '<>' ? '!=' : (raw as Operator);
      const bound = m[2] as string;
      let version: ComposerVersion;
      try {
        version = parseComposerVersion(bound);
      } catch (error) {
        throw new VersionRangeError('composer', text, (error as Error).message);
      }
      // As Composer does: `<1.2.5` and `>=1.2.5` without a stability mean `1.2.5.0-dev`, so that
      // `<1.2.5` excludes 1.2.5's own betas and `>=1.2.5` includes them.
      if ((operator === '<' || operator === '>=') && !STABILITY_SUFFIX.test(bound.toLowerCase())) {
        const normalized = `${version.normalized}-dev`;
        version = { normalized, pieces: canonicalPieces(normalized) };
      }
      return { operator, version };
    });
  });
}, 10_000);

/** Whether a version satisfies a Composer constraint string such as `>=1.0,<1.2.5|>=2.0,<2.0.3`. */
export function satisfiesComposerConstraint(version: string, constraint: string): boolean {
  const v = parseComposerVersion(version);
  return parseConstraints(constraint).some((group) =>
    group.every(({ operator, version: bound }) => {
      if (operator === '*' || bound === undefined) return true;
      const c = comparePieces(v.pieces, bound.pieces);
      switch (operator) {
        case '==':
          return c === 0;
        case '!=':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
      }
    }),
  );
}

/** FriendsOfPHP `branches.*.versions`: a list of constraints that must all hold. */
export function satisfiesComposerConstraintList(version: string, constraints: readonly string[]): boolean {
  return constraints.every((c) => satisfiesComposerConstraint(version, c));
}
