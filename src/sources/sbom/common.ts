import { PackageURL } from 'packageurl-js';
import type { ImageInfo, OsFamily, OsRelease, Package, PackageInventory, PackageType } from '../../model/index.js';
import { OS_FAMILIES, PACKAGE_TYPES, RAMPART_PROPS } from '../../model/index.js';

/** The image an SBOM document describes, as far as the document says. */
export type SbomImageInfo = Pick<ImageInfo, 'reference' | 'tags'> & Partial<Pick<ImageInfo, 'repository' | 'manifestDigest' | 'configDigest' | 'platform'>>;

export interface SbomReadResult {
  format: 'cyclonedx' | 'spdx';
  /** `1.6`, `SPDX-2.3`. */
  specVersion: string;
  image?: SbomImageInfo;
  inventory: PackageInventory;
  /** Components skipped and why, one line each, for the CLI to print. */
  notes: string[];
}

export class SbomError extends Error {}

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string value, or undefined when absent, empty or not a string. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Trivy's property names (CycloneDX `aquasecurity:trivy:X`, SPDX annotations `X: value`). */
export const TRIVY = {
  srcName: 'SrcName',
  srcVersion: 'SrcVersion',
  srcRelease: 'SrcRelease',
  srcEpoch: 'SrcEpoch',
  layer: 'LayerDiffID',
  path: 'FilePath',
  imageId: 'ImageID',
  repoDigest: 'RepoDigest',
  repoTag: 'RepoTag',
} as const;

/** Multi-valued property bag: key → values in document order. */
export type Props = Map<string, string[]>;

export function first(props: Props, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const v = props.get(key)?.[0];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

const FAMILY_ALIASES: Record<string, OsFamily> = {
  redhat: 'rhel',
  'red hat enterprise linux': 'rhel',
  rhel: 'rhel',
  ubi: 'rhel',
  amzn: 'amazon',
  amazonlinux: 'amazon',
  'amazon linux': 'amazon',
  ol: 'oracle',
  oraclelinux: 'oracle',
  alma: 'almalinux',
  'rocky linux': 'rocky',
  opensuse: 'sles',
  'opensuse-leap': 'sles',
  sles: 'sles',
  suse: 'sles',
};

export function osFamily(name: string): OsFamily {
  const n = name.trim().toLowerCase();
  if ((OS_FAMILIES as readonly string[]).includes(n)) return n as OsFamily;
  return FAMILY_ALIASES[n] ?? 'unknown';
}

/** `distro=debian-12.5`, `distro=alpine-3.19.1`, `distro=rhel-9.4` on an OS package's purl, for documents without an OS component. */
export function osFromDistroQualifier(packages: readonly Package[]): OsRelease | undefined {
  for (const pkg of packages) {
    if (pkg.type !== 'deb' && pkg.type !== 'apk' && pkg.type !== 'rpm') continue;
    const distro = parsePurl(pkg.purl)?.qualifiers?.distro;
    const m = distro ? /^(.+?)-(\d[\w.]*)$/.exec(distro) : null;
    if (m) return { family: osFamily(m[1]!), version: m[2]!, name: `${m[1]} ${m[2]}` };
  }
  return undefined;
}

export function parsePurl(purl: string | undefined): PackageURL | undefined {
  if (!purl) return undefined;
  try {
    return PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
}

export function isPackageType(type: string): type is PackageType {
  return (PACKAGE_TYPES as readonly string[]).includes(type);
}

export interface RawPackage {
  /** For notes: `components[3]`, `packages[SPDXRef-x]`. */
  where: string;
  name?: string;
  version?: string;
  purl?: string;
  licenses: string[];
  props: Props;
}

/**
 * Turns one document entry into a Package, or a note saying why not. The purl decides the
 * ecosystem; a missing version (in the entry and in the purl) skips the entry: it cannot be matched.
 */
export function toPackage(raw: RawPackage, file: string, notes: string[]): Package | undefined {
  const purl = parsePurl(raw.purl);
  const label = `${raw.where} ${raw.name ?? raw.purl ?? ''}`.trim();
  if (!purl) {
    notes.push(`${file}: ${label}: skipped, ${raw.purl ? `unreadable purl ${JSON.stringify(raw.purl)}` : 'no purl'}`);
    return undefined;
  }
  if (!isPackageType(purl.type)) {
    notes.push(`${file}: ${label}: skipped, purl type ${purl.type} is not a package ecosystem Rampart matches`);
    return undefined;
  }
  let version = raw.version || (purl.version ? decodeURIComponent(purl.version) : undefined);
  if (!version) {
    notes.push(`${file}: ${label}: skipped, no version`);
    return undefined;
  }
  const epoch = purl.qualifiers?.epoch;
  // Some writers keep the dpkg epoch only in the purl; the dpkg version includes it.
  if (purl.type === 'deb' && epoch && epoch !== '0' && !version.includes(':')) version = `${epoch}:${version}`;
  const p = raw.props;
  const pkg: Package = {
    name: raw.name || purl.name,
    version,
    type: purl.type,
    purl: raw.purl!,
    licenses: raw.licenses,
    path: first(p, RAMPART_PROPS.path, TRIVY.path, 'syft:location:0:path') ?? file,
  };
  const namespace = first(p, RAMPART_PROPS.namespace);
  if (namespace) pkg.namespace = namespace;
  const layer = first(p, RAMPART_PROPS.layer, TRIVY.layer, 'syft:location:0:layerID');
  if (layer) pkg.layer = layer;
  const arch = first(p, RAMPART_PROPS.arch) ?? purl.qualifiers?.arch;
  if (arch) pkg.arch = arch;
  const ownedBy = first(p, RAMPART_PROPS.ownedBy);
  if (ownedBy) pkg.ownedBy = ownedBy;
  const source = sourceOf(p);
  if (source) pkg.source = source;
  return pkg;
}

function sourceOf(p: Props): Package['source'] | undefined {
  const name = first(p, RAMPART_PROPS.sourceName);
  if (name) {
    const version = first(p, RAMPART_PROPS.sourceVersion);
    return version ? { name, version } : { name };
  }
  const trivyName = first(p, TRIVY.srcName);
  if (!trivyName) return undefined;
  const v = first(p, TRIVY.srcVersion);
  if (!v) return { name: trivyName };
  const epoch = first(p, TRIVY.srcEpoch);
  const release = first(p, TRIVY.srcRelease);
  return { name: trivyName, version: `${epoch && epoch !== '0' ? `${epoch}:` : ''}${v}${release ? `-${release}` : ''}` };
}

export function parsePlatform(text: string | undefined): ImageInfo['platform'] | undefined {
  if (!text) return undefined;
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture) return undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** What an SBOM entry says: its own fields (CycloneDX component, SPDX package) and its properties. */
export interface SbomEntry {
  name?: string;
  version?: string;
  description?: string;
  props: Props;
}

/** The OS release an `operating-system` component / `OPERATING-SYSTEM` package describes. */
export function osReleaseOf(entry: SbomEntry): OsRelease {
  const name = entry.name ?? 'unknown';
  const version = entry.version ?? '';
  const os: OsRelease = { family: osFamily(name), version, name: entry.description ?? `${name} ${version}`.trim() };
  const codename = first(entry.props, RAMPART_PROPS.osCodename);
  if (codename) os.codename = codename;
  if (first(entry.props, RAMPART_PROPS.osDistroless) === 'true') os.distroless = true;
  return os;
}

/**
 * The image a container component / package describes. Without a digest property, `entry.version`
 * is taken as the manifest digest when it is one.
 */
export function imageInfoOf(entry: SbomEntry): SbomImageInfo | undefined {
  const props = entry.props;
  const reference = first(props, RAMPART_PROPS.imageReference, TRIVY.repoTag) ?? entry.name;
  if (!reference) return undefined;
  const image: SbomImageInfo = { reference, tags: props.get(RAMPART_PROPS.imageTag) ?? props.get(TRIVY.repoTag) ?? [] };
  const repository = first(props, RAMPART_PROPS.imageRepository);
  if (repository) image.repository = repository;
  const manifest = first(props, RAMPART_PROPS.manifestDigest) ?? first(props, TRIVY.repoDigest)?.replace(/^.*@/, '');
  const config = first(props, RAMPART_PROPS.configDigest, TRIVY.imageId);
  if (manifest) image.manifestDigest = manifest;
  if (config) image.configDigest = config;
  if (!manifest && !config && entry.version?.startsWith('sha256:')) image.manifestDigest = entry.version;
  const platform = parsePlatform(first(props, RAMPART_PROPS.platform));
  if (platform) image.platform = platform;
  return image;
}
