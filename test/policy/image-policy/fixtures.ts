import { createHash, createPrivateKey, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { json as sigstoreJson } from '@sigstore/core';
import { blobFile, readManifest, requireTool, tool, type BuiltImage } from '../../helpers/images.js';
import type { RunningRegistry } from '../../helpers/registry.js';

/**
 * Signature fixtures for the image policy tests, in the exact formats the tools write: pushes of
 * raw blobs and manifests to the real local registry (the distribution API's upload flow), cosign
 * `.sig` manifests with simple-signing payloads, Rekor bundles, Notation JWS envelopes behind the
 * referrers tag schema, X.509 CAs made with openssl, and a TCP proxy that counts the bytes a
 * client sends (so a test can prove a decision made no request).
 */

const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function request(registry: RunningRegistry, method: string, urlPath: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(urlPath, `https://${registry.host}`);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: registry.tls?.cert,
        headers: { authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`, ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function pushBlob(registry: RunningRegistry, repository: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const started = await request(registry, 'POST', `/v2/${repository}/blobs/uploads/`);
  if (started.status !== 202) throw new Error(`blob upload start: ${started.status} ${started.body.toString()}`);
  const location = new URL(String(started.headers.location), `https://${registry.host}`);
  location.searchParams.set('digest', digest);
  const done = await request(registry, 'PUT', location.pathname + location.search, data, { 'content-type': 'application/octet-stream' });
  if (done.status !== 201) throw new Error(`blob upload: ${done.status} ${done.body.toString()}`);
  return digest;
}

export async function pushManifest(registry: RunningRegistry, repository: string, reference: string, manifest: object, mediaType: string): Promise<{ digest: string; size: number }> {
  const body = Buffer.from(JSON.stringify(manifest));
  const answer = await request(registry, 'PUT', `/v2/${repository}/manifests/${reference}`, body, { 'content-type': mediaType });
  if (answer.status !== 201) throw new Error(`manifest push ${repository}:${reference}: ${answer.status} ${answer.body.toString()}`);
  return { digest: sha256(body), size: body.length };
}

/** Pushes an OCI-layout image to `repository:tag` over the distribution API (faster than skopeo per repository); returns its digest. */
export async function pushImage(registry: RunningRegistry, image: BuiltImage, repository: string, tag: string): Promise<string> {
  const manifest = await readManifest(image);
  for (const blob of [manifest.config, ...manifest.layers]) await pushBlob(registry, repository, await readFile(blobFile(image.layout, blob.digest)));
  const body = await readFile(blobFile(image.layout, manifest.digest));
  const answer = await request(registry, 'PUT', `/v2/${repository}/manifests/${tag}`, body, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
  if (answer.status !== 201) throw new Error(`image push ${repository}:${tag}: ${answer.status} ${answer.body.toString()}`);
  return manifest.digest;
}

export async function getManifest(registry: RunningRegistry, repository: string, reference: string): Promise<{ digest: string; size: number; mediaType: string }> {
  const answer = await request(registry, 'GET', `/v2/${repository}/manifests/${reference}`, undefined, {
    accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json',
  });
  if (answer.status !== 200) throw new Error(`manifest ${repository}:${reference}: ${answer.status}`);
  return { digest: sha256(answer.body), size: answer.body.length, mediaType: String(answer.headers['content-type']) };
}

/** The cosign simple-signing payload for a digest, as cosign writes it. */
export function cosignPayload(dockerReference: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({ critical: { identity: { 'docker-reference': dockerReference }, image: { 'docker-manifest-digest': digest }, type: 'cosign container image signature' }, optional: null }),
  );
}

export interface CosignLayer {
  payload: Buffer;
  annotations: Record<string, string>;
}

/** Pushes a cosign signature manifest (`sha256-<hex>.sig`) holding these signature layers. */
export async function pushCosignSignature(registry: RunningRegistry, repository: string, imageDigest: string, layers: readonly CosignLayer[]): Promise<void> {
  const descriptors = [];
  for (const layer of layers) {
    const digest = await pushBlob(registry, repository, layer.payload);
    descriptors.push({ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', size: layer.payload.length, digest, annotations: layer.annotations });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
      os: '',
      rootfs: { type: 'layers', diff_ids: descriptors.map((d) => d.digest) },
      config: {},
    }),
  );
  const configDigest = await pushBlob(registry, repository, config);
  await pushManifest(
    registry,
    repository,
    `${imageDigest.replace(':', '-')}.sig`,
    { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: config.length, digest: configDigest }, layers: descriptors },
    'application/vnd.oci.image.manifest.v1+json',
  );
}

/** cosign's signature: ECDSA (DER) over SHA-256 of the payload, base64. */
export function cosignSign(payload: Buffer, key: KeyObject): string {
  return sign('sha256', payload, key).toString('base64');
}

/** A Rekor bundle (SET over the canonical Payload) for a hashedrekord entry of this signature. */
export function rekorBundle(args: { payload: Buffer; signature: string; certPem: string; rekorKey: KeyObject; rekorPublic: KeyObject; integratedTime: number }): string {
  const body = Buffer.from(
    JSON.stringify({
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: createHash('sha256').update(args.payload).digest('hex') } },
        signature: { content: args.signature, publicKey: { content: Buffer.from(args.certPem).toString('base64') } },
      },
    }),
  ).toString('base64');
  const logID = createHash('sha256').update(args.rekorPublic.export({ type: 'spki', format: 'der' })).digest('hex');
  const Payload = { body, integratedTime: args.integratedTime, logIndex: 4242, logID };
  const set = sign('sha256', Buffer.from(sigstoreJson.canonicalize(Payload)), args.rekorKey).toString('base64');
  return JSON.stringify({ SignedEntryTimestamp: set, Payload });
}

export interface Issued {
  certPem: string;
  cert: X509Certificate;
  key: KeyObject;
  keyPath: string;
  certPath: string;
}

/**
 * A certificate made with openssl: a self-signed root when `issuer` is absent, else signed by it.
 * `extensions` are openssl x509v3 config lines (`subjectAltName=email:a@b`).
 */
export async function issue(dir: string, name: string, subject: string, extensions: readonly string[], issuer?: Issued, days = 2): Promise<Issued> {
  await requireTool('openssl');
  const keyPath = path.join(dir, `${name}.key`);
  const certPath = path.join(dir, `${name}.pem`);
  const extPath = path.join(dir, `${name}.ext`);
  await writeFile(extPath, `${extensions.join('\n')}\n`);
  await tool('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', keyPath]);
  if (issuer) {
    const csr = path.join(dir, `${name}.csr`);
    await tool('openssl', ['req', '-new', '-key', keyPath, '-subj', subject, '-out', csr]);
    await tool('openssl', ['x509', '-req', '-in', csr, '-CA', issuer.certPath, '-CAkey', issuer.keyPath, '-set_serial', String(Date.now()), '-days', String(days), '-extfile', extPath, '-out', certPath]);
  } else {
    await tool('openssl', ['req', '-x509', '-new', '-key', keyPath, '-subj', subject, '-days', String(days), '-out', certPath, ...extensions.flatMap((e) => ['-addext', e])]);
  }
  const certPem = await readFile(certPath, 'utf8');
  return { certPem, cert: new X509Certificate(certPem), key: createPrivateKey(await readFile(keyPath)), keyPath, certPath };
}

export const CA_EXTENSIONS = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'];

/** A TCP proxy in front of `target` that counts the bytes clients send through it. */
export async function countingProxy(target: string): Promise<{ host: string; bytesSent: () => number; connections: () => number; stop(): Promise<void> }> {
  const [targetHost, targetPort] = target.split(':') as [string, string];
  let bytes = 0;
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(Number(targetPort), targetHost);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => (bytes += chunk.length));
    client.pipe(upstream).pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    bytesSent: () => bytes,
    connections: () => connections,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const EMPTY_CONFIG = Buffer.from('{}');

/** A Notation JWS envelope (JSON serialisation) over the Notary payload for `target`, signed by `signer` with ES256. */
export function notationJws(target: { digest: string; size: number; mediaType: string }, signer: Issued, chain: readonly Issued[], overrides: { signingTime?: string; payloadDigest?: string } = {}): Buffer {
  const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');
  const protectedHeader = b64url(
    JSON.stringify({
      alg: 'ES256',
      crit: ['io.cncf.notary.signingScheme'],
      cty: 'application/vnd.cncf.notary.payload.v1+json',
      'io.cncf.notary.signingScheme': 'notary.x509',
      'io.cncf.notary.signingTime': overrides.signingTime ?? new Date().toISOString(),
    }),
  );
  const payload = b64url(JSON.stringify({ targetArtifact: { mediaType: target.mediaType, digest: overrides.payloadDigest ?? target.digest, size: target.size } }));
  const signature = sign('sha256', Buffer.from(`${protectedHeader}.${payload}`), { key: signer.key, dsaEncoding: 'ieee-p1363' });
  return Buffer.from(
    JSON.stringify({
      payload,
      protected: protectedHeader,
      header: { x5c: [signer, ...chain].map((c) => c.cert.raw.toString('base64')), 'io.cncf.notary.signingAgent': 'rampart-test' },
      signature: b64url(signature),
    }),
  );
}

/**
 * Pushes a Notation signature the way notation does on a registry without the referrers API: the
 * signature manifest (artifactType application/vnd.cncf.notary.signature, subject = the image)
 * by digest, then the referrers index under the `sha256-<hex>` tag.
 */
export async function pushNotationSignature(
  registry: RunningRegistry,
  repository: string,
  subject: { digest: string; size: number; mediaType: string },
  envelope: Buffer,
  envelopeType = 'application/jose+json',
  options: { tagSchema?: boolean } = {},
): Promise<{ mediaType: string; digest: string; size: number; artifactType: string; annotations: Record<string, string> }> {
  const configDigest = await pushBlob(registry, repository, EMPTY_CONFIG);
  const envelopeDigest = await pushBlob(registry, repository, envelope);
  const annotations = { 'io.cncf.notary.x509chain.thumbprint#S256': '[]', 'org.opencontainers.image.created': new Date().toISOString() };
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: 'application/vnd.cncf.notary.signature',
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: configDigest, size: EMPTY_CONFIG.length },
    layers: [{ mediaType: envelopeType, digest: envelopeDigest, size: envelope.length }],
    subject,
    annotations,
  };
  const body = Buffer.from(JSON.stringify(manifest));
  const digest = sha256(body);
  await pushManifest(registry, repository, digest, manifest, 'application/vnd.oci.image.manifest.v1+json');
  const descriptor = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: body.length, artifactType: 'application/vnd.cncf.notary.signature', annotations };
  if (options.tagSchema !== false) {
    await pushManifest(registry, repository, subject.digest.replace(':', '-'), { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [descriptor] }, 'application/vnd.oci.image.index.v1+json');
  }
  return descriptor;
}

/**
 * An HTTPS front for the real registry that adds the OCI 1.1 referrers API (which the installed
 * distribution 2.8 lacks) in its wire format: `GET /v2/<repo>/referrers/<digest>` answers an
 * index of the descriptors registered here, behind the same Basic authentication; every other
 * request is forwarded to the registry unchanged.
 */
export async function referrersFront(registry: RunningRegistry): Promise<{ host: string; referrers: Map<string, object[]>; apiRequests: () => number; stop(): Promise<void> }> {
  const referrers = new Map<string, object[]>();
  let apiRequests = 0;
  const expected = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`;
  const server = https.createServer({ cert: registry.tls!.cert, key: registry.tls!.key }, (req, res) => {
    const match = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/.exec(new URL(req.url ?? '/', 'https://x').pathname);
    if (match) {
      apiRequests++;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="rampart-test"', 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      const manifests = referrers.get(`${match[1]}@${match[2]}`) ?? [];
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' }).end(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
      return;
    }
    const upstream = https.request(
      { host: '127.0.0.1', port: Number(registry.host.split(':')[1]), path: req.url, method: req.method, headers: { ...req.headers, host: registry.host }, ca: registry.tls!.cert },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    referrers,
    apiRequests: () => apiRequests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
