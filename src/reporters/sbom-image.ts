import { PackageURL } from 'packageurl-js';
import type { ImageInfo } from '../model/index.js';

/** What the SBOM writers say about the image the inventory came from. */
export type SbomImage = Pick<ImageInfo, 'reference'> & Partial<Pick<ImageInfo, 'repository' | 'tags' | 'manifestDigest' | 'configDigest' | 'platform'>>;

/** Who wrote the document. */
export interface SbomTool {
  name: string;
  version: string;
}

/** The image's identity: the manifest digest when known, else the image ID. */
export function imageDigest(image: SbomImage): string | undefined {
  return image.manifestDigest ?? image.configDigest;
}

/** `pkg:oci/<name>@sha256:…?repository_url=<registry/repo>&tag=…` (purl-spec OCI type). */
export function imagePurl(image: SbomImage): string | undefined {
  const digest = imageDigest(image);
  if (!digest) return undefined;
  const repository = image.repository ?? image.reference.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^/:]+$/, '');
  const name = (repository.split('/').pop() ?? repository).toLowerCase();
  if (!name) return undefined;
  const qualifiers: Record<string, string> = {};
  if (repository.includes('/')) qualifiers.repository_url = repository;
  if (image.platform?.architecture) qualifiers.arch = image.platform.architecture;
  const tag = image.tags?.[0];
  if (tag) qualifiers.tag = tag;
  return new PackageURL('oci', undefined, name, digest, qualifiers, undefined).toString();
}

const LICENSE_OPERATORS = new Set(['AND', 'OR', 'WITH']);

/**
 * Whether a licence string is a valid SPDX expression over known ids (`MIT`, `GPL-2.0-or-later OR
 * MIT`, `Apache-2.0 WITH LLVM-exception`, `LicenseRef-…`). Exceptions after WITH are not checked
 * against the exception list.
 */
export function isSpdxExpression(text: string, isKnownId: (id: string) => boolean): boolean {
  const tokens = text.replace(/[()]/g, ' $& ').trim().split(/\s+/);
  if (tokens.length === 0 || tokens[0] === '') return false;
  let depth = 0;
  let expectOperand = true;
  let afterWith = false;
  for (const token of tokens) {
    if (token === '(') {
      if (!expectOperand) return false;
      depth++;
    } else if (token === ')') {
      if (expectOperand || --depth < 0) return false;
    } else if (LICENSE_OPERATORS.has(token)) {
      if (expectOperand) return false;
      expectOperand = true;
      afterWith = token === 'WITH';
    } else {
      if (!expectOperand) return false;
      const id = token.replace(/\+$/, '');
      if (!afterWith && !isKnownId(id) && !/^(DocumentRef-[\w.-]+:)?LicenseRef-[\w.-]+$/.test(id)) return false;
      expectOperand = false;
      afterWith = false;
    }
  }
  return depth === 0 && !expectOperand;
}
