import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildWeb } from '../../scripts/build-web.mjs';

/**
 * The console build (scripts/build-web.mjs) for real: bundle, catalogue and index.html. Its type
 * check (tsc -p web/tsconfig.json) runs in `npm run typecheck` and `npm run build`, not here.
 */

let dir: string;
let built: { outdir: string; files: string[] };

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-web-build-'));
  built = await buildWeb({ outdir: path.join(dir, 'a'), check: false });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the build writes content-hashed assets and an index.html that names exactly them', async () => {
  const assets = (await readdir(path.join(built.outdir, 'assets'))).sort();
  assert.equal(assets.length, 3, assets.join(', '));
  assert.ok(assets.some((f) => /^main-[A-Z0-9]{8}\.js$/.test(f)));
  assert.ok(assets.some((f) => /^main-[A-Z0-9]{8}\.css$/.test(f)));
  assert.ok(assets.some((f) => /^catalog-[0-9a-f]{12}\.json$/.test(f)));
  const html = await readFile(path.join(built.outdir, 'index.html'), 'utf8');
  for (const asset of assets) assert.ok(html.includes(`/console/assets/${asset}`), `index.html names ${asset}`);
});

test('nothing inline: the page has no inline script or style, so the server\'s CSP needs no exception', async () => {
  const html = await readFile(path.join(built.outdir, 'index.html'), 'utf8');
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\bsrc="\/console\//, tag);
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
  const script = built.files.find((f) => f.endsWith('.js'))!;
  const bundle = await readFile(path.join(built.outdir, script), 'utf8');
  assert.doesNotMatch(bundle, /\beval\(|new Function\(/, 'no eval: the CSP has no unsafe-eval');
  assert.ok(bundle.length < 600_000, `bundle is ${bundle.length} bytes`);
  assert.doesNotMatch(bundle, /react\.development|checkPropTypes/, 'React is bundled in production mode');
});

test('the check catalogue carries titles and remediation in both languages, and control titles', async () => {
  const file = built.files.find((f) => f.includes('catalog-'))!;
  const catalogue = JSON.parse(await readFile(path.join(built.outdir, file), 'utf8')) as {
    checks: Record<string, { title: { en: string; zh: string }; remediation: { en: string; zh: string } }>;
    controls: Record<string, { en: string; zh: string }>;
  };
  const privileged = catalogue.checks['pod.privileged'];
  assert.ok(privileged, 'pod.privileged is catalogued');
  assert.match(privileged.remediation.en, /privileged/i);
  assert.match(privileged.remediation.zh, /[\u4e00-\u9fff]/);
  assert.ok(Object.keys(catalogue.checks).length > 100);
  assert.ok(Object.keys(catalogue.controls).some((key) => key.startsWith('mlps-2.0-l3:')));
});

test('building again from the same sources gives the same file names (hashes follow content)', async () => {
  const again = await buildWeb({ outdir: path.join(dir, 'b'), check: false });
  assert.deepEqual(again.files, built.files);
});
