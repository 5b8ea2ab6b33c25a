import type { AffectedRange } from '../../../model/index.js';
import { bumpGemVersion, compareGem, isValidGem } from '../versions/gem.js';

/**
 * RubyGems version requirements (`~> 1.2.3`, `>= 2.0, < 2.1.5`) turned into affected ranges.
 *
 * A rubysec advisory lists what is safe: `patched_versions` and `unaffected_versions`, each entry a
 * requirement (comma = and). The affected versions are everything else. Each requirement becomes a
 * set of intervals over gem versions, the sets are united, and the gaps between them are the
 * affected ranges:
 *
 *   safe `~> 1.6.12` = [1.6.12, 1.7)   safe `>= 2.0.8` = [2.0.8, ∞)
 *   affected = (−∞, 1.6.12) ∪ [1.7, 2.0.8) → {fixed 1.6.12}, {introduced 1.7, fixed 2.0.8}
 *
 * A gap's lower end comes from the safe interval before it: an exclusive end there (`< 1.7`) is an
 * inclusive `introduced`. Its upper end comes from the safe interval after it: inclusive (`>= 2.0.8`)
 * gives `fixed`, exclusive (`> 2.0.8`) gives `lastAffected`. The one shape OSV-style ranges cannot
 * state is a gap that starts just after a version (safe `<= 1.0` then affected above 1.0): the range
 * starts at `introduced 1.0`, so exactly 1.0 is over-reported; that is the only inexact case.
 * Versions compare and `~>` bumps as src/analyzers/vuln/versions/gem.ts (Gem::Version) says.
 */

interface Bound {
  version: string;
  inclusive: boolean;
}
/** An interval of versions; an absent end is unbounded. */
interface Interval {
  low?: Bound;
  high?: Bound;
}

function compareLows(a: Bound | undefined, b: Bound | undefined): number {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  const c = compareGem(a.version, b.version);
  if (c !== 0) return c;
  return a.inclusive === b.inclusive ? 0 : a.inclusive ? -1 : 1;
}

function compareHighs(a: Bound | undefined, b: Bound | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  const c = compareGem(a.version, b.version);
  if (c !== 0) return c;
  return a.inclusive === b.inclusive ? 0 : a.inclusive ? 1 : -1;
}

function isEmpty({ low, high }: Interval): boolean {
  if (!low || !high) return false;
  const c = compareGem(low.version, high.version);
  return c > 0 || (c === 0 && !(low.inclusive && high.inclusive));
}

function constraintIntervals(constraint: string, requirement: string): Interval[] {
  const match = /^(~>|>=|<=|!=|=|>|<)?\s*([0-9A-Za-z.\-_+]+)$/.exec(constraint.trim());
  if (!match?.[2] || !/\d/.test(match[2]) || !isValidGem(match[2])) throw new Error(`gem requirement "${requirement}": cannot read "${constraint.trim()}"`);
  const version = match[2];
  const at = (inclusive: boolean): Bound => ({ version, inclusive });
  switch (match[1] ?? '=') {
    case '=':
      return [{ low: at(true), high: at(true) }];
    case '!=':
      return [{ high: at(false) }, { low: at(false) }];
    case '>':
      return [{ low: at(false) }];
    case '>=':
      return [{ low: at(true) }];
    case '<':
      return [{ high: at(false) }];
    case '<=':
      return [{ high: at(true) }];
    default:
      return [{ low: at(true), high: { version: bumpGemVersion(version), inclusive: false } }];
  }
}

function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const low = compareLows(x.low, y.low) >= 0 ? x.low : y.low;
      const high = compareHighs(x.high, y.high) <= 0 ? x.high : y.high;
      const interval: Interval = {};
      if (low) interval.low = low;
      if (high) interval.high = high;
      if (!isEmpty(interval)) out.push(interval);
    }
  }
  return out;
}

/** The versions one requirement string accepts (`"~> 5.2.4, >= 5.2.4.3"`: every comma part holds). */
export function requirementIntervals(requirement: string): Interval[] {
  let intervals: Interval[] = [{}];
  for (const constraint of requirement.split(',')) intervals = intersect(intervals, constraintIntervals(constraint, requirement));
  return intervals;
}

/** Sorted, non-overlapping union; touching intervals (`< 1.7` and `>= 1.7`) join. */
function union(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => compareLows(a.low, b.low));
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && touches(last, next)) {
      if (compareHighs(next.high, last.high) > 0) {
        if (next.high) last.high = next.high;
        else delete last.high;
      }
    } else {
      merged.push({ ...next });
    }
  }
  return merged;
}

function touches(earlier: Interval, later: Interval): boolean {
  if (!earlier.high || !later.low) return true;
  const c = compareGem(earlier.high.version, later.low.version);
  return c > 0 || (c === 0 && (earlier.high.inclusive || later.low.inclusive));
}

/**
 * Affected ranges: every version no requirement in `safe` accepts. An empty list means nothing
 * is affected; a single range with no bounds means everything is.
 */
export function affectedRangesFromSafe(safe: string[]): AffectedRange[] {
  const safeIntervals = union(safe.flatMap((r) => requirementIntervals(r)));
  const ranges: AffectedRange[] = [];
  let start: Bound | undefined; // lower end of the current gap; undefined = from the first version
  let open = true;
  for (const interval of safeIntervals) {
    if (interval.low && open) {
      const range: AffectedRange = {};
      if (start) range.introduced = start.version;
      if (interval.low.inclusive) range.fixed = interval.low.version;
      else range.lastAffected = interval.low.version;
      ranges.push(range);
    }
    if (!interval.high) {
      open = false;
      break;
    }
    start = { version: interval.high.version, inclusive: !interval.high.inclusive };
    open = true;
  }
  if (open) ranges.push(start ? { introduced: start.version } : {});
  return ranges;
}
