import { randomUUID } from 'node:crypto';
import { SPDX as CdxSpdx } from '@cyclonedx/cyclonedx-library';
import { RAMPART_PROPS, type Package, type PackageInventory } from '../model/index.js';
import { imageDigest, imagePurl, isSpdxExpression, type SbomImage, type SbomTool } from './sbom-image.js';
import type { SbomDocumentOptions } from './cyclonedx.js';

/**
 * An SPDX 2.3 JSON document for an image's package inventory: the image as a CONTAINER package the
 * document DESCRIBES, which CONTAINS the OS (an OPERATING-SYSTEM package) and every package (purl
 * as a PACKAGE-MANAGER external reference, declared licences as an SPDX expression or
 * NOASSERTION). SPDX 2.3 packages have no free-form properties, so the layer diffId, path, source
 * package and the like are package annotations `rampart:…: value`, as other scanners do; the
 * reader in src/sources/sbom takes them back. The document namespace is unique per run.
 */

const NOASSERTION = 'NOASSERTION';

interface SpdxAnnotation {
  annotationDate: string;
  annotationType: 'OTHER';
  annotator: string;
  comment: string;
}

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: boolean;
  primaryPackagePurpose: 'CONTAINER' | 'OPERATING-SYSTEM' | 'LIBRARY';
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  description?: string;
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
  annotations?: SpdxAnnotation[];
}

export function spdxDocument(image: SbomImage | undefined, inventory: PackageInventory, tool: SbomTool, options: SbomDocumentOptions = {}): object {
  const created = (options.timestamp ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const annotator = `Tool: ${tool.name}-${tool.version}`;
  const annotate = (pairs: [string, string | undefined][]): SpdxAnnotation[] =>
    pairs.filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '').map(([key, value]) => ({ annotationDate: created, annotationType: 'OTHER', annotator, comment: `${key}: ${value}` }));
  const extracted = new Map<string, string>();
  const name = image?.reference ?? 'rampart-sbom';
  const uuid = options.serialNumber?.replace(/^urn:uuid:/, '') ?? randomUUID();

  const packages: SpdxPackage[] = [];
  const relationships: { spdxElementId: string; relationshipType: 'DESCRIBES' | 'CONTAINS'; relatedSpdxElement: string }[] = [];
  let parent = 'SPDXRef-DOCUMENT';
  if (image) {
    const imagePackage = basePackage('SPDXRef-Image', image.repository ?? image.reference, imageDigest(image), imagePurl(image), 'CONTAINER');
    const tags = (image.tags ?? []).map((t): [string, string] => [RAMPART_PROPS.imageTag, t]);
    const platform = image.platform ? [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join('/') : undefined;
    const notes = annotate([
      [RAMPART_PROPS.imageReference, image.reference],
      [RAMPART_PROPS.imageRepository, image.repository],
      [RAMPART_PROPS.manifestDigest, image.manifestDigest],
      [RAMPART_PROPS.configDigest, image.configDigest],
      ...tags,
      [RAMPART_PROPS.platform, platform],
    ]);
    if (notes.length) imagePackage.annotations = notes;
    packages.push(imagePackage);
    relationships.push({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Image' });
    parent = 'SPDXRef-Image';
  }
  const link = (id: string): void => {
    relationships.push({ spdxElementId: parent, relationshipType: parent === 'SPDXRef-DOCUMENT' ? 'DESCRIBES' : 'CONTAINS', relatedSpdxElement: id });
  };
  if (inventory.os) {
    const os = inventory.os;
    const osPackage = basePackage('SPDXRef-OperatingSystem', os.family, os.version, undefined, 'OPERATING-SYSTEM');
    osPackage.description = os.name;
    const notes = annotate([
      [RAMPART_PROPS.osCodename, os.codename],
      [RAMPART_PROPS.osDistroless, os.distroless ? 'true' : undefined],
    ]);
    if (notes.length) osPackage.annotations = notes;
    packages.push(osPackage);
    link(osPackage.SPDXID);
  }
  inventory.packages.forEach((pkg, index) => {
    const spdxPackage = basePackage(`SPDXRef-Package-${index + 1}-${pkg.type}-${sanitize(pkg.name)}`, pkg.name, pkg.version, pkg.purl, 'LIBRARY');
    spdxPackage.licenseDeclared = licenseExpression(pkg.licenses, extracted);
    const notes = annotate(packagePairs(pkg));
    if (notes.length) spdxPackage.annotations = notes;
    packages.push(spdxPackage);
    link(spdxPackage.SPDXID);
  });

  const doc: Record<string, unknown> = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://rampart.dev/spdxdocs/${encodeURIComponent(sanitize(name))}-${uuid}`,
    creationInfo: { created, creators: [`Tool: ${tool.name}-${tool.version}`] },
    packages,
    relationships,
  };
  if (extracted.size) {
    doc.hasExtractedLicensingInfos = [...extracted].map(([licenseId, text]) => ({ licenseId, extractedText: text, name: text }));
  }
  return doc;
}

function basePackage(id: string, name: string, version: string | undefined, purl: string | undefined, purpose: SpdxPackage['primaryPackagePurpose']): SpdxPackage {
  const p: SpdxPackage = {
    SPDXID: id,
    name,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    primaryPackagePurpose: purpose,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
  };
  if (version) p.versionInfo = version;
  if (purl) p.externalRefs = [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }];
  return p;
}

function packagePairs(pkg: Package): [string, string | undefined][] {
  return [
    [RAMPART_PROPS.namespace, pkg.namespace],
    [RAMPART_PROPS.layer, pkg.layer],
    [RAMPART_PROPS.path, pkg.path],
    [RAMPART_PROPS.sourceName, pkg.source?.name],
    [RAMPART_PROPS.sourceVersion, pkg.source?.version],
    [RAMPART_PROPS.arch, pkg.arch],
    [RAMPART_PROPS.ownedBy, pkg.ownedBy],
  ];
}

/** `SPDXRef-` ids allow letters, digits, `.` and `-` only. */
function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** The declared licences as one SPDX expression; text that is not SPDX becomes a LicenseRef with the text kept. */
function licenseExpression(licenses: readonly string[], extracted: Map<string, string>): string {
  const parts = licenses.map((l) => l.trim()).filter(Boolean);
  if (parts.length === 0) return NOASSERTION;
  const terms = parts.map((text) => {
    if (isSpdxExpression(text, (id) => CdxSpdx.isSupportedSpdxId(id))) return parts.length > 1 && /\s/.test(text) ? `(${text})` : text;
    // Two texts can sanitise alike: number the later one rather than merge them.
    let id = `LicenseRef-${sanitize(text)}`;
    for (let n = 2; extracted.has(id) && extracted.get(id) !== text; n++) id = `LicenseRef-${sanitize(text)}-${n}`;
    extracted.set(id, text);
    return id;
  });
  return terms.join(' AND ');
}
