import { createHash } from 'node:crypto';
import type { ImageConfig, ImageFileView, ImageInfo, LayerEntry, LayerEntryType, PathEvent } from '../../../src/model/index.js';

/**
 * Builds image inputs for the analyzer tests directly: an ImageInfo with a realistic configuration
 * (as `docker build` records it for a Debian-based service), and layers as sequences of entries
 * with content, merged into an ImageFileView the way a layer reader applies whiteouts.
 */

export interface FileSpec {
  path: string;
  content?: string | Buffer;
  type?: LayerEntryType;
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  linkTarget?: string;
}

/** A layer: files it adds or changes, and paths it deletes (whiteouts). */
export interface LayerSpec {
  files?: FileSpec[];
  deletes?: string[];
}

export function diffIdOf(layer: number): string {
  return `sha256:${createHash('sha256').update(`layer-${layer}`).digest('hex')}`;
}

export function debianServiceConfig(overrides: Partial<ImageConfig> = {}): ImageConfig {
  return {
    created: '2026-09-14T08:21:47.118Z',
    user: '10001',
    env: [
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'LANG=C.UTF-8',
      'GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305',
      'PYTHON_VERSION=3.12.7',
    ],
    entrypoint: ['/usr/local/bin/payments-api'],
    cmd: ['--config', '/etc/payments/config.yaml'],
    workingDir: '/srv',
    exposedPorts: ['8080/tcp'],
    labels: { 'org.opencontainers.image.source': 'https://git.bank.example/payments/api', 'org.opencontainers.image.version': '1.4.2' },
    healthcheck: { test: ['CMD-SHELL', 'wget -qO- http://127.0.0.1:8080/healthz || exit 1'] },
    history: [
      { created: '2026-09-01T00:00:00Z', createdBy: '# debian.sh --arch \'amd64\' out/ \'bookworm\' \'@1756684800\'', comment: 'debuerreotype 0.15' },
      { created: '2026-09-14T08:20:01Z', createdBy: 'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* # buildkit' },
      { created: '2026-09-14T08:21:40Z', createdBy: 'COPY /out/payments-api /usr/local/bin/payments-api # buildkit' },
      { created: '2026-09-14T08:21:41Z', createdBy: 'USER 10001', emptyLayer: true },
      { created: '2026-09-14T08:21:41Z', createdBy: 'EXPOSE map[8080/tcp:{}]', emptyLayer: true },
    ],
    ...overrides,
  };
}

export function imageInfo(layerCount: number, config: ImageConfig = debianServiceConfig(), overrides: Partial<ImageInfo> = {}): ImageInfo {
  return {
    reference: 'registry.bank.example/payments/api:1.4.2',
    repository: 'registry.bank.example/payments/api',
    tags: ['1.4.2'],
    manifestDigest: `sha256:${'ab'.repeat(32)}`,
    configDigest: `sha256:${'cd'.repeat(32)}`,
    platform: { os: 'linux', architecture: 'amd64' },
    layers: Array.from({ length: layerCount }, (_, i) => ({
      digest: `sha256:${createHash('sha256').update(`blob-${i}`).digest('hex')}`,
      diffId: diffIdOf(i),
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      size: 1000 + i,
    })),
    config,
    ...overrides,
  };
}

export function entryOf(spec: FileSpec, layer: number): LayerEntry {
  const content = spec.content === undefined ? undefined : Buffer.from(spec.content);
  const entry: LayerEntry = {
    path: spec.path,
    layer,
    type: spec.type ?? 'file',
    mode: spec.mode ?? 0o644,
    uid: spec.uid ?? 0,
    gid: spec.gid ?? 0,
    size: spec.size ?? content?.length ?? 0,
  };
  if (spec.linkTarget !== undefined) entry.linkTarget = spec.linkTarget;
  return entry;
}

/** Applies the layers in order, the way a layer reader does, and returns the merged view. */
export function buildView(layers: readonly LayerSpec[]): ImageFileView {
  const files = new Map<string, LayerEntry>();
  const events = new Map<string, PathEvent[]>();
  layers.forEach((layer, index) => {
    for (const path of layer.deletes ?? []) {
      for (const p of [...files.keys()]) if (p === path || p.startsWith(`${path}/`)) files.delete(p);
      events.set(path, [...(events.get(path) ?? []), { layer: index, action: 'delete' }]);
    }
    for (const spec of layer.files ?? []) {
      const existed = events.has(spec.path) || files.has(spec.path);
      events.set(spec.path, [...(events.get(spec.path) ?? []), { layer: index, action: existed ? 'change' : 'add' }]);
      files.set(spec.path, entryOf(spec, index));
    }
  });
  const history = new Map([...events].filter(([, list]) => list.length > 1 || list.some((e) => e.action === 'delete')));
  return { files, history, isFinal: (path, layer) => files.get(path)?.layer === layer };
}

/** Feeds every layer's files to a visitor as the layer reader would, oldest layer first. */
export async function visitLayers(
  visitor: { wants(entry: LayerEntry): boolean; file(entry: LayerEntry, content: Buffer): void | Promise<void> },
  layers: readonly LayerSpec[],
): Promise<void> {
  for (const [index, layer] of layers.entries()) {
    for (const spec of layer.files ?? []) {
      const entry = entryOf(spec, index);
      if (entry.type === 'file' && visitor.wants(entry)) await visitor.file(entry, Buffer.from(spec.content ?? ''));
    }
  }
}

/** A deterministic random token: the tests never hold a real credential, and no literal token sits in the source. */
export function fakeToken(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', seed = length): string {
  let state = (seed * 2654435761) >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

export const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const HEX = '0123456789abcdef';
export const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
