import { constants, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import type { ImageReference } from '../../sources/image/reference.js';
import { IMAGE_CHECK, messages } from './messages.js';
import type { BlobDescriptor, RegistryAccess } from './registry-access.js';
import type { NotationTrust, NotationTrustPolicyStatement, VerificationOutcome } from './types.js';
import { allowsCodeSigning, describeCert, verifyChain } from './x509.js';

/**
 * Notation (Notary Project) signatures: OCI manifests with artifactType
 * `application/vnd.cncf.notary.signature` whose subject is the image, found through the OCI 1.1
 * referrers API or the referrers tag schema (`sha256-<hex>` names an index of the image's
 * referrers: what notation writes on registries without the API). The envelope is a JWS (JSON
 * serialisation, `application/jose+json`) over the Notary payload
 * `{targetArtifact: {mediaType, digest, size}}`, signed by the leaf of its `x5c` chain, which must
 * chain to a trust store the trust policy names and match one of its trusted identities.
 * COSE envelopes (`application/cose`) are recognised and reported as not supported yet.
 */

export const NOTATION_ARTIFACT_TYPE = 'application/vnd.cncf.notary.signature';
export const JWS_MEDIA_TYPE = 'application/jose+json';
export const COSE_MEDIA_TYPE = 'application/cose';
export const NOTATION_PAYLOAD_TYPE = 'application/vnd.cncf.notary.payload.v1+json';

const SIGNING_SCHEME = 'io.cncf.notary.signingScheme';
const SIGNING_TIME = 'io.cncf.notary.signingTime';
const EXPIRY = 'io.cncf.notary.expiry';
const KNOWN_CRITICAL = new Set([SIGNING_SCHEME, EXPIRY, 'io.cncf.notary.authenticSigningTime', 'io.cncf.notary.verificationPlugin', 'io.cncf.notary.verificationPluginMinVersion']);

/** The trust policy statement for a repository: its exact scope first, else the `*` statement. */
export function statementFor(statements: readonly NotationTrustPolicyStatement[], repository: string): NotationTrustPolicyStatement | undefined {
  return statements.find((s) => s.registryScopes.includes(repository)) ?? statements.find((s) => s.registryScopes.includes('*'));
}

export async function verifyNotation(args: {
  access: RegistryAccess;
  repository: ImageReference;
  image: string;
  digest: string;
  requirement: string;
  trust: NotationTrust;
  now?: Date;
}): Promise<VerificationOutcome> {
  const { access, repository, image, digest, requirement, trust } = args;
  const now = args.now ?? new Date();
  const scope = `${repository.registry}/${repository.repository}`;
  const statement = statementFor(args.trust.trustPolicy.trustPolicies, scope);
  const invalid = (reason: string): VerificationOutcome => ({ kind: 'violation', checkId: IMAGE_CHECK.signatureInvalid, message: messages.signatureInvalid(image, digest, requirement, reason) });
  if (!statement) return invalid(`no Notation trust policy statement covers ${scope}`);
  if (statement.level === 'skip') return { kind: 'pass', detail: `notation: trust policy "${statement.name}" skips verification` };
  const descriptors = (await access.referrers(repository, digest)).filter((r) => r.artifactType === NOTATION_ARTIFACT_TYPE);
  if (descriptors.length === 0) {
    if (statement.level === 'audit') return { kind: 'pass', detail: `notation: no signature (trust policy "${statement.name}" only audits)` };
    return { kind: 'violation', checkId: IMAGE_CHECK.signatureMissing, message: messages.signatureMissing(image, digest, requirement, 'Notation') };
  }
  const reasons: string[] = [];
  for (const descriptor of descriptors) {
    const manifest = await access.manifest(repository, descriptor.digest);
    const subject = (manifest?.json.subject as { digest?: unknown } | undefined)?.digest;
    if (!manifest || subject !== digest) {
      reasons.push(`signature manifest ${descriptor.digest} is not about this digest`);
      continue;
    }
    const layers = Array.isArray(manifest.json.layers) ? (manifest.json.layers as Array<Partial<BlobDescriptor>>) : [];
    const envelope = layers[0];
    if (!envelope || typeof envelope.digest !== 'string' || typeof envelope.size !== 'number') {
      reasons.push(`signature manifest ${descriptor.digest} has no envelope layer`);
      continue;
    }
    if (envelope.mediaType === COSE_MEDIA_TYPE) {
      reasons.push('COSE signature envelopes are not supported yet (sign with --signature-format jws)');
      continue;
    }
    if (envelope.mediaType !== JWS_MEDIA_TYPE) {
      reasons.push(`unknown signature envelope type ${String(envelope.mediaType)}`);
      continue;
    }
    const body = await access.blob(repository, { digest: envelope.digest, size: envelope.size, mediaType: JWS_MEDIA_TYPE });
    const result = verifyJwsEnvelope(body, digest, statement, trust, now);
    if (result.ok) return { kind: 'pass', detail: `notation: signed by ${result.by}` };
    reasons.push(result.reason);
  }
  if (statement.level === 'audit') return { kind: 'pass', detail: `notation: signature failed (${reasons[0]}) but trust policy "${statement.name}" only audits` };
  return invalid([...new Set(reasons)].join('; '));
}

type EnvelopeResult = { ok: true; by: string } | { ok: false; reason: string };

const ALGORITHMS: Record<string, { hash: string; pss?: number }> = {
  ES256: { hash: 'sha256' },
  ES384: { hash: 'sha384' },
  ES512: { hash: 'sha512' },
  PS256: { hash: 'sha256', pss: 32 },
  PS384: { hash: 'sha384', pss: 48 },
  PS512: { hash: 'sha512', pss: 64 },
};

/** Verifies one JWS envelope: signature, critical headers, payload target, chain to the trust stores, identity, expiry. */
export function verifyJwsEnvelope(body: Buffer, digest: string, statement: NotationTrustPolicyStatement, trust: NotationTrust, now: Date): EnvelopeResult {
  let jws: { payload?: unknown; protected?: unknown; signature?: unknown; header?: { x5c?: unknown } };
  try {
    jws = JSON.parse(body.toString('utf8')) as typeof jws;
  } catch {
    return { ok: false, reason: 'the JWS envelope is not JSON' };
  }
  if (typeof jws.payload !== 'string' || typeof jws.protected !== 'string' || typeof jws.signature !== 'string' || !Array.isArray(jws.header?.x5c) || jws.header.x5c.length === 0) {
    return { ok: false, reason: 'the JWS envelope lacks payload, protected, signature or header.x5c' };
  }
  let header: Record<string, unknown>;
  let certs: X509Certificate[];
  try {
    header = JSON.parse(Buffer.from(jws.protected, 'base64url').toString('utf8')) as Record<string, unknown>;
    certs = (jws.header.x5c as unknown[]).map((c) => new X509Certificate(Buffer.from(String(c), 'base64')));
  } catch (err) {
    return { ok: false, reason: `the JWS envelope is malformed (${(err as Error).message})` };
  }
  const leaf = certs[0]!;
  const algorithm = ALGORITHMS[String(header.alg)];
  if (!algorithm) return { ok: false, reason: `unsupported JWS algorithm ${String(header.alg)}` };
  const signingInput = Buffer.from(`${jws.protected}.${jws.payload}`, 'ascii');
  const signature = Buffer.from(jws.signature, 'base64url');
  let valid: boolean;
  try {
    valid = algorithm.pss
      ? cryptoVerify(algorithm.hash, signingInput, { key: leaf.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.pss }, signature)
      : cryptoVerify(algorithm.hash, signingInput, { key: leaf.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'the JWS signature does not verify with its signing certificate' };
  const critical = Array.isArray(header.crit) ? header.crit.map(String) : [];
  if (!critical.includes(SIGNING_SCHEME)) return { ok: false, reason: `the JWS protected header does not mark ${SIGNING_SCHEME} critical` };
  const unknown = critical.find((c) => !KNOWN_CRITICAL.has(c));
  if (unknown) return { ok: false, reason: `the JWS protected header marks unknown ${unknown} critical` };
  if (header.cty !== NOTATION_PAYLOAD_TYPE) return { ok: false, reason: `the JWS content type is not ${NOTATION_PAYLOAD_TYPE}` };
  if (header[SIGNING_SCHEME] !== 'notary.x509') return { ok: false, reason: `signing scheme ${String(header[SIGNING_SCHEME])} is not supported (notary.x509 only; signingAuthority needs a timestamp authority)` };
  if (typeof header[SIGNING_TIME] !== 'string' || Number.isNaN(Date.parse(header[SIGNING_TIME]))) return { ok: false, reason: `the JWS protected header has no valid ${SIGNING_TIME}` };
  let target: { digest?: unknown } | undefined;
  try {
    target = (JSON.parse(Buffer.from(jws.payload, 'base64url').toString('utf8')) as { targetArtifact?: { digest?: unknown } }).targetArtifact;
  } catch {
    return { ok: false, reason: 'the Notary payload is not JSON' };
  }
  if (target?.digest !== digest) return { ok: false, reason: `the signature is for ${typeof target?.digest === 'string' ? target.digest : 'no digest'}, not this digest` };
  // The notary.x509 scheme anchors in `ca:` stores; `signingAuthority:` stores belong to the other scheme.
  const roots = statement.trustStores.filter((name) => name.startsWith('ca:')).flatMap((name) => trust.trustStores.get(name) ?? []);
  // notary.x509 has no authentic signing time: the chain must be valid now.
  const chained = verifyChain(leaf, certs.slice(1), roots, now);
  if (!chained.ok) return { ok: false, reason: chained.reason };
  if (!allowsCodeSigning(leaf)) return { ok: false, reason: 'the signing certificate is not for code signing' };
  if (!identityTrusted(leaf, statement.trustedIdentities)) return { ok: false, reason: `signer "${describeCert(leaf)}" is not a trusted identity of trust policy "${statement.name}"` };
  const expiry = header[EXPIRY];
  if (statement.level === 'strict' && typeof expiry === 'string' && Date.parse(expiry) < now.getTime()) return { ok: false, reason: `the signature expired at ${expiry}` };
  return { ok: true, by: describeCert(leaf) };
}

/** `*`, or `x509.subject: C=US, O=Acme, CN=…`: every attribute named must be in the leaf's subject. */
function identityTrusted(leaf: X509Certificate, identities: readonly string[]): boolean {
  if (identities.includes('*')) return true;
  const subject = parseDistinguishedName(leaf.subject.split('\n'));
  return identities.some((identity) => {
    const match = /^x509\.subject:\s*(.+)$/.exec(identity);
    if (!match) return false;
    const wanted = parseDistinguishedName(splitDn(match[1]!));
    return wanted.length > 0 && wanted.every(([k, v]) => subject.some(([sk, sv]) => sk === k && sv === v));
  });
}

/** `C=US, O=Acme\, Inc.` → [`C=US`, `O=Acme, Inc.`]. */
function splitDn(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function parseDistinguishedName(parts: readonly string[]): Array<[string, string]> {
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      return [p.slice(0, eq).trim().toUpperCase(), p.slice(eq + 1).trim()] as [string, string];
    });
}
