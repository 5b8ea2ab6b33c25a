import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * Bundle signatures: Ed25519 by default (what `rampart db keygen` makes); ECDSA P-256/P-384 keys
 * are accepted for publishers whose key policy requires them. Keys are PEM (PKCS#8 private, SPKI
 * public). The signature covers the manifest bytes exactly as stored in the bundle.
 */

export interface KeyPairPem {
  privateKey: string;
  publicKey: string;
}

export function generateSigningKeys(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Short fingerprint of a public key (SHA-256 of its SPKI DER), shown in the manifest and status. */
export function keyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Ed25519 signs the message itself; ECDSA signs its SHA-256 (384 for P-384). */
function digestFor(key: KeyObject): string | null {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return null;
  if (type === 'ec') return key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'sha384' : 'sha256';
  throw new Error(`unsupported key type ${type ?? 'unknown'} (expected Ed25519 or ECDSA)`);
}

export async function readPrivateKey(file: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`signing key ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { cause: err });
  }
  try {
    const key = createPrivateKey(pem);
    digestFor(key);
    return key;
  } catch (err) {
    throw new Error(`signing key ${file}: not a PEM Ed25519 or ECDSA private key (${(err as Error).message})`, { cause: err });
  }
}

export async function readPublicKey(file: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`trusted key ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { cause: err });
  }
  try {
    const key = createPublicKey(pem);
    digestFor(key);
    return key;
  } catch (err) {
    throw new Error(`trusted key ${file}: not a PEM Ed25519 or ECDSA public key (${(err as Error).message})`, { cause: err });
  }
}

export function signBytes(message: Uint8Array, privateKey: KeyObject): Buffer {
  return sign(digestFor(privateKey), message, privateKey);
}

/** The id of the first trusted key that verifies the signature, or undefined when none does. */
export function verifyBytes(message: Uint8Array, signature: Uint8Array, trusted: readonly KeyObject[]): string | undefined {
  for (const key of trusted) {
    try {
      if (verify(digestFor(key), message, key, signature)) return keyId(key);
    } catch {
      // A malformed signature for this key type is simply not a match.
    }
  }
  return undefined;
}
