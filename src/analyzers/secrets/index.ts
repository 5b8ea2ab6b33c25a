export { SecretScanner, SECRET_CHECK_ID, DEFAULT_MAX_SECRET_FILE_SIZE, type SecretScannerOptions } from './scanner.js';
export { scanImageConfigForSecrets, SECRET_IN_CONFIG_CHECK_ID, type ConfigSecretOptions } from './config.js';
export { loadSecretAllowList, parseSecretAllowList, EMPTY_ALLOW_LIST, type SecretAllowList } from './allow-list.js';
export { SECRET_RULES, type SecretRule, type SecretCategory } from './rules.js';
