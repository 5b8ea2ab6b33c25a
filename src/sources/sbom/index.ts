import { readFile } from 'node:fs/promises';
import type { Asset } from '../../model/index.js';
import { imageAsset } from '../../model/index.js';
import { SbomError, type SbomReadResult } from './common.js';
import { readCycloneDx } from './cyclonedx.js';
import { readSpdx } from './spdx.js';

export { SbomError, type SbomImageInfo, type SbomReadResult } from './common.js';

/**
 * Reads an SBOM document — CycloneDX 1.4–1.6 JSON or SPDX 2.2/2.3 JSON, told apart by content —
 * into an image description and a package inventory the vulnerability matcher reads the same way
 * as one read from the image itself.
 */
export function parseSbom(text: string, file: string): SbomReadResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SbomError(`${file}: not JSON (only the JSON forms of CycloneDX and SPDX are read): ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new SbomError(`${file}: not an SBOM document (expected a JSON object)`);
  const obj = doc as Record<string, unknown>;
  if (obj.bomFormat === 'CycloneDX') return readCycloneDx(obj, file);
  if (typeof obj.spdxVersion === 'string') return readSpdx(obj, file);
  throw new SbomError(`${file}: neither CycloneDX (bomFormat) nor SPDX (spdxVersion)`);
}

export async function readSbomFile(file: string): Promise<SbomReadResult> {
  return parseSbom(await readFile(file, 'utf8'), file);
}

/**
 * The asset findings on an SBOM are filed under: the image it describes when the document gives a
 * digest (so an SBOM and a scan of its image share fingerprints), else the document itself.
 */
export function sbomAsset(result: SbomReadResult, file: string): Asset {
  const image = result.image;
  const digest = image?.manifestDigest ?? image?.configDigest;
  if (image && digest) {
    const ref: Parameters<typeof imageAsset>[0] = { reference: image.reference, configDigest: image.configDigest ?? digest };
    if (image.manifestDigest) ref.manifestDigest = image.manifestDigest;
    return imageAsset(ref);
  }
  return { type: 'file', ref: `sbom://${file}`, name: image?.reference ?? file, objectName: file, kind: 'SBOM' };
}
