import { X509Certificate } from 'node:crypto';

/** Certificate chains for keyless cosign (Fulcio) and Notation (trust store roots). */

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM text; throws naming `where` when there is none or one is malformed. */
export function parsePemCertificates(text: string, where: string): X509Certificate[] {
  const blocks = text.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw new Error(`${where}: no PEM certificate found`);
  return blocks.map((pem, i) => {
    try {
      return new X509Certificate(pem);
    } catch (err) {
      throw new Error(`${where}: certificate ${i + 1} is malformed (${(err as Error).message})`, { cause: err });
    }
  });
}

export function validAt(cert: X509Certificate, at: Date): boolean {
  return new Date(cert.validFrom).getTime() <= at.getTime() && at.getTime() <= new Date(cert.validTo).getTime();
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

/** One line naming a certificate: its subject. */
export function describeCert(cert: X509Certificate): string {
  return cert.subject.replace(/\n/g, ', ');
}

/**
 * Walks from `leaf` through `intermediates` (CA certificates, any order) to one of `roots`; each
 * link's signature is checked and every certificate must be valid at `at`. The roots are the only
 * anchors: a root the signature itself carries counts only if it is one of them.
 */
export function verifyChain(
  leaf: X509Certificate,
  intermediates: readonly X509Certificate[],
  roots: readonly X509Certificate[],
  at: Date,
): { ok: true; root: X509Certificate } | { ok: false; reason: string } {
  let current = leaf;
  const used = new Set<string>();
  for (let depth = 0; depth < 10; depth++) {
    if (!validAt(current, at)) return { ok: false, reason: `certificate "${describeCert(current)}" is not valid at ${at.toISOString()} (valid ${current.validFrom} to ${current.validTo})` };
    const root = roots.find((r) => issuedBy(current, r));
    if (root) {
      if (!validAt(root, at)) return { ok: false, reason: `trusted root "${describeCert(root)}" is not valid at ${at.toISOString()}` };
      return { ok: true, root };
    }
    const next = intermediates.find((c) => c.ca && !used.has(c.fingerprint256) && c.fingerprint256 !== current.fingerprint256 && issuedBy(current, c));
    if (!next) return { ok: false, reason: `certificate "${describeCert(current)}" does not chain to a trusted root` };
    used.add(next.fingerprint256);
    current = next;
  }
  return { ok: false, reason: 'certificate chain is longer than 10' };
}

/** Code-signing extended key usage (1.3.6.1.5.5.7.3.3), when the certificate restricts its use at all. */
export function allowsCodeSigning(cert: X509Certificate): boolean {
  const usages = cert.keyUsage;
  return usages === undefined || usages.length === 0 || usages.includes('1.3.6.1.5.5.7.3.3');
}
