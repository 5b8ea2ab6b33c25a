/**
 * Image analyzers: configuration and file-tree checks here, secrets in ../secrets. The lead's
 * composition runs `checkImageConfig` and `checkImageFiles` once per image, feeds a `SecretScanner`
 * to the layer reader, and calls its `finish` and `scanImageConfigForSecrets` at the end.
 */
export { checkImageConfig, DEFAULT_MAX_IMAGE_AGE_DAYS, type ImageConfigCheckOptions } from './config-checks.js';
export { checkImageFiles } from './files-checks.js';
export type { ImageFindingContext } from './finding.js';

/** Every check id the image analyzers (including secrets) raise: the catalogue has one `image` entry for each. */
export const IMAGE_CHECK_IDS: readonly string[] = [
  'image.secret',
  'image.secret-in-config',
  'image.user-root',
  'image.healthcheck-missing',
  'image.update-alone',
  'image.add-instruction',
  'image.setuid-files',
  'image.world-writable',
  'image.sshd',
  'image.package-cache',
  'image.too-old',
  'image.latest-tag',
];
