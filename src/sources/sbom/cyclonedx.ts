import type { OsRelease, Package } from '../../model/index.js';
import { imageInfoOf, isObject, osFromDistroQualifier, osReleaseOf, parsePurl, SbomError, str, toPackage, type Json, type Props, type SbomImageInfo, type SbomReadResult } from './common.js';

/**
 * Reads a CycloneDX 1.4–1.6 JSON BOM: components (nested ones too) with a purl become packages;
 * an `operating-system` component gives the OS release (else the purls' `distro=` qualifier);
 * `metadata.component` of type `container` gives the image. Rampart's own properties come back
 * exactly; Trivy's and Syft's equivalents are read for third-party BOMs.
 */

const SUPPORTED = ['1.4', '1.5', '1.6'];

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
  return osReleaseOf({ name: str(c.name), version: str(c.version), description: str(c.description), props: propsOf(c) });
}

function imageOf(c: Json): SbomImageInfo | undefined {
  // purl-spec: an OCI purl's version is the manifest digest.
  const purl = parsePurl(str(c.purl));
  const version = purl?.type === 'oci' && purl.version ? decodeURIComponent(purl.version) : str(c.version);
  return imageInfoOf({ name: str(c.name), version, props: propsOf(c) });
}
