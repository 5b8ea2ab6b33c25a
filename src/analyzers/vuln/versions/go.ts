import { VersionError } from './version-error.js';
import { cachedParser, compareDigits, comparePrerelease } from './parse-cache.js';

/**
 * Go versions, compared as golang.org/x/mod/semver does:
 * - module versions `v1.2.3`, `v1.2.3-pre.1`, `v2.0.0+incompatible` (build metadata is ignored),
 *   the shorthands `v1` and `v1.2`, and pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`,
 *   `v1.2.4-0.20191109021931-daa7c04131f5`, `v1.2.3-pre.0.20191109021931-daa7c04131f5`), which are
 *   ordinary pre-releases and sort between the release below and the one they precede. The OSV Go
 *   data writes the same versions without the `v`; both forms are accepted.
 * - Go toolchain versions for the standard library (`go1.21.3`, `go1.21rc2`, `1.21rc2`, `go1.20`),
 *   mapped the way the Go vulnerability database maps tags: `go1.21rc2` → `1.21.0-rc.2`.
 */
export interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  prerelease: string[];
}

const SEMVER = /^v?(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$/;
const TOOLCHAIN = /^(?:go)?([1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:\.(0|[1-9][0-9]*))?(?:(rc|beta|alpha)(0|[1-9][0-9]*))?$/;

function parse(input: string): GoVersion {
  const text = input.trim();
  const m = SEMVER.exec(text);
  if (m !== null) {
    const prerelease = m[4] === undefined ? [] : m[4].split('.');
    if (prerelease.some((id) => /^0[0-9]+$/.test(id))) throw new VersionError('go', input, 'numeric pre-release identifier has a leading zero');
    return { major: m[1] as string, minor: m[2] ?? '0', patch: m[3] ?? '0', prerelease };
  }
  const t = TOOLCHAIN.exec(text);
  if (t !== null && (text.startsWith('go') || t[4] !== undefined)) {
    return { major: t[1] as string, minor: t[2] ?? '0', patch: t[3] ?? '0', prerelease: t[4] === undefined ? [] : [t[4], t[5] as string] };
  }
  const reason = text === '(devel)' || text.startsWith('devel') ? 'a development build has no comparable version' : 'not a Go module or toolchain version';
  throw new VersionError('go', input, reason);
}

export const parseGoVersion = cachedParser(parse);

export function compareGoParsed(a: GoVersion, b: GoVersion): number {
  return compareDigits(a.major, b.major) || compareDigits(a.minor, b.minor) || compareDigits(a.patch, b.patch) || comparePrerelease(a.prerelease, b.prerelease);
}

export function compareGo(a: string, b: string): number {
  if (a === b) return 0;
  return compareGoParsed(parseGoVersion(a), parseGoVersion(b));
}

export function isValidGo(version: string): boolean {
  try {
    parseGoVersion(version);
    return true;
  } catch {
    return false;
  }
}

/** The SemVer form (no `v`) of a Go version: `go1.21rc2` → `1.21.0-rc.2`, `v1.2` → `1.2.0`. */
export function canonicalGo(version: string): string {
  const v = parseGoVersion(version);
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : ''}`;
}

const PSEUDO = /^v?[0-9]+\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)-(?:0\.|[^+]*\.0\.)?[0-9]{14}-[A-Za-z0-9]+(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Whether a module version is a pseudo-version (a commit, not a tag), as x/mod/module defines them. */
export function isGoPseudoVersion(version: string): boolean {
  return PSEUDO.test(version.trim());
}
