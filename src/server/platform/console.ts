import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { packageRoot } from '../../catalog/package-root.js';

/**
 * Serves the built web console (web/dist, written by scripts/build-web.mjs) at /console/: hashed
 * assets cached for a year, index.html for every other path under /console/ (the console's own
 * routes) and never cached, / redirected to /console/. Every answer carries a strict CSP (scripts
 * and styles from this origin only, nothing inline, no framing) and the other hardening headers.
 * The files are read once at start: the console is a few files and never changes while running.
 */

export const CONSOLE_PREFIX = '/console';

export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface ConsoleFile {
  body: Buffer;
  gzip?: Buffer;
  type: string;
  /** Content-hashed assets never change under their name. */
  immutable: boolean;
}

export interface ConsoleOptions {
  /** The built console (default `<package>/web/dist`). */
  dir?: string;
}

/** The default location of the built console. */
export function consoleDir(): string {
  return path.join(packageRoot(), 'web', 'dist');
}

function readTree(dir: string, prefix = ''): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      for (const [name, file] of readTree(full, rel)) files.set(name, file);
      continue;
    }
    if (!entry.isFile()) continue;
    const type = CONTENT_TYPES[path.extname(entry.name)] ?? 'application/octet-stream';
    const body = readFileSync(full);
    const file: ConsoleFile = { body, type, immutable: prefix === '/assets' };
    // Text assets (the bundle, the check catalogue) shrink several-fold; compressed once, here.
    if (/^(text\/|application\/json)/.test(type) && body.length > 1024) file.gzip = gzipSync(body, { level: 9 });
    files.set(rel, file);
  }
  return files;
}

/**
 * The console plugin for `buildPlatformApp({ console: consolePlugin })`: serves web/dist when it
 * was built; when it was not (`npm run build` not run), / says so and the server runs API-only.
 */
export const consolePlugin: FastifyPluginAsync = async (app) => {
  const plugin = createConsolePlugin();
  if (plugin) return plugin(app, {});
  app.get('/', async (_request, reply) => reply.type('text/plain').send('Rampart platform API: /api/v1 (the web console is not built; run npm run build).\n'));
};

/**
 * A console plugin serving the build in `dir` (default web/dist), or undefined when there is no
 * build there (no index.html).
 */
export function createConsolePlugin(options: ConsoleOptions = {}): FastifyPluginAsync | undefined {
  const dir = options.dir ?? consoleDir();
  const indexPath = path.join(dir, 'index.html');
  if (!existsSync(indexPath) || !statSync(indexPath).isFile()) return undefined;
  const files = readTree(dir);
  const index = files.get('/index.html')!;

  const send = (reply: FastifyReply, file: ConsoleFile, acceptEncoding: string | undefined, head: boolean): FastifyReply => {
    reply.headers(CONSOLE_SECURITY_HEADERS);
    reply.header('content-type', file.type);
    reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.header('vary', 'accept-encoding');
    const gzip = file.gzip && /\bgzip\b/.test(acceptEncoding ?? '');
    if (gzip) reply.header('content-encoding', 'gzip');
    const body = gzip ? file.gzip! : file.body;
    if (head) return reply.header('content-length', body.length).send();
    return reply.send(body);
  };

  const plugin: FastifyPluginAsync = async (app) => {
    app.get('/', async (_request, reply) => reply.headers(CONSOLE_SECURITY_HEADERS).redirect(`${CONSOLE_PREFIX}/`, 302));
    app.get(CONSOLE_PREFIX, async (_request, reply) => reply.headers(CONSOLE_SECURITY_HEADERS).redirect(`${CONSOLE_PREFIX}/`, 301));
    app.get<{ Params: { '*': string } }>(`${CONSOLE_PREFIX}/*`, async (request, reply) => {
      const rel = `/${request.params['*']}`;
      const file = files.get(rel);
      const head = request.method === 'HEAD';
      if (file && rel !== '/index.html') return send(reply, file, request.headers['accept-encoding'], head);
      // A missing asset is a 404, not the page: a browser would otherwise run HTML as script.
      if (rel.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(rel)) {
        return reply.headers(CONSOLE_SECURITY_HEADERS).code(404).type('application/json').send({ error: `console file ${CONSOLE_PREFIX}${rel} not found` });
      }
      return send(reply, index, request.headers['accept-encoding'], head);
    });
  };
  return plugin;
}
