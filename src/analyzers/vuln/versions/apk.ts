import { VersionError } from './version-error.js';
import { cachedParser, compareDigits, compareStrings } from './parse-cache.js';

/**
 * Alpine package versions as apk-tools reads them:
 * `digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}`. Suffixes `_alpha` `_beta` `_pre` `_rc`
 * sort before the plain release, `_cvs` `_svn` `_git` `_hg` `_p` after it; `-rN` is the package
 * revision. A string apk would not validate (`20.10.11.r0`, `1.0-r`, `1.0_foo`) is a VersionError.
 */

// Token kinds in the order apk-tools ranks them when two versions run out differently.
const enum Token {
  InitialDigit = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNumber = 4,
  CommitHash = 5,
  Revision = 6,
  End = 7,
}

// Suffix ranks: below 0 sorts before the release, above 0 after it.
const SUFFIX_RANK: Record<string, number> = { alpha: -4, beta: -3, pre: -2, rc: -1, cvs: 1, svn: 2, git: 3, hg: 4, p: 5 };

interface ApkToken {
  kind: Token;
  text: string;
  /** Suffix rank, for Suffix tokens. */
  rank: number;
}

export type ApkVersion = readonly ApkToken[];

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isLowerCode = (c: number): boolean => c >= 97 && c <= 122;
const isHexCode = (c: number): boolean => isDigitCode(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

function parse(input: string): ApkVersion {
  const fail = (reason: string): never => {
    throw new VersionError('apk', input, reason);
  };
  const s = input;
  const tokens: ApkToken[] = [];
  let pos = 0;
  const digits = (): string => {
    const start = pos;
    while (pos < s.length && isDigitCode(s.charCodeAt(pos))) pos++;
    return s.slice(start, pos);
  };
  const first = digits();
  if (first === '') fail('does not start with a number');
  tokens.push({ kind: Token.InitialDigit, text: first, rank: 0 });
  let last: Token = Token.InitialDigit;
  while (pos < s.length) {
    const c = s.charCodeAt(pos);
    const ch = s[pos];
    if (isLowerCode(c)) {
      if (last > Token.Digit) fail(`unexpected letter at offset ${pos}`);
      tokens.push({ kind: Token.Letter, text: ch ?? '', rank: 0 });
      last = Token.Letter;
      pos++;
    } else if (ch === '.' || isDigitCode(c)) {
      if (ch === '.') {
        if (last > Token.Digit) fail(`unexpected "." at offset ${pos}`);
        pos++;
      }
      let kind: Token;
      if (last === Token.InitialDigit || last === Token.Digit) kind = Token.Digit;
      else if (last === Token.Suffix) kind = Token.SuffixNumber;
      else return fail(`unexpected number at offset ${pos}`);
      const text = digits();
      if (text === '') fail(`expected a number at offset ${pos}`);
      tokens.push({ kind, text, rank: 0 });
      last = kind;
    } else if (ch === '_') {
      if (last > Token.SuffixNumber) fail(`unexpected "_" at offset ${pos}`);
      pos++;
      const start = pos;
      while (pos < s.length && isLowerCode(s.charCodeAt(pos))) pos++;
      const name = s.slice(start, pos);
      const rank = SUFFIX_RANK[name];
      if (rank === undefined) fail(`unknown suffix "_${name}"`);
      tokens.push({ kind: Token.Suffix, text: name, rank: rank ?? 0 });
      last = Token.Suffix;
    } else if (ch === '~') {
      if (last >= Token.CommitHash) fail(`unexpected "~" at offset ${pos}`);
      pos++;
      const start = pos;
      while (pos < s.length && isHexCode(s.charCodeAt(pos))) pos++;
      if (pos === start) fail('empty commit hash after "~"');
      tokens.push({ kind: Token.CommitHash, text: s.slice(start, pos), rank: 0 });
      last = Token.CommitHash;
    } else if (ch === '-') {
      if (last >= Token.Revision || s[pos + 1] !== 'r') fail(`unexpected "-" at offset ${pos} (only "-rN" may follow)`);
      pos += 2;
      const text = digits();
      if (text === '') fail('revision "-r" has no number');
      tokens.push({ kind: Token.Revision, text, rank: 0 });
      last = Token.Revision;
    } else {
      fail(`unexpected character ${JSON.stringify(ch)} at offset ${pos}`);
    }
  }
  return tokens;
}

export const parseApkVersion = cachedParser(parse);

function compareTokens(a: ApkToken, b: ApkToken): number {
  switch (a.kind) {
    case Token.Digit:
      // A component with a leading zero compares as a string, as in Gentoo (1.02 < 1.1).
      if (a.text.charCodeAt(0) === 48 || b.text.charCodeAt(0) === 48) return compareStrings(a.text, b.text);
      return compareDigits(a.text, b.text);
    case Token.InitialDigit:
    case Token.SuffixNumber:
    case Token.Revision:
      return compareDigits(a.text, b.text);
    case Token.Suffix:
      return a.rank === b.rank ? 0 : a.rank < b.rank ? -1 : 1;
    default:
      return compareStrings(a.text, b.text);
  }
}

const END: ApkToken = { kind: Token.End, text: '', rank: 0 };

export function compareApk(a: string, b: string): number {
  if (a === b) return 0;
  const ta = parseApkVersion(a);
  const tb = parseApkVersion(b);
  let i = 0;
  for (; i < ta.length && i < tb.length; i++) {
    const x = ta[i] as ApkToken;
    const y = tb[i] as ApkToken;
    if (x.kind !== y.kind) break;
    const c = compareTokens(x, y);
    if (c !== 0) return c;
  }
  const x = ta[i] ?? END;
  const y = tb[i] ?? END;
  if (x.kind === y.kind) return 0;
  // Equal so far: the longer version is newer, unless what follows is a pre-release suffix.
  if (x.kind === Token.Suffix && x.rank < 0) return -1;
  if (y.kind === Token.Suffix && y.rank < 0) return 1;
  return x.kind > y.kind ? -1 : 1;
}

export function isValidApk(version: string): boolean {
  try {
    parseApkVersion(version);
    return true;
  } catch {
    return false;
  }
}
