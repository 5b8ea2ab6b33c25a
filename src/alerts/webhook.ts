import http from 'node:http';
import https from 'node:https';
import type { Finding } from '../model/index.js';
import { DiskQueue } from './disk-queue.js';
import { emptyStats, errorLine, serializeAlert, type AlertSink, type SinkStats } from './sink.js';

/**
 * POSTs alerts to an HTTP(S) receiver. Every alert is first appended to a bounded on-disk queue
 * (fsync'd), then delivered from it in order; a receiver that is down for minutes, or a restart
 * of this process, loses nothing: on start the alerts still on disk are sent first, in order.
 *
 * Body: with `batchSize` 1 (the default) one alert per request, the alert JSON object itself
 * (`serializeAlert`); with `batchSize` > 1, a JSON array of up to that many alerts. Content-Type
 * `application/json`. 2xx is delivered. 408, 425, 429, 5xx and connection errors are retried with
 * exponential backoff (honouring Retry-After) for as long as it takes, and so are 401, 403 and 404
 * (a wrong token or path holds alerts on disk rather than losing them); other 4xx mean the
 * receiver will never take that request: its alerts are dropped and counted. The token and header values are never logged, nor
 * is anything of the URL beyond its origin (webhook URLs often carry a secret in their path).
 */

export interface WebhookSinkOptions {
  name?: string;
  url: string;
  /** Directory of the on-disk queue; one sink per directory. */
  queueDir: string;
  /** Alerts per request: 1 sends the object, more sends an array. */
  batchSize?: number;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Extra headers, e.g. `{ 'X-Api-Key': … }`. */
  headers?: Record<string, string>;
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; servername?: string };
  timeoutMs?: number;
  /** First retry delay; doubles up to `retryMaxMs`. */
  retryMs?: number;
  retryMaxMs?: number;
  /** Bounds of the disk queue: oldest alerts beyond them are dropped and counted. */
  maxQueuedAlerts?: number;
  maxQueueBytes?: number;
  segmentBytes?: number;
}

const RETRIABLE = new Set([408, 425, 429]);
/** A wrong token or path: retried too, so fixing the configuration delivers what waited. */
const MISCONFIGURED = new Set([401, 403, 404]);

export class WebhookSink implements AlertSink {
  readonly name: string;
  private readonly counts = emptyStats();
  private readonly url: URL;
  private readonly agent: http.Agent;
  /** Alerts sent but not yet on disk. */
  private toPersist: string[] = [];
  /** Alerts being written to disk right now. */
  private persistingCount = 0;
  private persisting: Promise<void> | undefined;
  private closed = false;
  private readonly stop = new AbortController();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private drainWaiters: (() => void)[] = [];

  private constructor(private readonly options: WebhookSinkOptions, private readonly queue: DiskQueue) {
    this.name = options.name ?? 'webhook';
    this.url = parseUrl(options.url);
    this.agent = this.url.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, maxSockets: 1, ca: options.tls?.ca, cert: options.tls?.cert, key: options.tls?.key, servername: options.tls?.servername })
      : new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /** Opens (or recovers) the queue directory and starts delivering what it holds. */
  static async open(options: WebhookSinkOptions): Promise<WebhookSink> {
    parseUrl(options.url);
    if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) throw new Error(`webhook sink: batchSize ${options.batchSize} must be a whole number ≥ 1`);
    const queue = await DiskQueue.open({ dir: options.queueDir, maxRecords: options.maxQueuedAlerts, maxBytes: options.maxQueueBytes, segmentBytes: options.segmentBytes });
    const sink = new WebhookSink(options, queue);
    sink.counts.dropped += queue.recovered.damaged;
    sink.loop = sink.deliver();
    return sink;
  }

  /** Alerts found on disk at open, from an earlier run. */
  get recovered(): number {
    return this.queue.recovered.pending;
  }

  send(alert: Finding): void {
    if (this.closed) {
      this.counts.dropped++;
      return;
    }
    this.toPersist.push(serializeAlert(alert));
    const max = this.options.maxQueuedAlerts ?? 100_000;
    if (this.toPersist.length > max) this.counts.dropped += this.toPersist.splice(0, this.toPersist.length - max).length;
    this.persisting ??= this.persist();
  }

  /** Resolves once every alert sent before it is fsync'd in the disk queue (delivery goes on). */
  async flush(): Promise<void> {
    while (this.persisting) await this.persisting;
  }

  /** Waits until the queue is empty (all delivered or dropped) or `timeoutMs` passes; true when empty. */
  async drain(timeoutMs: number): Promise<boolean> {
    await this.flush();
    if (this.isEmpty()) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(this.isEmpty()), timeoutMs);
      this.drainWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Persists what was sent, stops delivering and closes the queue: undelivered alerts stay on disk for the next start. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    this.stop.abort();
    this.wake?.();
    await this.loop;
    await this.queue.close();
    this.agent.destroy();
  }

  stats(): SinkStats {
    return { ...this.counts, queued: this.queue.depth + this.persistingCount + this.toPersist.length };
  }

  private isEmpty(): boolean {
    return this.queue.depth === 0 && this.persistingCount === 0 && this.toPersist.length === 0;
  }

  private async persist(): Promise<void> {
    try {
      while (this.toPersist.length > 0) {
        const batch = this.toPersist;
        this.toPersist = [];
        this.persistingCount = batch.length;
        try {
          this.counts.dropped += await this.queue.append(batch);
        } catch (err) {
          this.counts.dropped += batch.length;
          this.counts.lastError = `queue ${this.options.queueDir}: ${errorLine(err)}`;
        } finally {
          this.persistingCount = 0;
        }
        this.wake?.();
      }
    } finally {
      this.persisting = undefined;
    }
  }

  private async deliver(): Promise<void> {
    let backoff = this.options.retryMs ?? 500;
    while (!this.stop.signal.aborted) {
      if (this.queue.depth === 0) {
        if (this.isEmpty()) for (const w of this.drainWaiters.splice(0)) w();
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const batchSize = this.options.batchSize ?? 1;
      const records = await this.queue.peek(batchSize);
      const last = records[records.length - 1];
      if (!last) continue;
      const body = batchSize === 1 ? last.text : `[${records.map((r) => r.text).join(',')}]`;
      const outcome = await this.post(body);
      if (outcome.ok) {
        await this.queue.ack(last.id);
        this.counts.sent += records.length;
        backoff = this.options.retryMs ?? 500;
        continue;
      }
      if (this.stop.signal.aborted) break;
      this.counts.failed++;
      this.counts.lastError = outcome.error;
      if (outcome.permanent) {
        this.counts.dropped += await this.queue.ack(last.id);
        continue;
      }
      await this.sleep(outcome.retryAfterMs ?? jitter(backoff));
      backoff = Math.min(backoff * 2, this.options.retryMaxMs ?? 60_000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.stop.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  private post(body: string): Promise<{ ok: true } | { ok: false; permanent: boolean; error: string; retryAfterMs?: number }> {
    const where = `POST ${this.url.origin}`;
    const headers: Record<string, string> = {
      ...this.options.headers,
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      'User-Agent': 'rampart-alerts',
    };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    const transport = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const req = transport.request(this.url, { method: 'POST', headers, agent: this.agent, signal: this.stop.signal, timeout: this.options.timeoutMs ?? 10_000 }, (res) => {
        res.resume();
        res.on('error', () => undefined);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve({ ok: true });
          const retriable = status >= 500 || RETRIABLE.has(status) || MISCONFIGURED.has(status);
          const outcome: { ok: false; permanent: boolean; error: string; retryAfterMs?: number } = { ok: false, permanent: !retriable, error: `${where}: ${status} ${http.STATUS_CODES[status] ?? ''}`.trim() };
          const retryAfter = retryAfterMs(res.headers['retry-after']);
          if (retryAfter !== undefined) outcome.retryAfterMs = Math.min(retryAfter, this.options.retryMaxMs ?? 60_000);
          resolve(outcome);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`timed out after ${this.options.timeoutMs ?? 10_000} ms`)));
      req.on('error', (err) => resolve({ ok: false, permanent: false, error: `${where}: ${errorLine(err)}` }));
      req.end(body);
    });
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('webhook sink: url is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`webhook sink: url scheme ${url.protocol} is not http or https`);
  return url;
}

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(at - Date.now(), 0) : undefined;
}

/** Between half and all of the delay, so many agents do not retry in step. */
function jitter(ms: number): number {
  return Math.round(ms * (0.5 + Math.random() / 2));
}
