/**
 * Container image references as the container runtime resolves them:
 * `[host[:port]/]path[:tag][@algorithm:hex]`. The tag is whatever follows the last colon of the
 * last path component, so a registry port (`registry.local:5000/app`) is never read as a tag.
 * When a digest is present the runtime pulls by digest and ignores the tag.
 */
export interface ImageRef {
  /** The repository, host and port included, without tag or digest. */
  name: string;
  tag?: string;
  digest?: string;
}

// Grammar from the OCI distribution reference format, loosened only in letter case.
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const NAME = /^[^\s@:/][^\s@]*$/;

/** The parts of an image reference; undefined when the text is not a valid reference. */
export function parseImageRef(image: string): ImageRef | undefined {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : undefined;
  if (!NAME.test(name) || name.endsWith('/') || name.includes('//')) return undefined;
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  const ref: ImageRef = { name };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/**
 * True when the reference names whatever was pushed last: `:latest`, or no tag at all (which the
 * runtime reads as `:latest`), and no digest to pin it.
 */
export function isMutableLatest(ref: ImageRef): boolean {
  return ref.digest === undefined && (ref.tag === undefined || ref.tag === 'latest');
}

/** The image reference of a container when it is a string; other shapes are not ours to judge. */
export function imageOf(container: { image?: unknown }): string | undefined {
  return typeof container.image === 'string' && container.image !== '' ? container.image : undefined;
}
