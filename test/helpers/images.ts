import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/**
 * Real container images for tests, built with umoci (init/new/insert/config) into OCI layouts and
 * converted with skopeo; plus hand-made layouts for hostile layers a real tool would never write.
 * Reused by the SBOM, secrets and CLI tests.
 */

const run = promisify(execFile);

/** Fails with a clear message when a Debian tool the tests drive is missing. */
export async function requireTool(tool: string, pkg = tool): Promise<void> {
  const found = await run('sh', ['-c', `command -v ${tool}`]).catch(() => undefined);
  if (!found) throw new Error(`the tests need ${tool} (Debian package ${pkg}): apt-get install -y ${pkg}`);
}

export async function tool(cmd: string, args: string[], options: { cwd?: string } = {}): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(e.stderr || e.message).trim()}`, { cause: err });
  }
}

export async function tempDir(prefix = 'rampart-image-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** What a layer does to one path: write text, write with a mode (`0o4755` for setuid), a symlink, or delete (`null`). */
export type LayerFile = string | Buffer | { content: string | Buffer; mode?: number } | { symlink: string } | null;

/**
 * One layer. Keys are absolute paths. A layer is either additions only, or one deletion (`null`),
 * or — with `opaque` set — a replacement of the directory `opaque` by the additions under it.
 */
export type LayerSpec = Record<string, LayerFile>;

export interface LayerOptions {
  /** Make this directory opaque (`.wh..wh..opq`): lower layers' content under it disappears. */
  opaque?: string;
  /** History `created_by`. */
  createdBy?: string;
}

export interface ImageConfigSpec {
  os?: string;
  architecture?: string;
  variant?: string;
  user?: string;
  env?: string[];
  cmd?: string[];
  entrypoint?: string[];
  workingDir?: string;
  labels?: Record<string, string>;
  exposedPorts?: string[];
}

export interface BuiltImage {
  /** The OCI layout directory. */
  layout: string;
  tag: string;
  /** `oci:<layout>:<tag>`: skopeo's and rampart's name for it. */
  ociRef: string;
}

/**
 * Builds an OCI image in `dir/oci` (or `opts.layout`) with umoci, one layer per spec, and tags it.
 * `layers[i]` may be a spec or `[spec, options]`.
 */
export async function buildImage(
  dir: string,
  layers: ReadonlyArray<LayerSpec | readonly [LayerSpec, LayerOptions?]>,
  opts: { tag?: string; layout?: string; config?: ImageConfigSpec } = {},
): Promise<BuiltImage> {
  await requireTool('umoci');
  const layout = opts.layout ?? path.join(dir, 'oci');
  const tag = opts.tag ?? 'latest';
  const image = `${layout}:${tag}`;
  if (!(await exists(path.join(layout, 'oci-layout')))) await tool('umoci', ['init', '--layout', layout]);
  await tool('umoci', ['new', '--image', image]);
  for (const [i, item] of layers.entries()) {
    const [spec, layerOptions = {}] = isTuple(item) ? item : [item];
    const history = layerOptions.createdBy ? ['--history.created_by', layerOptions.createdBy] : [];
    const entries = Object.entries(spec);
    const deletions = entries.filter(([, v]) => v === null);
    if (deletions.length > 0) {
      if (entries.length !== 1 || layerOptions.opaque) throw new Error(`buildImage: layer ${i} mixes a deletion with other changes; give it its own layer`);
      await tool('umoci', ['insert', '--image', image, ...history, '--whiteout', deletions[0]![0]]);
      continue;
    }
    const source = await mkdtemp(path.join(dir, `layer${i}-`));
    await writeTree(source, spec);
    if (layerOptions.opaque) {
      const target = layerOptions.opaque;
      await mkdir(path.join(source, target), { recursive: true });
      await tool('umoci', ['insert', '--image', image, ...history, '--opaque', path.join(source, target), target]);
    } else {
      await tool('umoci', ['insert', '--image', image, ...history, source, '/']);
    }
    await rm(source, { recursive: true, force: true });
  }
  if (opts.config) await tool('umoci', ['config', '--image', image, ...configArgs(opts.config)]);
  return { layout, tag, ociRef: `oci:${image}` };
}

function isTuple(item: LayerSpec | readonly [LayerSpec, LayerOptions?]): item is readonly [LayerSpec, LayerOptions?] {
  return Array.isArray(item);
}

function configArgs(c: ImageConfigSpec): string[] {
  const args: string[] = [];
  if (c.os) args.push('--os', c.os);
  if (c.architecture) args.push('--architecture', c.architecture);
  if (c.user) args.push('--config.user', c.user);
  for (const e of c.env ?? []) args.push('--config.env', e);
  for (const e of c.cmd ?? []) args.push('--config.cmd', e);
  for (const e of c.entrypoint ?? []) args.push('--config.entrypoint', e);
  if (c.workingDir) args.push('--config.workingdir', c.workingDir);
  for (const [k, v] of Object.entries(c.labels ?? {})) args.push('--config.label', `${k}=${v}`);
  for (const p of c.exposedPorts ?? []) args.push('--config.exposedports', p);
  return args;
}

/** Writes a layer spec's additions under `root`. */
export async function writeTree(root: string, spec: LayerSpec): Promise<void> {
  for (const [name, value] of Object.entries(spec)) {
    if (value === null) continue;
    const target = path.join(root, name);
    await mkdir(path.dirname(target), { recursive: true });
    if (typeof value === 'object' && 'symlink' in value) {
      await symlink(value.symlink, target);
      continue;
    }
    const content = typeof value === 'string' || Buffer.isBuffer(value) ? value : value.content;
    await writeFile(target, content);
    const mode = typeof value === 'object' && !Buffer.isBuffer(value) && 'mode' in value ? value.mode : undefined;
    if (mode !== undefined) await chmod(target, mode);
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * A multi-platform image: one umoci image per platform in the same layout, joined by an OCI
 * index (written here; umoci makes no indexes) that index.json names `tag`.
 */
export async function buildMultiArchImage(
  dir: string,
  platforms: ReadonlyArray<{ os: string; architecture: string; variant?: string; layers: LayerSpec[] }>,
  tag = 'multi',
): Promise<BuiltImage> {
  const layout = path.join(dir, 'oci');
  const manifests = [];
  for (const p of platforms) {
    const platformTag = `${tag}-${p.os}-${p.architecture}${p.variant ?? ''}`;
    await buildImage(dir, p.layers, { tag: platformTag, layout, config: { os: p.os, architecture: p.architecture } });
    const descriptor = (await readIndex(layout)).manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === platformTag);
    if (!descriptor) throw new Error(`buildMultiArchImage: umoci did not tag ${platformTag}`);
    manifests.push({
      mediaType: descriptor.mediaType,
      digest: descriptor.digest,
      size: descriptor.size,
      platform: { os: p.os, architecture: p.architecture, ...(p.variant ? { variant: p.variant } : {}) },
    });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  const digest = await writeBlob(layout, index);
  const top = await readIndex(layout);
  top.manifests.push({ mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: index.length, annotations: { 'org.opencontainers.image.ref.name': tag } });
  await writeFile(path.join(layout, 'index.json'), JSON.stringify(top));
  return { layout, tag, ociRef: `oci:${layout}:${tag}` };
}

interface LayoutDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export async function readIndex(layout: string): Promise<{ schemaVersion: number; manifests: LayoutDescriptor[] }> {
  return JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as { schemaVersion: number; manifests: LayoutDescriptor[] };
}

/** Stores a blob in a layout; returns its digest. */
export async function writeBlob(layout: string, data: Buffer): Promise<string> {
  const hex = createHash('sha256').update(data).digest('hex');
  await mkdir(path.join(layout, 'blobs', 'sha256'), { recursive: true });
  await writeFile(path.join(layout, 'blobs', 'sha256', hex), data);
  return `sha256:${hex}`;
}

export function blobFile(layout: string, digest: string): string {
  return path.join(layout, 'blobs', 'sha256', digest.replace(/^sha256:/, ''));
}

/** The image manifest a tag names in a layout (single-platform images). */
export async function readManifest(image: BuiltImage): Promise<{ config: LayoutDescriptor; layers: LayoutDescriptor[]; digest: string }> {
  const descriptor = (await readIndex(image.layout)).manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === image.tag);
  if (!descriptor) throw new Error(`no tag ${image.tag} in ${image.layout}`);
  const manifest = JSON.parse(await readFile(blobFile(image.layout, descriptor.digest), 'utf8')) as { config: LayoutDescriptor; layers: LayoutDescriptor[] };
  return { ...manifest, digest: descriptor.digest };
}

/** `skopeo copy oci:… docker-archive:file:repoTag`. */
export async function toDockerArchive(image: BuiltImage, file: string, repoTag = 'rampart/test:latest'): Promise<string> {
  await requireTool('skopeo');
  await tool('skopeo', ['copy', '-q', image.ociRef, `docker-archive:${file}:${repoTag}`]);
  return file;
}

/** `skopeo copy oci:… oci-archive:file:tag`. */
export async function toOciArchive(image: BuiltImage, file: string): Promise<string> {
  await requireTool('skopeo');
  await tool('skopeo', ['copy', '-q', image.ociRef, `oci-archive:${file}:${image.tag}`]);
  return file;
}

/** The image with zstd layers (`skopeo copy --dest-compress-format zstd`) in a new layout. */
export async function toZstdLayout(image: BuiltImage, layout: string): Promise<BuiltImage> {
  await requireTool('skopeo');
  await tool('skopeo', ['copy', '-q', '--dest-compress-format', 'zstd', image.ociRef, `oci:${layout}:${image.tag}`]);
  return { layout, tag: image.tag, ociRef: `oci:${layout}:${image.tag}` };
}

export interface TarEntrySpec {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
}

/** An uncompressed tar holding exactly these entries (names written as given, hostile ones too). */
export async function tarOf(entries: readonly TarEntrySpec[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const header = { name: e.name, type, mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644), linkname: e.linkname, mtime: new Date(0) };
    if (type === 'file') pack.entry(header, e.content ?? '');
    else pack.entry(header);
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/**
 * An OCI layout written by hand around the given layer tars (gzipped unless `compress: false`),
 * with a config whose diff_ids match: for layers no real tool would produce.
 */
export async function layoutFromTars(dir: string, tars: readonly Buffer[], opts: { tag?: string; compress?: boolean | ((tar: Buffer) => Buffer) } = {}): Promise<BuiltImage> {
  const layout = path.join(dir, `hand-${Math.random().toString(36).slice(2, 8)}`);
  const tag = opts.tag ?? 'latest';
  await mkdir(layout, { recursive: true });
  await writeFile(path.join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const compress = opts.compress === undefined || opts.compress === true ? (t: Buffer) => gzipSync(t) : opts.compress === false ? (t: Buffer) => t : opts.compress;
  const layers = [];
  const diffIds = [];
  for (const t of tars) {
    diffIds.push(`sha256:${createHash('sha256').update(t).digest('hex')}`);
    const blob = compress(t);
    const gz = blob[0] === 0x1f && blob[1] === 0x8b;
    layers.push({ mediaType: gz ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar', digest: await writeBlob(layout, blob), size: blob.length });
  }
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: diffIds }, history: [] }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await writeBlob(layout, config), size: config.length },
      layers,
    }),
  );
  const manifestDigest = await writeBlob(layout, manifest);
  await writeFile(
    path.join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { layout, tag, ociRef: `oci:${layout}:${tag}` };
}
