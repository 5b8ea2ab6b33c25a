import { statSync } from 'node:fs';
import { ImageError } from './errors.js';

/**
 * Image references (`registry/repository:tag@digest`) with Docker's normalisation, and the choice
 * between a registry reference and a local archive or OCI layout for a command-line argument.
 */

export const DOCKER_HUB = 'docker.io';
/** Where Docker Hub's registry API actually lives. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

export interface ImageReference {
  /** Registry host (with port), `docker.io` for Docker Hub. */
  registry: string;
  /** Repository path inside the registry: `library/alpine`, `payments/api`. */
  repository: string;
  tag?: string;
  /** `sha256:…` when the reference pins a digest. */
  digest?: string;
  /** What the user wrote. */
  original: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;

/** Parses `alpine`, `alpine:3.20`, `ghcr.io/org/app@sha256:…`, `127.0.0.1:5000/x/y:1`. */
export function parseReference(text: string): ImageReference {
  const fail = (why: string): never => {
    throw new ImageError(text, `invalid image reference: ${why}`);
  };
  if (text.length === 0) fail('empty');
  if (text.length > 4096) fail('too long');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) fail(`bad digest "${digest}"`);
    if (digest.startsWith('sha256:') && !SHA256.test(digest)) fail(`bad sha256 digest "${digest}"`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail(`bad tag "${tag}"`);
  }
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    registry = first;
    parts.shift();
    if (!/^[a-zA-Z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-fA-F:.]+\](?::\d{1,5})?$/.test(registry)) fail(`bad registry host "${registry}"`);
  }
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API_HOST) registry = DOCKER_HUB;
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) fail(`bad repository name "${parts.join('/')}" (lowercase letters, digits and . _ - only)`);
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  return { registry, repository: parts.join('/'), tag: tag ?? (digest ? undefined : 'latest'), digest, original: text };
}

/** `docker.io/library/alpine:latest`, `host:5000/x/y@sha256:…`. */
export function formatReference(ref: Pick<ImageReference, 'registry' | 'repository' | 'tag' | 'digest'>): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Where an image is read from. */
export type ImageSource =
  | { kind: 'registry'; reference: ImageReference }
  /** `docker save` output (manifest.json, repositories); `tag` picks one image when it holds several. */
  | { kind: 'docker-archive'; path: string; tag?: string }
  /** A tar of an OCI image layout; `ref` is an `org.opencontainers.image.ref.name`. */
  | { kind: 'oci-archive'; path: string; ref?: string }
  /** An OCI image layout directory (oci-layout, index.json, blobs/). */
  | { kind: 'oci-layout'; path: string; ref?: string }
  /** A tar whose format (docker-archive or oci-archive) is found when it is opened. */
  | { kind: 'archive'; path: string };

export type ImageInputKind = 'registry' | 'docker-archive' | 'oci-archive' | 'oci-layout' | 'oci';

/**
 * Turns a command-line image argument into a source. Understood forms: skopeo-style transports
 * (`docker://ref`, `docker-archive:path[:tag]`, `oci-archive:path[:ref]`, `oci:dir[:ref]`), a path
 * that exists (a directory is an OCI layout, a file an archive), else a registry reference.
 * `options.input` forces the interpretation (`registry`, `docker-archive`, `oci-archive`, `oci-layout`).
 */
export function parseImageInput(arg: string, options: { input?: ImageInputKind | string } = {}): ImageSource {
  const forced = options.input;
  if (forced !== undefined) {
    switch (forced) {
      case 'registry':
        return { kind: 'registry', reference: parseReference(stripPrefix(arg, 'docker://')) };
      case 'docker-archive':
        return { kind: 'docker-archive', ...splitPathRef(stripPrefix(arg, 'docker-archive:'), 'tag') };
      case 'oci-archive':
        return { kind: 'oci-archive', ...splitPathRef(stripPrefix(arg, 'oci-archive:'), 'ref') };
      case 'oci':
      case 'oci-layout':
        return { kind: 'oci-layout', ...splitPathRef(stripPrefix(arg, 'oci:'), 'ref') };
      default:
        throw new ImageError(arg, `unknown input kind "${forced}" (expected registry, docker-archive, oci-archive or oci-layout)`);
    }
  }
  if (arg.startsWith('docker://')) return { kind: 'registry', reference: parseReference(arg.slice('docker://'.length)) };
  if (arg.startsWith('docker-archive:')) return { kind: 'docker-archive', ...splitPathRef(arg.slice('docker-archive:'.length), 'tag') };
  if (arg.startsWith('oci-archive:')) return { kind: 'oci-archive', ...splitPathRef(arg.slice('oci-archive:'.length), 'ref') };
  if (arg.startsWith('oci:')) return { kind: 'oci-layout', ...splitPathRef(arg.slice('oci:'.length), 'ref') };
  const local = statOrUndefined(arg);
  if (local?.isDirectory()) return { kind: 'oci-layout', path: arg };
  if (local?.isFile()) return { kind: 'archive', path: arg };
  if (arg.startsWith('/') || arg.startsWith('./') || arg.startsWith('../') || /\.(tar|tgz|tar\.gz)$/.test(arg)) {
    throw new ImageError(arg, 'no such file or directory');
  }
  return { kind: 'registry', reference: parseReference(arg) };
}

function stripPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

/** `path:ref` where the path itself may not contain the last colon (it exists on disk when it does). */
function splitPathRef<K extends 'tag' | 'ref'>(text: string, key: K): { path: string } & Partial<Record<K, string>> {
  const colon = text.lastIndexOf(':');
  if (colon > 0 && !statOrUndefined(text)) {
    const candidate = text.slice(0, colon);
    const name = text.slice(colon + 1);
    if (name && !name.includes('/') && statOrUndefined(candidate)) return { path: candidate, [key]: name } as { path: string } & Partial<Record<K, string>>;
    // docker-archive tags themselves contain a colon: path:repo:tag
    const second = candidate.lastIndexOf(':');
    if (key === 'tag' && second > 0 && statOrUndefined(text.slice(0, second))) {
      return { path: text.slice(0, second), [key]: text.slice(second + 1) } as { path: string } & Partial<Record<K, string>>;
    }
  }
  return { path: text } as { path: string } & Partial<Record<K, string>>;
}

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
