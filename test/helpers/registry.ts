import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID, sign, X509Certificate } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireTool, tempDir, tool } from './images.js';

/**
 * Test registries on 127.0.0.1: Debian's real `docker-registry` (CNCF distribution) with TLS from a
 * self-signed certificate made here, and htpasswd or bearer-token authentication (the token
 * endpoint is a small HTTPS server here signing ES256 JWTs the registry verifies against the same
 * certificate); and a fake registry serving an OCI layout over the distribution API's wire format
 * for faults a real registry will not produce (tampered blobs, 503s, redirects).
 */

export interface TlsFiles {
  dir: string;
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  /** A directory holding only `ca.crt`, for skopeo's `--dest-cert-dir`. */
  certDir: string;
}

/** A self-signed P-256 certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1). */
export async function makeTlsCert(dir: string): Promise<TlsFiles> {
  await requireTool('openssl');
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  await tool('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  const certDir = path.join(dir, 'certs.d');
  await mkdir(certDir, { recursive: true });
  const cert = await readFile(certPath, 'utf8');
  await writeFile(path.join(certDir, 'ca.crt'), cert);
  return { dir, certPath, keyPath, cert, key: await readFile(keyPath, 'utf8'), certDir };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(20);
  }
  throw new Error(`docker-registry did not listen on ${port} within 5 s: ${log()}`);
}

export interface RegistryOptions {
  /** `htpasswd` (Basic, the default), `token` (Bearer via a local token endpoint) or `none`. */
  auth?: 'htpasswd' | 'token' | 'none';
  /** HTTPS with a self-signed certificate (default); false serves plain HTTP. */
  tls?: boolean;
  username?: string;
  password?: string;
}

export interface TokenRequest {
  user?: string;
  scopes: string[];
  service?: string;
}

export interface RunningRegistry {
  /** `127.0.0.1:PORT`. */
  host: string;
  username: string;
  password: string;
  tls?: TlsFiles;
  /** Requests the token endpoint answered (token auth only). */
  tokenRequests: TokenRequest[];
  /** Pushes an image (`oci:layout:tag`) to `repository:tag` here with skopeo; `all` copies every platform of an index. */
  push(source: string, repoTag: string, options?: { all?: boolean; format?: 'oci' | 'v2s2' }): Promise<string>;
  stop(): Promise<void>;
}

export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  await requireTool('docker-registry');
  await requireTool('skopeo');
  const auth = options.auth ?? 'htpasswd';
  const useTls = options.tls ?? true;
  const username = options.username ?? 'rampart';
  const password = options.password ?? 'pull-secret-123';
  const dir = await tempDir('rampart-registry-');
  const tls = useTls || auth === 'token' ? await makeTlsCert(dir) : undefined;
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const tokenRequests: TokenRequest[] = [];
  let tokenServer: https.Server | undefined;
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'data')}`,
    'http:',
    `  addr: ${host}`,
  ];
  if (useTls && tls) lines.push('  tls:', `    certificate: ${tls.certPath}`, `    key: ${tls.keyPath}`);
  if (auth === 'htpasswd') {
    await requireTool('htpasswd', 'apache2-utils');
    await writeFile(path.join(dir, 'htpasswd'), await tool('htpasswd', ['-Bbn', username, password]));
    lines.push('auth:', '  htpasswd:', '    realm: rampart-test', `    path: ${path.join(dir, 'htpasswd')}`);
  } else if (auth === 'token') {
    const service = 'rampart-test-registry';
    const issuer = 'rampart-test-issuer';
    const started = await startTokenServer(tls!, { username, password, service, issuer, requests: tokenRequests });
    tokenServer = started.server;
    lines.push('auth:', '  token:', `    realm: https://127.0.0.1:${started.port}/token`, `    service: ${service}`, `    issuer: ${issuer}`, `    rootcertbundle: ${tls!.certPath}`);
  }
  const configPath = path.join(dir, 'config.yml');
  await writeFile(configPath, `${lines.join('\n')}\n`);
  const child = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForPort(port, child, () => output.slice(-2000));
  return {
    host,
    username,
    password,
    tls,
    tokenRequests,
    async push(source, repoTag, pushOptions = {}) {
      const args = ['copy', '-q'];
      if (pushOptions.all) args.push('--all');
      if (pushOptions.format) args.push('--format', pushOptions.format);
      args.push(tls && useTls ? `--dest-cert-dir=${tls.certDir}` : '--dest-tls-verify=false');
      if (auth !== 'none') args.push('--dest-creds', `${username}:${password}`);
      args.push(source, `docker://${host}/${repoTag}`);
      await tool('skopeo', args);
      return `${host}/${repoTag}`;
    },
    async stop() {
      tokenServer?.close();
      tokenServer?.closeAllConnections();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The token endpoint of the distribution token spec: Basic-authenticated GET → ES256 JWT with an x5c chain. */
async function startTokenServer(
  tls: TlsFiles,
  opts: { username: string; password: string; service: string; issuer: string; requests: TokenRequest[] },
): Promise<{ server: https.Server; port: number }> {
  const der = new X509Certificate(tls.cert).raw.toString('base64');
  const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const authz = req.headers.authorization;
    let user: string | undefined;
    if (authz?.startsWith('Basic ')) {
      const [u, ...rest] = Buffer.from(authz.slice(6), 'base64').toString().split(':');
      if (u !== opts.username || rest.join(':') !== opts.password) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
        return;
      }
      user = u;
    }
    const scopes = url.searchParams.getAll('scope');
    opts.requests.push({ user, scopes, service: url.searchParams.get('service') ?? undefined });
    // Anonymous callers get a token with no access, as real token services do for private repos.
    const access = user
      ? scopes.map((s) => {
          const [type, name, actions] = s.split(':');
          return { type, name, actions: (actions ?? '').split(',').filter(Boolean) };
        })
      : [];
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [der] };
    const claims = { iss: opts.issuer, sub: user ?? '', aud: opts.service, exp: now + 600, nbf: now - 30, iat: now, jti: randomUUID(), access };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), { key: tls.key, dsaEncoding: 'ieee-p1363' });
    const token = `${signingInput}.${b64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, expires_in: 600, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as net.AddressInfo).port };
}

export interface FakeRegistryOptions {
  /** Repository name the layout is served as. */
  repository?: string;
  /** Answer this many requests with `failStatus` before serving normally. */
  failFirst?: number;
  failStatus?: number;
  /** Send blob requests to this other origin (e.g. `http://localhost:PORT`) with a 307, as registries do for object storage. */
  redirectBlobsTo?: string;
  /** Bytes to serve instead of a blob's real content, by digest (tampering). */
  replaceBlobs?: Map<string, Buffer>;
  /** Require this `Authorization` header value on /v2/ requests (Basic challenge otherwise). */
  requireAuthorization?: string;
  /** Content-Type to send for manifests instead of their mediaType. */
  manifestContentType?: string;
  /** Docker-Content-Digest to send for manifests instead of the real one. */
  manifestDigestHeader?: string;
  /** Serve over HTTPS with these files. */
  tls?: TlsFiles;
}

export interface FakeRegistry {
  host: string;
  origin: string;
  /** Every request seen: method, path and the Authorization header (for assertions). */
  requests: Array<{ method: string; path: string; authorization?: string; accept?: string }>;
  stop(): Promise<void>;
}

/**
 * Serves an OCI layout directory through the distribution API (`/v2/<repo>/manifests/<tag|digest>`,
 * `/v2/<repo>/blobs/<digest>`) with the real headers (Content-Type, Docker-Content-Digest,
 * Content-Length), plus injected faults.
 */
export async function serveLayout(layout: string, options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const repository = options.repository ?? 'test/image';
  const requests: FakeRegistry['requests'] = [];
  let failuresLeft = options.failFirst ?? 0;
  const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string; mediaType: string; annotations?: Record<string, string> }> };
  const blobPath = (digest: string): string => path.join(layout, 'blobs', 'sha256', digest.replace(/^sha256:/, ''));
  const handler: http.RequestListener = (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push({ method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization, accept: req.headers.accept });
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(options.failStatus ?? 503, { 'retry-after': '0' }).end();
        return;
      }
      if (options.requireAuthorization && url.pathname.startsWith('/v2/') && req.headers.authorization !== options.requireAuthorization) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="fake"', 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
        return;
      }
      if (url.pathname === '/v2/') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const prefix = `/v2/${repository}/`;
      const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : undefined;
      const notFound = (code: string): void => {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code, message: `${code.toLowerCase().replace('_', ' ')}` }] }));
      };
      if (rest === undefined) return notFound('NAME_UNKNOWN');
      const [kind, ref] = [rest.slice(0, rest.indexOf('/')), rest.slice(rest.indexOf('/') + 1)];
      if (kind === 'manifests') {
        const digest = ref.startsWith('sha256:') ? ref : index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === ref)?.digest;
        const body = digest ? await readFile(blobPath(digest)).catch(() => undefined) : undefined;
        if (!digest || !body) return notFound('MANIFEST_UNKNOWN');
        const mediaType = (JSON.parse(body.toString()) as { mediaType?: string }).mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
        const real = `sha256:${createHash('sha256').update(body).digest('hex')}`;
        res.writeHead(200, { 'content-type': options.manifestContentType ?? mediaType, 'docker-content-digest': options.manifestDigestHeader ?? real, 'content-length': body.length }).end(body);
        return;
      }
      if (kind === 'blobs') {
        if (options.redirectBlobsTo && !req.headers['x-redirected']) {
          res.writeHead(307, { location: `${options.redirectBlobsTo}/storage/${ref}` }).end();
          return;
        }
        const replaced = options.replaceBlobs?.get(ref);
        if (replaced) {
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': replaced.length, 'docker-content-digest': ref }).end(replaced);
          return;
        }
        const info = await stat(blobPath(ref)).catch(() => undefined);
        if (!info) return notFound('BLOB_UNKNOWN');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': info.size, 'docker-content-digest': ref });
        createReadStream(blobPath(ref)).pipe(res);
        return;
      }
      notFound('UNSUPPORTED');
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Object storage for redirected blobs: serves `/storage/<digest>` from a layout and records the Authorization headers it saw. */
export async function serveBlobStorage(layout: string): Promise<{ origin: (hostname: string) => string; authorizations: Array<string | undefined>; stop(): Promise<void> }> {
  const authorizations: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    const digest = (req.url ?? '').replace(/^\/storage\//, '');
    const file = path.join(layout, 'blobs', 'sha256', digest.replace(/^sha256:/, ''));
    createReadStream(file)
      .on('error', () => res.writeHead(404).end())
      .once('open', () => res.writeHead(200, { 'content-type': 'application/octet-stream' }))
      .pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    origin: (hostname) => `http://${hostname}:${port}`,
    authorizations,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
