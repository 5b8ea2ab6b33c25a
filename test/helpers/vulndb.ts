import assert from 'node:assert/strict';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rampart, type CliResult } from './cli.js';

/**
 * Small signed vulnerability databases for CLI tests, made the way a site makes them: the real
 * `rampart db keygen`, `rampart db build --from <feeds>` over a subset of the project's publisher
 * records (/work/shared/vulndata, or $RAMPART_VULNDATA), and `rampart db import --db-dir`.
 * A few thousand records build and install in a few seconds.
 */

export const VULNDATA = process.env.RAMPART_VULNDATA ?? path.resolve('../shared/vulndata');

/** The subset the image tests use: Alpine 3.19 (the demo image's OS), GitHub advisories (minimist, requests), KEV and CVE records. */
export const DEMO_FEEDS = ['alpine-secdb/v3.19', 'osv/ghsa-subset', 'kev', 'cve'] as const;

/** Fails the test with the command's stderr when it did not exit 0. */
export function assertOk(result: CliResult, what: string): CliResult {
  assert.equal(result.code, 0, `${what} exited ${result.code}: ${result.stderr.trim()}`);
  return result;
}

export interface SigningKeys {
  privateKey: string;
  publicKey: string;
}

export async function makeSigningKeys(dir: string): Promise<SigningKeys> {
  const prefix = path.join(dir, 'publisher');
  assertOk(await rampart(['db', 'keygen', '--out', prefix]), 'rampart db keygen');
  return { privateKey: `${prefix}.key`, publicKey: `${prefix}.pub` };
}

/**
 * Copies the given parts of the vulnerability data into `feedsDir`: a relative path copies that
 * file or folder; `{ path, transform }` rewrites a JSON file (to drop records for a changed database).
 */
export async function copyFeeds(feedsDir: string, parts: ReadonlyArray<string | { path: string; transform: (json: unknown) => unknown }>): Promise<string> {
  for (const part of parts) {
    const rel = typeof part === 'string' ? part : part.path;
    const source = path.join(VULNDATA, rel);
    const target = path.join(feedsDir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    if (typeof part === 'string') {
      await cp(source, target, { recursive: true }).catch((err: Error) => {
        throw new Error(`vulnerability data ${source} is missing (set RAMPART_VULNDATA to the shared vulndata folder): ${err.message}`);
      });
    } else {
      await writeFile(target, JSON.stringify(part.transform(JSON.parse(await readFile(source, 'utf8')))));
    }
  }
  return feedsDir;
}

/** Builds a signed bundle from `feedsDir` and installs it into `dbDir`; returns `dbDir`. */
export async function buildAndImport(feedsDir: string, dbDir: string, keys: SigningKeys): Promise<string> {
  const bundle = `${dbDir}.tar.zst`;
  assertOk(await rampart(['db', 'build', '--from', feedsDir, '--output', bundle, '--sign-key', keys.privateKey, '--no-progress', '--level', '1']), 'rampart db build');
  assertOk(await rampart(['db', 'import', bundle, '--trust', keys.publicKey, '--db-dir', dbDir]), 'rampart db import');
  return dbDir;
}

/** keygen + build + import of `parts` in one call: the database folder for `--db-dir`. */
export async function makeVulnDb(work: string, parts: ReadonlyArray<string | { path: string; transform: (json: unknown) => unknown }> = DEMO_FEEDS, name = 'db'): Promise<string> {
  const keys = await makeSigningKeys(work);
  const feeds = await copyFeeds(path.join(work, `${name}-feeds`), parts);
  return buildAndImport(feeds, path.join(work, name), keys);
}
