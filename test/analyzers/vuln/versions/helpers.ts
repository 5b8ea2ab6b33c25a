import assert from 'node:assert/strict';

/** Asserts `compare` orders every pair of a list sorted oldest first, where each entry lists versions that compare equal. */
export function assertOrdered(compare: (a: string, b: string) => number, groups: readonly (readonly string[])[]): void {
  const flat = groups.flatMap((group, rank) => group.map((version) => ({ version, rank })));
  for (const a of flat) {
    for (const b of flat) {
      const expected = Math.sign(a.rank - b.rank);
      assert.equal(Math.sign(compare(a.version, b.version)), expected, `${a.version} vs ${b.version}: expected ${expected}`);
    }
  }
}

/** Parses `a OP b` lines (`<`, `>`, `=`, `==`) into cases; `#` starts a comment. */
export function parseRelationLines(text: string): { a: string; b: string; expected: number; line: string }[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [a, op, b] = line.split(/\s+/) as [string, string, string];
      const expected = op === '<' ? -1 : op === '>' ? 1 : 0;
      return { a, b, expected, line };
    });
}
