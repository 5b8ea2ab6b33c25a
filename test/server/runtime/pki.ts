import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { requireTool, tool } from '../../helpers/images.js';

/**
 * A test PKI made with `openssl`: a CA that signs the receiver's serving certificate and the
 * clients allowed to call it (as the API server's kubeconfig or Falco's http_output would
 * present), one more client of the same CA with another name, and a client of a stranger CA.
 */

export interface KeyPair {
  cert: string;
  key: string;
}

export interface TestPki {
  caCert: string;
  server: KeyPair;
  /** CN=kube-apiserver, signed by the CA. */
  apiServer: KeyPair;
  /** CN=falco, signed by the CA. */
  falco: KeyPair;
  /** CN=intruder, signed by the CA: trusted, but not an allowed name where names are limited. */
  intruder: KeyPair;
  /** CN=kube-apiserver, signed by a CA the receiver does not trust. */
  rogue: KeyPair;
}

export async function makeTestPki(dir: string): Promise<TestPki> {
  await requireTool('openssl');
  const file = (name: string): string => path.join(dir, name);
  const newKey = (name: string): string[] => ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file(`${name}.key`)];
  const makeCa = (name: string): Promise<string> =>
    tool('openssl', ['req', '-x509', ...newKey(name), '-out', file(`${name}.crt`), '-days', '2', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const issue = async (name: string, ca: string, extensions: string[]): Promise<KeyPair> => {
    // A random serial each: a shared serial file would race between certificates issued in parallel.
    await tool('openssl', ['req', ...newKey(name), '-out', file(`${name}.csr`), '-subj', `/CN=${name.replace(/^rogue-/, '')}`]);
    await writeFile(file(`${name}.ext`), `${extensions.join('\n')}\n`);
    await tool('openssl', ['x509', '-req', '-in', file(`${name}.csr`), '-CA', file(`${ca}.crt`), '-CAkey', file(`${ca}.key`), '-set_serial', `0x${randomBytes(16).toString('hex')}`, '-days', '2', '-sha256', '-extfile', file(`${name}.ext`), '-out', file(`${name}.crt`)]);
    return { cert: await readFile(file(`${name}.crt`), 'utf8'), key: await readFile(file(`${name}.key`), 'utf8') };
  };
  const client = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'];
  await Promise.all([makeCa('test-ca'), makeCa('stranger-ca')]);
  const [server, apiServer, falco, intruder, rogue] = await Promise.all([
    issue('rampart-receiver', 'test-ca', ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost']),
    issue('kube-apiserver', 'test-ca', client),
    issue('falco', 'test-ca', client),
    issue('intruder', 'test-ca', client),
    issue('rogue-kube-apiserver', 'stranger-ca', client),
  ]);
  return { caCert: await readFile(file('test-ca.crt'), 'utf8'), server, apiServer, falco, intruder, rogue };
}
