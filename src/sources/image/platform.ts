import type { Platform } from '../../model/image.js';
import { ImageError } from './errors.js';
import type { Descriptor } from './manifest.js';

/** `--platform os/arch[/variant]` and picking a manifest from a multi-architecture index. */

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) {
    throw new ImageError(text, 'invalid platform (expected os/architecture[/variant], e.g. linux/arm64)');
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/** The index entry for `wanted`; a missing variant matches any (arm64 ≡ arm64/v8). */
export function selectPlatform(reference: string, manifests: readonly Descriptor[], wanted: Platform): Descriptor {
  const images = manifests.filter((m) => m.platform && !(m.platform.os === 'unknown' && m.platform.architecture === 'unknown'));
  const sameArch = images.filter((m) => m.platform!.os === wanted.os && m.platform!.architecture === wanted.architecture);
  const exact = sameArch.find((m) => (m.platform!.variant ?? defaultVariant(wanted.architecture)) === (wanted.variant ?? defaultVariant(wanted.architecture)));
  const found = exact ?? (wanted.variant ? undefined : sameArch[0]);
  if (found) return found;
  if (images.length === 0 && manifests.length === 1) return manifests[0]!;
  const available = images.map((m) => formatPlatform(m.platform!));
  throw new ImageError(
    reference,
    `no image for platform ${formatPlatform(wanted)} in the index; available: ${available.length ? [...new Set(available)].join(', ') : 'none'}`,
  );
}

function defaultVariant(architecture: string): string | undefined {
  return architecture === 'arm64' ? 'v8' : undefined;
}
