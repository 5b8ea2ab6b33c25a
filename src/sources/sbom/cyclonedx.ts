import type { OsRelease, Package } from '../../model/index.js';
import { first, osFamily, osFromDistroQualifier, parsePlatform, parsePurl, PROPS, SbomError, toPackage, TRIVY, type Props, type SbomImageInfo, type SbomReadResult } from './common.js';

/**
 * Reads a CycloneDX 1.4–1.6 JSON BOM: components (nested ones too) with a purl become packages;
 * an `operating-system` component gives the OS release (else the purls' `distro=` qualifier);
 * `metadata.component` of type `container` gives the image. Rampart's own properties come back
 * exactly; Trivy's and Syft's equivalents are read for third-party BOMs.
 */

const SUPPORTED = ['1.4', '1.5', '1.6'];

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function propsOf(component: Json): Props {
  const props: Props = new Map();
  const list = Array.isArray(component.properties) ? component.properties : [];
  for (const p of list) {
    if (!isObject(p)) continue;
    const name = str(p.name);
    const value = typeof p.value === 'string' ? p.value : undefined;
    if (!name || value === undefined) continue;
    const key = name.startsWith('aquasecurity:trivy:') ? name.slice('aquasecurity:trivy:'.length) : name;
    props.set(key, [...(props.get(key) ?? []), value]);
  }
  return props;
}

function licensesOf(component: Json): string[] {
  const out: string[] = [];
  for (const entry of Array.isArray(component.licenses) ? component.licenses : []) {
    if (!isObject(entry)) continue;
    const expression = str(entry.expression);
    if (expression) out.push(expression);
    const license = isObject(entry.license) ? entry.license : undefined;
    const text = license ? (str(license.id) ?? str(license.name)) : undefined;
    if (text) out.push(text);
  }
  return out;
}

export function readCycloneDx(doc: Json, file: string): SbomReadResult {
  const specVersion = str(doc.specVersion);
  if (!specVersion || !SUPPORTED.includes(specVersion)) {
    throw new SbomError(`${file}: CycloneDX specVersion ${JSON.stringify(doc.specVersion)} is not supported (${SUPPORTED.join(', ')})`);
  }
  if (doc.components !== undefined && !Array.isArray(doc.components)) throw new SbomError(`${file}: components must be an array`);
  const notes: string[] = [];
  const packages: Package[] = [];
  let os: OsRelease | undefined;

  const visit = (list: unknown[], where: string): void => {
    list.forEach((c, i) => {
      const at = `${where}[${i}]`;
      if (!isObject(c)) {
        notes.push(`${file}: ${at}: skipped, not an object`);
        return;
      }
      if (c.type === 'operating-system') {
        os ??= osOf(c);
      } else if (c.type !== 'container') {
        const pkg = toPackage({ where: at, name: str(c.name), version: str(c.version), purl: str(c.purl), licenses: licensesOf(c), props: propsOf(c) }, file, notes);
        if (pkg) packages.push(pkg);
      }
      if (Array.isArray(c.components)) visit(c.components, `${at}.components`);
    });
  };
  visit(Array.isArray(doc.components) ? doc.components : [], 'components');

  const result: SbomReadResult = { format: 'cyclonedx', specVersion, inventory: { packages }, notes };
  os ??= osFromDistroQualifier(packages);
  if (os) result.inventory.os = os;
  const metadata = isObject(doc.metadata) ? doc.metadata : undefined;
  const root = metadata && isObject(metadata.component) ? metadata.component : undefined;
  const image = root && root.type === 'container' ? imageOf(root) : undefined;
  if (image) result.image = image;
  return result;
}

function osOf(c: Json): OsRelease {
  const props = propsOf(c);
  const name = str(c.name) ?? 'unknown';
  const version = str(c.version) ?? '';
  const os: OsRelease = { family: osFamily(name), version, name: str(c.description) ?? `${name} ${version}`.trim() };
  const codename = first(props, PROPS.osCodename);
  if (codename) os.codename = codename;
  if (first(props, PROPS.osDistroless) === 'true') os.distroless = true;
  return os;
}

function imageOf(c: Json): SbomImageInfo | undefined {
  const props = propsOf(c);
  const reference = first(props, PROPS.imageReference, TRIVY.repoTag) ?? str(c.name);
  if (!reference) return undefined;
  const image: SbomImageInfo = { reference, tags: props.get(PROPS.imageTag) ?? props.get(TRIVY.repoTag) ?? [] };
  const repository = first(props, PROPS.imageRepository);
  if (repository) image.repository = repository;
  const manifest = first(props, PROPS.manifestDigest) ?? first(props, TRIVY.repoDigest)?.replace(/^.*@/, '');
  const config = first(props, PROPS.configDigest, TRIVY.imageId);
  if (manifest) image.manifestDigest = manifest;
  if (config) image.configDigest = config;
  if (!manifest && !config) {
    // purl-spec: an OCI purl's version is the manifest digest.
    const purl = parsePurl(str(c.purl));
    const version = purl?.type === 'oci' && purl.version ? decodeURIComponent(purl.version) : str(c.version);
    if (version?.startsWith('sha256:')) image.manifestDigest = version;
  }
  const platform = parsePlatform(first(props, PROPS.platform));
  if (platform) image.platform = platform;
  return image;
}
