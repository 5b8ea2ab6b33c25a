import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * HTTP(S) for the registry client: a custom CA added to the system roots, plain HTTP only when the
 * caller allows it, redirects followed (the Authorization header is dropped when the host
 * changes, as blob storage must not see registry credentials), and bounded retries with
 * exponential back-off on 429 and 5xx (honouring Retry-After up to a cap).
 */

export interface HttpOptions {
  /** Extra trusted CA certificates (PEM), added to the system roots. */
  ca?: string | Buffer;
  /** Accept any certificate (only for registries the user marked insecure). */
  skipTlsVerify?: boolean;
  /** Extra attempts after a 429/5xx or a reset connection. */
  retries: number;
  /** First back-off delay; doubles each attempt. */
  retryBaseMs: number;
  /** Cap on any single wait, including Retry-After. */
  retryMaxMs: number;
  /** Idle socket timeout. */
  timeoutMs: number;
  maxRedirects: number;
  userAgent: string;
}

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  retries: 3,
  retryBaseMs: 250,
  retryMaxMs: 10_000,
  timeoutMs: 60_000,
  maxRedirects: 5,
  userAgent: 'rampart',
};

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRY_ERRORS = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED']);

const contexts = new Map<string, tls.SecureContext>();

/**
 * The system roots plus `ca`, built once per process and CA: parsing the ~150 roots takes a
 * noticeable fraction of a second, too much to repeat per image or per connection.
 */
function secureContextFor(ca: string): tls.SecureContext {
  let context = contexts.get(ca);
  if (!context) contexts.set(ca, (context = tls.createSecureContext({ ca: [...tls.rootCertificates, ca] })));
  return context;
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface HttpResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: IncomingMessage;
  /** The URL that answered, after redirects. */
  url: URL;
}

export class HttpClient {
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent = new http.Agent({ keepAlive: true });

  constructor(readonly options: HttpOptions) {
    const secureContext = options.ca ? secureContextFor(options.ca.toString()) : undefined;
    this.httpsAgent = new https.Agent({ keepAlive: true, secureContext, rejectUnauthorized: !options.skipTlsVerify });
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }

  /** GET (or `method`) with redirects and retries; the caller reads or drains the body. */
  async request(url: URL, headers: OutgoingHttpHeaders, method = 'GET'): Promise<HttpResponse> {
    let current = url;
    let currentHeaders = { ...headers, 'user-agent': this.options.userAgent };
    for (let redirects = 0; ; redirects++) {
      const response = await this.withRetries(current, currentHeaders, method);
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return response;
      response.body.resume();
      if (redirects >= this.options.maxRedirects) throw new HttpError(`too many redirects (more than ${this.options.maxRedirects}) from ${url.host}`);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && current.protocol === 'http:')) {
        throw new HttpError(`refused redirect from ${current.host} to ${next.protocol}//${next.host} (not HTTPS)`);
      }
      if (next.host !== current.host) {
        // Pre-signed storage URLs carry their own authorisation; registry credentials stay home.
        const { authorization: _dropped, ...rest } = currentHeaders as Record<string, unknown>;
        currentHeaders = rest as typeof currentHeaders;
      }
      current = next;
    }
  }

  private async withRetries(url: URL, headers: OutgoingHttpHeaders, method: string): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await this.once(url, headers, method);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (attempt < this.options.retries && code && RETRY_ERRORS.has(code)) {
          await sleep(this.delay(attempt));
          continue;
        }
        throw err;
      }
      if (attempt < this.options.retries && RETRY_STATUS.has(response.status)) {
        response.body.resume();
        await sleep(this.delay(attempt, response.headers['retry-after']));
        continue;
      }
      return response;
    }
  }

  private delay(attempt: number, retryAfter?: string): number {
    const seconds = retryAfter !== undefined ? Number(retryAfter) : NaN;
    const wanted = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : this.options.retryBaseMs * 2 ** attempt;
    return Math.min(wanted, this.options.retryMaxMs);
  }

  private once(url: URL, headers: OutgoingHttpHeaders, method: string): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, { method, headers, agent: secure ? this.httpsAgent : this.httpAgent }, (res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res, url });
      });
      request.setTimeout(this.options.timeoutMs, () => {
        request.destroy(Object.assign(new Error(`no answer from ${url.host} within ${this.options.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      });
      request.on('error', reject);
      request.end();
    });
  }
}

/** Reads a whole (small) body, failing past `maxBytes`. */
export async function readBody(response: HttpResponse, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.body.destroy();
      throw new HttpError(`response from ${response.url.host} is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in an untrusted self-signed CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is signed by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the server certificate is signed by an unknown CA',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not name this host',
};

/** One line for a network failure, with a hint for TLS trust problems. */
export function describeNetworkError(host: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const code = e.code ?? '';
  const tlsReason = TLS_CODES[code];
  if (tlsReason) return `TLS error talking to ${host}: ${tlsReason} (${code}); pass the registry's CA with --ca-cert`;
  if (code === 'EPROTO' || /wrong version number|SSL routines/i.test(e.message ?? '')) {
    return `TLS error talking to ${host}: the server did not speak TLS (${code || 'EPROTO'}); if it serves plain HTTP, mark it --insecure`;
  }
  if (code === 'ECONNREFUSED') return `cannot connect to ${host}: connection refused`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve registry host ${host}`;
  return `network error talking to ${host}: ${e.message ?? String(err)}${code && !(e.message ?? '').includes(code) ? ` (${code})` : ''}`;
}
