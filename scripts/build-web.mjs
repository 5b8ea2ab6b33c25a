// Builds the web console (web/) into web/dist: type-checks it with its own tsconfig, bundles and
// minifies web/src/main.tsx with esbuild into content-hashed files, writes the check catalogue's
// texts (titles, remediation, control titles in en and zh) as a content-hashed JSON the console
// reads, and writes index.html naming them. No inline script or style: the server's CSP forbids both.
//
//   node scripts/build-web.mjs [--outdir DIR] [--no-check]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');

function contentHash(data) {
  return createHash('sha256').update(data).digest('hex').slice(0, 12);
}

/** The catalogue texts the console shows next to a finding: the server's API carries findings, not check metadata. */
async function catalogueJson() {
  const catalog = await tsImport(path.join(root, 'src/catalog/index.ts'), import.meta.url);
  const checks = {};
  for (const check of catalog.CHECKS) checks[check.id] = { severity: check.severity, title: check.title, description: check.description, remediation: check.remediation };
  const controls = {};
  for (const framework of catalog.loadFrameworks().frameworks) {
    for (const control of framework.controls) controls[`${framework.id}:${control.id}`] = control.title;
  }
  return JSON.stringify({ checks, controls });
}

/** Builds the console into `outdir` (default web/dist) and returns the names of what it wrote. */
export async function buildWeb({ outdir = path.join(webDir, 'dist'), check = true } = {}) {
  if (check) {
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(webDir, 'tsconfig.json')], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`web console: type errors\n${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`, { cause: err });
    }
  }
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(path.join(outdir, 'assets'), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [path.join(webDir, 'src/main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    outdir: path.join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    sourcemap: false,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(outdir, path.resolve(root, file)));
  const script = outputs.find((f) => f.endsWith('.js'));
  const style = outputs.find((f) => f.endsWith('.css'));
  if (!script || !style) throw new Error(`web console: esbuild wrote no script or stylesheet (${outputs.join(', ')})`);

  const catalogue = await catalogueJson();
  const catalogueName = `assets/catalog-${contentHash(catalogue)}.json`;
  writeFileSync(path.join(outdir, catalogueName), catalogue);

  const template = readFileSync(path.join(webDir, 'index.html'), 'utf8');
  const html = template.replaceAll('%SCRIPT%', `/console/${script}`).replaceAll('%STYLE%', `/console/${style}`).replaceAll('%CATALOG%', `/console/${catalogueName}`);
  if (/%[A-Z]+%/.test(html)) throw new Error('web/index.html: a placeholder was left unfilled');
  writeFileSync(path.join(outdir, 'index.html'), html);
  return { outdir, files: ['index.html', script, style, catalogueName] };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--outdir');
  try {
    const built = await buildWeb({ ...(at >= 0 ? { outdir: path.resolve(args[at + 1]) } : {}), check: !args.includes('--no-check') });
    process.stderr.write(`web console built in ${path.relative(process.cwd(), built.outdir) || '.'}: ${built.files.join(', ')}\n`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
