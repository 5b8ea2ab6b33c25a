import type { ImageFileView, ImageInfo, LayerVisitor, Platform } from '../../model/image.js';
import { resolveArchive, resolveDockerArchive, resolveOciArchive, resolveOciLayoutDir } from './archive.js';
import { describeError, ImageError } from './errors.js';
import { floorReadLayers, readLayers, type ReadLayersOptions } from './layer-reader.js';
import { DEFAULT_PLATFORM, parsePlatform } from './platform.js';
import type { ImageSource } from './reference.js';
import { RegistryClient, type RegistryOptions } from './registry.js';
import type { ResolvedImage, ResolvedLayer } from './resolve.js';

/** Opening an image from any source, then reading its layers once. */

export interface OpenImageOptions extends RegistryOptions {
  /** `linux/amd64` (default), `linux/arm64/v8`, … : which image of a multi-platform index. */
  platform?: Platform | string;
}

export interface OpenedImage {
  info: ImageInfo;
  /** The layers with a way to stream each blob; for tools that read beyond the visitors. */
  readonly layers: readonly ResolvedLayer[];
  /**
   * Reads every layer once, in order, feeding all visitors during that pass, and returns the
   * merged file view. Errors are ImageErrors naming the reference and the layer digest.
   */
  readLayers(visitors: readonly LayerVisitor[], options?: ReadLayersOptions): Promise<ImageFileView>;
  /** Releases connections; call when done with the image. */
  close(): void;
}

export async function openImage(source: ImageSource, options: OpenImageOptions = {}): Promise<OpenedImage> {
  const platform = typeof options.platform === 'string' ? parsePlatform(options.platform) : (options.platform ?? DEFAULT_PLATFORM);
  let resolved: ResolvedImage;
  let close = (): void => {};
  const where = sourceName(source);
  try {
    switch (source.kind) {
      case 'registry': {
        const client = new RegistryClient(source.reference, options);
        close = () => client.close();
        try {
          resolved = await client.resolve(platform);
        } catch (err) {
          client.close();
          throw err;
        }
        break;
      }
      case 'oci-layout':
        resolved = await resolveOciLayoutDir(source.path, source.ref, platform);
        break;
      case 'oci-archive':
        resolved = await resolveOciArchive(source.path, source.ref, platform);
        break;
      case 'docker-archive':
        resolved = await resolveDockerArchive(source.path, source.tag);
        break;
      case 'archive':
        resolved = await resolveArchive(source.path, platform);
        break;
    }
  } catch (err) {
    if (err instanceof ImageError) throw err;
    throw new ImageError(where, describeError(err), { cause: err });
  }
  const { info, layers } = resolved;
  return {
    info,
    layers,
    readLayers: (visitors, readOptions) => readLayers(info.reference, layers, visitors, readOptions),
    close,
  };
}

/** Streams and decompresses each layer once and nothing else: the floor a full read is measured against. */
export async function floorRead(image: OpenedImage): Promise<{ compressedBytes: number; uncompressedBytes: number; entries: number }> {
  try {
    return await floorReadLayers(image.layers);
  } catch (err) {
    if (err instanceof ImageError) throw err;
    throw new ImageError(image.info.reference, describeError(err), { cause: err });
  }
}

function sourceName(source: ImageSource): string {
  return source.kind === 'registry' ? source.reference.original : source.path;
}
