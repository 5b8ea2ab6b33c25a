import { VersionError } from './version-error.js';
import { cachedParser, compareDigits, compareStrings } from './parse-cache.js';

/**
 * RPM versions. `rpmvercmp` compares one version or release string: runs of ASCII letters or digits
 * are compared (digits numerically, a number beats letters), everything else only separates, `~`
 * sorts before anything (even the end), and `^` sorts after the end but before any further segment.
 * An EVR `[epoch:]version[-release]` compares epoch (missing = 0), then version, then release, the
 * release; a missing release sorts before any release, as rpm's own `rpmverCmp` (`rpm.ver` in Lua) does.
 */

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const TILDE = 126;
const CARET = 94;

export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isDigit(a.charCodeAt(i)) && !isAlpha(a.charCodeAt(i)) && a.charCodeAt(i) !== TILDE && a.charCodeAt(i) !== CARET) i++;
    while (j < b.length && !isDigit(b.charCodeAt(j)) && !isAlpha(b.charCodeAt(j)) && b.charCodeAt(j) !== TILDE && b.charCodeAt(j) !== CARET) j++;
    const ca = i < a.length ? a.charCodeAt(i) : -1;
    const cb = j < b.length ? b.charCodeAt(j) : -1;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === -1) return -1;
      if (cb === -1) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === -1 || cb === -1) break;
    const startA = i;
    const startB = j;
    const numeric = isDigit(ca);
    const inSegment = numeric ? isDigit : isAlpha;
    while (i < a.length && inSegment(a.charCodeAt(i))) i++;
    while (j < b.length && inSegment(b.charCodeAt(j))) j++;
    // The other side has a segment of the other kind: a number is newer than letters.
    if (j === startB) return numeric ? 1 : -1;
    const c = numeric ? compareDigits(a.slice(startA, i), b.slice(startB, j)) : compareStrings(a.slice(startA, i), b.slice(startB, j));
    if (c !== 0) return c;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

export interface RpmEvr {
  /** Absent when the string has none; compared as 0. */
  epoch?: number;
  version: string;
  release?: string;
}

function parse(input: string): RpmEvr {
  const fail = (reason: string): never => {
    throw new VersionError('rpm', input, reason);
  };
  const text = input.trim();
  if (text === '') fail('version string is empty');
  if (/\s/.test(text)) fail('version string has embedded spaces');
  let rest = text;
  let epoch: number | undefined;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const epochText = text.slice(0, colon);
    if (!/^[0-9]+$/.test(epochText)) fail('epoch is not a number');
    epoch = Number(epochText);
    rest = text.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  const version = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const release = hyphen >= 0 ? rest.slice(hyphen + 1) : undefined;
  if (version === '') fail('version part is empty');
  if (release === '') fail('release part is empty');
  const evr: RpmEvr = { version };
  if (epoch !== undefined) evr.epoch = epoch;
  if (release !== undefined) evr.release = release;
  return evr;
}

export const parseRpmEvr = cachedParser(parse);

export function compareRpmEvr(a: RpmEvr, b: RpmEvr): number {
  const ea = a.epoch ?? 0;
  const eb = b.epoch ?? 0;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const c = rpmvercmp(a.version, b.version);
  if (c !== 0 || a.release === b.release) return c;
  if (a.release === undefined) return -1;
  if (b.release === undefined) return 1;
  return rpmvercmp(a.release, b.release);
}

/** Compares two `[epoch:]version[-release]` strings. */
export function compareRpm(a: string, b: string): number {
  if (a === b) return 0;
  return compareRpmEvr(parseRpmEvr(a), parseRpmEvr(b));
}

export function isValidRpm(version: string): boolean {
  try {
    parseRpmEvr(version);
    return true;
  } catch {
    return false;
  }
}
