import { ImageError } from './errors.js';

/** The manifest and index formats the image sources accept: OCI and Docker v2 schema 2. */

export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerTar: 'application/vnd.docker.image.rootfs.diff.tar',
  ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
} as const;

/** What a registry is asked for, preferred first; schema 1 is deliberately absent. */
export const MANIFEST_ACCEPT = [
  MediaTypes.ociIndex,
  MediaTypes.dockerManifestList,
  MediaTypes.ociManifest,
  MediaTypes.dockerManifest,
].join(', ');

const LAYER_TYPES = new Set<string>([
  'application/vnd.oci.image.layer.v1.tar',
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.oci.image.layer.v1.tar+zstd',
  'application/vnd.oci.image.layer.nondistributable.v1.tar',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.diff.tar',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
]);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  platform?: { os: string; architecture: string; variant?: string; 'os.version'?: string };
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  kind: 'manifest';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

export interface ImageIndex {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
}

const DIGEST = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/;

/**
 * Parses a manifest or index body. `declaredType` is the Content-Type or descriptor media type;
 * when absent or generic, the body's own `mediaType` (or its shape) decides.
 */
export function parseManifest(reference: string, body: Buffer, declaredType?: string): ImageManifest | ImageIndex {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ImageError(reference, `manifest is not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(json)) throw new ImageError(reference, 'manifest is not a JSON object');
  const bodyType = typeof json.mediaType === 'string' ? json.mediaType : undefined;
  const declared = declaredType?.split(';')[0]?.trim();
  const generic = !declared || declared === 'application/json' || declared === 'text/plain' || declared === 'application/octet-stream';
  let type = generic ? bodyType : declared;
  if (!type) type = Array.isArray(json.manifests) ? MediaTypes.ociIndex : json.config ? MediaTypes.ociManifest : undefined;
  if (json.schemaVersion === 1 || type?.startsWith('application/vnd.docker.distribution.manifest.v1')) {
    throw new ImageError(reference, 'unsupported media type: Docker schema 1 manifests are not supported (push the image again with a current client)');
  }
  if (type === MediaTypes.ociIndex || type === MediaTypes.dockerManifestList) {
    if (!Array.isArray(json.manifests)) throw new ImageError(reference, `${type} has no "manifests" list`);
    return { kind: 'index', mediaType: type, manifests: json.manifests.map((d, i) => descriptor(reference, d, `manifests[${i}]`)) };
  }
  if (type === MediaTypes.ociManifest || type === MediaTypes.dockerManifest) {
    if (!isObject(json.config)) throw new ImageError(reference, 'manifest has no "config" descriptor');
    if (!Array.isArray(json.layers)) throw new ImageError(reference, 'manifest has no "layers" list');
    const config = descriptor(reference, json.config, 'config');
    const layers = json.layers.map((d, i) => descriptor(reference, d, `layers[${i}]`));
    for (const [i, layer] of layers.entries()) {
      if (!LAYER_TYPES.has(layer.mediaType)) {
        throw new ImageError(reference, `unsupported media type "${layer.mediaType}" for layers[${i}] ${layer.digest} (not a container image layer)`);
      }
    }
    return { kind: 'manifest', mediaType: type, config, layers };
  }
  throw new ImageError(reference, `unsupported media type "${type ?? 'none'}" (expected an OCI or Docker v2 schema 2 manifest or index)`);
}

function descriptor(reference: string, value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw new ImageError(reference, `manifest ${where} is not an object`);
  const { mediaType, digest, size } = value;
  if (typeof digest !== 'string' || !DIGEST.test(digest)) throw new ImageError(reference, `manifest ${where} has a bad digest "${String(digest)}"`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new ImageError(reference, `manifest ${where} has a bad size`);
  const result: Descriptor = { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
  if (Array.isArray(value.urls)) result.urls = value.urls.filter((u): u is string => typeof u === 'string');
  if (isObject(value.platform) && typeof value.platform.os === 'string' && typeof value.platform.architecture === 'string') {
    result.platform = { os: value.platform.os, architecture: value.platform.architecture };
    if (typeof value.platform.variant === 'string') result.platform.variant = value.platform.variant;
  }
  if (isObject(value.annotations)) {
    result.annotations = Object.fromEntries(Object.entries(value.annotations).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  return result;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
