import { VersionError, VersionRangeError } from './version-error.js';
import { cachedParser, compareStrings } from './parse-cache.js';

/**
 * RubyGems versions (`Gem::Version`) and requirements (`Gem::Requirement`), which RubySec
 * advisories use for `patched_versions` and `unaffected_versions`. A version is numbers and letters
 * split at dots; a `-` reads as `.pre.`; any letter makes it a pre-release, which sorts before the
 * release (`1.0.a` < `1.0`); trailing zeros do not count (`1.0` == `1`).
 */
export interface GemVersion {
  segments: (number | string)[];
  /** Segments with trailing zeros of the numeric and of the string part removed, as Gem compares them. */
  canonical: (number | string)[];
  prerelease: boolean;
}

const PATTERN = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?\s*$/;

function build(segments: (number | string)[], prerelease: boolean): GemVersion {
  const firstString = segments.findIndex((s) => typeof s === 'string');
  const numeric = firstString < 0 ? segments : segments.slice(0, firstString);
  const strings = firstString < 0 ? [] : segments.slice(firstString);
  const dropZeros = (list: (number | string)[]): (number | string)[] => {
    let end = list.length;
    while (end > 0 && list[end - 1] === 0) end--;
    return list.slice(0, end);
  };
  return { segments, canonical: [...dropZeros(numeric), ...dropZeros(strings)], prerelease };
}

function parse(input: string): GemVersion {
  const m = PATTERN.exec(input);
  if (m === null) throw new VersionError('gem', input, 'malformed version number string');
  const text = (m[1] ?? '0').replace(/-/g, '.pre.');
  const segments = (text.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
  return build(segments, /[a-zA-Z]/.test(text));
}

export const parseGemVersion = cachedParser(parse);

export function compareGemParsed(a: GemVersion, b: GemVersion): number {
  const l = a.canonical;
  const r = b.canonical;
  const length = Math.max(l.length, r.length);
  for (let i = 0; i < length; i++) {
    const x = l[i] ?? 0;
    const y = r[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'string' && typeof y === 'number') return -1;
    if (typeof x === 'number' && typeof y === 'string') return 1;
    return typeof x === 'number' ? (x < (y as number) ? -1 : 1) : compareStrings(x, y as string);
  }
  return 0;
}

export function compareGem(a: string, b: string): number {
  if (a === b) return 0;
  return compareGemParsed(parseGemVersion(a), parseGemVersion(b));
}

export function isValidGem(version: string): boolean {
  try {
    parseGemVersion(version);
    return true;
  } catch {
    return false;
  }
}

/** `Gem::Version#release`: a pre-release without its letters and what follows them. */
function release(v: GemVersion): GemVersion {
  if (!v.prerelease) return v;
  const segments = [...v.segments];
  while (segments.some((s) => typeof s === 'string')) segments.pop();
  return build(segments, false);
}

/** `Gem::Version#bump`: drop letters and the last number, then increment the new last number (`1.2.3` → `1.3`). */
function bump(v: GemVersion): GemVersion {
  const segments = [...v.segments];
  while (segments.some((s) => typeof s === 'string')) segments.pop();
  if (segments.length > 1) segments.pop();
  segments[segments.length - 1] = ((segments[segments.length - 1] as number | undefined) ?? 0) + 1;
  return build(segments, false);
}

/** The upper end of `~> version` (exclusive), as a version string: `1.2.3` → `1.3`, `3.0.0.rc1` → `3.1`. */
export function bumpGemVersion(version: string): string {
  return bump(parseGemVersion(version)).segments.join('.');
}

type GemOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~>';

const REQUIREMENT = /^\s*(=|!=|>=|<=|>|<|~>)?\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)\s*$/;

const parseRequirement = cachedParser((text: string): { operator: GemOperator; version: GemVersion }[] => {
  // bundler-audit splits RubySec's `"~> 4.2.5, >= 4.2.5.1"` at commas: every part must hold.
  return text.split(',').map((part) => {
    const m = REQUIREMENT.exec(part);
    if (m === null) throw new VersionRangeError('gem', text, `cannot read requirement ${JSON.stringify(part.trim())}`);
    return { operator: (m[1] ?? '=') as GemOperator, version: parse(m[2] as string) };
  });
}, 10_000);

/** Whether a gem version satisfies a requirement such as `~> 1.2.3`, `>= 2.0, < 2.3.1` or `!= 1.5`. */
export function satisfiesGemRequirement(version: string, requirement: string): boolean {
  const v = parseGemVersion(version);
  return parseRequirement(requirement).every(({ operator, version: r }) => {
    const c = compareGemParsed(v, r);
    switch (operator) {
      case '=':
        return c === 0;
      case '!=':
        return c !== 0;
      case '>':
        return c > 0;
      case '<':
        return c < 0;
      case '>=':
        return c >= 0;
      case '<=':
        return c <= 0;
      case '~>':
        return c >= 0 && compareGemParsed(release(v), bump(r)) < 0;
    }
  });
}
