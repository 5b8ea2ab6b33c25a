import { createHash, timingSafeEqual } from 'node:crypto';
import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSecureContext, type TLSSocket } from 'node:tls';
import Fastify, { type FastifyInstance } from 'fastify';
import { auditEntry, AuditLog } from './audit-log.js';
import { decide, type DecisionState } from './decide.js';
import { noImagePolicyFactory, type ImagePolicyFactory } from './image-gate.js';
import { AdmissionMetrics } from './metrics.js';
import { loadPolicy } from './policy.js';
import { parseReview, ReviewError, reviewResponse } from './review.js';

/**
 * The admission webhook server: HTTPS only, AdmissionReview v1 on POST /validate.
 *
 * Who may call what:
 * - /validate: the API server, over TLS. With `clientCa` the caller must present a client
 *   certificate signed by it (the API server's admission client certificate); without it any
 *   TLS client can ask for a decision, which reveals only what the policy would say.
 * - /metrics: a bearer token read from `metricsTokenFile` (compared in constant time). Chosen
 *   over a localhost-only port because Prometheus scrapes pods over the pod network; a token is
 *   what the Prometheus Operator's ServiceMonitor `bearerTokenSecret` supplies. Without a token
 *   file /metrics is not served at all.
 * - /healthz, /readyz: unauthenticated (the kubelet probes without credentials) and they answer
 *   only `ok` or `not ready`, nothing about the policy or the cluster.
 *
 * Certificates, the policy, its waivers and the metrics token are watched and reloaded without
 * a restart: new TLS connections get the new certificate (`setSecureContext`); a policy that no
 * longer loads puts decisions into fail-safe (allow with a warning, deny where failClosed).
 */

export interface AdmissionServerOptions {
  policyFile: string;
  tlsCert: string;
  tlsKey: string;
  /** PEM bundle of CAs whose client certificates may call /validate. */
  clientCa?: string;
  host?: string;
  /** 0 picks a free port (tests, benchmarks). */
  port?: number;
  auditLog?: string;
  metricsTokenFile?: string;
  imagePolicy?: ImagePolicyFactory;
  /** How often watched files are polled; Kubernetes swaps mounted secrets by symlink, which polling sees. */
  watchIntervalMs?: number;
  /** Operational events (reloads, failed evaluations) as structured records; stderr JSON lines by default. */
  log?: (event: Record<string, unknown>) => void;
  now?: () => Date;
}

export interface AdmissionServer {
  url: string;
  port: number;
  metrics: AdmissionMetrics;
  reloadCertificates(): Promise<boolean>;
  reloadPolicy(): Promise<boolean>;
  close(): Promise<void>;
}

const BODY_LIMIT = 8 * 1024 * 1024;

export async function startAdmissionServer(options: AdmissionServerOptions): Promise<AdmissionServer> {
  const log = options.log ?? ((event) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`));
  const now = options.now ?? (() => new Date());
  const imageFactory = options.imagePolicy ?? noImagePolicyFactory;
  const metrics = new AdmissionMetrics();

  // Startup refuses a bad policy or certificate: better a crash loop (the API server then applies
  // failurePolicy) than a server that never evaluated anything.
  const first = await loadPolicy(options.policyFile);
  for (const warning of first.warnings) log({ event: 'policy-warning', message: warning });
  let state: DecisionState = { policy: first.policy, images: await imageFactory(first.policy.images, options.policyFile) };
  const tls = await readTls(options);
  let metricsToken = options.metricsTokenFile ? await readToken(options.metricsTokenFile) : undefined;
  const audit = options.auditLog ? new AuditLog(options.auditLog, (err) => log({ event: 'audit-log-error', message: err.message })) : undefined;
  if (!options.clientCa) log({ event: 'notice', message: 'no --client-ca: /validate accepts any TLS client' });

  const app: FastifyInstance = Fastify({
    https: { ...tls, minVersion: 'TLSv1.2', ...(options.clientCa ? { requestCert: true, rejectUnauthorized: false } : {}) },
    logger: false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  let ready = false;

  app.get('/healthz', (_req, reply) => reply.type('text/plain').send('ok'));
  app.get('/readyz', (_req, reply) => (ready ? reply.type('text/plain').send('ok') : reply.code(503).type('text/plain').send('not ready')));

  app.get('/metrics', async (req, reply) => {
    if (metricsToken === undefined) return reply.code(404).type('text/plain').send('not found');
    if (!bearerMatches(req.headers.authorization, metricsToken)) return reply.code(401).header('www-authenticate', 'Bearer').type('text/plain').send('unauthorized');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.post('/validate', async (req, reply) => {
    const started = performance.now();
    if (options.clientCa && !(req.raw.socket as TLSSocket).authorized) {
      return reply.code(401).type('text/plain').send('client certificate required');
    }
    let request;
    try {
      request = parseReview(req.body);
    } catch (err) {
      if (!(err instanceof ReviewError)) throw err;
      metrics.badReviews.inc();
      return reply.code(400).send({ error: `not an AdmissionReview: ${err.message}` });
    }
    const time = now();
    const decision = await decide(request, state, time);
    const latency = performance.now() - started;
    const verdict = decision.allowed ? 'allowed' : 'denied';
    metrics.latency.observe({ mode: decision.mode, verdict }, latency / 1000);
    metrics.decisions.inc({ namespace: decision.namespace, mode: decision.mode, verdict });
    for (const v of decision.violations) metrics.checkDecisions.inc({ check: v.checkId, namespace: decision.namespace, mode: decision.mode, outcome: 'violated' });
    for (const w of decision.waived) metrics.checkDecisions.inc({ check: w.checkId, namespace: decision.namespace, mode: decision.mode, outcome: 'waived' });
    if (decision.failure !== undefined) {
      metrics.evaluationFailures.inc({ namespace: decision.namespace, mode: decision.mode, verdict });
      log({ event: 'evaluation-failed', uid: request.uid, namespace: decision.namespace, kind: request.kind.kind, verdict, failClosed: !decision.allowed, message: decision.failure });
    }
    audit?.write(auditEntry(request, decision, time, latency));
    return reviewResponse(decision.response);
  });

  const reloadCertificates = async (): Promise<boolean> => {
    try {
      const next = await readTls(options);
      (app.server as HttpsServer).setSecureContext(next);
      metrics.reloads.inc({ what: 'certificate', result: 'ok' });
      log({ event: 'certificate-reloaded' });
      return true;
    } catch (err) {
      // Mid-rotation the key and certificate may briefly disagree: keep serving the old pair.
      metrics.reloads.inc({ what: 'certificate', result: 'error' });
      log({ event: 'certificate-reload-failed', message: (err as Error).message });
      return false;
    }
  };

  let watchedWaivers = state.policy.waiversFile;
  const reloadPolicy = async (): Promise<boolean> => {
    try {
      const { policy, warnings } = await loadPolicy(options.policyFile);
      for (const warning of warnings) log({ event: 'policy-warning', message: warning });
      state = { policy, images: await imageFactory(policy.images, options.policyFile) };
      if (policy.waiversFile !== watchedWaivers) {
        if (watchedWaivers) unwatchFile(watchedWaivers);
        watchedWaivers = policy.waiversFile;
        if (watchedWaivers) watch(watchedWaivers, () => void reloadPolicy());
      }
      metrics.reloads.inc({ what: 'policy', result: 'ok' });
      log({ event: 'policy-reloaded', rules: policy.rules.length, waivers: policy.waivers.length });
      return true;
    } catch (err) {
      const message = (err as Error).message;
      state = { ...state, brokenPolicy: message };
      metrics.reloads.inc({ what: 'policy', result: 'error' });
      log({ event: 'policy-reload-failed', message });
      return false;
    }
  };

  const watched: string[] = [];
  const interval = options.watchIntervalMs ?? 2000;
  const debounce = new Map<string, NodeJS.Timeout>();
  function watch(file: string, onChange: () => void): void {
    watched.push(file);
    watchFile(file, { interval, persistent: false }, (cur, prev) => {
      if (cur.mtimeMs === prev.mtimeMs && cur.size === prev.size && cur.ino === prev.ino) return;
      // One rotation touches several files; act once they have settled.
      clearTimeout(debounce.get(file));
      debounce.set(file, setTimeout(onChange, Math.min(interval, 200)).unref());
    });
  }
  const certChanged = (): void => void reloadCertificates();
  watch(options.tlsCert, certChanged);
  watch(options.tlsKey, certChanged);
  if (options.clientCa) watch(options.clientCa, certChanged);
  watch(options.policyFile, () => void reloadPolicy());
  if (watchedWaivers) watch(watchedWaivers, () => void reloadPolicy());
  if (options.metricsTokenFile) {
    const tokenFile = options.metricsTokenFile;
    watch(tokenFile, () => {
      readToken(tokenFile).then(
        (token) => (metricsToken = token),
        (err: Error) => log({ event: 'metrics-token-reload-failed', message: err.message }),
      );
    });
  }

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8443 });
  ready = true;
  const address = app.server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `https://${hostForUrl}:${address.port}`,
    port: address.port,
    metrics,
    reloadCertificates,
    reloadPolicy,
    async close() {
      ready = false;
      for (const file of [...watched, ...(watchedWaivers ? [watchedWaivers] : [])]) unwatchFile(file);
      for (const timer of debounce.values()) clearTimeout(timer);
      await app.close();
      await audit?.close();
    },
  };
}

async function readTls(options: AdmissionServerOptions): Promise<{ key: Buffer; cert: Buffer; ca?: Buffer }> {
  const [cert, key, ca] = await Promise.all([
    readFile(options.tlsCert).catch((err: Error) => Promise.reject(new Error(`${options.tlsCert}: cannot read TLS certificate: ${err.message}`))),
    readFile(options.tlsKey).catch((err: Error) => Promise.reject(new Error(`${options.tlsKey}: cannot read TLS key: ${err.message}`))),
    options.clientCa ? readFile(options.clientCa).catch((err: Error) => Promise.reject(new Error(`${options.clientCa}: cannot read client CA: ${err.message}`))) : undefined,
  ]);
  const material = ca ? { key, cert, ca } : { key, cert };
  try {
    createSecureContext(material); // throws when the key does not match the certificate
  } catch (err) {
    throw new Error(`${options.tlsCert}, ${options.tlsKey}: unusable TLS certificate and key: ${(err as Error).message}`, { cause: err });
  }
  return material;
}

async function readToken(file: string): Promise<Buffer> {
  const token = (await readFile(file, 'utf8').catch((err: Error) => Promise.reject(new Error(`${file}: cannot read metrics token: ${err.message}`)))).trim();
  if (token.length < 16) throw new Error(`${file}: metrics token is shorter than 16 characters`);
  return createHash('sha256').update(token).digest();
}

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
function bearerMatches(header: string | undefined, tokenDigest: Buffer): boolean {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return false;
  return timingSafeEqual(createHash('sha256').update(m[1] as string).digest(), tokenDigest);
}
