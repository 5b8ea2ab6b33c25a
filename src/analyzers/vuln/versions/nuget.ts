import { VersionError } from './version-error.js';
import { cachedParser, compareDigits, comparePrerelease } from './parse-cache.js';

/**
 * NuGet versions (NuGet.Versioning `NuGetVersion`): SemVer 2.0 with up to four numbers
 * (`1.0.0.1`, legacy `Revision`), missing numbers read as 0 (`1.0` == `1.0.0.0`), leading zeros
 * tolerated, pre-release labels compared case-insensitively (`1.0.0-RC1` == `1.0.0-rc1`), build
 * metadata ignored.
 */
export interface NuGetVersion {
  numbers: [string, string, string, string];
  /** Lower-cased pre-release labels. */
  prerelease: string[];
}

const PATTERN = /^([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const INT32_MAX = '2147483647';
const strip = (digits: string): string => digits.replace(/^0+(?=[0-9])/, '');

function parse(input: string): NuGetVersion {
  const m = PATTERN.exec(input.trim());
  if (m === null) throw new VersionError('nuget', input, 'not a NuGet version');
  const numbers = [m[1], m[2], m[3], m[4]].map((n) => strip(n ?? '0')) as [string, string, string, string];
  if (numbers.some((n) => compareDigits(n, INT32_MAX) > 0)) throw new VersionError('nuget', input, 'a version number is larger than Int32');
  return { numbers, prerelease: m[5] === undefined ? [] : m[5].toLowerCase().split('.') };
}

export const parseNuGetVersion = cachedParser(parse);

export function compareNuGet(a: string, b: string): number {
  if (a === b) return 0;
  const va = parseNuGetVersion(a);
  const vb = parseNuGetVersion(b);
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(va.numbers[i] as string, vb.numbers[i] as string);
    if (c !== 0) return c;
  }
  return comparePrerelease(va.prerelease, vb.prerelease);
}

export function isValidNuGet(version: string): boolean {
  try {
    parseNuGetVersion(version);
    return true;
  } catch {
    return false;
  }
}
