import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LogTail, tailLines, type Line } from '../../../src/sources/events/tail.js';

/** Real files appended, truncated and renamed the way auditd, the API server and logrotate do. */

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-tail-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const texts = (lines: Line[]): string[] => lines.map((l) => l.text);

test('starts after the last complete line, returns only complete lines, then follows a rename rotation without losing lines', async () => {
  const file = path.join(dir, 'audit.log');
  await writeFile(file, 'old 1\nold 2\nhalf-writ');
  const tail = new LogTail(file);
  assert.equal(await tail.start(), true);
  assert.deepEqual(await tail.read(), []);
  await appendFile(file, 'ten\na\nb-part');
  // The line being written at start is read whole once finished, numbered after the lines skipped.
  assert.deepEqual(await tail.read(), [
    { text: 'half-written', lineNo: 3 },
    { text: 'a', lineNo: 4 },
  ]);
  // auditd rotates: the rest of the old file is written, then renamed, then a new file begun.
  await appendFile(file, 'ial\nlast of old\n');
  await rename(file, `${file}.1`);
  await writeFile(file, 'first of new\n');
  const rotated = await tail.read();
  assert.deepEqual(texts(rotated), ['b-partial', 'last of old', 'first of new']);
  assert.equal(rotated[2]?.lineNo, 1, 'numbering restarts in the new file');
  assert.equal(tail.rotations, 1);
  await appendFile(file, 'more\n');
  assert.deepEqual(texts(await tail.read()), ['more']);
  await tail.close();
});

test("the old file's unterminated last line is a line of its own, not glued to the new file's first", async () => {
  const file = path.join(dir, 'glue.log');
  await writeFile(file, '');
  const tail = new LogTail(file);
  await tail.start();
  await appendFile(file, 'complete\ncut off');
  assert.deepEqual(texts(await tail.read()), ['complete']);
  await rename(file, `${file}.1`);
  await writeFile(file, 'new first\n');
  assert.deepEqual(texts(await tail.read()), ['cut off', 'new first']);
  await tail.close();
});

test('a truncated file is read again from its start; a file that appears later is read whole', async () => {
  const file = path.join(dir, 'trunc.log');
  await writeFile(file, 'x\n');
  const tail = new LogTail(file);
  await tail.start();
  await appendFile(file, 'y\nhalf');
  assert.deepEqual(texts(await tail.read()), ['y']);
  await truncate(file, 0);
  await appendFile(file, 'z\n');
  assert.deepEqual(await tail.read(), [{ text: 'z', lineNo: 1 }], 'the half line of the old content is dropped');
  assert.equal(tail.rotations, 1);
  await tail.close();

  const later = new LogTail(path.join(dir, 'later.log'));
  assert.equal(await later.start(), false);
  assert.deepEqual(await later.read(), []);
  await writeFile(path.join(dir, 'later.log'), 'p\nq\n');
  assert.deepEqual(texts(await later.read()), ['p', 'q']);
  await later.close();
});

test('reads a large backlog in bounded slices', async () => {
  const file = path.join(dir, 'big.log');
  const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(50)}`);
  await writeFile(file, `${lines.join('\n')}\n`);
  const tail = new LogTail(file, { fromStart: true, maxBytesPerRead: 64 * 1024 });
  const seen: string[] = [];
  for (let i = 0; i < 20 && seen.length < lines.length; i++) {
    const batch = await tail.read();
    assert.ok(batch.length < lines.length, 'one read returned everything despite the slice limit');
    seen.push(...texts(batch));
  }
  assert.deepEqual(seen, lines);
  assert.equal(tail.caughtUp, true);
  await tail.close();
});

test('a line over the limit is reported by length and line number, never buffered whole; blank lines and CRs are dropped', async () => {
  const file = path.join(dir, 'long.log');
  await writeFile(file, `first\r\n\n   \n${'y'.repeat(300_000)}\nafter\n`);
  const tail = new LogTail(file, { fromStart: true, maxLineBytes: 1000, maxBytesPerRead: 64 * 1024 });
  const seen: Line[] = [];
  for (let i = 0; i < 20 && !seen.some((l) => l.text === 'after'); i++) seen.push(...(await tail.read()));
  assert.deepEqual(seen, [
    { text: 'first', lineNo: 1 },
    { text: '', lineNo: 4, tooLong: 300_000 },
    { text: 'after', lineNo: 5 },
  ]);
  await tail.close();
});

test('tailLines reads a whole file (its unterminated last line too) and stops; a missing file is one clear error', async () => {
  const file = path.join(dir, 'whole.log');
  await writeFile(file, `a\n${'z'.repeat(600_000)}\nb\nlast`);
  const seen: Line[] = [];
  for await (const line of tailLines(file, { maxLineBytes: 1000 })) seen.push(line);
  assert.deepEqual(seen, [
    { text: 'a', lineNo: 1 },
    { text: '', lineNo: 2, tooLong: 600_000 },
    { text: 'b', lineNo: 3 },
    { text: 'last', lineNo: 4 },
  ]);
  const missing = path.join(dir, 'nope.log');
  await assert.rejects(async () => {
    for await (const _ of tailLines(missing)) assert.fail('no lines expected');
  }, { message: `${missing}: cannot open: ENOENT` });
});

test('tailLines follows appends until aborted', async () => {
  const file = path.join(dir, 'follow.log');
  await writeFile(file, 'before\n');
  const abort = new AbortController();
  const seen: string[] = [];
  const reading = (async () => {
    for await (const line of tailLines(file, { follow: true, pollMs: 10, signal: abort.signal })) {
      seen.push(line.text);
      if (seen.length === 2) abort.abort();
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 30));
  await appendFile(file, 'one\n');
  await new Promise((resolve) => setTimeout(resolve, 30));
  await appendFile(file, 'two\n');
  await reading;
  assert.deepEqual(seen, ['one', 'two']);
});
