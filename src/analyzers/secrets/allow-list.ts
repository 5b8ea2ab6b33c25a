import { readFileSync } from 'node:fs';
import jsyaml from 'js-yaml';
import { SECRET_RULES } from './rules.js';

/**
 * A user's secret allow-list: rules to turn off, paths not to search, and known test values to
 * ignore. Test values are listed by the SHA-256 of the secret as the finding's rule extracts it
 * (`printf %s 'value' | sha256sum`), so the file itself never holds a secret.
 *
 * ```yaml
 * disabledRules: [jwt]
 * paths:
 *   - /app/test/**        # absolute glob: ** crosses directories, * and ? do not
 *   - "*.example.pem"     # no leading slash: matches at any depth
 * secrets:
 *   - sha256: 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
 *     note: the demo database password from the README
 * ```
 */
export interface SecretAllowList {
  disabledRules: ReadonlySet<string>;
  paths: readonly { glob: string; regex: RegExp }[];
  sha256: ReadonlySet<string>;
}

export const EMPTY_ALLOW_LIST: SecretAllowList = { disabledRules: new Set(), paths: [], sha256: new Set() };

const FIELDS = new Set(['disabledRules', 'paths', 'secrets']);
const SECRET_FIELDS = new Set(['sha256', 'note']);

export function loadSecretAllowList(file: string): SecretAllowList {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read the secret allow-list: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  return parseSecretAllowList(text, file);
}

export function parseSecretAllowList(text: string, file: string): SecretAllowList {
  let doc: unknown;
  try {
    doc = jsyaml.load(text);
  } catch (err) {
    const reason = err instanceof jsyaml.YAMLException ? `${err.reason} (line ${err.mark.line + 1})` : String(err);
    throw new Error(`${file}: not valid YAML: ${reason}`, { cause: err });
  }
  if (doc == null) return EMPTY_ALLOW_LIST;
  if (!isRecord(doc)) throw new Error(`${file}: expected a mapping with disabledRules, paths and secrets`);
  for (const key of Object.keys(doc)) {
    if (!FIELDS.has(key)) throw new Error(`${file}: ${key}: unknown field (expected disabledRules, paths or secrets)`);
  }

  const known = new Set(SECRET_RULES.map((r) => r.id));
  const disabledRules = new Set<string>();
  stringList(doc.disabledRules, file, 'disabledRules').forEach((id, i) => {
    if (!known.has(id)) throw new Error(`${file}: disabledRules[${i}]: unknown secret rule "${id}"`);
    disabledRules.add(id);
  });

  const paths = stringList(doc.paths, file, 'paths').map((glob, i) => {
    if (glob.trim() === '') throw new Error(`${file}: paths[${i}]: empty glob`);
    return { glob, regex: globToRegExp(glob) };
  });

  const sha256 = new Set<string>();
  const secrets = doc.secrets ?? [];
  if (!Array.isArray(secrets)) throw new Error(`${file}: secrets: expected a list of {sha256, note}`);
  secrets.forEach((entry: unknown, i) => {
    if (!isRecord(entry)) throw new Error(`${file}: secrets[${i}]: expected a mapping with sha256 (and an optional note)`);
    for (const key of Object.keys(entry)) {
      if (!SECRET_FIELDS.has(key)) throw new Error(`${file}: secrets[${i}].${key}: unknown field (expected sha256 or note)`);
    }
    const hash = entry.sha256;
    if (typeof hash !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hash)) {
      throw new Error(`${file}: secrets[${i}].sha256: expected 64 hexadecimal digits, the SHA-256 of the secret (never the secret itself)`);
    }
    if (entry.note !== undefined && typeof entry.note !== 'string') throw new Error(`${file}: secrets[${i}].note: expected text`);
    sha256.add(hash.toLowerCase());
  });

  return { disabledRules, paths, sha256 };
}

export function isPathAllowListed(list: SecretAllowList, path: string): boolean {
  return list.paths.some((p) => p.regex.test(path));
}

/** `**` matches across directories, `*` and `?` within one; a glob without a leading `/` matches at any depth. */
export function globToRegExp(glob: string): RegExp {
  const anchored = glob.startsWith('/') ? glob : `**/${glob}`;
  let out = '';
  for (let i = 0; i < anchored.length; i++) {
    const c = anchored[i] as string;
    if (c === '*' && anchored[i + 1] === '*') {
      // `**/` also matches no directory at all.
      if (anchored[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  if (!anchored.startsWith('/')) out = `/?${out}`;
  return new RegExp(`^${out}$`);
}

function stringList(value: unknown, file: string, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${file}: ${field}: expected a list of strings`);
  return value.map((v, i) => {
    if (typeof v !== 'string') throw new Error(`${file}: ${field}[${i}]: expected a string, got ${JSON.stringify(v)}`);
    return v;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
