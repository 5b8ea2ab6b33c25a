import { randomUUID } from 'node:crypto';
import * as CDX from '@cyclonedx/cyclonedx-library';
import { RAMPART_PROPS, type Package, type PackageInventory } from '../model/index.js';
import { imageDigest, imagePurl, isSpdxExpression, type SbomImage, type SbomTool } from './sbom-image.js';

export interface SbomDocumentOptions {
  /** Fixed for reproducible output (tests); a fresh one per run otherwise. */
  serialNumber?: string;
  timestamp?: Date;
}

const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6));

/**
 * A CycloneDX 1.6 JSON document for an image's package inventory: `metadata.component` is the
 * image (a container component whose version is its digest, with an OCI purl and the digests as
 * properties), one component per package (purl, licences, and Rampart properties for the layer
 * diffId, file path, source package, architecture and owning OS package), and the OS release as an
 * `operating-system` component. src/sources/sbom reads it back into the same inventory.
 */
export function cycloneDxDocument(image: SbomImage | undefined, inventory: PackageInventory, tool: SbomTool, options: SbomDocumentOptions = {}): object {
  const bom = new CDX.Models.Bom();
  bom.serialNumber = options.serialNumber ?? `urn:uuid:${randomUUID()}`;
  bom.metadata.timestamp = options.timestamp ?? new Date();
  bom.metadata.tools.components.add(new CDX.Models.Component(CDX.Enums.ComponentType.Application, tool.name, { version: tool.version, group: 'rampart' }));

  const root = image ? imageComponent(image) : undefined;
  if (root) bom.metadata.component = root;

  if (inventory.os) {
    const os = inventory.os;
    const component = new CDX.Models.Component(CDX.Enums.ComponentType.OperatingSystem, os.family, { version: os.version, description: os.name, bomRef: 'os' });
    addProperty(component, RAMPART_PROPS.osCodename, os.codename);
    if (os.distroless) addProperty(component, RAMPART_PROPS.osDistroless, 'true');
    bom.components.add(component);
    root?.dependencies.add(component.bomRef);
  }

  const refs = new Set<string>();
  for (const pkg of inventory.packages) {
    const component = packageComponent(pkg, uniqueRef(pkg.purl || `${pkg.type}:${pkg.name}`, refs));
    bom.components.add(component);
    root?.dependencies.add(component.bomRef);
  }
  return JSON.parse(serializer.serialize(bom, { sortLists: false })) as object;
}

function uniqueRef(base: string, seen: Set<string>): string {
  let ref = base;
  for (let n = 2; seen.has(ref); n++) ref = `${base}#${n}`;
  seen.add(ref);
  return ref;
}

function imageComponent(image: SbomImage): CDX.Models.Component {
  const digest = imageDigest(image);
  const component = new CDX.Models.Component(CDX.Enums.ComponentType.Container, image.repository ?? image.reference, { bomRef: 'image' });
  if (digest) component.version = digest;
  const purl = imagePurl(image);
  if (purl) component.purl = purl;
  addProperty(component, RAMPART_PROPS.imageReference, image.reference);
  addProperty(component, RAMPART_PROPS.imageRepository, image.repository);
  addProperty(component, RAMPART_PROPS.manifestDigest, image.manifestDigest);
  addProperty(component, RAMPART_PROPS.configDigest, image.configDigest);
  for (const tag of image.tags ?? []) addProperty(component, RAMPART_PROPS.imageTag, tag);
  if (image.platform) addProperty(component, RAMPART_PROPS.platform, [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join('/'));
  return component;
}

function packageComponent(pkg: Package, bomRef: string): CDX.Models.Component {
  const component = new CDX.Models.Component(CDX.Enums.ComponentType.Library, pkg.name, { bomRef, version: pkg.version });
  if (pkg.purl) component.purl = pkg.purl;
  for (const license of licenses(pkg.licenses)) component.licenses.add(license);
  addProperty(component, RAMPART_PROPS.namespace, pkg.namespace);
  addProperty(component, RAMPART_PROPS.layer, pkg.layer);
  addProperty(component, RAMPART_PROPS.path, pkg.path);
  addProperty(component, RAMPART_PROPS.sourceName, pkg.source?.name);
  addProperty(component, RAMPART_PROPS.sourceVersion, pkg.source?.version);
  addProperty(component, RAMPART_PROPS.arch, pkg.arch);
  addProperty(component, RAMPART_PROPS.ownedBy, pkg.ownedBy);
  return component;
}

/**
 * CycloneDX takes either one SPDX expression or a list of licences (SPDX ids or names), not both:
 * a single compound expression is written as such, anything else licence by licence.
 */
function licenses(values: readonly string[]): CDX.Models.License[] {
  const list = values.map((v) => v.trim()).filter(Boolean);
  const only = list.length === 1 ? list[0]! : undefined;
  if (only && /\s(AND|OR|WITH)\s/.test(only) && isSpdxExpression(only, (id) => CDX.SPDX.isSupportedSpdxId(id))) {
    return [new CDX.Models.LicenseExpression(only)];
  }
  return list.map((v) => (CDX.SPDX.isSupportedSpdxId(v) ? new CDX.Models.SpdxLicense(v) : new CDX.Models.NamedLicense(v)));
}

function addProperty(component: CDX.Models.Component, name: string, value: string | undefined): void {
  if (value !== undefined && value !== '') component.properties.add(new CDX.Models.Property(name, value));
}
