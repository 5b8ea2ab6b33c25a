import type { AffectedRange, VersionScheme } from '../../../model/advisory.js';
import { compareApk, parseApkVersion } from './apk.js';
import { compareComposer, parseComposerVersion } from './composer.js';
import { compareDpkg, parseDpkgVersion } from './dpkg.js';
import { compareGem, parseGemVersion } from './gem.js';
import { compareGo, parseGoVersion } from './go.js';
import { compareMaven, parseMavenVersion } from './maven.js';
import { compareNuGet, parseNuGetVersion } from './nuget.js';
import { comparePep440, parsePep440 } from './pep440.js';
import { compareRpm, parseRpmEvr } from './rpm.js';
import { compareNpm, compareSemver, parseNpmVersion, parseSemver } from './semver.js';

export { VersionError, VersionRangeError } from './version-error.js';
export { satisfiesNpmRange } from './semver.js';
export { satisfiesPep440, normalizePep440 } from './pep440.js';
export { satisfiesMavenRange, parseMavenRanges } from './maven.js';
export { satisfiesGemRequirement } from './gem.js';
export { satisfiesComposerConstraint, satisfiesComposerConstraintList, normalizeComposer } from './composer.js';
export { isGoPseudoVersion, canonicalGo } from './go.js';
export { rpmvercmp } from './rpm.js';

interface SchemeRules {
  compare: (a: string, b: string) => number;
  /** Reads a version, throwing VersionError if the scheme cannot. */
  parse: (v: string) => unknown;
}

const SCHEMES: Record<VersionScheme, SchemeRules> = {
  dpkg: { compare: compareDpkg, parse: parseDpkgVersion },
  apk: { compare: compareApk, parse: parseApkVersion },
  rpm: { compare: compareRpm, parse: parseRpmEvr },
  semver: { compare: compareSemver, parse: parseSemver },
  npm: { compare: compareNpm, parse: parseNpmVersion },
  pep440: { compare: comparePep440, parse: parsePep440 },
  maven: { compare: compareMaven, parse: parseMavenVersion },
  go: { compare: compareGo, parse: parseGoVersion },
  gem: { compare: compareGem, parse: parseGemVersion },
  composer: { compare: compareComposer, parse: parseComposerVersion },
  nuget: { compare: compareNuGet, parse: parseNuGetVersion },
};

function rules(scheme: VersionScheme): SchemeRules {
  const r = SCHEMES[scheme];
  if (r === undefined) throw new Error(`unknown version scheme ${JSON.stringify(scheme)}`);
  return r;
}

/**
 * Orders two versions by the scheme's own rules: negative if `a` is older, 0 if they are the same
 * version (which need not be the same string: `1.0` and `1.0.0` in most schemes), positive if newer.
 * Throws VersionError, naming scheme and version, when either cannot be read.
 */
export function compareVersions(scheme: VersionScheme, a: string, b: string): number {
  return Math.sign(rules(scheme).compare(a, b));
}

/** Whether the scheme can read the version (compareVersions would not throw for it). */
export function isValidVersion(scheme: VersionScheme, version: string): boolean {
  try {
    rules(scheme).parse(version);
    return true;
  } catch {
    return false;
  }
}

/** Throws VersionError, naming scheme and version, unless the scheme can read the version. */
export function assertValidVersion(scheme: VersionScheme, version: string): void {
  rules(scheme).parse(version);
}

/** `introduced` absent or `0` means "from the first version", in every scheme (OSV's convention). */
const fromTheBeginning = (introduced: string | undefined): boolean => introduced === undefined || introduced === '' || introduced === '0';

function inRange(compare: (a: string, b: string) => number, version: string, range: AffectedRange): boolean {
  if (!fromTheBeginning(range.introduced) && compare(version, range.introduced as string) < 0) return false;
  if (range.fixed !== undefined && compare(version, range.fixed) >= 0) return false;
  if (range.lastAffected !== undefined && compare(version, range.lastAffected) > 0) return false;
  return true;
}

/**
 * Whether `version` is affected under OSV-style semantics (see AffectedRange): it is one of the
 * enumerated `versions` (by the scheme's equality, so `1.0` matches `1.0.0` where the scheme says
 * so), or lies in any range: from `introduced` (inclusive; absent or `0` = from the beginning) up to
 * `fixed` (exclusive) and/or `lastAffected` (inclusive). No ranges and no versions means every
 * version is affected.
 *
 * Throws VersionError if the version or a bound cannot be read; the caller decides whether that
 * skips the record or reports it.
 */
export function isAffected(scheme: VersionScheme, version: string, ranges: readonly AffectedRange[], versions?: readonly string[]): boolean {
  const { compare, parse } = rules(scheme);
  // An unreadable installed version is reported the same way whatever the record holds.
  parse(version);
  if (ranges.length === 0 && (versions === undefined || versions.length === 0)) return true;
  if (versions !== undefined) {
    for (const listed of versions) {
      // An enumerated version the scheme cannot read still matches its exact string.
      if (listed === version || (isValidVersion(scheme, listed) && compare(version, listed) === 0)) return true;
    }
  }
  return ranges.some((range) => inRange(compare, version, range));
}
