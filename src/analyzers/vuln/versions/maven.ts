import { VersionError, VersionRangeError } from './version-error.js';
import { cachedParser, compareDigits, compareStrings } from './parse-cache.js';

/**
 * Maven versions as `org.apache.maven.artifact.versioning.ComparableVersion` orders them (Maven
 * 3.8): the string is split into items at `.`, `-` and digit/letter changes; `-`, a digit/letter
 * change and a trailing or digit-followed qualifier open a sub-list; trailing zeros, empty qualifiers and empty lists are dropped; known qualifiers
 * rank alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, and any other
 * qualifier sorts after sp, alphabetically. A number sorts after any qualifier.
 * Also Maven's range notation: `[1.0,2.0)`, `(,1.0],[1.2,)`, `[1.5]`.
 */

type Item = NumberItem | QualifierItem | ListItem;
interface NumberItem {
  kind: 'number';
  digits: string;
}
interface QualifierItem {
  kind: 'qualifier';
  /** The qualifier's sort key: its rank among the known qualifiers, or `7-name` for others. */
  key: string;
}
interface ListItem {
  kind: 'list';
  items: Item[];
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_KEY = String(QUALIFIERS.indexOf(''));

function qualifier(text: string, followedByDigit: boolean): QualifierItem {
  let name = text;
  if (followedByDigit && name.length === 1) name = name === 'a' ? 'alpha' : name === 'b' ? 'beta' : name === 'm' ? 'milestone' : name;
  name = ALIASES[name] ?? name;
  const rank = QUALIFIERS.indexOf(name);
  return { kind: 'qualifier', key: rank === -1 ? `${QUALIFIERS.length}-${name}` : String(rank) };
}

const ZERO: NumberItem = { kind: 'number', digits: '0' };

function item(text: string, isDigit: boolean): Item {
  return isDigit ? { kind: 'number', digits: text.replace(/^0+(?=[0-9])/, '') } : qualifier(text, false);
}

function isNull(i: Item): boolean {
  if (i.kind === 'number') return i.digits === '0';
  if (i.kind === 'qualifier') return i.key === RELEASE_KEY;
  return i.items.length === 0;
}

/** Drops trailing null items, looking through (but not past) trailing sub-lists. */
function normalize(list: ListItem): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const last = list.items[i] as Item;
    if (isNull(last)) list.items.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

function parse(input: string): ListItem {
  const version = input.trim().toLowerCase();
  if (version === '') throw new VersionError('maven', input, 'version string is empty');
  if (/\s/.test(version)) throw new VersionError('maven', input, 'version string has embedded spaces');
  const root: ListItem = { kind: 'list', items: [] };
  let list = root;
  const stack: ListItem[] = [root];
  const open = (): void => {
    const child: ListItem = { kind: 'list', items: [] };
    list.items.push(child);
    list = child;
    stack.push(child);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < version.length; i++) {
    const c = version.charCodeAt(i);
    if (c === 46 /* . */ || c === 45 /* - */) {
      list.items.push(i === start ? ZERO : item(version.slice(start, i), isDigit));
      start = i + 1;
      if (c === 45) open();
    } else if (isDigitCode(c)) {
      if (!isDigit && i > start) {
        // A qualifier opens its own sub-list unless it would be the list's first item (1.0.0.RC1 == 1.0.0-RC1).
        if (list.items.length > 0) open();
        list.items.push(qualifier(version.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(item(version.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (version.length > start) {
    if (!isDigit && list.items.length > 0) open();
    list.items.push(item(version.slice(start), isDigit));
  }
  while (stack.length > 0) normalize(stack.pop() as ListItem);
  return root;
}

export const parseMavenVersion = cachedParser(parse);

/** Compares an item with another, or with nothing (the other version has run out). */
function compareItem(a: Item, b: Item | undefined): number {
  switch (a.kind) {
    case 'number':
      if (b === undefined) return a.digits === '0' ? 0 : 1;
      if (b.kind === 'number') return compareDigits(a.digits, b.digits);
      return 1;
    case 'qualifier':
      if (b === undefined) return Math.sign(compareStrings(a.key, RELEASE_KEY));
      if (b.kind === 'qualifier') return compareStrings(a.key, b.key);
      return -1;
    case 'list':
      if (b === undefined) {
        for (const i of a.items) {
          const c = compareItem(i, undefined);
          if (c !== 0) return c;
        }
        return 0;
      }
      if (b.kind === 'number') return -1;
      if (b.kind === 'qualifier') return 1;
      return compareLists(a, b);
  }
}

function compareLists(a: ListItem, b: ListItem): number {
  const length = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < length; i++) {
    const l = a.items[i];
    const r = b.items[i];
    const c = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (c !== 0) return c;
  }
  return 0;
}

export function compareMaven(a: string, b: string): number {
  if (a === b) return 0;
  return compareLists(parseMavenVersion(a), parseMavenVersion(b));
}

export function isValidMaven(version: string): boolean {
  return version.trim() !== '' && !/\s/.test(version.trim());
}

/** The canonical form ComparableVersion prints, for diagnostics and tests. */
export function canonicalMaven(version: string): string {
  const show = (list: ListItem): string => {
    let text = '';
    for (const i of list.items) {
      if (text !== '') text += i.kind === 'list' ? '-' : '.';
      if (i.kind === 'number') text += i.digits;
      else if (i.kind === 'list') text += show(i);
      else text += i.key.startsWith(`${QUALIFIERS.length}-`) ? i.key.slice(2) : (QUALIFIERS[Number(i.key)] ?? '');
    }
    return text;
  };
  return show(parseMavenVersion(version));
}

// ---- Ranges -------------------------------------------------------------------------------------

export interface MavenRange {
  lower?: string;
  lowerInclusive: boolean;
  upper?: string;
  upperInclusive: boolean;
}

/**
 * Parses Maven range notation into its intervals. `[1.0]` is exactly 1.0; a bare `1.0` (Maven's
 * "soft" requirement) is read as exactly 1.0 too, since an advisory naming one version means that one.
 */
export function parseMavenRanges(spec: string): MavenRange[] {
  const fail = (reason: string): never => {
    throw new VersionRangeError('maven', spec, reason);
  };
  const text = spec.replace(/\s+/g, '');
  if (text === '') fail('range is empty');
  if (!text.startsWith('[') && !text.startsWith('(')) {
    if (/[[\](),]/.test(text)) fail('a bare version cannot contain brackets or commas');
    return [{ lower: text, lowerInclusive: true, upper: text, upperInclusive: true }];
  }
  const ranges: MavenRange[] = [];
  let rest = text;
  while (rest !== '') {
    const open = rest[0];
    if (open !== '[' && open !== '(') fail(`expected "[" or "(" at ${JSON.stringify(rest)}`);
    const close = rest.search(/[\])]/);
    if (close < 0) fail('unclosed range');
    const body = rest.slice(1, close);
    const lowerInclusive = open === '[';
    const upperInclusive = rest[close] === ']';
    const comma = body.indexOf(',');
    if (comma < 0) {
      if (!lowerInclusive || !upperInclusive || body === '') fail(`single-version range ${JSON.stringify(rest.slice(0, close + 1))} must be written [v]`);
      ranges.push({ lower: body, lowerInclusive: true, upper: body, upperInclusive: true });
    } else {
      if (body.indexOf(',', comma + 1) >= 0) fail('a range has at most one comma');
      const lower = body.slice(0, comma);
      const upper = body.slice(comma + 1);
      const range: MavenRange = { lowerInclusive, upperInclusive };
      if (lower !== '') range.lower = lower;
      if (upper !== '') range.upper = upper;
      if (range.lower !== undefined && range.upper !== undefined && compareMaven(range.lower, range.upper) > 0) fail('lower bound is above upper bound');
      ranges.push(range);
    }
    rest = rest.slice(close + 1);
    if (rest.startsWith(',')) {
      rest = rest.slice(1);
      if (rest === '') fail('trailing comma');
    } else if (rest !== '') fail(`expected "," between ranges at ${JSON.stringify(rest)}`);
  }
  return ranges;
}

const cachedRanges = cachedParser(parseMavenRanges, 10_000);

/** Whether a Maven version lies in a range spec such as `(,1.0],[1.2,)`. */
export function satisfiesMavenRange(version: string, spec: string): boolean {
  return cachedRanges(spec).some((r) => {
    if (r.lower !== undefined) {
      const c = compareMaven(version, r.lower);
      if (c < 0 || (c === 0 && !r.lowerInclusive)) return false;
    }
    if (r.upper !== undefined) {
      const c = compareMaven(version, r.upper);
      if (c > 0 || (c === 0 && !r.upperInclusive)) return false;
    }
    return true;
  });
}
