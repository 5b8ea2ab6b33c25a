import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/**
 * GETs JSON from the Kubernetes API server with the kubeconfig's credentials: a timeout per
 * request, retries with exponential backoff on 429 and 5xx (honouring Retry-After) and on
 * dropped connections. Errors name the path, the status and the server's own message.
 *
 * All requests of one client share one keep-alive agent: client-node builds a fresh agent (so a
 * fresh TCP and TLS handshake) for every request it prepares, which dominated a large scan.
 */

export interface ApiClientOptions {
  /** Per request, in milliseconds. */
  timeoutMs?: number;
  /** Attempts after the first on 429/5xx/connection errors. */
  retries?: number;
  /** First backoff delay; doubles with each retry. */
  backoffMs?: number;
  /** Longest Retry-After honoured, so a misbehaving server cannot stall the scan. */
  maxRetryAfterMs?: number;
  /** Connections kept open to the API server; the scan's concurrency. */
  maxSockets?: number;
}

export class KubeApiError extends Error {
  constructor(
    readonly path: string,
    /** HTTP status, or undefined when no response came (timeout, refused, TLS). */
    readonly status: number | undefined,
    /** `403 Forbidden: pods is forbidden: User "x" cannot list…`, `timed out after 30 s`. */
    readonly reason: string,
  ) {
    super(`GET ${path}: ${reason}`);
  }
}

const RETRIABLE = new Set([429, 500, 502, 503, 504]);

export class KubeApiClient {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxSockets: number;
  /** The shared agent and the TLS identity it was built for (an exec plugin may rotate the client certificate). */
  private shared: { identity: string; agent: http.Agent } | undefined;
  /** Agents replaced after a credential rotation, still finishing their requests until close(). */
  private readonly retired: http.Agent[] = [];
  /** Requests sent, retries included: the benchmark and tests read it. */
  requests = 0;

  constructor(
    private readonly kubeConfig: KubeConfig,
    readonly server: string,
    options: ApiClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 4;
    this.backoffMs = options.backoffMs ?? 250;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.maxSockets = options.maxSockets ?? 4;
  }

  /** Closes the kept-alive connections. Idle ones do not hold the process open either way. */
  close(): void {
    this.shared?.agent.destroy();
    for (const agent of this.retired) agent.destroy();
    this.shared = undefined;
    this.retired.length = 0;
  }

  /**
   * The one agent for every request, rebuilt only when the TLS identity the kubeconfig yields
   * changes. A proxy agent client-node built is kept as built (it knows the proxy protocol).
   */
  private sharedAgent(url: URL, options: https.RequestOptions): http.Agent {
    const identity = tlsIdentity(options);
    if (this.shared?.identity === identity) return this.shared.agent;
    if (this.shared) this.retired.push(this.shared.agent);
    const built = options.agent;
    let agent: http.Agent;
    if (this.kubeConfig.getCurrentCluster()?.proxyUrl && built instanceof http.Agent) {
      agent = built;
    } else if (url.protocol === 'http:') {
      agent = new http.Agent({ keepAlive: true, maxSockets: this.maxSockets });
    } else {
      agent = new https.Agent({
        keepAlive: true,
        maxSockets: this.maxSockets,
        ...pick(options, ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'ciphers', 'crl', 'secureProtocol']),
        // Unset means Node's default (NODE_TLS_REJECT_UNAUTHORIZED), as client-node leaves it.
        ...(options.rejectUnauthorized !== undefined ? { rejectUnauthorized: options.rejectUnauthorized } : {}),
      });
    }
    this.shared = { identity, agent };
    return agent;
  }

  /** GET `path` (with query) as JSON. `anonymous` sends no credentials: the anonymous-access probe. */
  async getJson(path: string, options: { anonymous?: boolean; timeoutMs?: number } = {}): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.once(path, options);
      if (response.status >= 200 && response.status < 300) {
        try {
          return JSON.parse(response.body) as unknown;
        } catch {
          throw new KubeApiError(path, response.status, 'response is not JSON');
        }
      }
      if (response.status === -1 || RETRIABLE.has(response.status)) {
        if (attempt < this.retries) {
          await sleep(this.delay(attempt, response.retryAfter));
          continue;
        }
      }
      throw new KubeApiError(path, response.status === -1 ? undefined : response.status, response.reason);
    }
  }

  private delay(attempt: number, retryAfter: string | undefined): number {
    if (retryAfter !== undefined) {
      const seconds = Number(retryAfter);
      const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
      if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, this.maxRetryAfterMs);
    }
    // Full jitter keeps concurrent lists from retrying in lockstep.
    return Math.round(this.backoffMs * 2 ** attempt * (0.5 + Math.random() / 2));
  }

  private async once(path: string, options: { anonymous?: boolean; timeoutMs?: number }): Promise<{ status: number; body: string; reason: string; retryAfter?: string }> {
    const url = new URL(this.server + path);
    const requestOptions: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    await this.kubeConfig.applyToHTTPSOptions(requestOptions);
    if (options.anonymous) {
      // Keep the CA (and any proxy agent) but send no identity at all.
      delete requestOptions.auth;
      delete requestOptions.cert;
      delete requestOptions.key;
      delete requestOptions.pfx;
      const headers = { ...(requestOptions.headers as Record<string, string>) };
      delete headers.Authorization;
      delete headers.authorization;
      requestOptions.headers = headers;
      requestOptions.agent = new https.Agent({ ca: requestOptions.ca, rejectUnauthorized: requestOptions.rejectUnauthorized !== false, ...(requestOptions.servername ? { servername: requestOptions.servername } : {}) });
    } else {
      requestOptions.agent = this.sharedAgent(url, requestOptions);
    }
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    this.requests++;
    return new Promise((resolve) => {
      const transport = url.protocol === 'http:' ? http : https;
      let timer: NodeJS.Timeout | undefined;
      const req = transport.request(url, requestOptions, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => resolve({ status: -1, body: '', reason: `connection error: ${err.message}` }));
        res.on('end', () => {
          clearTimeout(timer);
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          const retryAfter = res.headers['retry-after'];
          const out: { status: number; body: string; reason: string; retryAfter?: string } = { status, body, reason: describeStatus(status, body) };
          if (typeof retryAfter === 'string') out.retryAfter = retryAfter;
          resolve(out);
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ status: -1, body: '', reason: `cannot connect to ${url.host}: ${err.code ?? ''}${err.code ? ' ' : ''}${err.message}`.replace(/:\s+$/, '') });
      });
      req.on('socket', (socket) => {
        // Small JSON requests otherwise wait on Nagle's algorithm and delayed ACKs (tens of ms each).
        socket.setNoDelay(true);
        // The clock starts once a connection is assigned: waiting for a free one of the shared
        // agent's sockets is the scan's own queue, not the server being slow.
        timer = setTimeout(() => {
          req.destroy();
          resolve({ status: -1, body: '', reason: `timed out after ${formatSeconds(timeoutMs)}` });
        }, timeoutMs);
      });
      req.end();
    });
  }
}

/** What the TLS connection presents and trusts: requests with the same identity can share connections. */
function tlsIdentity(options: https.RequestOptions): string {
  const hash = createHash('sha256');
  for (const field of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const) {
    const value: unknown = options[field];
    hash.update(`${field}=`);
    for (const part of Array.isArray(value) ? value : [value]) {
      if (Buffer.isBuffer(part) || typeof part === 'string') hash.update(part);
      else if (part !== undefined) hash.update(JSON.stringify(part) ?? '');
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** `403 Forbidden: pods is forbidden: User "dev" cannot list resource "pods"…` from a metav1.Status body. */
function describeStatus(status: number, body: string): string {
  let message = '';
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: unknown };
    if (parsed && parsed.kind === 'Status' && typeof parsed.message === 'string') message = parsed.message;
  } catch {
    message = body.trim().split('\n')[0]?.slice(0, 200) ?? '';
  }
  const text = http.STATUS_CODES[status] ?? 'error';
  return message ? `${status} ${text}: ${message}` : `${status} ${text}`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
