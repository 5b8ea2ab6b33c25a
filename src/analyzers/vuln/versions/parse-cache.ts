/**
 * Memoises a version parser. A scan compares the same few thousand installed versions against the
 * same advisory bounds millions of times, so each string is parsed once. The cache is emptied when
 * it grows past `limit` entries instead of tracking recency: cheap, and a scan's working set is small.
 * Failures are not cached; they throw every time.
 */
export function cachedParser<T>(parse: (version: string) => T, limit = 50_000): (version: string) => T {
  const cache = new Map<string, T>();
  return (version: string): T => {
    let parsed = cache.get(version);
    if (parsed === undefined) {
      parsed = parse(version);
      if (cache.size >= limit) cache.clear();
      cache.set(version, parsed);
    }
    return parsed;
  };
}

/** Compares two strings of decimal digits by numeric value, without size limits; `` counts as 0. */
export function compareDigits(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && a.charCodeAt(i) === 48) i++;
  while (j < b.length && b.charCodeAt(j) === 48) j++;
  const lengthA = a.length - i;
  const lengthB = b.length - j;
  if (lengthA !== lengthB) return lengthA < lengthB ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Orders two strings by UTF-16 code units, as C's strcmp orders ASCII. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const NUMERIC = /^[0-9]+$/;

/**
 * SemVer 2.0 pre-release precedence (§11), over dot-separated identifiers: a release (no
 * identifiers) sorts after any pre-release; numeric identifiers compare by value and sort before
 * alphanumeric ones, which compare by code unit; a longer list wins when one is a prefix of the other.
 */
export function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    const nx = NUMERIC.test(x);
    const ny = NUMERIC.test(y);
    const c = nx && ny ? compareDigits(x, y) : nx !== ny ? (nx ? -1 : 1) : compareStrings(x, y);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
