import { createHash, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { X509Certificate as SigstoreCertificate, json as sigstoreJson } from '@sigstore/core';
import type { ImageReference } from '../../sources/image/reference.js';
import { IMAGE_CHECK, messages } from './messages.js';
import type { RegistryAccess, BlobDescriptor } from './registry-access.js';
import type { CosignTrust, KeylessIdentity, KeylessTrust, VerificationOutcome } from './types.js';
import { allowsCodeSigning, parsePemCertificates, verifyChain } from './x509.js';

/**
 * cosign signatures as cosign stores them: the `sha256-<hex>.sig` tag of the image's repository
 * names an OCI manifest whose layers are "simple signing" payloads
 * (`{critical: {identity, image: {docker-manifest-digest}, type}, optional}`), each with its
 * base64 signature in the `dev.cosignproject.cosign/signature` annotation. Keyless signatures add
 * the Fulcio certificate (`dev.sigstore.cosign/certificate`, `/chain`) and, for offline
 * verification, the Rekor bundle (`dev.sigstore.cosign/bundle`) whose signed entry timestamp
 * proves when the signature was logged, the moment the short-lived certificate must be valid at.
 */

export const COSIGN_ANNOTATION = {
  signature: 'dev.cosignproject.cosign/signature',
  certificate: 'dev.sigstore.cosign/certificate',
  chain: 'dev.sigstore.cosign/chain',
  bundle: 'dev.sigstore.cosign/bundle',
} as const;

export const COSIGN_PAYLOAD_TYPE = 'cosign container image signature';
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';

/** Fulcio's OIDC issuer extensions: 1.1 holds the raw string (deprecated), 1.8 a DER UTF8String. */
const OID_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';

/** `sha256:abc…` → `sha256-abc….sig`. */
export function cosignSignatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}

export async function verifyCosign(args: {
  access: RegistryAccess;
  repository: ImageReference;
  image: string;
  digest: string;
  requirement: string;
  trust: CosignTrust;
}): Promise<VerificationOutcome> {
  const { access, repository, image, digest, requirement, trust } = args;
  const manifest = await access.manifest(repository, cosignSignatureTag(digest));
  if (!manifest) return { kind: 'violation', checkId: IMAGE_CHECK.signatureMissing, message: messages.signatureMissing(image, digest, requirement, 'cosign') };
  const layers = Array.isArray(manifest.json.layers) ? (manifest.json.layers as unknown[]) : [];
  const reasons: string[] = [];
  for (const [i, layer] of layers.entries()) {
    const descriptor = signatureLayer(layer);
    if (!descriptor) {
      reasons.push(`layer ${i} is not a cosign signature`);
      continue;
    }
    const payload = await access.blob(repository, descriptor);
    const result = verifyLayer(payload, descriptor.annotations, digest, trust);
    if (result.ok) return { kind: 'pass', detail: `cosign: ${result.by}` };
    reasons.push(result.reason);
  }
  if (reasons.length === 0) reasons.push('the signature manifest has no layers');
  return { kind: 'violation', checkId: IMAGE_CHECK.signatureInvalid, message: messages.signatureInvalid(image, digest, requirement, [...new Set(reasons)].join('; ')) };
}

function signatureLayer(value: unknown): (BlobDescriptor & { annotations: Record<string, string> }) | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { digest, size, mediaType, annotations } = value as Record<string, unknown>;
  if (typeof digest !== 'string' || typeof size !== 'number' || typeof annotations !== 'object' || annotations === null) return undefined;
  const strings = Object.fromEntries(Object.entries(annotations).filter((e): e is [string, string] => typeof e[1] === 'string'));
  if (!strings[COSIGN_ANNOTATION.signature]) return undefined;
  return { digest, size, mediaType: typeof mediaType === 'string' ? mediaType : SIMPLE_SIGNING_MEDIA_TYPE, annotations: strings };
}

type LayerResult = { ok: true; by: string } | { ok: false; reason: string };

/** One signature layer against the trust: a configured key, else the keyless certificate. */
export function verifyLayer(payload: Buffer, annotations: Record<string, string>, digest: string, trust: CosignTrust): LayerResult {
  const signature = Buffer.from(annotations[COSIGN_ANNOTATION.signature] ?? '', 'base64');
  let signedBy: string | undefined;
  let reason = 'the signature does not verify with any trusted key';
  if (trust.keys.some((key) => verifySignature(key, payload, signature))) signedBy = 'trusted key';
  else if (trust.keyless && annotations[COSIGN_ANNOTATION.certificate]) {
    const keyless = verifyKeyless(payload, signature, annotations, trust.keyless);
    if (keyless.ok) signedBy = keyless.by;
    else reason = keyless.reason;
  } else if (trust.keyless) reason = trust.keys.length ? 'the signature does not verify with any trusted key and carries no certificate' : 'the signature carries no Fulcio certificate';
  if (!signedBy) return { ok: false, reason };
  const payloadCheck = checkPayload(payload, digest);
  return payloadCheck ? { ok: false, reason: payloadCheck } : { ok: true, by: signedBy };
}

function verifySignature(key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return cryptoVerify(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', data, key, signature);
  } catch {
    return false;
  }
}

/** The simple-signing payload must name this very digest; else it is a signature of another image. */
function checkPayload(payload: Buffer, digest: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return 'the signed payload is not JSON';
  }
  const critical = (parsed as { critical?: { type?: unknown; image?: { 'docker-manifest-digest'?: unknown } } }).critical;
  if (critical?.type !== COSIGN_PAYLOAD_TYPE) return `the signed payload's type is not "${COSIGN_PAYLOAD_TYPE}"`;
  const signed = critical.image?.['docker-manifest-digest'];
  if (signed !== digest) return `the signature is for ${typeof signed === 'string' ? signed : 'no digest'}, not this digest`;
  return undefined;
}

function verifyKeyless(payload: Buffer, signature: Buffer, annotations: Record<string, string>, trust: KeylessTrust): LayerResult {
  let leaf: X509Certificate;
  let chain: X509Certificate[];
  try {
    [leaf] = parsePemCertificates(annotations[COSIGN_ANNOTATION.certificate] ?? '', 'signature certificate') as [X509Certificate];
    const chainPem = annotations[COSIGN_ANNOTATION.chain];
    chain = chainPem ? parsePemCertificates(chainPem, 'signature chain') : [];
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  if (!verifySignature(leaf.publicKey, payload, signature)) return { ok: false, reason: 'the signature does not verify with its certificate' };
  const logged = verifyBundle(annotations[COSIGN_ANNOTATION.bundle], payload, signature, leaf, trust.rekorKeys);
  if (!logged.ok) return logged;
  const chained = verifyChain(leaf, chain, trust.fulcioRoots, logged.at);
  if (!chained.ok) return { ok: false, reason: chained.reason };
  if (!allowsCodeSigning(leaf)) return { ok: false, reason: 'the certificate is not for code signing' };
  const identity = certificateIdentity(leaf);
  if (!identity.subject) return { ok: false, reason: 'the certificate names no e-mail or URI identity' };
  if (!trust.identities.some((wanted) => identityMatches(wanted, identity.subject!, identity.issuer))) {
    return { ok: false, reason: `signed by ${identity.subject} (issuer ${identity.issuer ?? 'none'}), not a trusted identity` };
  }
  return { ok: true, by: `${identity.subject} (${identity.issuer})` };
}

function identityMatches(wanted: KeylessIdentity, subject: string, issuer: string | undefined): boolean {
  if (issuer !== wanted.issuer) return false;
  if (wanted.subject !== undefined) return wanted.subject === subject;
  return wanted.subjectRegExp ? wanted.subjectRegExp.test(subject) : false;
}

/** The SAN (e-mail, else URI) and OIDC issuer a Fulcio certificate records. */
export function certificateIdentity(cert: X509Certificate): { subject?: string; issuer?: string } {
  const parsed = SigstoreCertificate.parse(cert.toString());
  const san = parsed.extSubjectAltName;
  const subject = san?.rfc822Name ?? san?.uri;
  let issuer: string | undefined;
  const v2 = parsed.extension(OID_ISSUER_V2)?.value;
  if (v2 && v2[0] === 0x0c) issuer = derString(v2);
  issuer ??= parsed.extension(OID_ISSUER_V1)?.value.toString('utf8');
  return { subject, issuer };
}

/** The content of a DER UTF8String (short or long length form). */
function derString(der: Buffer): string | undefined {
  const first = der[1] ?? 0;
  if (first < 0x80) return der.subarray(2, 2 + first).toString('utf8');
  const octets = first & 0x7f;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + (der[2 + i] ?? 0);
  return der.subarray(2 + octets, 2 + octets + length).toString('utf8');
}

/**
 * The Rekor bundle cosign attaches: `{SignedEntryTimestamp, Payload: {body, integratedTime, logIndex,
 * logID}}`. The SET is Rekor's signature over the canonical JSON of Payload; the body must be the
 * hashedrekord entry of this very payload, signature and certificate. Offline, this is the only
 * proof of when the signature was made.
 */
function verifyBundle(text: string | undefined, payload: Buffer, signature: Buffer, leaf: X509Certificate, rekorKeys: readonly KeyObject[]): { ok: true; at: Date } | { ok: false; reason: string } {
  if (!text) return { ok: false, reason: `offline keyless verification needs the Rekor bundle (${COSIGN_ANNOTATION.bundle}) in the signature; sign without --tlog-upload=false, or use a key` };
  let bundle: { SignedEntryTimestamp?: unknown; Payload?: { body?: unknown; integratedTime?: unknown; logIndex?: unknown; logID?: unknown } };
  try {
    bundle = JSON.parse(text) as typeof bundle;
  } catch {
    return { ok: false, reason: 'the Rekor bundle is not JSON' };
  }
  const p = bundle.Payload;
  if (typeof bundle.SignedEntryTimestamp !== 'string' || !p || typeof p.body !== 'string' || typeof p.integratedTime !== 'number' || typeof p.logIndex !== 'number' || typeof p.logID !== 'string') {
    return { ok: false, reason: 'the Rekor bundle lacks SignedEntryTimestamp or Payload.{body,integratedTime,logIndex,logID}' };
  }
  const canonical = Buffer.from(sigstoreJson.canonicalize({ body: p.body, integratedTime: p.integratedTime, logID: p.logID, logIndex: p.logIndex }));
  const set = Buffer.from(bundle.SignedEntryTimestamp, 'base64');
  const rekor = rekorKeys.find((key) => verifySignature(key, canonical, set));
  if (!rekor) return { ok: false, reason: 'the Rekor signed entry timestamp does not verify with the configured Rekor key' };
  const logId = createHash('sha256').update(rekor.export({ type: 'spki', format: 'der' })).digest('hex');
  if (p.logID !== logId) return { ok: false, reason: `the Rekor bundle names log ${p.logID}, not the configured Rekor key's log` };
  const entryProblem = checkRekorEntry(p.body, payload, signature, leaf);
  if (entryProblem) return { ok: false, reason: entryProblem };
  return { ok: true, at: new Date(p.integratedTime * 1000) };
}

function checkRekorEntry(body: string, payload: Buffer, signature: Buffer, leaf: X509Certificate): string | undefined {
  let entry: { kind?: unknown; spec?: { data?: { hash?: { algorithm?: unknown; value?: unknown } }; signature?: { content?: unknown; publicKey?: { content?: unknown } } } };
  try {
    entry = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as typeof entry;
  } catch {
    return 'the Rekor entry body is not base64 JSON';
  }
  if (entry.kind !== 'hashedrekord') return `the Rekor entry is a ${String(entry.kind)}, expected hashedrekord`;
  const hash = entry.spec?.data?.hash;
  if (hash?.algorithm !== 'sha256' || hash.value !== createHash('sha256').update(payload).digest('hex')) return 'the Rekor entry is for another payload';
  const loggedSignature = entry.spec?.signature?.content;
  if (typeof loggedSignature !== 'string' || !Buffer.from(loggedSignature, 'base64').equals(signature)) return 'the Rekor entry is for another signature';
  const loggedKey = entry.spec?.signature?.publicKey?.content;
  if (typeof loggedKey !== 'string') return 'the Rekor entry names no certificate';
  try {
    const [logged] = parsePemCertificates(Buffer.from(loggedKey, 'base64').toString('utf8'), 'Rekor entry certificate');
    if (logged?.fingerprint256 !== leaf.fingerprint256) return 'the Rekor entry is for another certificate';
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}
