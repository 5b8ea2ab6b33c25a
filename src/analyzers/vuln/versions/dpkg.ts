import { VersionError } from './version-error.js';
import { cachedParser, compareDigits } from './parse-cache.js';

/**
 * Debian package versions, `[epoch:]upstream[-revision]`, compared as Debian Policy 5.6.12 and
 * dpkg's `--compare-versions` do. Parsing rejects what dpkg calls an error (empty parts, spaces,
 * bad or huge epochs) and accepts what it only warns about (odd characters), because dpkg still
 * compares those.
 */
export interface DpkgVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

const MAX_EPOCH = 2147483647;

function parse(input: string): DpkgVersion {
  const fail = (reason: string): never => {
    throw new VersionError('dpkg', input, reason);
  };
  const text = input.trim();
  if (text === '') fail('version string is empty');
  if (/\s/.test(text)) fail('version string has embedded spaces');
  let epoch = 0;
  let rest = text;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const epochText = text.slice(0, colon);
    if (epochText === '') fail('epoch in version is empty');
    if (!/^[0-9]+$/.test(epochText)) fail('epoch in version is not a number');
    epoch = Number(epochText);
    if (epoch > MAX_EPOCH) fail('epoch in version is too big');
    rest = text.slice(colon + 1);
    if (rest === '') fail('nothing after colon in version number');
  }
  let upstream = rest;
  let revision = '';
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision === '') fail('revision number is empty');
  }
  if (upstream === '') fail('version number is empty');
  return { epoch, upstream, revision };
}

export const parseDpkgVersion = cachedParser(parse);

/** The weight of a non-digit character in Policy's ordering: `~` lowest, then end of part, letters, then the rest. */
function order(code: number): number {
  if (code === 126) return -1; // ~
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return code;
  return code + 256;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Compares one upstream or revision part by Policy's alternating non-digit / digit runs. */
export function compareDpkgPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // Non-digit run: character by character; the shorter run ends with weight 0.
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ca = i < a.length && !isDigit(a.charCodeAt(i)) ? order(a.charCodeAt(i)) : 0;
      const cb = j < b.length && !isDigit(b.charCodeAt(j)) ? order(b.charCodeAt(j)) : 0;
      if (ca !== cb) return ca < cb ? -1 : 1;
      i++;
      j++;
    }
    const startA = i;
    const startB = j;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const c = compareDigits(a.slice(startA, i), b.slice(startB, j));
    if (c !== 0) return c;
  }
  return 0;
}

export function compareDpkg(a: string, b: string): number {
  if (a === b) return 0;
  const va = parseDpkgVersion(a);
  const vb = parseDpkgVersion(b);
  if (va.epoch !== vb.epoch) return va.epoch < vb.epoch ? -1 : 1;
  return compareDpkgPart(va.upstream, vb.upstream) || compareDpkgPart(va.revision, vb.revision);
}

export function isValidDpkg(version: string): boolean {
  try {
    parseDpkgVersion(version);
    return true;
  } catch {
    return false;
  }
}
