import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ImageInfo, LayerInfo, Platform } from '../../model/image.js';
import { parseImageConfig } from './config.js';
import { digestOf } from './digest.js';
import { describeError, ImageError } from './errors.js';
import { isObject, MediaTypes, parseManifest, type Descriptor } from './manifest.js';
import { parseReference, formatReference } from './reference.js';
import { checkSmallBlobSize, resolveImage, verifyBlob, type BlobReader, type ResolvedImage, type ResolvedLayer } from './resolve.js';
import { TarIndex, TarFormatError } from './tar-index.js';

/**
 * Local image inputs: an OCI image layout directory, the same layout in a tar (oci-archive), and
 * `docker save` output (docker-archive). Archives are indexed once and blobs streamed from their
 * byte ranges; nothing is extracted.
 */

/** Files of a layout, whether in a directory or a tar. */
interface LayoutFiles {
  exists(name: string): boolean | Promise<boolean>;
  read(name: string): Promise<Buffer>;
  open(name: string): Promise<Readable>;
  size(name: string): Promise<number>;
}

function directoryFiles(root: string): LayoutFiles {
  const full = (name: string): string => path.join(root, ...name.split('/'));
  return {
    exists: async (name) => (await stat(full(name)).catch(() => undefined))?.isFile() ?? false,
    read: (name) => readFile(full(name)),
    open: async (name) => {
      const stream = createReadStream(full(name), { highWaterMark: 256 * 1024 });
      await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
      return stream;
    },
    size: async (name) => (await stat(full(name))).size,
  };
}

function tarFiles(index: TarIndex): LayoutFiles {
  const member = (name: string) => {
    const m = index.find(name);
    if (!m) throw Object.assign(new Error(`${name} is not in the archive`), { code: 'ENOENT' });
    return m;
  };
  return {
    exists: (name) => index.find(name) !== undefined,
    read: async (name) => index.readAll(member(name)),
    open: async (name) => index.stream(member(name)),
    size: async (name) => member(name).size,
  };
}

export async function openArchiveIndex(file: string): Promise<TarIndex> {
  try {
    return await TarIndex.read(file);
  } catch (err) {
    const reason = err instanceof TarFormatError ? `not a valid tar archive (${err.message})` : `cannot read: ${describeError(err)}`;
    throw new ImageError(file, reason, { cause: err });
  }
}

/** An OCI image layout directory (`oci:dir[:ref]`). */
export async function resolveOciLayoutDir(dir: string, ref: string | undefined, platform: Platform): Promise<ResolvedImage> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new ImageError(dir, 'not a directory (expected an OCI image layout)');
  return resolveLayout(dir, directoryFiles(dir), ref, platform);
}

/** A tar holding an OCI image layout (`oci-archive:file[:ref]`). */
export async function resolveOciArchive(file: string, ref: string | undefined, platform: Platform, index?: TarIndex): Promise<ResolvedImage> {
  return resolveLayout(file, tarFiles(index ?? (await openArchiveIndex(file))), ref, platform);
}

/** A tar of unknown kind: an OCI layout if it has `oci-layout`, else `docker save` output. */
export async function resolveArchive(file: string, platform: Platform): Promise<ResolvedImage> {
  const index = await openArchiveIndex(file);
  if (index.find('oci-layout') && index.find('index.json')) return resolveOciArchive(file, undefined, platform, index);
  if (index.find('manifest.json')) return resolveDockerArchive(file, undefined, index);
  throw new ImageError(file, 'not an image archive: it has neither manifest.json (docker save) nor oci-layout and index.json (OCI layout)');
}

const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

async function resolveLayout(where: string, files: LayoutFiles, ref: string | undefined, platform: Platform): Promise<ResolvedImage> {
  const reference = ref ? `${where}:${ref}` : where;
  if (!(await files.exists('oci-layout'))) throw new ImageError(reference, 'not an OCI image layout: the oci-layout file is missing');
  const layoutVersion = await readJson(reference, files, 'oci-layout');
  if (!isObject(layoutVersion) || typeof layoutVersion.imageLayoutVersion !== 'string') {
    throw new ImageError(reference, 'oci-layout has no imageLayoutVersion');
  }
  if (!(await files.exists('index.json'))) throw new ImageError(reference, 'not an OCI image layout: index.json is missing');
  const indexBody = await files.read('index.json');
  const top = parseManifest(reference, indexBody, MediaTypes.ociIndex);
  if (top.kind !== 'index') throw new ImageError(reference, 'index.json is not an image index');
  const blobs = layoutBlobs(reference, files);
  const named = (d: Descriptor): string | undefined => d.annotations?.[REF_NAME] ?? d.annotations?.[CONTAINERD_NAME];
  let chosen: Descriptor | undefined;
  if (ref) {
    chosen = top.manifests.find((d) => named(d) === ref) ?? top.manifests.find((d) => shortName(named(d)) === ref);
    if (!chosen) {
      const names = top.manifests.map(named).filter((n): n is string => !!n);
      throw new ImageError(reference, `no image named "${ref}" in the layout; it holds: ${names.length ? names.join(', ') : 'unnamed images only'}`);
    }
  } else if (top.manifests.length === 1) {
    chosen = top.manifests[0];
  } else if (top.manifests.length === 0) {
    throw new ImageError(reference, 'index.json lists no images');
  }
  const tags = chosen && named(chosen) ? [named(chosen)!] : [];
  if (!chosen) {
    // Several entries and no name: treat index.json itself as the multi-platform index.
    return resolveImage({ reference, tags, top, platform, blobs });
  }
  checkSmallBlobSize(reference, chosen, 'manifest');
  const body = await blobs.read(chosen, 'manifest');
  const manifest = parseManifest(reference, body, chosen.mediaType);
  return resolveImage({ reference, tags, top: manifest, topDigest: chosen.digest, platform, blobs });
}

function shortName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : name;
}

function blobPath(reference: string, digest: string): string {
  const [algorithm, hex] = digest.split(':');
  if (!algorithm || !hex || !/^[a-f0-9]+$/.test(hex)) throw new ImageError(reference, `bad digest "${digest}"`);
  return `blobs/${algorithm}/${hex}`;
}

function layoutBlobs(reference: string, files: LayoutFiles): BlobReader {
  const missing = (digest: string, err: unknown): ImageError =>
    new ImageError(reference, `blob ${digest} is missing from the layout (${describeError(err)})`, { cause: err });
  return {
    async read(descriptor, what) {
      let data: Buffer;
      try {
        data = await files.read(blobPath(reference, descriptor.digest));
      } catch (err) {
        throw missing(descriptor.digest, err);
      }
      return verifyBlob(reference, descriptor, data, what);
    },
    async open(descriptor) {
      try {
        return await files.open(blobPath(reference, descriptor.digest));
      } catch (err) {
        throw missing(descriptor.digest, err);
      }
    },
  };
}

async function readJson(reference: string, files: LayoutFiles, name: string): Promise<unknown> {
  const body = await files.read(name);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ImageError(reference, `${name} is not valid JSON (${(err as Error).message})`);
  }
}

interface DockerArchiveEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

/** `docker save` / `skopeo copy … docker-archive:` output; `tag` picks one of several images. */
export async function resolveDockerArchive(file: string, tag: string | undefined, indexed?: TarIndex): Promise<ResolvedImage> {
  const reference = tag ? `${file}:${tag}` : file;
  const index = indexed ?? (await openArchiveIndex(file));
  const files = tarFiles(index);
  if (!(await files.exists('manifest.json'))) throw new ImageError(reference, 'not a docker-archive: manifest.json is missing');
  const json = await readJson(reference, files, 'manifest.json');
  if (!Array.isArray(json) || json.length === 0) throw new ImageError(reference, 'manifest.json is not a non-empty list');
  const entries: DockerArchiveEntry[] = json.map((e, i) => {
    if (!isObject(e) || typeof e.Config !== 'string' || !Array.isArray(e.Layers) || !e.Layers.every((l) => typeof l === 'string')) {
      throw new ImageError(reference, `manifest.json entry ${i} lacks Config or Layers`);
    }
    const repoTags = Array.isArray(e.RepoTags) ? e.RepoTags.filter((t): t is string => typeof t === 'string') : [];
    return { Config: e.Config, RepoTags: repoTags, Layers: e.Layers as string[] };
  });
  let entry: DockerArchiveEntry | undefined;
  if (tag) {
    const wanted = canonicalTag(tag);
    entry = entries.find((e) => e.RepoTags.some((t) => t === tag || canonicalTag(t) === wanted));
    if (!entry) throw new ImageError(reference, `no image tagged "${tag}" in the archive; it holds: ${entries.flatMap((e) => e.RepoTags).join(', ') || 'untagged images only'}`);
  } else if (entries.length === 1) {
    entry = entries[0]!;
  } else {
    throw new ImageError(reference, `the archive holds ${entries.length} images; name one: ${entries.flatMap((e) => e.RepoTags).join(', ')}`);
  }
  const configName = entry.Config;
  if (!(await files.exists(configName))) throw new ImageError(reference, `config ${configName} named in manifest.json is not in the archive`);
  const configBody = await files.read(configName);
  const configDigest = digestOf(configBody);
  const namedDigest = digestFromName(configName);
  if (namedDigest && namedDigest !== configDigest) {
    throw new ImageError(reference, `config digest mismatch: expected ${namedDigest}, got ${configDigest}`);
  }
  const parsed = parseImageConfig(reference, configBody);
  if (parsed.diffIds.length !== entry.Layers.length) {
    throw new ImageError(reference, `manifest.json lists ${entry.Layers.length} layers but the config's rootfs.diff_ids has ${parsed.diffIds.length}`);
  }
  const layers: ResolvedLayer[] = [];
  for (const [i, layerName] of entry.Layers.entries()) {
    const member = index.find(layerName);
    if (!member) throw new ImageError(reference, `layer ${layerName} named in manifest.json is not in the archive`);
    const diffId = parsed.diffIds[i]!;
    // `<hex>.tar` (skopeo) and `blobs/sha256/<hex>` (Docker 25+) name the stored blob; legacy
    // `<v1 id>/layer.tar` names nothing, and the uncompressed tar's diffId is its identity.
    const blobDigest = digestFromName(layerName);
    const info: LayerInfo = { digest: blobDigest ?? diffId, diffId, mediaType: MediaTypes.dockerLayerTar, size: member.size };
    const createdBy = parsed.layerCreatedBy[i];
    if (createdBy !== undefined) info.createdBy = createdBy;
    const layer: ResolvedLayer = { info, open: async () => index.stream(member) };
    if (blobDigest) layer.blobDigest = blobDigest;
    layers.push(layer);
  }
  const firstTag = entry.RepoTags[0];
  const info: ImageInfo = {
    reference,
    tags: entry.RepoTags,
    configDigest,
    platform: parsed.platform,
    layers: layers.map((l) => l.info),
    config: parsed.config,
  };
  if (firstTag) {
    try {
      const parsedRef = parseReference(firstTag);
      info.repository = `${parsedRef.registry}/${parsedRef.repository}`;
    } catch {
      // An odd tag in the archive does not stop the scan; the repository stays unknown.
    }
  }
  return { info, layers };
}

function digestFromName(name: string): string | undefined {
  const match = /(?:^|\/)(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.tar|\.json)?$/.exec(name);
  return match && !name.endsWith('/layer.tar') ? `sha256:${match[1]}` : undefined;
}

function canonicalTag(tag: string): string {
  try {
    return formatReference(parseReference(tag));
  } catch {
    return tag;
  }
}

