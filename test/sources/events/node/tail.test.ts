import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LogTail } from '../../../../src/sources/events/node/tail.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-tail-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('starts at the end, returns only complete lines, then follows a rename rotation without losing lines', async () => {
  const file = path.join(dir, 'audit.log');
  await writeFile(file, 'old 1\nold 2\n');
  const tail = new LogTail(file);
  await tail.start();
  assert.deepEqual(await tail.read(), []);
  await appendFile(file, 'a\nb-part');
  assert.deepEqual(await tail.read(), ['a']);
  // auditd rotates: the rest of the old file is written, then renamed, then a new file begun.
  await appendFile(file, 'ial\nlast of old\n');
  await rename(file, `${file}.1`);
  await writeFile(file, 'first of new\n');
  assert.deepEqual(await tail.read(), ['b-partial', 'last of old', 'first of new']);
  assert.equal(tail.rotations, 1);
  await appendFile(file, 'more\n');
  assert.deepEqual(await tail.read(), ['more']);
  await tail.close();
});

test('a truncated file is read again from its start; a file that appears later is read whole', async () => {
  const file = path.join(dir, 'trunc.log');
  await writeFile(file, 'x\n');
  const tail = new LogTail(file);
  await tail.start();
  await appendFile(file, 'y\n');
  assert.deepEqual(await tail.read(), ['y']);
  await truncate(file, 0);
  await appendFile(file, 'z\n');
  assert.deepEqual(await tail.read(), ['z']);
  await tail.close();

  const later = new LogTail(path.join(dir, 'later.log'));
  await later.start();
  assert.deepEqual(await later.read(), []);
  await writeFile(path.join(dir, 'later.log'), 'p\nq\n');
  assert.deepEqual(await later.read(), ['p', 'q']);
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
    seen.push(...batch);
  }
  assert.deepEqual(seen, lines);
  await tail.close();
});
