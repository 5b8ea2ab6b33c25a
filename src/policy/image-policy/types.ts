import type { KeyObject, X509Certificate } from 'node:crypto';
import type { Localized, Severity } from '../../model/index.js';

/**
 * The `images:` section of admission.yaml, parsed and with its trust material loaded: which
 * registries and repositories may be deployed, tag rules, signature requirements (cosign with a
 * key or keyless against a Fulcio root, Notation with a trust store and trust policy) and the
 * vulnerability gate over stored Rampart scans.
 */
export interface ImagePolicy {
  /** Registry host globs (`registry.bank.example`, `*.corp.example:5000`); empty = any. */
  allowedRegistries: string[];
  /** `registry/repository` globs (`registry.bank.example/payments/**`); empty = any. */
  allowedRepositories: string[];
  /** Tags that may not be deployed (`latest`). */
  forbiddenTags: string[];
  /** Every image must be pinned by digest (`@sha256:…`). */
  requireDigest: boolean;
  /** Every requirement whose `images` match an image must be met. */
  signatures: SignatureRequirement[];
  vulnerabilities?: VulnerabilityGate;
  /** How long a digest resolution and a verification result stay valid, in seconds. */
  cacheTtlSeconds: number;
}

export interface SignatureRequirement {
  /** Names the requirement in messages. */
  name: string;
  /** `registry/repository` globs this requirement applies to; empty = every image. */
  images: string[];
  cosign?: CosignTrust;
  notation?: NotationTrust;
}

export interface CosignTrust {
  /** Public keys (ECDSA P-256 etc.); a signature by any one of them is enough. */
  keys: KeyObject[];
  keyless?: KeylessTrust;
}

export interface KeylessTrust {
  /** Fulcio root certificates, configured offline. */
  fulcioRoots: X509Certificate[];
  /** Accepted signer identities; a signature's certificate must match one. */
  identities: KeylessIdentity[];
  /** Rekor public keys a bundle's signed entry timestamp must verify against (offline mode). */
  rekorKeys: KeyObject[];
}

export interface KeylessIdentity {
  /** Exact SAN (e-mail or URI), or a regular expression over it. */
  subject?: string;
  subjectRegExp?: RegExp;
  /** OIDC issuer the Fulcio certificate records (exact). */
  issuer: string;
}

export interface NotationTrust {
  /** Trust stores by `type:name` (`ca:acme`, `signingAuthority:acme`). */
  trustStores: Map<string, X509Certificate[]>;
  trustPolicy: NotationTrustPolicy;
}

export interface NotationTrustPolicy {
  version: string;
  trustPolicies: NotationTrustPolicyStatement[];
}

export interface NotationTrustPolicyStatement {
  name: string;
  /** `registry/repository` or `*`. */
  registryScopes: string[];
  /** `strict`, `permissive`, `audit` or `skip`. */
  level: 'strict' | 'permissive' | 'audit' | 'skip';
  trustStores: string[];
  /** `x509.subject: C=US, O=Acme` entries, or `*`. */
  trustedIdentities: string[];
}

export interface VulnerabilityGate {
  /** Deny when the latest scan has an unwaived `fail` finding at or above this severity. */
  failOn: Severity;
  /** Check ids (or `prefix.*`) whose findings count; default `image.vuln`. */
  checks: string[];
  /** Deny an image Rampart has never scanned. */
  requireScan: boolean;
}

/** One container image of the object under review. */
export interface ImageUnderReview {
  /** Container name, unique within the pod. */
  container: string;
  /** The image reference exactly as the pod spec gives it. */
  image: string;
}

/** What the admission webhook gets back (src/server/admission/image-gate.ts re-exports these). */
export interface ImageViolation {
  container: string;
  /** Catalogued check id, e.g. `image.signature-invalid`; waivers refer to it. */
  checkId: string;
  message: Localized;
}

export interface ImagePolicyResult {
  violations: ImageViolation[];
  /** Reasons the evaluator could not decide; any error makes the whole review fail safe. */
  errors: string[];
}

export interface ImagePolicyEvaluator {
  evaluate(images: ImageUnderReview[], ctx: { namespace: string }): Promise<ImagePolicyResult>;
}

/** The outcome of one verification (per digest): pass, a violation, or could-not-evaluate. */
export type VerificationOutcome =
  | { kind: 'pass'; detail: string }
  | { kind: 'violation'; checkId: string; message: Localized }
  | { kind: 'error'; message: string };
