import type { OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Platform } from '../../model/image.js';
import { lookupCredentials, type CredentialLookup, type CredentialOptions, type Credentials } from './credentials.js';
import { digestOf, algorithmOf } from './digest.js';
import { ImageError } from './errors.js';
import { DEFAULT_HTTP_OPTIONS, describeNetworkError, HttpClient, HttpError, readBody, type HttpOptions, type HttpResponse } from './http.js';
import { MANIFEST_ACCEPT, parseManifest, type Descriptor } from './manifest.js';
import { DOCKER_HUB, DOCKER_HUB_API_HOST, formatReference, type ImageReference } from './reference.js';
import { resolveImage, verifyBlob, type BlobReader, type ResolvedImage } from './resolve.js';

/**
 * The OCI distribution API (`/v2/`): manifests, indexes and blobs, with Basic and Bearer-token
 * authentication negotiated from the registry's `WWW-Authenticate` challenge.
 */

export interface RegistryOptions extends CredentialOptions {
  /** PEM CA certificate(s) trusted in addition to the system roots (`--ca-cert`). */
  caCert?: string | Buffer;
  /**
   * Registries allowed without verified TLS (`--insecure`): `true` for the image's registry, or a
   * list of hosts. Such a registry is tried over HTTPS without verification, then plain HTTP.
   */
  insecure?: boolean | readonly string[];
  http?: Partial<HttpOptions>;
}

const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;
const MAX_ERROR_BODY = 64 * 1024;

interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

export class RegistryClient {
  private readonly http: HttpClient;
  private readonly apiHost: string;
  private readonly display: string;
  private readonly insecure: boolean;
  private base: URL | undefined;
  private challenge: Challenge | undefined;
  private credentials: CredentialLookup | undefined;
  private token: string | undefined;

  constructor(
    readonly ref: ImageReference,
    private readonly options: RegistryOptions = {},
  ) {
    this.apiHost = ref.registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : ref.registry;
    this.display = ref.original;
    const insecure = options.insecure;
    this.insecure = insecure === true || (Array.isArray(insecure) && insecure.includes(ref.registry));
    const httpOptions: HttpOptions = { ...DEFAULT_HTTP_OPTIONS, ...options.http, skipTlsVerify: this.insecure };
    if (options.caCert) httpOptions.ca = options.caCert;
    this.http = new HttpClient(httpOptions);
  }

  close(): void {
    this.http.close();
  }

  private fail(reason: string, cause?: unknown): never {
    throw new ImageError(this.display, reason, cause === undefined ? undefined : { cause });
  }

  /** Resolves the reference (tag or digest) to an image of `platform`. */
  async resolve(platform: Platform): Promise<ResolvedImage> {
    const target = this.ref.digest ?? this.ref.tag ?? 'latest';
    const { body, mediaType, digest } = await this.fetchManifest(target);
    const top = parseManifest(this.display, body, mediaType);
    const blobs: BlobReader = {
      read: (descriptor, what) => (what === 'manifest' ? this.readManifestByDescriptor(descriptor) : this.readBlob(descriptor, what)),
      open: (descriptor) => this.openBlob(descriptor),
    };
    return resolveImage({
      reference: this.display,
      repository: `${this.ref.registry}/${this.ref.repository}`,
      tags: this.ref.tag ? [this.ref.tag] : [],
      top,
      topDigest: digest,
      platform,
      blobs,
    });
  }

  private async readManifestByDescriptor(descriptor: Descriptor): Promise<Buffer> {
    const { body } = await this.fetchManifest(descriptor.digest);
    return verifyBlob(this.display, descriptor, body, 'manifest');
  }

  /** GET a manifest by tag or digest; verifies the digest (the pinned one, else Docker-Content-Digest). */
  async fetchManifest(tagOrDigest: string): Promise<{ body: Buffer; mediaType: string | undefined; digest: string }> {
    const response = await this.get(`manifests/${tagOrDigest}`, { accept: MANIFEST_ACCEPT });
    if (response.status !== 200) await this.failStatus(response, tagOrDigest.includes(':') ? `manifest ${tagOrDigest}` : `tag "${tagOrDigest}"`);
    const body = await this.readWhole(response, MAX_MANIFEST_BYTES);
    const byDigest = tagOrDigest.includes(':');
    const algorithm = byDigest ? algorithmOf(tagOrDigest) : 'sha256';
    const digest = digestOf(body, algorithm);
    const header = response.headers['docker-content-digest'];
    const expected = byDigest ? tagOrDigest : typeof header === 'string' && header.startsWith('sha256:') ? header : undefined;
    if (expected && expected !== digest) this.fail(`manifest digest mismatch: expected ${expected}, got ${digest}`);
    const contentType = response.headers['content-type'];
    return { body, mediaType: typeof contentType === 'string' ? contentType : undefined, digest };
  }

  private async readBlob(descriptor: Descriptor, what: string): Promise<Buffer> {
    const response = await this.openBlobResponse(descriptor, what);
    const body = await this.readWhole(response, MAX_CONFIG_BYTES);
    return verifyBlob(this.display, descriptor, body, what);
  }

  /** The blob's bytes as they arrive; the layer reader verifies the digest while streaming. */
  async openBlob(descriptor: Descriptor): Promise<Readable> {
    return (await this.openBlobResponse(descriptor, 'layer')).body;
  }

  private async openBlobResponse(descriptor: Descriptor, what: string): Promise<HttpResponse> {
    const response = await this.get(`blobs/${descriptor.digest}`, {});
    if (response.status !== 200) await this.failStatus(response, `${what} blob ${descriptor.digest}`);
    return response;
  }

  private async readWhole(response: HttpResponse, max: number): Promise<Buffer> {
    try {
      return await readBody(response, max);
    } catch (err) {
      return this.fail(err instanceof HttpError ? err.message : describeNetworkError(this.apiHost, err), err);
    }
  }

  /** An authorised GET of `/v2/<repository>/<path>`, answering one fresh challenge if the first try gets 401. */
  private async get(path: string, headers: OutgoingHttpHeaders): Promise<HttpResponse> {
    const base = await this.ensureBase();
    const url = new URL(`/v2/${this.ref.repository}/${path}`, base);
    let response = await this.send(url, { ...headers, ...(await this.authorization()) });
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers['www-authenticate']);
      const retry = challenge && (challenge.scheme !== this.challenge?.scheme || (challenge.scheme === 'bearer' && this.token === undefined) || isNewScope(challenge, this.challenge));
      if (retry) {
        response.body.resume();
        this.challenge = challenge;
        this.token = undefined;
        response = await this.send(url, { ...headers, ...(await this.authorization()) });
      }
    }
    return response;
  }

  private async send(url: URL, headers: OutgoingHttpHeaders): Promise<HttpResponse> {
    try {
      return await this.http.request(url, headers);
    } catch (err) {
      return this.fail(err instanceof HttpError ? err.message : describeNetworkError(this.apiHost, err), err);
    }
  }

  /** Finds the scheme (HTTPS, or HTTP for an insecure registry) and the auth challenge via `GET /v2/`. */
  private async ensureBase(): Promise<URL> {
    if (this.base) return this.base;
    const schemes = this.insecure ? ['https:', 'http:'] : ['https:'];
    let lastError: unknown;
    for (const scheme of schemes) {
      const base = new URL(`${scheme}//${this.apiHost}/`);
      let response: HttpResponse;
      try {
        response = await this.http.request(new URL('/v2/', base), {});
      } catch (err) {
        lastError = err;
        continue;
      }
      response.body.resume();
      if (response.status === 401) this.challenge = parseChallenge(response.headers['www-authenticate']);
      else if (response.status === 404) this.fail(`${this.apiHost} is not an OCI registry (GET /v2/ answered 404)`);
      this.base = base;
      return base;
    }
    return this.fail(describeNetworkError(this.apiHost, lastError), lastError);
  }

  private async lookup(): Promise<CredentialLookup> {
    this.credentials ??= await lookupCredentials(this.ref.registry, this.options);
    return this.credentials;
  }

  private async usableCredentials(): Promise<Credentials | undefined> {
    const found = await this.lookup();
    if (found.kind === 'invalid') this.fail(`bad credentials from ${found.from}: ${found.reason}`);
    return found.kind === 'found' ? found.credentials : undefined;
  }

  private async authorization(): Promise<OutgoingHttpHeaders> {
    const challenge = this.challenge;
    if (!challenge) return {};
    if (challenge.scheme === 'basic') {
      const credentials = await this.usableCredentials();
      return credentials ? { authorization: basic(credentials) } : {};
    }
    this.token ??= await this.fetchToken(challenge);
    return { authorization: `Bearer ${this.token}` };
  }

  /** The token endpoint named by a Bearer challenge, with Basic credentials when there are any. */
  private async fetchToken(challenge: Challenge): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm) this.fail('the registry asked for a bearer token but named no realm');
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      return this.fail(`the registry's token realm "${realm}" is not a URL`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.insecure)) this.fail(`refused token realm ${url.host} over plain HTTP`);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    const scope = challenge.params.scope ?? `repository:${this.ref.repository}:pull`;
    for (const s of scope.split(' ')) url.searchParams.append('scope', s);
    const credentials = await this.usableCredentials();
    const headers: OutgoingHttpHeaders = credentials ? { authorization: basic(credentials) } : {};
    let response: HttpResponse;
    try {
      response = await this.http.request(url, headers);
    } catch (err) {
      return this.fail(describeNetworkError(url.host, err), err);
    }
    if (response.status === 401 || response.status === 403) {
      response.body.resume();
      return this.fail(`token endpoint ${url.host} refused (${response.status}): ${await this.credentialHint(credentials)}`);
    }
    if (response.status !== 200) {
      response.body.resume();
      return this.fail(`token endpoint ${url.host} answered ${response.status}`);
    }
    const body = await this.readWhole(response, MAX_ERROR_BODY);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return this.fail(`token endpoint ${url.host} did not answer JSON`);
    }
    const token = (parsed as { token?: unknown; access_token?: unknown }).token ?? (parsed as { access_token?: unknown }).access_token;
    if (typeof token !== 'string' || token === '') this.fail(`token endpoint ${url.host} answered no token`);
    return token as string;
  }

  private async credentialHint(sent: Credentials | undefined): Promise<string> {
    const found = await this.lookup();
    if (sent) return `the credentials from ${found.kind === 'found' ? found.from : 'the command line'} were rejected`;
    if (found.kind === 'helper') return `credentials are needed and ${found.from} names ${found.helper}, which is not supported; use --username and --password-stdin`;
    return 'credentials are needed; put them in ~/.docker/config.json "auths" or use --username and --password-stdin';
  }

  private async failStatus(response: HttpResponse, what: string): Promise<never> {
    const body = await readBody(response, MAX_ERROR_BODY).catch(() => Buffer.alloc(0));
    const detail = registryErrors(body);
    const where = formatReference({ ...this.ref, tag: undefined, digest: undefined });
    switch (response.status) {
      case 401: {
        const sent = await this.usableCredentials().catch(() => undefined);
        return this.fail(`401 Unauthorized for ${what}: ${await this.credentialHint(this.challenge ? sent : undefined)}${detail}`);
      }
      case 403:
        return this.fail(`403 Forbidden: access to ${where} is denied${detail}`);
      case 404:
        return this.fail(`404 Not Found: ${what} does not exist in ${where}${detail}`);
      case 429:
        return this.fail(`429 Too Many Requests for ${what}, still after ${this.http.options.retries} retries${detail}`);
      default:
        return this.fail(`${response.status} from ${this.apiHost} for ${what}${detail}`);
    }
  }
}

function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…"}]}` → ` (MANIFEST_UNKNOWN: …)`. */
function registryErrors(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: unknown; message?: unknown }> };
    const parts = (parsed.errors ?? []).map((e) => [e.code, e.message].filter((x) => typeof x === 'string').join(': ')).filter(Boolean);
    return parts.length ? ` (${parts.join('; ').replace(/\s+/g, ' ').slice(0, 300)})` : '';
  } catch {
    return '';
  }
}

function isNewScope(next: Challenge, previous: Challenge | undefined): boolean {
  return next.scheme === 'bearer' && previous?.scheme === 'bearer' && next.params.scope !== undefined && next.params.scope !== previous.params.scope;
}

/** Parses `Bearer realm="…",service="…",scope="…"` / `Basic realm="…"`. */
export function parseChallenge(header: string | string[] | undefined): Challenge | undefined {
  const text = Array.isArray(header) ? header.find((h) => /^\s*bearer/i.test(h)) ?? header[0] : header;
  if (!text) return undefined;
  const match = /^\s*(\w+)\s*(.*)$/s.exec(text);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const params: Record<string, string> = {};
  const paramRe = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let m = paramRe.exec(match[2] ?? ''); m; m = paramRe.exec(match[2] ?? '')) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return { scheme, params };
}

