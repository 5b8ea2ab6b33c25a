import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A private CA and a serving certificate for the webhook, made with the `openssl` command:
 * node:crypto makes keys but not X.509 certificates, and no certificate library is a dependency.
 * The CA key is thrown away once the serving certificate is signed: nothing else should ever be
 * signed by it; rotating means generating both again (or using cert-manager).
 */

export interface ServingCertificate {
  caCert: string;
  cert: string;
  key: string;
}

export interface CertificateRequest {
  commonName: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  /** Validity of the serving certificate in days (the CA lives ten years). */
  days?: number;
  /** `client` makes a client certificate (clientAuth) instead, e.g. for the API server's side of mutual TLS. */
  usage?: 'server' | 'client';
}

export async function makeServingCertificate(request: CertificateRequest): Promise<ServingCertificate> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-certs-'));
  try {
    const file = (name: string): string => path.join(dir, name);
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '3650',
      '-subj', `/CN=${request.commonName} CA`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('tls.key'), '-out', file('tls.csr'), '-subj', `/CN=${request.commonName}`]);
    const san = [...(request.dnsNames ?? []).map((d) => `DNS:${d}`), ...(request.ipAddresses ?? []).map((ip) => `IP:${ip}`)];
    const extensions = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', `extendedKeyUsage=${request.usage === 'client' ? 'clientAuth' : 'serverAuth'}`];
    if (san.length) extensions.push(`subjectAltName=${san.join(',')}`);
    await writeFile(file('ext.cnf'), `${extensions.join('\n')}\n`);
    openssl(['x509', '-req', '-in', file('tls.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-set_serial', `0x${randomBytes(16).toString('hex')}`,
      '-days', String(request.days ?? 825), '-sha256', '-extfile', file('ext.cnf'), '-out', file('tls.crt')]);
    const [caCert, cert, key] = await Promise.all(['ca.crt', 'tls.crt', 'tls.key'].map((n) => readFile(file(n), 'utf8')));
    return { caCert: caCert as string, cert: cert as string, key: key as string };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? 'openssl not found: install it (Debian: apt-get install openssl) or use --cert-manager' : `openssl: ${result.error.message}`);
  }
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${(result.stderr || '').trim().split('\n').pop() ?? ''}`);
}
