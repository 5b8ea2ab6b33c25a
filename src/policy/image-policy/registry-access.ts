import { digestOf } from '../../sources/image/digest.js';
import { ImageError } from '../../sources/image/errors.js';
import { RegistryClient, type RegistryOptions } from '../../sources/image/registry.js';
import type { ImageReference } from '../../sources/image/reference.js';
import { ReferrersClient, type Referrer } from './referrers.js';

/**
 * The raw registry reads signature verification needs, over the image source's RegistryClient
 * (auth, TLS, CA, retries): a manifest by tag or digest as bytes (any media type: signature
 * manifests carry layers no image parser accepts), and a small blob checked against its digest.
 * One client per repository, kept for the process, so tokens and connections are reused.
 */

export interface RawManifest {
  body: Buffer;
  digest: string;
  json: Record<string, unknown>;
}

export interface BlobDescriptor {
  digest: string;
  size: number;
  mediaType: string;
}

const MAX_SIGNATURE_BLOB = 4 * 1024 * 1024;

export class RegistryAccess {
  private readonly clients = new Map<string, RegistryClient>();
  private readonly referrersClient: ReferrersClient;

  constructor(private readonly options: RegistryOptions) {
    this.referrersClient = new ReferrersClient(options);
  }

  /**
   * The image's referrers: from the OCI 1.1 referrers API where the registry has it, plus the
   * referrers tag schema index (`sha256-<hex>`), which tools write on registries without the API.
   */
  async referrers(ref: ImageReference, digest: string): Promise<Referrer[]> {
    const fromApi = (await this.referrersClient.list(ref, digest)) ?? [];
    const index = await this.manifest(ref, digest.replace(':', '-'));
    const tagged = Array.isArray(index?.json.manifests) ? (index.json.manifests as Array<Record<string, unknown>>) : [];
    const all = [...fromApi];
    for (const m of tagged) {
      if (typeof m?.digest !== 'string' || all.some((r) => r.digest === m.digest)) continue;
      all.push({ digest: m.digest, ...(typeof m.artifactType === 'string' ? { artifactType: m.artifactType } : {}) });
    }
    return all;
  }

  private client(ref: ImageReference): RegistryClient {
    const key = `${ref.registry}/${ref.repository}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new RegistryClient({ registry: ref.registry, repository: ref.repository, original: key }, this.options);
      this.clients.set(key, client);
    }
    return client;
  }

  /** The manifest a tag or digest names, or undefined when the registry answers 404. */
  async manifest(ref: ImageReference, tagOrDigest: string): Promise<RawManifest | undefined> {
    let fetched: { body: Buffer; digest: string };
    try {
      fetched = await this.client(ref).fetchManifest(tagOrDigest);
    } catch (err) {
      if (err instanceof ImageError && err.reason.startsWith('404')) return undefined;
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(fetched.body.toString('utf8'));
    } catch {
      throw new ImageError(`${ref.registry}/${ref.repository}:${tagOrDigest}`, 'manifest is not valid JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ImageError(`${ref.registry}/${ref.repository}:${tagOrDigest}`, 'manifest is not a JSON object');
    return { body: fetched.body, digest: fetched.digest, json: json as Record<string, unknown> };
  }

  /** The digest a reference names: its pinned digest, else what its tag resolves to now. */
  async resolveDigest(ref: ImageReference): Promise<string> {
    if (ref.digest) return ref.digest;
    const found = await this.manifest(ref, ref.tag ?? 'latest');
    if (!found) throw new ImageError(ref.original, `tag "${ref.tag ?? 'latest'}" does not exist`);
    return found.digest;
  }

  /** The platform manifests' digests when `digest` names an index, else none. */
  async platformDigests(ref: ImageReference, digest: string): Promise<string[]> {
    const found = await this.manifest(ref, digest);
    const manifests = found?.json.manifests;
    if (!Array.isArray(manifests)) return [];
    return manifests.flatMap((m) => (typeof m === 'object' && m !== null && typeof (m as { digest?: unknown }).digest === 'string' ? [(m as { digest: string }).digest] : []));
  }

  /** A small blob (a signature payload), verified against its digest. */
  async blob(ref: ImageReference, descriptor: BlobDescriptor): Promise<Buffer> {
    if (descriptor.size > MAX_SIGNATURE_BLOB) throw new ImageError(ref.original, `blob ${descriptor.digest} is ${descriptor.size} bytes, more than a signature payload may be`);
    const stream = await this.client(ref).openBlob({ digest: descriptor.digest, size: descriptor.size, mediaType: descriptor.mediaType });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > MAX_SIGNATURE_BLOB) {
        stream.destroy();
        throw new ImageError(ref.original, `blob ${descriptor.digest} is larger than ${MAX_SIGNATURE_BLOB} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const actual = digestOf(body, descriptor.digest.startsWith('sha512:') ? 'sha512' : 'sha256');
    if (actual !== descriptor.digest) throw new ImageError(ref.original, `blob digest mismatch: expected ${descriptor.digest}, got ${actual}`);
    return body;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.referrersClient.close();
    this.clients.clear();
  }
}
