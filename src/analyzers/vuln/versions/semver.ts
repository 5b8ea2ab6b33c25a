import semver from 'semver';
import { VersionError, VersionRangeError } from './version-error.js';
import { cachedParser } from './parse-cache.js';

/**
 * Two SemVer schemes, both compared by npm's own `semver` package (SemVer 2.0.0 precedence: build
 * metadata ignored, numeric pre-release identifiers below alphanumeric ones).
 *
 * - `npm`: a version as npm accepts it (strict, optional leading `v` or `=`), and npm ranges.
 * - `semver`: the plain SemVer the OSV `SEMVER` range type uses for Go, crates.io, NuGet and others.
 *   Advisory data abbreviates (`1.2`, `v1`), so a missing minor or patch is read as 0.
 */

function parseNpm(input: string): semver.SemVer {
  const parsed = semver.parse(input.trim());
  if (parsed === null) throw new VersionError('npm', input, 'not a SemVer version');
  return parsed;
}

// `1`, `1.2`, `v1.2-rc.1`: pad the core to three numbers before handing to the semver package.
const ABBREVIATED = /^v?(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:\.(0|[1-9][0-9]*))?((?:[-+].*)?)$/;

function parsePlain(input: string): semver.SemVer {
  const text = input.trim();
  const m = ABBREVIATED.exec(text);
  const parsed = m === null ? null : semver.parse(`${m[1]}.${m[2] ?? '0'}.${m[3] ?? '0'}${m[4] ?? ''}`);
  if (parsed === null) throw new VersionError('semver', input, 'not a SemVer 2.0 version');
  return parsed;
}

export const parseNpmVersion = cachedParser(parseNpm);
export const parseSemver = cachedParser(parsePlain);

export function compareNpm(a: string, b: string): number {
  if (a === b) return 0;
  return parseNpmVersion(a).compare(parseNpmVersion(b));
}

export function compareSemver(a: string, b: string): number {
  if (a === b) return 0;
  return parseSemver(a).compare(parseSemver(b));
}

export function isValidNpm(version: string): boolean {
  return semver.parse(version.trim()) !== null;
}

export function isValidSemver(version: string): boolean {
  try {
    parseSemver(version);
    return true;
  } catch {
    return false;
  }
}

/**
 * Options for range matching. Vulnerability matching includes pre-releases (`2.0.0-rc.1` is inside
 * `>=1.0.0 <2.0.1`), as `npm audit` does since @npmcli/metavuln-calculator 9.0.1; installing
 * resolves ranges without them. Loose parsing accepts the sloppier ranges advisories carry.
 */
const VULN_RANGE_OPTIONS: semver.RangeOptions = { loose: true, includePrerelease: true };

const parseRange = cachedParser((range: string): semver.Range => {
  // GitHub writes comparator sets comma-separated (`>= 1.0.0, < 1.2.6`); npm separates them by spaces.
  const normalised = range.replace(/,\s*/g, ' ');
  try {
    return new semver.Range(normalised, VULN_RANGE_OPTIONS);
  } catch (error) {
    throw new VersionRangeError('npm', range, (error as Error).message);
  }
}, 10_000);

/** Whether an npm version lies in an npm range (`^1.2.3`, `>=1.0.0 <1.4.2 || 2.x`, `1.0.0 - 1.2.0`). */
export function satisfiesNpmRange(version: string, range: string): boolean {
  return parseRange(range).test(parseNpmVersion(version));
}
