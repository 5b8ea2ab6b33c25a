import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebhookSink } from '../../src/alerts/webhook.js';
import { tempDir } from '../helpers/images.js';
import { freePort, makeTlsCert } from '../helpers/registry.js';
import { sampleAlert } from './sample-alert.js';

/**
 * The webhook sink against real HTTP(S) receivers started here on 127.0.0.1: one that is down
 * (port closed) while alerts are sent and comes back, across a restart of the sink on the same
 * queue directory; one that answers 503 then 200; one that rejects; TLS with a test CA.
 */

const TOKEN = 'whk-secret-token-93f1c0d2e7';
const dirs: string[] = [];

after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function queueDir(): Promise<string> {
  const d = await tempDir('rampart-webhook-');
  dirs.push(d);
  return path.join(d, 'queue');
}

interface Receiver {
  url: string;
  bodies: unknown[];
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** An HTTP(S) receiver on `port`; `answer` picks each response's status (200 by default). */
async function startReceiver(port: number, options: { tls?: { cert: string; key: string }; answer?: (n: number) => number | [number, Record<string, string>] } = {}): Promise<Receiver> {
  const bodies: unknown[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  let n = 0;
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = options.answer?.(n++) ?? 200;
      const [status, extra] = Array.isArray(answer) ? answer : [answer, {}];
      if (status >= 200 && status < 300) {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        headers.push(req.headers);
      }
      res.writeHead(status, extra);
      res.end();
    });
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/hooks/rampart`,
    bodies,
    headers,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function eventIds(bodies: unknown[]): string[] {
  return bodies.flatMap((b) => (Array.isArray(b) ? b : [b])).map((a) => (a as { runtime: { eventId: string } }).runtime.eventId);
}

test('webhook: receiver down while alerts are sent, sink restarted on the same queue dir, receiver back: every alert arrives once, in order', async () => {
  const dir = await queueDir();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/hooks/rampart`;
  const first = await WebhookSink.open({ url, queueDir: dir, token: TOKEN, retryMs: 20, retryMaxMs: 80 });
  for (let n = 1; n <= 10; n++) first.send(sampleAlert({ n }));
  await first.flush();
  for (let i = 0; i < 100 && first.stats().failed < 2; i++) await sleep(20);
  const down = first.stats();
  assert.equal(down.sent, 0);
  assert.equal(down.queued, 10);
  assert.ok(down.failed >= 2, `retried: ${down.failed} failed attempts`);
  assert.match(down.lastError ?? '', /^POST http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  assert.ok(!JSON.stringify(down).includes(TOKEN), 'the token is never in stats or errors');
  await first.close();
  assert.equal(first.stats().dropped, 0, 'closing keeps undelivered alerts on disk');

  const second = await WebhookSink.open({ url, queueDir: dir, token: TOKEN, retryMs: 20, retryMaxMs: 80 });
  assert.equal(second.recovered, 10);
  for (let n = 11; n <= 15; n++) second.send(sampleAlert({ n }));
  await second.flush();
  for (let i = 0; i < 100 && second.stats().failed < 1; i++) await sleep(20);
  assert.equal(second.stats().sent, 0, 'still down after the restart');
  const receiver = await startReceiver(port);
  assert.equal(await second.drain(5000), true);
  await second.close();
  await receiver.close();
  assert.deepEqual(eventIds(receiver.bodies), Array.from({ length: 15 }, (_, i) => `evt-${i + 1}`));
  assert.deepEqual(receiver.bodies[0], JSON.parse(JSON.stringify(sampleAlert({ n: 1 }))), 'one alert per request: the alert object itself');
  assert.ok(receiver.headers.every((h) => h.authorization === `Bearer ${TOKEN}` && h['content-type'] === 'application/json'));
  assert.equal(second.stats().sent, 15);
  assert.equal(second.stats().queued, 0);
  for (const file of await readdir(dir)) assert.ok(!(await readFile(path.join(dir, file), 'utf8')).includes(TOKEN), `${file} holds the token`);

  const third = await WebhookSink.open({ url, queueDir: dir });
  assert.equal(third.recovered, 0, 'nothing delivered is sent again');
  await third.close();
});

test('webhook: a sink process killed with SIGKILL after flush loses nothing: a new process on the same queue dir sends every alert, in order', async () => {
  const dir = await queueDir();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/hooks/rampart`;
  const sinkModule = new URL('../../src/alerts/webhook.ts', import.meta.url).href;
  const alertModule = new URL('./sample-alert.ts', import.meta.url).href;
  // The child flushes (alerts fsync'd on disk), says so, and waits to be killed mid-retry.
  const script = `
    const { WebhookSink } = await import(${JSON.stringify(sinkModule)});
    const { sampleAlert } = await import(${JSON.stringify(alertModule)});
    const sink = await WebhookSink.open({ url: ${JSON.stringify(url)}, queueDir: ${JSON.stringify(dir)}, retryMs: 20, retryMaxMs: 40 });
    for (let n = 1; n <= 20; n++) sink.send(sampleAlert({ n }));
    await sink.flush();
    process.stdout.write('flushed\\n');
    setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('flushed') ? resolve() : undefined));
    child.once('exit', (code) => reject(new Error(`sink process exited (${code}) before flushing: ${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  const receiver = await startReceiver(port);
  const sink = await WebhookSink.open({ url, queueDir: dir, retryMs: 20 });
  assert.equal(sink.recovered, 20);
  assert.equal(await sink.drain(5000), true);
  await sink.close();
  await receiver.close();
  assert.deepEqual(eventIds(receiver.bodies), Array.from({ length: 20 }, (_, i) => `evt-${i + 1}`));
});

test('webhook: when the disk queue bound is hit the oldest alerts are dropped and counted; the rest arrive after the receiver returns', async () => {
  const dir = await queueDir();
  const port = await freePort();
  const sink = await WebhookSink.open({ url: `http://127.0.0.1:${port}/x`, queueDir: dir, maxQueuedAlerts: 5, retryMs: 20, retryMaxMs: 50 });
  for (let n = 1; n <= 8; n++) {
    sink.send(sampleAlert({ n }));
    await sink.flush();
  }
  assert.equal(sink.stats().dropped, 3);
  assert.equal(sink.stats().queued, 5);
  const receiver = await startReceiver(port);
  assert.equal(await sink.drain(5000), true);
  await sink.close();
  await receiver.close();
  assert.deepEqual(eventIds(receiver.bodies), ['evt-4', 'evt-5', 'evt-6', 'evt-7', 'evt-8']);
  assert.deepEqual({ ...sink.stats(), failed: 0, lastError: undefined }, { sent: 5, failed: 0, queued: 0, dropped: 3, lastError: undefined });
});

test('webhook over HTTPS with a CA, batched as JSON arrays, a custom header, retrying 503 with Retry-After', async () => {
  const tlsDir = await tempDir('rampart-webhook-tls-');
  dirs.push(tlsDir);
  const tls = await makeTlsCert(tlsDir);
  const port = await freePort();
  const receiver = await startReceiver(port, { tls, answer: (n) => (n < 2 ? [503, { 'Retry-After': '0' }] : 200) });
  const sink = await WebhookSink.open({ url: receiver.url, queueDir: await queueDir(), batchSize: 4, headers: { 'X-Rampart-Key': 'k-123' }, tls: { ca: tls.cert }, retryMs: 1000 });
  for (let n = 1; n <= 10; n++) sink.send(sampleAlert({ n }));
  assert.equal(await sink.drain(3000), true, 'Retry-After: 0 is honoured over the 1 s backoff');
  await sink.close();
  await receiver.close();
  assert.ok(receiver.bodies.every(Array.isArray));
  assert.deepEqual(eventIds(receiver.bodies), Array.from({ length: 10 }, (_, i) => `evt-${i + 1}`));
  assert.ok(receiver.bodies.length >= 3 && receiver.bodies.length <= 10);
  assert.ok(receiver.headers.every((h) => h['x-rampart-key'] === 'k-123'));
  assert.equal(sink.stats().failed, 2);
  assert.match(sink.stats().lastError ?? '', /503 Service Unavailable/);
});

test('webhook over HTTPS refuses a receiver whose certificate the CA does not vouch for; alerts stay queued', async () => {
  const tlsDir = await tempDir('rampart-webhook-tls2-');
  dirs.push(tlsDir);
  const served = await makeTlsCert(path.join(tlsDir));
  const port = await freePort();
  const receiver = await startReceiver(port, { tls: served });
  const sink = await WebhookSink.open({ url: receiver.url, queueDir: await queueDir(), retryMs: 20, retryMaxMs: 40 });
  sink.send(sampleAlert());
  assert.equal(await sink.drain(300), false);
  await sink.close();
  await receiver.close();
  assert.equal(receiver.bodies.length, 0);
  assert.equal(sink.stats().queued, 1);
  assert.match(sink.stats().lastError ?? '', /self-signed|certificate/i);
});

test('webhook: a request the receiver rejects for good (400) is dropped and counted; a 401 (wrong token) is retried, not dropped', async () => {
  const port = await freePort();
  const receiver = await startReceiver(port, { answer: (n) => [400, 401, 200][n] ?? 200 });
  const sink = await WebhookSink.open({ url: receiver.url, queueDir: await queueDir(), retryMs: 20 });
  sink.send(sampleAlert({ n: 1 }));
  sink.send(sampleAlert({ n: 2 }));
  assert.equal(await sink.drain(3000), true);
  await sink.close();
  await receiver.close();
  assert.deepEqual(eventIds(receiver.bodies), ['evt-2']);
  assert.equal(sink.stats().dropped, 1);
  assert.equal(sink.stats().sent, 1);
  assert.equal(sink.stats().failed, 2);
  assert.match(sink.stats().lastError ?? '', /401 Unauthorized$/);
});

test('webhook: an alert torn by a crash mid-write is cut off and counted; the whole ones before it are resent', async () => {
  const dir = await queueDir();
  const port = await freePort();
  const first = await WebhookSink.open({ url: `http://127.0.0.1:${port}/x`, queueDir: dir, retryMs: 1000 });
  first.send(sampleAlert({ n: 1 }));
  first.send(sampleAlert({ n: 2 }));
  await first.close();
  const [segment] = (await readdir(dir)).filter((f) => f.endsWith('.seg'));
  assert.ok(segment);
  await writeFile(path.join(dir, segment), '{"checkId":"runtime.torn","sever', { flag: 'a' });
  const receiver = await startReceiver(port);
  const second = await WebhookSink.open({ url: receiver.url, queueDir: dir, retryMs: 20 });
  assert.equal(second.recovered, 2);
  assert.equal(await second.drain(3000), true);
  await second.close();
  await receiver.close();
  assert.deepEqual(eventIds(receiver.bodies), ['evt-1', 'evt-2']);
  assert.equal(second.stats().dropped, 1);
});

test('webhook: bad options fail with one clear line', async () => {
  await assert.rejects(WebhookSink.open({ url: 'ftp://127.0.0.1/x', queueDir: await queueDir() }), /^Error: webhook sink: url scheme ftp: is not http or https$/);
  await assert.rejects(WebhookSink.open({ url: 'http://127.0.0.1/x', queueDir: await queueDir(), batchSize: 0 }), /batchSize 0/);
});
