import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import tar from 'tar-stream';
import { writeBundle, zstdCompress, zstdDecompress } from '../../../src/store/vulndb/bundle.js';
import { SCHEMA_VERSION } from '../../../src/store/vulndb/schema.js';
import { buildVulnDb } from '../../../src/store/vulndb/writer.js';
import { advisory, fakeImporter, feedsFolder, tempDir } from './fixtures.js';

export interface TestKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicFile: string;
  privateFile: string;
}

export async function makeKeys(dir: string, name: string, type: 'ed25519' | 'ec' = 'ed25519'): Promise<TestKeys> {
  const pair = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  const publicFile = path.join(dir, `${name}.pub`);
  const privateFile = path.join(dir, `${name}.key`);
  await writeFile(publicFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  await writeFile(privateFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { ...pair, publicFile, privateFile };
}

/** A small signed bundle whose one advisory says which generation it is (`left-pad` fixed in `<generation>.0.0`). */
export async function makeBundle(generation: number, key: KeyObject, options: { schemaVersion?: number; built?: string } = {}): Promise<string> {
  const feeds = await feedsFolder({
    'gen.advisories.json': {
      advisories: [
        advisory(`CVE-2024-100${generation}`, [], {
          summary: `generation ${generation}`,
          affected: [{ namespace: 'npm', package: 'left-pad', scheme: 'npm', status: 'fixed', ranges: [{ introduced: '0', fixed: `${generation}.0.0` }], source: 'fake' }],
        }),
      ],
    },
  });
  const dir = await tempDir('rampart-bundle-');
  const dbFile = path.join(dir, 'vuln.db');
  const built = await buildVulnDb({ from: feeds, output: dbFile, importers: [fakeImporter], built: new Date(options.built ?? '2026-01-01T00:00:00Z') });
  const output = path.join(dir, 'rampart-db.tar.zst');
  await writeBundle({ dbFile, output, signingKey: key, schemaVersion: options.schemaVersion ?? SCHEMA_VERSION, built: built.built, sources: built.sources, counts: built.counts, level: 3 });
  return output;
}

/** Rewrites a bundle's entries (decompress, untar, change, tar, compress): the tampering an attacker could do. */
export async function rewriteBundle(file: string, change: (entries: Map<string, Buffer>) => void): Promise<string> {
  const extract = tar.extract();
  extract.end(Buffer.from(await zstdDecompress(await readFile(file))));
  const entries = new Map<string, Buffer>();
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    entries.set(entry.header.name, Buffer.concat(chunks));
  }
  change(entries);
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const [name, data] of entries) pack.entry({ name, size: data.length }, data);
  pack.finalize();
  await done;
  const out = path.join(await tempDir('rampart-tampered-'), 'rampart-db.tar.zst');
  await writeFile(out, await zstdCompress(Buffer.concat(chunks), 3));
  return out;
}
