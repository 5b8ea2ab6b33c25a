import type { Readable } from 'node:stream';
import type { ImageInfo, LayerInfo, Platform } from '../../model/image.js';
import { parseImageConfig } from './config.js';
import { digestOf, algorithmOf } from './digest.js';
import { ImageError } from './errors.js';
import { parseManifest, type Descriptor, type ImageIndex, type ImageManifest } from './manifest.js';
import { selectPlatform } from './platform.js';

/**
 * From a top-level manifest or index to an image: picks the platform, reads and verifies the config,
 * and pairs each layer with a way to stream its blob. Shared by the registry and the OCI layouts.
 */

export interface ResolvedLayer {
  info: LayerInfo;
  /** Digest the stored blob must have, checked while it streams; absent when the source names none. */
  blobDigest?: string;
  open(): Promise<Readable>;
}

export interface ResolvedImage {
  info: ImageInfo;
  layers: ResolvedLayer[];
}

/** Reads blobs by descriptor; `read` returns the whole (small) blob. */
export interface BlobReader {
  read(descriptor: Descriptor, what: string): Promise<Buffer>;
  open(descriptor: Descriptor): Promise<Readable>;
}

const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/** Checks a whole blob against its descriptor. */
export function verifyBlob(reference: string, descriptor: Descriptor, data: Buffer, what: string): Buffer {
  const actual = digestOf(data, algorithmOf(descriptor.digest));
  if (actual !== descriptor.digest) throw new ImageError(reference, `${what} digest mismatch: expected ${descriptor.digest}, got ${actual}`);
  return data;
}

export function checkSmallBlobSize(reference: string, descriptor: Descriptor, what: string): void {
  const max = what === 'config' ? MAX_CONFIG_BYTES : MAX_MANIFEST_BYTES;
  if (descriptor.size > max) throw new ImageError(reference, `${what} ${descriptor.digest} is ${descriptor.size} bytes, more than the ${max} allowed`);
}

export async function resolveImage(args: {
  reference: string;
  /** For ImageInfo: repository and tags. */
  repository?: string;
  tags: string[];
  top: ImageManifest | ImageIndex;
  topDigest?: string;
  platform: Platform;
  blobs: BlobReader;
}): Promise<ResolvedImage> {
  const { reference, blobs } = args;
  let manifest = args.top;
  let manifestDigest = args.topDigest;
  let indexPlatform: Platform | undefined;
  // Nested indexes are legal; bounded so a cycle cannot loop.
  for (let depth = 0; manifest.kind === 'index'; depth++) {
    if (depth > 4) throw new ImageError(reference, 'image index nests too deeply');
    const chosen = selectPlatform(reference, manifest.manifests, args.platform);
    checkSmallBlobSize(reference, chosen, 'manifest');
    const body = await blobs.read(chosen, 'manifest');
    manifest = parseManifest(reference, body, chosen.mediaType);
    manifestDigest = chosen.digest;
    if (chosen.platform) indexPlatform = chosen.platform;
  }
  checkSmallBlobSize(reference, manifest.config, 'config');
  const configBody = await blobs.read(manifest.config, 'config');
  const parsed = parseImageConfig(reference, configBody);
  if (parsed.diffIds.length !== manifest.layers.length) {
    throw new ImageError(reference, `manifest lists ${manifest.layers.length} layers but the config's rootfs.diff_ids has ${parsed.diffIds.length}`);
  }
  const layers: ResolvedLayer[] = manifest.layers.map((descriptor, i) => {
    const info: LayerInfo = { digest: descriptor.digest, diffId: parsed.diffIds[i]!, mediaType: descriptor.mediaType, size: descriptor.size };
    const createdBy = parsed.layerCreatedBy[i];
    if (createdBy !== undefined) info.createdBy = createdBy;
    return { info, blobDigest: descriptor.digest, open: () => blobs.open(descriptor) };
  });
  const info: ImageInfo = {
    reference,
    tags: args.tags,
    configDigest: manifest.config.digest,
    platform: indexPlatform ?? parsed.platform,
    layers: layers.map((l) => l.info),
    config: parsed.config,
  };
  if (args.repository) info.repository = args.repository;
  if (manifestDigest) info.manifestDigest = manifestDigest;
  return { info, layers };
}
