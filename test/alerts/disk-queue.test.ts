import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DiskQueue } from '../../src/alerts/disk-queue.js';
import { tempDir } from '../helpers/images.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function dir(): Promise<string> {
  const d = await tempDir('rampart-diskq-');
  dirs.push(d);
  return path.join(d, 'q');
}

const record = (n: number): string => JSON.stringify({ n, pad: 'p'.repeat(80) });

test('disk queue: records come back in order across reopen; acknowledged ones never again; finished segments are deleted', async () => {
  const d = await dir();
  const q = await DiskQueue.open({ dir: d, segmentBytes: 500 });
  // One batch goes to one segment; rotation happens between batches.
  for (let n = 1; n <= 20; n += 2) await q.append([record(n), record(n + 1)]);
  assert.equal(q.depth, 20);
  const segmentsBefore = (await readdir(d)).filter((f) => f.endsWith('.seg')).length;
  assert.ok(segmentsBefore >= 3, `${segmentsBefore} segments`);
  const head = await q.peek(7);
  assert.deepEqual(head.map((r) => (JSON.parse(r.text) as { n: number }).n), [1, 2, 3, 4, 5, 6, 7]);
  await q.ack(head[6]!.id);
  await q.close();
  const segmentsAfter = (await readdir(d)).filter((f) => f.endsWith('.seg')).length;
  assert.ok(segmentsAfter < segmentsBefore, 'a fully delivered segment is removed');

  const again = await DiskQueue.open({ dir: d, segmentBytes: 500 });
  assert.equal(again.recovered.pending, 13);
  const rest = await again.peek(100);
  assert.deepEqual(rest.map((r) => (JSON.parse(r.text) as { n: number }).n), Array.from({ length: 13 }, (_, i) => i + 8));
  await again.ack(rest[12]!.id);
  assert.equal(again.depth, 0);
  await again.close();
  const left = (await readdir(d)).filter((f) => f.endsWith('.seg'));
  let bytes = 0;
  for (const f of left) bytes += (await stat(path.join(d, f))).size;
  assert.equal(bytes, 0, 'nothing pending is left on disk');
});

test('disk queue: the byte bound drops the oldest segment, counted, and keeps the disk use under it', async () => {
  const d = await dir();
  const q = await DiskQueue.open({ dir: d, maxBytes: 2000, segmentBytes: 500 });
  let dropped = 0;
  for (let n = 1; n <= 40; n++) dropped += await q.append([record(n)]);
  assert.ok(dropped > 0);
  assert.equal(q.depth + dropped, 40, 'every record is either pending or counted as dropped');
  assert.ok(q.bytes <= 2000, `${q.bytes} bytes on disk`);
  const pending = (await q.peek(100)).map((r) => (JSON.parse(r.text) as { n: number }).n);
  assert.deepEqual(pending, Array.from({ length: q.depth }, (_, i) => 40 - q.depth + 1 + i), 'the newest are kept');
  await q.close();
});

test('disk queue: a record with a newline is refused', async () => {
  const q = await DiskQueue.open({ dir: await dir() });
  await assert.rejects(q.append(['{"a":\n1}']), /contains a newline/);
  await q.close();
});
