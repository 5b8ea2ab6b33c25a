import type { OsRelease, Package } from '../../model/index.js';
import { imageInfoOf, isObject, osFromDistroQualifier, osReleaseOf, SbomError, str, toPackage, type Json, type Props, type SbomImageInfo, type SbomReadResult } from './common.js';

/**
 * Reads an SPDX 2.2/2.3 JSON document: packages with a purl external reference become packages;
 * an `OPERATING-SYSTEM` package gives the OS release (else the purls' `distro=` qualifier); the
 * `CONTAINER` package the document describes gives the image. Annotations `key: value` carry the
 * properties SPDX 2.x has no field for (Rampart's own, and Trivy's).
 */

const SUPPORTED = ['SPDX-2.2', 'SPDX-2.3'];
const NO_LICENSE = new Set(['NOASSERTION', 'NONE', '']);

function propsOf(pkg: Json): Props {
  const props: Props = new Map();
  for (const a of Array.isArray(pkg.annotations) ? pkg.annotations : []) {
    const comment = isObject(a) ? str(a.comment) : undefined;
    const m = comment ? /^([\w:.-]+): (.*)$/s.exec(comment) : null;
    if (!m) continue;
    props.set(m[1]!, [...(props.get(m[1]!) ?? []), m[2]!]);
  }
  return props;
}

function purlOf(pkg: Json): string | undefined {
  for (const ref of Array.isArray(pkg.externalRefs) ? pkg.externalRefs : []) {
    if (isObject(ref) && ref.referenceType === 'purl') return str(ref.referenceLocator);
  }
  return undefined;
}

export function readSpdx(doc: Json, file: string): SbomReadResult {
  const specVersion = str(doc.spdxVersion);
  if (!specVersion || !SUPPORTED.includes(specVersion)) {
    throw new SbomError(`${file}: spdxVersion ${JSON.stringify(doc.spdxVersion)} is not supported (${SUPPORTED.join(', ')})`);
  }
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) throw new SbomError(`${file}: packages must be an array`);
  const extracted = new Map<string, string>();
  for (const info of Array.isArray(doc.hasExtractedLicensingInfos) ? doc.hasExtractedLicensingInfos : []) {
    if (!isObject(info)) continue;
    const id = str(info.licenseId);
    const text = str(info.name) ?? str(info.extractedText);
    if (id && text) extracted.set(id, text);
  }
  const described = new Set<string>();
  for (const r of Array.isArray(doc.relationships) ? doc.relationships : []) {
    if (isObject(r) && r.relationshipType === 'DESCRIBES' && r.spdxElementId === 'SPDXRef-DOCUMENT' && typeof r.relatedSpdxElement === 'string') described.add(r.relatedSpdxElement);
  }
  for (const id of Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []) if (typeof id === 'string') described.add(id);

  const notes: string[] = [];
  const packages: Package[] = [];
  let os: OsRelease | undefined;
  let image: SbomImageInfo | undefined;
  const list = Array.isArray(doc.packages) ? doc.packages : [];
  list.forEach((p, i) => {
    if (!isObject(p)) {
      notes.push(`${file}: packages[${i}]: skipped, not an object`);
      return;
    }
    const id = str(p.SPDXID) ?? `packages[${i}]`;
    const purpose = p.primaryPackagePurpose;
    if (purpose === 'OPERATING-SYSTEM') {
      os ??= osOf(p);
      return;
    }
    if (purpose === 'CONTAINER' || (described.has(id) && purlOf(p)?.startsWith('pkg:oci/'))) {
      image ??= imageOf(p);
      return;
    }
    const licenses = licenseOf(str(p.licenseDeclared), extracted) ?? licenseOf(str(p.licenseConcluded), extracted) ?? [];
    const pkg = toPackage({ where: id, name: str(p.name), version: str(p.versionInfo), purl: purlOf(p), licenses, props: propsOf(p) }, file, notes);
    if (pkg) packages.push(pkg);
  });

  const result: SbomReadResult = { format: 'spdx', specVersion, inventory: { packages }, notes };
  os ??= osFromDistroQualifier(packages);
  if (os) result.inventory.os = os;
  if (image) result.image = image;
  return result;
}

function licenseOf(expression: string | undefined, extracted: Map<string, string>): string[] | undefined {
  if (!expression || NO_LICENSE.has(expression)) return undefined;
  return [extracted.get(expression) ?? expression];
}

function osOf(p: Json): OsRelease {
  return osReleaseOf({ name: str(p.name), version: str(p.versionInfo), description: str(p.description), props: propsOf(p) });
}

function imageOf(p: Json): SbomImageInfo | undefined {
  return imageInfoOf({ name: str(p.name), version: str(p.versionInfo), props: propsOf(p) });
}
