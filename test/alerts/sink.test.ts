import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { JsonLinesSink } from '../../src/alerts/jsonl.js';
import { AlertRouter, serializeAlert, type AlertSink } from '../../src/alerts/sink.js';
import { WebhookSink } from '../../src/alerts/webhook.js';
import { tempDir } from '../helpers/images.js';
import { sampleAlert } from './sample-alert.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test('alert JSON is the finding as-is on one line, secrets as the engine masked them, Chinese text intact', () => {
  const alert = sampleAlert();
  alert.message.en += '\u2028with a line separator';
  const line = serializeAlert(alert);
  assert.ok(!line.includes('\n'));
  assert.deepEqual(JSON.parse(line), JSON.parse(JSON.stringify(alert)));
  assert.match(line, /"zh":"容器 payments/);
  assert.match(line, /Bearer ey\*+Qk/);
});

test('JSON lines to a file: appends across sink instances, one alert per line, fsync on flush', async () => {
  const dir = await tempDir('rampart-jsonl-');
  dirs.push(dir);
  const file = path.join(dir, 'alerts.jsonl');
  const first = new JsonLinesSink({ path: file });
  for (let n = 1; n <= 3; n++) first.send(sampleAlert({ n }));
  await first.flush();
  assert.equal((await readFile(file, 'utf8')).split('\n').length, 4, 'written and synced by flush, before close');
  await first.close();
  const second = new JsonLinesSink({ path: file });
  second.send(sampleAlert({ n: 4 }));
  await second.close();
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { runtime: { eventId: string } }).runtime.eventId), ['evt-1', 'evt-2', 'evt-3', 'evt-4']);
  assert.deepEqual(first.stats(), { sent: 3, failed: 0, queued: 0, dropped: 0 });
  second.send(sampleAlert({ n: 5 }));
  assert.equal(second.stats().dropped, 1, 'a send after close is dropped and counted');
});

test('JSON lines to a stream (stdout): lines in order; a file that cannot be opened drops and counts, with the reason', async () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  const sink = new JsonLinesSink({ stream });
  for (let n = 1; n <= 5; n++) sink.send(sampleAlert({ n }));
  await sink.flush();
  assert.equal(text.trimEnd().split('\n').length, 5);

  const broken = new JsonLinesSink({ path: '/proc/rampart-no-such-dir/alerts.jsonl' });
  broken.send(sampleAlert());
  await broken.flush();
  assert.equal(broken.stats().dropped, 1);
  assert.match(broken.stats().lastError ?? '', /^\/proc\/rampart-no-such-dir\/alerts\.jsonl: ENOENT/);
  assert.throws(() => new JsonLinesSink({}), /exactly one of path or stream/);
});

test('router: a hung webhook receiver and a throwing sink never hold up the JSON lines sink; each sink counts its own', async () => {
  const dir = await tempDir('rampart-router-');
  dirs.push(dir);
  // A receiver that takes requests and never answers.
  const hung = http.createServer(() => undefined);
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  const port = (hung.address() as { port: number }).port;
  const webhook = await WebhookSink.open({ url: `http://127.0.0.1:${port}/`, queueDir: path.join(dir, 'q'), timeoutMs: 60_000 });
  const throwing: AlertSink = {
    name: 'broken',
    send() {
      throw new Error('boom');
    },
    flush: async () => undefined,
    close: async () => undefined,
    stats: () => ({ sent: 0, failed: 0, queued: 0, dropped: 0 }),
  };
  const lines: string[] = [];
  const jsonl = new JsonLinesSink({ stream: new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(...chunk.toString().trimEnd().split('\n')); cb(); } }) });
  const router = new AlertRouter([webhook, throwing, jsonl]);
  try {
    const started = Date.now();
    for (let n = 1; n <= 10; n++) router.send(sampleAlert({ n }));
    await jsonl.flush();
    assert.ok(Date.now() - started < 2000, 'the JSON lines sink was not held up by the webhook (request timeout 60 s)');
    assert.equal(lines.length, 10);
    const stats = router.perSink();
    assert.equal(stats.jsonl?.sent, 10);
    assert.equal(stats.broken?.dropped, 10);
    assert.equal(stats.webhook?.sent, 0);
    assert.equal(stats.webhook?.queued, 10);
    assert.equal(router.stats().dropped, 10);
  } finally {
    hung.closeAllConnections();
    await router.close();
    await new Promise<void>((resolve) => hung.close(() => resolve()));
  }
  assert.throws(() => new AlertRouter([jsonl, jsonl]), /two sinks are named "jsonl"/);
});
