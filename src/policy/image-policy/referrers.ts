import type { OutgoingHttpHeaders } from 'node:http';
import { lookupCredentials } from '../../sources/image/credentials.js';
import { ImageError } from '../../sources/image/errors.js';
import { DEFAULT_HTTP_OPTIONS, describeNetworkError, HttpClient, readBody, type HttpOptions, type HttpResponse } from '../../sources/image/http.js';
import { DOCKER_HUB, DOCKER_HUB_API_HOST, type ImageReference } from '../../sources/image/reference.js';
import { parseChallenge, type RegistryOptions } from '../../sources/image/registry.js';

/**
 * The OCI 1.1 referrers API (`GET /v2/<name>/referrers/<digest>`), which RegistryClient does not
 * expose: a thin client over the image source's HttpClient, with the same Basic and Bearer
 * authentication negotiation and credential lookup. A registry without the API answers 404;
 * callers then fall back to the referrers tag schema.
 */

export interface Referrer {
  digest: string;
  mediaType?: string;
  artifactType?: string;
}

const MAX_INDEX_BYTES = 4 * 1024 * 1024;
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export class ReferrersClient {
  private readonly http: HttpClient;
  private readonly authorizations = new Map<string, string>();
  private readonly bases = new Map<string, URL>();
  /** For registries marked insecure: TLS without verification, or plain HTTP. */
  private readonly insecureHttp: HttpClient | undefined;

  constructor(private readonly options: RegistryOptions) {
    const httpOptions: HttpOptions = { ...DEFAULT_HTTP_OPTIONS, ...options.http };
    if (options.caCert) httpOptions.ca = options.caCert;
    this.http = new HttpClient(httpOptions);
    const insecure = options.insecure;
    if (insecure === true || (Array.isArray(insecure) && insecure.length)) this.insecureHttp = new HttpClient({ ...httpOptions, skipTlsVerify: true });
  }

  private isInsecure(registry: string): boolean {
    const insecure = this.options.insecure;
    return insecure === true || (Array.isArray(insecure) && insecure.includes(registry));
  }

  /** The image's referrers, or undefined when the registry has no referrers API. */
  async list(ref: ImageReference, digest: string): Promise<Referrer[] | undefined> {
    const display = `${ref.registry}/${ref.repository}@${digest}`;
    const key = `${ref.registry}/${ref.repository}`;
    const path = `/v2/${ref.repository}/referrers/${digest}`;
    let response = await this.send(ref, path, this.authorizations.get(key));
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers['www-authenticate']);
      response.body.resume();
      if (challenge) {
        const authorization = await this.authorize(ref, challenge);
        if (authorization) this.authorizations.set(key, authorization);
        response = await this.send(ref, path, authorization);
      }
    }
    if (response.status === 404 || response.status === 405) {
      response.body.resume();
      return undefined;
    }
    if (response.status !== 200) {
      response.body.resume();
      throw new ImageError(display, `${response.status} from ${response.url.host} for the referrers API`);
    }
    let index: unknown;
    try {
      index = JSON.parse((await readBody(response, MAX_INDEX_BYTES)).toString('utf8'));
    } catch (err) {
      throw new ImageError(display, `the referrers API answered no index (${(err as Error).message})`, { cause: err });
    }
    const manifests = (index as { manifests?: unknown }).manifests;
    if (!Array.isArray(manifests)) return [];
    return manifests.flatMap((m): Referrer[] => {
      const d = m as { digest?: unknown; mediaType?: unknown; artifactType?: unknown };
      if (typeof d.digest !== 'string') return [];
      return [{ digest: d.digest, ...(typeof d.mediaType === 'string' ? { mediaType: d.mediaType } : {}), ...(typeof d.artifactType === 'string' ? { artifactType: d.artifactType } : {}) }];
    });
  }

  private async send(ref: ImageReference, path: string, authorization: string | undefined): Promise<HttpResponse> {
    const host = ref.registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : ref.registry;
    const headers: OutgoingHttpHeaders = { accept: OCI_INDEX, ...(authorization ? { authorization } : {}) };
    const known = this.bases.get(host);
    const schemes = known ? [known.protocol] : this.isInsecure(ref.registry) ? ['https:', 'http:'] : ['https:'];
    let lastError: unknown;
    for (const scheme of schemes) {
      const base = new URL(`${scheme}//${host}/`);
      try {
        const client = this.isInsecure(ref.registry) && this.insecureHttp ? this.insecureHttp : this.http;
        const response = await client.request(new URL(path, base), headers);
        this.bases.set(host, base);
        return response;
      } catch (err) {
        lastError = err;
      }
    }
    throw new ImageError(`${ref.registry}/${ref.repository}`, describeNetworkError(host, lastError), { cause: lastError });
  }

  /** Basic credentials, or a bearer token from the challenge's realm (with Basic credentials when there are any). */
  private async authorize(ref: ImageReference, challenge: NonNullable<ReturnType<typeof parseChallenge>>): Promise<string | undefined> {
    const found = await lookupCredentials(ref.registry, this.options);
    const basic = found.kind === 'found' ? `Basic ${Buffer.from(`${found.credentials.username}:${found.credentials.password}`).toString('base64')}` : undefined;
    if (challenge.scheme === 'basic') return basic;
    const realm = challenge.params.realm;
    if (!realm) return undefined;
    const url = new URL(realm);
    if (url.protocol !== 'https:' && !this.isInsecure(ref.registry)) throw new ImageError(ref.original, `refused token realm ${url.host} over plain HTTP`);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    for (const scope of (challenge.params.scope ?? `repository:${ref.repository}:pull`).split(' ')) url.searchParams.append('scope', scope);
    const response = await this.http.request(url, basic ? { authorization: basic } : {});
    if (response.status !== 200) {
      response.body.resume();
      throw new ImageError(ref.original, `token endpoint ${url.host} answered ${response.status} for the referrers API`);
    }
    const body = JSON.parse((await readBody(response, 64 * 1024)).toString('utf8')) as { token?: unknown; access_token?: unknown };
    const token = body.token ?? body.access_token;
    return typeof token === 'string' && token ? `Bearer ${token}` : undefined;
  }

  close(): void {
    this.http.close();
    this.insecureHttp?.close();
  }
}
