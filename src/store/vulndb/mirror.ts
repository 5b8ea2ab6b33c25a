import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, rm, mkdir } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { rootCertificates } from 'node:tls';
import { BUNDLE_FILE } from './bundle.js';
import { installBundle, removeAbandonedTemps, tempPath, type InstallOptions, type InstallResult } from './install.js';

export interface MirrorOptions {
  /** Base URL of the mirror; the bundle is `<mirror>/rampart-db.tar.zst`. There is no default: air-gapped sites name their own. */
  mirror: string;
  /** PEM file of the CA(s) that sign the mirror's certificate, added to Node's bundled roots. */
  caCert?: string;
  /** Seconds allowed to connect and between bytes; the whole download may take longer. */
  timeoutSeconds?: number;
  onProgress?: (received: number, total: number | undefined) => void;
}

/** The bundle's URL under a mirror, whether or not the mirror URL ends in `/`. */
export function bundleUrl(mirror: string): URL {
  let base: URL;
  try {
    base = new URL(mirror.endsWith('/') ? mirror : `${mirror}/`);
  } catch {
    throw new Error(`--mirror ${mirror}: not a URL`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`--mirror ${mirror}: expected an http:// or https:// URL`);
  return new URL(BUNDLE_FILE, base);
}

/** Downloads the bundle to `target`, following at most five redirects and never from https down to http. */
export async function download(url: URL, target: string, options: Omit<MirrorOptions, 'mirror'>): Promise<void> {
  const ca = options.caCert ? await readCa(options.caCert) : undefined;
  const timeout = (options.timeoutSeconds ?? 60) * 1000;
  let current = url;
  for (let hop = 0; hop <= 5; hop++) {
    const response = await request(current, ca, timeout);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      const next = new URL(response.headers.location, current);
      if (url.protocol === 'https:' && next.protocol !== 'https:') throw new Error(`${current.href}: redirect to ${next.protocol} refused (the mirror was https)`);
      current = next;
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new Error(`${current.href}: HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
    }
    const total = Number(response.headers['content-length']) || undefined;
    let received = 0;
    response.on('data', (chunk: Buffer) => {
      received += chunk.length;
      options.onProgress?.(received, total);
    });
    response.setTimeout(timeout, () => response.destroy(new Error(`${current.href}: no data for ${timeout / 1000} s`)));
    const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(response, out);
    } catch (err) {
      // A stream torn down before its file was open still creates the file: wait for it to close, so the caller's cleanup finds it.
      if (!out.closed) await once(out, 'close').catch(() => undefined);
      const message = (err as Error).message;
      throw new Error(message.startsWith(current.href) ? message : `${current.href}: download failed after ${received}${total ? ` of ${total}` : ''} bytes (${message})`, { cause: err });
    }
    if (total !== undefined && received !== total) throw new Error(`${current.href}: download ended after ${received} of ${total} bytes`);
    return;
  }
  throw new Error(`${url.href}: more than five redirects`);
}

function request(url: URL, ca: Buffer | undefined, timeout: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage): void => resolve(res);
    const req =
      url.protocol === 'https:'
        ? https.get(url, { timeout, ...(ca ? { ca: [...tlsRootsWith(ca)] } : {}) }, onResponse)
        : http.get(url, { timeout }, onResponse);
    req.on('timeout', () => req.destroy(new Error(`${url.href}: no answer within ${timeout / 1000} s`)));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new Error(err.message.startsWith(url.href) ? err.message : `${url.href}: ${err.code ?? ''}${err.code ? ' ' : ''}${err.message}`)));
  });
}

/** A custom CA adds to the bundled roots rather than replacing them: a mirror behind a public CA keeps working. */
function tlsRootsWith(ca: Buffer): string[] {
  return [...rootCertificates, ca.toString('utf8')];
}

async function readCa(file: string): Promise<Buffer> {
  try {
    const pem = await readFile(file);
    if (!pem.toString('utf8').includes('-----BEGIN CERTIFICATE-----')) throw new Error('not a PEM certificate');
    return pem;
  } catch (err) {
    throw new Error(`--ca-cert ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { cause: err });
  }
}

/** `rampart db update`: fetch the mirror's bundle into the database folder, then install it exactly as an import would. */
export async function updateFromMirror(options: MirrorOptions & InstallOptions): Promise<InstallResult> {
  const url = bundleUrl(options.mirror);
  await mkdir(options.dbDir, { recursive: true });
  await removeAbandonedTemps(options.dbDir);
  const downloaded = tempPath(options.dbDir, 'tar.zst');
  try {
    await download(url, downloaded, options);
    return await installBundle(downloaded, options);
  } finally {
    await rm(downloaded, { force: true });
  }
}
