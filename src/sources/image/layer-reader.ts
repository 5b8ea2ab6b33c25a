import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { ImageFileView, LayerEntry, LayerEntryType, LayerVisitor } from '../../model/image.js';
import { DigestMismatchError, DigestStream } from './digest.js';
import { decompressor, peek, sniffCompression, UnsupportedCompressionError, type Compression } from './decompress.js';
import { describeError, ImageError } from './errors.js';
import { FileViewBuilder } from './file-view.js';
import type { ResolvedLayer } from './resolve.js';

/**
 * Reads an image's layers once each, in order, straight from their blobs: verifies the stored
 * digest and the diffId while streaming, decompresses by magic bytes, refuses traversal and
 * decompression bombs, feeds visitors the files they ask for, and merges the file view.
 */

export interface LayerLimits {
  /** Uncompressed tar bytes across all layers. */
  maxTotalBytes: number;
  /** Tar entries across all layers. */
  maxEntries: number;
  /** Largest file whose content is given to visitors; larger ones are skipped (not an error). */
  maxFileSize: number;
}

export const DEFAULT_LAYER_LIMITS: LayerLimits = {
  maxTotalBytes: 32 * 1024 ** 3,
  maxEntries: 2_000_000,
  maxFileSize: 64 * 1024 ** 2,
};

export interface LayerProgress {
  /** 0-based layer index. */
  layer: number;
  layers: number;
  digest: string;
  phase: 'start' | 'done';
  compressedBytes: number;
  uncompressedBytes: number;
}

export interface ReadLayersOptions {
  limits?: Partial<LayerLimits>;
  onProgress?: (progress: LayerProgress) => void;
  /** A file some visitor wanted but which exceeds `maxFileSize`; its content is not read. */
  onOversizeFile?: (entry: LayerEntry) => void;
}

export async function readLayers(reference: string, layers: readonly ResolvedLayer[], visitors: readonly LayerVisitor[], options: ReadLayersOptions = {}): Promise<ImageFileView> {
  const limits = { ...DEFAULT_LAYER_LIMITS, ...options.limits };
  const budget = { bytes: 0, entries: 0 };
  const view = new FileViewBuilder();
  for (const [index, layer] of layers.entries()) {
    const fail = (reason: string, cause?: unknown): ImageError =>
      new ImageError(reference, `layer ${index + 1}/${layers.length} ${layer.info.digest}: ${reason}`, cause === undefined ? undefined : { cause });
    options.onProgress?.({ layer: index, layers: layers.length, digest: layer.info.digest, phase: 'start', compressedBytes: 0, uncompressedBytes: 0 });
    view.beginLayer(index);
    const counts = await readOneLayer(layer, fail, limits, budget, async (header, entry) => {
      budget.entries++;
      if (budget.entries > limits.maxEntries) throw fail(`more than ${limits.maxEntries} tar entries in the image (limit maxEntries; possible decompression bomb)`);
      const parsed = toLayerEntry(header, index, fail);
      if (parsed.kind === 'skip') return drain(entry);
      if (parsed.kind === 'whiteout') {
        view.whiteout(parsed.path);
        return drain(entry);
      }
      if (parsed.kind === 'opaque') {
        view.opaque(parsed.dir);
        return drain(entry);
      }
      const layerEntry = parsed.entry;
      view.add(layerEntry);
      if (layerEntry.type !== 'file') return drain(entry);
      const wanting = visitors.filter((v) => v.wants(layerEntry));
      if (wanting.length === 0) return drain(entry);
      if (layerEntry.size > limits.maxFileSize) {
        options.onOversizeFile?.(layerEntry);
        return drain(entry);
      }
      const content = await readAll(entry);
      for (const visitor of wanting) await visitor.file(layerEntry, content);
    });
    view.endLayer();
    options.onProgress?.({ layer: index, layers: layers.length, digest: layer.info.digest, phase: 'done', ...counts });
  }
  return view.build();
}

/** One member's content stream (a streamx Readable). */
type TarEntry = tar.ExtractEvents['entry'][1];
type EntryHandler = (header: tar.Header, entry: TarEntry) => Promise<void>;

/** Streams one layer through verification, decompression and the tar parser; returns byte counts. */
async function readOneLayer(
  layer: ResolvedLayer,
  fail: (reason: string, cause?: unknown) => ImageError,
  limits: LayerLimits,
  budget: { bytes: number },
  onEntry: EntryHandler,
): Promise<{ compressedBytes: number; uncompressedBytes: number }> {
  let blob: Readable;
  try {
    blob = await layer.open();
  } catch (err) {
    throw err instanceof ImageError ? err : fail(`cannot open blob (${describeError(err)})`, err);
  }
  let compression: Compression;
  try {
    compression = sniffCompression(await peek(blob, 6));
  } catch (err) {
    blob.destroy();
    throw fail(err instanceof UnsupportedCompressionError ? err.message : `cannot read blob (${describeError(err)})`, err);
  }
  const remaining = limits.maxTotalBytes - budget.bytes;
  const bombError = (): ImageError =>
    fail(`uncompressed content exceeds ${limits.maxTotalBytes} bytes for the image (limit maxTotalBytes; possible decompression bomb)`);
  const stages: Transform[] = [];
  // An uncompressed blob's digest is its diffId: one hash does for both.
  const stored =
    compression === 'none' && layer.blobDigest === layer.info.diffId ? undefined : new DigestStream({ expected: layer.blobDigest, what: 'blob' });
  if (stored) stages.push(stored);
  stages.push(decompressor(compression, remaining, bombError));
  const diff = new DigestStream({ expected: layer.info.diffId, what: 'diffId (uncompressed tar)', maxBytes: remaining, onLimit: bombError });
  stages.push(diff, new TarPadding());
  const extract = tar.extract();
  const piped = pipeline([blob, ...stages, extract as unknown as NodeJS.WritableStream]).then(
    () => undefined,
    (err: unknown) => err,
  );
  let loopError: unknown;
  try {
    for await (const entry of extract) await onEntry(entry.header, entry);
  } catch (err) {
    loopError = err;
    blob.destroy();
    extract.destroy();
  }
  const pipeError = await piped;
  const error = loopError instanceof ImageError ? loopError : (pipeError ?? loopError);
  if (error) throw layerError(error, compression, fail);
  budget.bytes += diff.bytes;
  return { compressedBytes: stored?.bytes ?? diff.bytes, uncompressedBytes: diff.bytes };
}

function layerError(err: unknown, compression: Compression, fail: (reason: string, cause?: unknown) => ImageError): ImageError {
  if (err instanceof ImageError) return err;
  if (err instanceof DigestMismatchError) return fail(err.message, err);
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED' || (compression === 'gzip' && /unexpected end of file/i.test(describeError(err)))) {
    return fail(`corrupt gzip data (${describeError(err)})`, err);
  }
  const text = describeError(err);
  if (/zstd/.test(text)) return fail(text, err);
  if (/tar|header|Unexpected end of data/i.test(text)) return fail(`corrupt tar (${text})`, err);
  return fail(text, err);
}

/**
 * Go's archive/tar writer, unclosed (as umoci leaves it), ends a layer without the last member's
 * padding or the end-of-archive blocks; tar-stream calls that truncated. The padding is restored
 * after the diffId hash, which still guards against real truncation.
 */
class TarPadding extends Transform {
  private bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const short = this.bytes % 512;
    callback(null, short ? Buffer.alloc(512 - short) : undefined);
  }
}

type ParsedEntry =
  | { kind: 'entry'; entry: LayerEntry }
  | { kind: 'whiteout'; path: string }
  | { kind: 'opaque'; dir: string }
  | { kind: 'skip' };

const TYPES: Partial<Record<NonNullable<tar.Header['type']>, LayerEntryType>> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'dir',
  symlink: 'symlink',
  link: 'hardlink',
};

function toLayerEntry(header: tar.Header, layer: number, fail: (reason: string) => ImageError): ParsedEntry {
  const parts = splitPath(header.name);
  if (parts === undefined) throw fail(`tar entry "${header.name}" climbs out of the image root with "..", refused (path traversal)`);
  if (parts.length === 0) return { kind: 'skip' };
  const name = parts[parts.length - 1]!;
  const dir = `/${parts.slice(0, -1).join('/')}`;
  const path = `/${parts.join('/')}`;
  if (name === '.wh..wh..opq') return { kind: 'opaque', dir };
  if (name.startsWith('.wh..wh.')) return { kind: 'skip' };
  if (name.startsWith('.wh.')) return { kind: 'whiteout', path: `${dir === '/' ? '' : dir}/${name.slice(4)}` };
  const type = (header.type && TYPES[header.type]) ?? 'other';
  const entry: LayerEntry = {
    path,
    layer,
    type,
    mode: (header.mode ?? 0) & 0o7777,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    size: type === 'file' ? (header.size ?? 0) : 0,
  };
  if (type === 'symlink' || type === 'hardlink') {
    const target = header.linkname ?? '';
    if (type === 'hardlink') {
      const resolved = splitPath(target);
      if (resolved === undefined || resolved.length === 0) throw fail(`hard link "${path}" → "${target}" points outside the image root, refused`);
      entry.linkTarget = `/${resolved.join('/')}`;
    } else {
      // Absolute targets are resolved inside the image root; only ".." past the root escapes.
      const base = target.startsWith('/') ? [] : parts.slice(0, -1);
      if (resolveWithin(base, target) === undefined) throw fail(`symlink "${path}" → "${target}" climbs out of the image root, refused`);
      entry.linkTarget = target;
    }
  }
  return { kind: 'entry', entry };
}

/** Path components of a tar name (leading `/` and `./` dropped); undefined when `..` escapes. */
function splitPath(name: string): string[] | undefined {
  return resolveWithin([], name);
}

function resolveWithin(base: readonly string[], target: string): string[] | undefined {
  const out = [...base];
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out;
}

async function drain(entry: TarEntry): Promise<void> {
  for await (const _chunk of entry);
}

async function readAll(entry: TarEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The least any scan must do: stream, decompress and walk each layer once, with no digest checks,
 * no visitors and no file view. The benchmark's floor.
 */
export async function floorReadLayers(layers: readonly ResolvedLayer[]): Promise<{ compressedBytes: number; uncompressedBytes: number; entries: number }> {
  const totals = { compressedBytes: 0, uncompressedBytes: 0, entries: 0 };
  for (const layer of layers) {
    const blob = await layer.open();
    const compression = sniffCompression(await peek(blob, 6));
    let compressed = 0;
    blob.on('data', (c: Buffer) => (compressed += c.length));
    const decode = decompressor(compression, Number.MAX_SAFE_INTEGER, () => new Error('unreachable'));
    const extract = tar.extract();
    const piped = pipeline(blob, decode, new TarPadding(), extract as unknown as NodeJS.WritableStream);
    for await (const entry of extract) {
      totals.entries++;
      totals.uncompressedBytes += entry.header.size ?? 0;
      await drain(entry);
    }
    await piped;
    totals.compressedBytes += compressed;
  }
  return totals;
}
