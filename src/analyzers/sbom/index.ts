/** The package inventory (SBOM) of an image: catalogers per ecosystem and the layer visitor that runs them. */
export { SbomCollector, DEFAULT_CATALOGERS, type CatalogProblem } from './collector.js';
export type { Cataloger, CatalogContext } from './cataloger.js';
export { detectOs, parseReleaseFile, OS_RELEASE_PATHS } from './os-release.js';
export { packagePurl, distroQualifier } from './purl.js';
