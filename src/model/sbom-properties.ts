/**
 * Names of the properties (CycloneDX) and annotations (SPDX) Rampart's SBOM writers add for what
 * the formats have no field for; src/sources/sbom reads the same names back.
 */
export const RAMPART_PROPS = {
  imageReference: 'rampart:image:reference',
  imageRepository: 'rampart:image:repository',
  imageTag: 'rampart:image:tag',
  manifestDigest: 'rampart:image:manifest-digest',
  configDigest: 'rampart:image:config-digest',
  platform: 'rampart:image:platform',
  layer: 'rampart:package:layer',
  path: 'rampart:package:path',
  sourceName: 'rampart:package:source-name',
  sourceVersion: 'rampart:package:source-version',
  arch: 'rampart:package:arch',
  ownedBy: 'rampart:package:owned-by',
  namespace: 'rampart:package:namespace',
  osFamily: 'rampart:os:family',
  osCodename: 'rampart:os:codename',
  osDistroless: 'rampart:os:distroless',
} as const;
