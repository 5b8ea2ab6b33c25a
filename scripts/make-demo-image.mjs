// Writes the demo image, an OCI archive of a small Alpine 3.19 payments service, into the given path.
// Everything in it is made here, deterministically: no registry, no network. The package database
// names real Alpine 3.19 package versions so the bundled vulnerability data has something real to
// match, the app ships real npm and PyPI package metadata, and the layers hold the mistakes the
// scanners look for — a secret added in one layer and deleted in a later one, a token in the
// environment, no USER, no HEALTHCHECK, sshd's port exposed, a setuid binary, an apk cache.
// The "secrets" are fakes made for the demo; none was ever valid.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

const EPOCH = new Date('2024-03-01T09:00:00Z');

function apkEntry({ name, version, origin, license, description }) {
  return [`P:${name}`, `V:${version}`, 'A:x86_64', `T:${description}`, `L:${license}`, `o:${origin}`, `t:${Math.floor(EPOCH.getTime() / 1000)}`, ''].join('\n');
}

const APK_PACKAGES = [
  { name: 'musl', version: '1.2.4_git20230717-r4', origin: 'musl', license: 'MIT', description: 'the musl c library (libc) implementation' },
  { name: 'busybox', version: '1.36.1-r15', origin: 'busybox', license: 'GPL-2.0-only', description: 'Size optimized toolbox of many common UNIX utilities' },
  { name: 'busybox-binsh', version: '1.36.1-r15', origin: 'busybox', license: 'GPL-2.0-only', description: 'busybox ash /bin/sh' },
  { name: 'libcrypto3', version: '3.1.4-r2', origin: 'openssl', license: 'Apache-2.0', description: 'Crypto library from openssl' },
  { name: 'libssl3', version: '3.1.4-r2', origin: 'openssl', license: 'Apache-2.0', description: 'SSL shared libraries' },
  { name: 'zlib', version: '1.3-r2', origin: 'zlib', license: 'Zlib', description: 'A compression/decompression Library' },
  { name: 'libexpat', version: '2.5.0-r2', origin: 'expat', license: 'MIT', description: 'XML SAX Parser library written in C' },
  { name: 'libxml2', version: '2.11.6-r0', origin: 'libxml2', license: 'MIT', description: 'XML parsing library, version 2' },
  { name: 'nodejs', version: '20.11.1-r0', origin: 'nodejs', license: 'MIT', description: 'JavaScript runtime built on V8 engine - LTS version' },
  { name: 'python3', version: '3.11.8-r0', origin: 'python3', license: 'PSF-2.0', description: 'A high-level scripting language' },
];

const fakeAwsKeyId = 'AKIA' + 'Q3XHDEMO7RAMPART';
const fakeAwsSecret = 'wJ4rD3mo' + 'Rampart8Fake9Secret0Key1Zz2Yy3Xx4Ww5Vv';
const fakeGithubToken = 'ghp_' + 'DemoRampartFakeToken0123456789abcdefAB';

const LAYERS = [
  {
    createdBy: 'ADD alpine-minirootfs-3.19.1-x86_64.tar.gz / # buildkit',
    files: {
      '/etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\nHOME_URL="https://alpinelinux.org/"\n',
      '/etc/alpine-release': '3.19.1\n',
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n',
      '/lib/apk/db/installed': APK_PACKAGES.map(apkEntry).join('\n'),
      '/bin/busybox': { content: '#!/bin/sh\n# demo stand-in for the busybox binary\n', mode: 0o755 },
      '/bin/bbsuid': { content: '#!/bin/sh\n# demo stand-in for busybox\'s setuid helper\n', mode: 0o4755 },
    },
  },
  {
    createdBy: 'RUN /bin/sh -c apk add --no-cache nodejs python3 openssh-server # buildkit',
    files: {
      '/usr/sbin/sshd': { content: '#!/bin/sh\n# demo stand-in for the OpenSSH daemon\n', mode: 0o755 },
      '/var/cache/apk/APKINDEX.7f3d1e2a.tar.gz': 'demo apk index left behind\n',
    },
  },
  {
    createdBy: 'COPY app/ /app/ # buildkit',
    files: {
      '/app/package.json': JSON.stringify({ name: 'payments-api', version: '1.4.2', private: true, dependencies: { minimist: '1.2.5' } }, null, 2),
      '/app/node_modules/minimist/package.json': JSON.stringify({ name: 'minimist', version: '1.2.5', license: 'MIT', description: 'parse argument options' }, null, 2),
      '/app/server.js': "require('http').createServer((q, s) => s.end('ok')).listen(8080);\n",
      '/app/venv/lib/python3.11/site-packages/requests-2.28.1.dist-info/METADATA':
        'Metadata-Version: 2.1\nName: requests\nVersion: 2.28.1\nSummary: Python HTTP for Humans.\nLicense: Apache 2.0\n',
    },
  },
  {
    createdBy: 'ADD https://config.harbour-bank.example/payments/.env /app/config/.env # buildkit',
    files: {
      '/app/config/.env': `AWS_ACCESS_KEY_ID=${fakeAwsKeyId}\nAWS_SECRET_ACCESS_KEY=${fakeAwsSecret}\nDATABASE_URL=postgres://payments:Harb0ur-Demo-Pa55@ledger-db:5432/payments\n`,
    },
  },
  {
    createdBy: 'RUN /bin/sh -c rm /app/config/.env # buildkit',
    files: { '/app/config/.wh..env': '' },
  },
];

function sha256(buf) {
  return 'sha256:' + createHash('sha256').update(buf).digest('hex');
}

/** A tar archive of the entries `addEntries` writes to the pack, as one buffer. */
async function packTar(addEntries) {
  const pack = tar.pack();
  const chunks = [];
  pack.on('data', (c) => chunks.push(c));
  const done = new Promise((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  addEntries(pack);
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A layer tar of `files` (path → content or {content, mode}), parent directories included. */
function tarOf(files) {
  return packTar((pack) => {
    const dirs = new Set();
    for (const path of Object.keys(files).sort()) {
      const parts = path.split('/').filter(Boolean);
      for (let i = 1; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        if (dirs.has(dir)) continue;
        dirs.add(dir);
        pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime: EPOCH });
      }
      const spec = files[path];
      const content = typeof spec === 'string' ? spec : spec.content;
      const mode = typeof spec === 'string' ? 0o644 : spec.mode;
      pack.entry({ name: parts.join('/'), mode, mtime: EPOCH, uid: 0, gid: 0 }, content);
    }
  });
}

export async function makeDemoImage(outFile) {
  const blobs = new Map();
  const layerDescriptors = [];
  const diffIds = [];
  for (const layer of LAYERS) {
    const raw = await tarOf(layer.files);
    const gz = gzipSync(raw, { level: 9 });
    diffIds.push(sha256(raw));
    const digest = sha256(gz);
    blobs.set(digest, gz);
    layerDescriptors.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: gz.length });
  }
  const config = Buffer.from(
    JSON.stringify({
      created: EPOCH.toISOString(),
      architecture: 'amd64',
      os: 'linux',
      config: {
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `PAYMENTS_GITHUB_TOKEN=${fakeGithubToken}`, 'NODE_ENV=production'],
        Cmd: ['node', '/app/server.js'],
        WorkingDir: '/app',
        ExposedPorts: { '8080/tcp': {}, '22/tcp': {} },
        Labels: { 'org.opencontainers.image.title': 'payments-api', 'org.opencontainers.image.vendor': 'Harbour Bank (demo)' },
      },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: LAYERS.map((l) => ({ created: EPOCH.toISOString(), created_by: l.createdBy })),
    }),
  );
  const configDigest = sha256(config);
  blobs.set(configDigest, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: layerDescriptors,
    }),
  );
  const manifestDigest = sha256(manifest);
  blobs.set(manifestDigest, manifest);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: manifestDigest,
        size: manifest.length,
        platform: { architecture: 'amd64', os: 'linux' },
        annotations: { 'org.opencontainers.image.ref.name': '1.4.2', 'io.containerd.image.name': 'registry.harbour-bank.example/payments/api:1.4.2' },
      },
    ],
  };
  const layout = await packTar((pack) => {
    pack.entry({ name: 'oci-layout', mtime: EPOCH }, JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    pack.entry({ name: 'index.json', mtime: EPOCH }, JSON.stringify(index));
    for (const [digest, blob] of blobs) pack.entry({ name: `blobs/sha256/${digest.slice(7)}`, mtime: EPOCH }, blob);
  });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, layout);
  return { manifestDigest, configDigest };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? 'demo/out/payments-api.oci.tar';
  const { manifestDigest } = await makeDemoImage(out);
  console.error(`demo image written to ${out} (${manifestDigest})`);
}
