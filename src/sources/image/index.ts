/** Image acquisition (registry, docker-archive, oci-archive, OCI layout) and single-pass layer reading. */
export { ImageError } from './errors.js';
export { openImage, floorRead, type OpenImageOptions, type OpenedImage } from './open-image.js';
export { parseImageInput, parseReference, formatReference, type ImageSource, type ImageReference, type ImageInputKind } from './reference.js';
export { parsePlatform, formatPlatform, DEFAULT_PLATFORM } from './platform.js';
export { DEFAULT_LAYER_LIMITS, type LayerLimits, type LayerProgress, type ReadLayersOptions } from './layer-reader.js';
export type { RegistryOptions } from './registry.js';
export type { HttpOptions } from './http.js';
export type { ResolvedLayer } from './resolve.js';
