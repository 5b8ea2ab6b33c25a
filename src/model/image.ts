import type { Asset } from './asset.js';

/**
 * A container image as the sources read it: the manifest's layers, the configuration, and where it
 * came from. Analyzers see this and the files its layers hold, never the registry or archive.
 */

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface LayerInfo {
  /** Digest of the blob as stored (compressed), `sha256:…`. */
  digest: string;
  /** Digest of the uncompressed tar (the config's `rootfs.diff_ids` entry); the layer's identity in findings. */
  diffId: string;
  mediaType: string;
  /** Compressed size in bytes. */
  size: number;
  /** The history entry that made the layer (`RUN apt-get install …`), when the config records it. */
  createdBy?: string;
}

export interface HistoryEntry {
  created?: string;
  createdBy?: string;
  comment?: string;
  emptyLayer?: boolean;
}

/** The parts of the OCI image configuration the checks read. */
export interface ImageConfig {
  created?: string;
  user?: string;
  env: string[];
  entrypoint?: string[];
  cmd?: string[];
  workingDir?: string;
  exposedPorts: string[];
  labels: Record<string, string>;
  /** `HEALTHCHECK` as recorded; `test: ['NONE']` means explicitly disabled. */
  healthcheck?: { test: string[] };
  history: HistoryEntry[];
}

export interface ImageInfo {
  /** What the user named: `registry.bank.local/payments/api:1.4.2`, or the archive path. */
  reference: string;
  /** `registry/repository` without tag or digest, when known. */
  repository?: string;
  tags: string[];
  /** Digest of the (platform) manifest, `sha256:…`; absent for docker-archive inputs, which carry none. */
  manifestDigest?: string;
  /** Digest of the configuration blob: the image ID. */
  configDigest: string;
  platform: Platform;
  layers: LayerInfo[];
  config: ImageConfig;
}

/** `image://sha256:…`: the manifest digest when the source has one, else the image ID. Tags move; digests don't. */
export function imageRef(image: Pick<ImageInfo, 'manifestDigest' | 'configDigest'>): string {
  return `image://${image.manifestDigest ?? image.configDigest}`;
}

export function imageAsset(image: Pick<ImageInfo, 'reference' | 'manifestDigest' | 'configDigest'>): Asset {
  return { type: 'image', ref: imageRef(image), name: image.reference, objectName: image.reference, kind: 'Image' };
}

export type LayerEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

/** One entry of a layer's tar, after path normalisation (absolute, no `./`, no trailing slash). */
export interface LayerEntry {
  path: string;
  /** 0-based index into `ImageInfo.layers`. */
  layer: number;
  type: LayerEntryType;
  /** Permission bits including setuid/setgid/sticky (`0o4755`). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  linkTarget?: string;
}

/**
 * What the layers did to one path, oldest first: the image's final view is the last `add`/`change`
 * unless a `delete` follows. A secret added in layer 2 and deleted in layer 5 stays recoverable
 * from layer 2's blob, and reports say so.
 */
export interface PathEvent {
  layer: number;
  action: 'add' | 'change' | 'delete';
}

/**
 * Streams the content of the files it asks for as the layers are read once, in order. The layer
 * reader calls `wants` for every regular file; for those it wants, `file` receives the whole content
 * (files above the reader's size limit are offered with `content` undefined and `truncated: true`).
 * Visitors must not assume a file survives to the final view: they key what they find by
 * (path, layer) and reconcile with the final view at the end.
 */
export interface LayerVisitor {
  wants(entry: LayerEntry): boolean;
  file(entry: LayerEntry, content: Buffer): void | Promise<void>;
}

/** The merged view of every layer, whiteouts applied, with each path's history. */
export interface ImageFileView {
  /** Final entries by absolute path. */
  files: ReadonlyMap<string, LayerEntry>;
  /** Paths some layer touched more than once, or deleted: their events oldest first. */
  history: ReadonlyMap<string, readonly PathEvent[]>;
  /** True when the entry at (path, layer) is the one the final image shows. */
  isFinal(path: string, layer: number): boolean;
}
