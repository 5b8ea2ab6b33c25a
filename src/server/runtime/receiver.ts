import type { AddressInfo } from 'node:net';
import { createSecureContext } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { EventSource, RuntimeEvent } from '../../model/event.js';
import { EventQueue } from '../../sources/events/queue.js';
import { createCallerAuth, type CallerAuthOptions } from './auth.js';

/**
 * The HTTPS server behind Rampart's push inputs (the audit webhook, the Falco HTTP input):
 * authenticated POSTs in, events into a bounded queue, an answer at once. A producer that waits
 * on us would hurt: the API server's webhook backend blocks or drops its own batches, Falco's
 * outputs queue fills and it drops alerts. So the handler never awaits the consumer: when the
 * queue is full events are dropped, counted and logged (at most every 10 s), and the caller
 * still gets 200.
 *
 * Any path takes POSTs, so the URL in the API server's kubeconfig or Falco's http_output needs
 * no agreed path. /healthz is served without authentication (liveness probes have no
 * credentials) and answers only `ok`.
 */

export interface ReceiverTls {
  /** PEM serving certificate (chain) and key. */
  cert: string | Buffer;
  key: string | Buffer;
}

export interface ReceiverOptions {
  tls: ReceiverTls;
  auth: CallerAuthOptions;
  /** Listen address (default 127.0.0.1; `0.0.0.0` in a pod). */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Events held for the consumer before new ones are dropped (default 10,000). */
  queueCapacity?: number;
  /** Largest request body accepted, in bytes; larger requests get 413 and are counted malformed. */
  bodyLimit?: number;
  /** Operational records (drops, rejected callers, bad bodies) as structured objects; stderr JSON lines by default. */
  log?: (record: Record<string, unknown>) => void;
}

export interface RunningReceiver {
  /** `https://127.0.0.1:PORT`. */
  url: string;
  port: number;
  source: EventSource;
  /** Requests refused for missing or bad credentials. */
  rejected(): { unauthorized: number; forbidden: number };
  close(): Promise<void>;
}

/** What a receiver does with one authenticated body: the events in it and one message per part that was not an event. */
export type BodyHandler = (body: Buffer) => { events: RuntimeEvent[]; errors: string[] };

const DROP_LOG_INTERVAL_MS = 10_000;
const ERROR_LOG_INTERVAL_MS = 10_000;

export async function startReceiver(name: string, options: ReceiverOptions, handle: BodyHandler): Promise<RunningReceiver> {
  const log = options.log ?? ((record) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`));
  const auth = createCallerAuth(options.auth, name);
  try {
    createSecureContext({ cert: options.tls.cert, key: options.tls.key, ...(auth.tls.ca ? { ca: auth.tls.ca } : {}) });
  } catch (err) {
    throw new Error(`${name}: unusable TLS certificate, key or client CA: ${(err as Error).message}`, { cause: err });
  }

  let loggedDrops = 0;
  let dropTimer: NodeJS.Timeout | undefined;
  const logDrops = (total: number): void => {
    if (total > loggedDrops) log({ event: 'events-dropped', source: name, dropped: total - loggedDrops, total, reason: 'queue full' });
    loggedDrops = total;
  };
  const queue = new EventQueue({
    name,
    capacity: options.queueCapacity ?? 10_000,
    onDrop: (total) => {
      // The first drop is logged at once, later ones summed over the interval.
      if (dropTimer) return;
      logDrops(total);
      dropTimer = setTimeout(() => {
        dropTimer = undefined;
        logDrops(queue.stats().dropped);
      }, DROP_LOG_INTERVAL_MS).unref();
    },
  });

  // Per kind of record, so a flood of refused callers does not hide bad bodies.
  const lastLogged = new Map<string, { at: number; suppressed: number }>();
  const logError = (record: Record<string, unknown> & { event: string }): void => {
    const now = Date.now();
    const last = lastLogged.get(record.event);
    if (last && now - last.at < ERROR_LOG_INTERVAL_MS) {
      last.suppressed++;
      return;
    }
    log({ ...record, ...(last?.suppressed ? { suppressedSinceLast: last.suppressed } : {}) });
    lastLogged.set(record.event, { at: now, suppressed: 0 });
  };

  const rejected = { unauthorized: 0, forbidden: 0 };
  const bodyLimit = options.bodyLimit ?? 32 * 1024 * 1024;
  const app = Fastify({
    https: { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2', ...auth.tls },
    logger: false,
    bodyLimit,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;

  // Bodies are taken raw whatever their content type (Falco and the API server both send
  // application/json, relays vary) and parsed here, so a bad body is counted, not just refused.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' && req.url === '/healthz') return;
    const result = auth.authenticate(req.raw);
    if (result.ok) return;
    if (result.status === 401) rejected.unauthorized++;
    else rejected.forbidden++;
    logError({ event: 'caller-rejected', source: name, status: result.status, reason: result.reason, remote: req.ip });
    if (result.status === 401 && auth.challenge) void reply.header('www-authenticate', auth.challenge);
    return reply.code(result.status).type('text/plain').send(result.status === 401 ? 'unauthorized' : 'forbidden');
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) {
      queue.countMalformed();
      logError({ event: 'body-too-large', source: name, limit: bodyLimit });
    } else if (status >= 500) {
      logError({ event: 'receiver-error', source: name, message: err.message });
    }
    return reply.code(status).type('text/plain').send(status === 413 ? `body larger than ${bodyLimit} bytes` : status >= 500 ? 'internal error' : err.message);
  });

  app.get('/healthz', (_req, reply) => reply.type('text/plain').send('ok'));

  const receive = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    let body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const encoding = req.headers['content-encoding'];
    if (encoding === 'gzip') {
      try {
        body = gunzipSync(body, { maxOutputLength: bodyLimit });
      } catch (err) {
        queue.countMalformed();
        logError({ event: 'bad-body', source: name, message: `gzip: ${(err as Error).message}` });
        return reply.code(400).type('text/plain').send('body is not valid gzip or is too large');
      }
    } else if (encoding !== undefined && encoding !== 'identity') {
      return reply.code(415).type('text/plain').send(`content-encoding ${String(encoding)} not supported`);
    }
    let result: ReturnType<BodyHandler>;
    try {
      result = handle(body);
    } catch (err) {
      queue.countMalformed();
      const message = (err as Error).message;
      logError({ event: 'bad-body', source: name, message });
      return reply.code(400).type('text/plain').send(message);
    }
    for (const event of result.events) queue.push(event);
    if (result.errors.length) {
      // Parts of a batch that were not events: retrying will not fix them, so the batch is accepted.
      queue.countMalformed(result.errors.length);
      logError({ event: 'bad-events', source: name, count: result.errors.length, first: result.errors[0] });
    }
    return reply.code(200).type('application/json').send('{}');
  };
  app.post('/', receive);
  app.post('/*', receive);

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  // Closing the source or the server is the same thing: no more requests, the queue drains and ends.
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close();
      if (dropTimer) clearTimeout(dropTimer);
      logDrops(queue.stats().dropped);
      await queue.close();
    })());
  return {
    url: `https://${hostForUrl}:${address.port}`,
    port: address.port,
    source: { name: queue.name, events: () => queue.events(), stats: () => queue.stats(), close },
    rejected: () => ({ ...rejected }),
    close,
  };
}
