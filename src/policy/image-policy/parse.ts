import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isSeverity } from '../../model/index.js';
import type { CosignTrust, ImagePolicy, KeylessIdentity, KeylessTrust, NotationTrust, NotationTrustPolicy, NotationTrustPolicyStatement, SignatureRequirement, VulnerabilityGate } from './types.js';
import { parsePemCertificates } from './x509.js';

/**
 * Parses and validates the `images:` section of admission.yaml and loads the trust material it
 * names: each key, certificate or trust policy is inline (PEM text, a JSON object) or a path
 * relative to the policy file. Every error is one line naming the file and the field.
 */

export interface ParseOptions {
  /** The policy file, for messages and for resolving relative paths. */
  file: string;
}

const DEFAULT_TTL_SECONDS = 300;

type Obj = Record<string, unknown>;

class Fields {
  constructor(
    readonly file: string,
    readonly dir: string,
  ) {}

  fail(where: string, why: string): never {
    throw new Error(`${this.file}: ${where}: ${why}`);
  }

  object(value: unknown, where: string, allowed: readonly string[]): Obj {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(where, 'must be a mapping');
    const unknownKey = Object.keys(value).find((k) => !allowed.includes(k));
    if (unknownKey) this.fail(`${where}.${unknownKey}`, `unknown field (expected one of ${allowed.join(', ')})`);
    return value as Obj;
  }

  strings(value: unknown, where: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) this.fail(where, 'must be a list of non-empty strings');
    return value as string[];
  }

  boolean(value: unknown, where: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(where, 'must be true or false');
    return value;
  }

  /** Inline PEM, or the text of a file relative to the policy. */
  material(value: unknown, where: string): string {
    if (typeof value !== 'string' || value === '') this.fail(where, 'must be PEM text or a file path');
    if (value.includes('-----BEGIN ')) return value;
    try {
      return readFileSync(path.resolve(this.dir, value), 'utf8');
    } catch (err) {
      return this.fail(where, `cannot read ${value} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }

  publicKey(value: unknown, where: string): KeyObject {
    const pem = this.material(value, where);
    try {
      return createPublicKey(pem);
    } catch (err) {
      return this.fail(where, `not a PEM public key (${(err as Error).message})`);
    }
  }

  certificates(value: unknown, where: string): X509Certificate[] {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) this.fail(where, 'must name at least one certificate');
    return list.flatMap((item, i) => {
      const w = Array.isArray(value) ? `${where}[${i}]` : where;
      const pem = this.material(item, w);
      try {
        return parsePemCertificates(pem, w);
      } catch (err) {
        return this.fail(w, (err as Error).message.replace(`${w}: `, ''));
      }
    });
  }
}

export function parseImagePolicy(section: unknown, options: ParseOptions): ImagePolicy {
  const f = new Fields(options.file, path.dirname(options.file));
  const where = 'images';
  const s = f.object(section ?? {}, where, ['allowedRegistries', 'allowedRepositories', 'forbiddenTags', 'requireDigest', 'signatures', 'vulnerabilities', 'cacheTtlSeconds']);
  const ttl = s.cacheTtlSeconds ?? DEFAULT_TTL_SECONDS;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) f.fail(`${where}.cacheTtlSeconds`, 'must be a number of seconds, 0 or more');
  if (s.signatures !== undefined && !Array.isArray(s.signatures)) f.fail(`${where}.signatures`, 'must be a list');
  const signatures = ((s.signatures as unknown[] | undefined) ?? []).map((r, i) => parseRequirement(f, r, `${where}.signatures[${i}]`));
  const names = signatures.map((r) => r.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) f.fail(`${where}.signatures`, `two requirements are named "${duplicate}"`);
  const policy: ImagePolicy = {
    allowedRegistries: f.strings(s.allowedRegistries, `${where}.allowedRegistries`),
    allowedRepositories: f.strings(s.allowedRepositories, `${where}.allowedRepositories`),
    forbiddenTags: f.strings(s.forbiddenTags, `${where}.forbiddenTags`),
    requireDigest: f.boolean(s.requireDigest, `${where}.requireDigest`, false),
    signatures,
    cacheTtlSeconds: ttl as number,
  };
  if (s.vulnerabilities !== undefined) policy.vulnerabilities = parseGate(f, s.vulnerabilities, `${where}.vulnerabilities`);
  return policy;
}

function parseRequirement(f: Fields, value: unknown, where: string): SignatureRequirement {
  const r = f.object(value, where, ['name', 'images', 'cosign', 'notation']);
  if (typeof r.name !== 'string' || r.name === '') f.fail(`${where}.name`, 'is required');
  if ((r.cosign === undefined) === (r.notation === undefined)) f.fail(where, 'needs exactly one of cosign or notation');
  const requirement: SignatureRequirement = { name: r.name, images: f.strings(r.images, `${where}.images`) };
  if (r.cosign !== undefined) requirement.cosign = parseCosign(f, r.cosign, `${where}.cosign`);
  if (r.notation !== undefined) requirement.notation = parseNotation(f, r.notation, `${where}.notation`);
  return requirement;
}

function parseCosign(f: Fields, value: unknown, where: string): CosignTrust {
  const c = f.object(value, where, ['keys', 'keyless']);
  if (c.keys !== undefined && !Array.isArray(c.keys)) f.fail(`${where}.keys`, 'must be a list of public keys (PEM text or file paths)');
  const keys = ((c.keys as unknown[] | undefined) ?? []).map((k, i) => f.publicKey(k, `${where}.keys[${i}]`));
  const trust: CosignTrust = { keys };
  if (c.keyless !== undefined) trust.keyless = parseKeyless(f, c.keyless, `${where}.keyless`);
  if (keys.length === 0 && !trust.keyless) f.fail(where, 'needs keys or keyless');
  return trust;
}

function parseKeyless(f: Fields, value: unknown, where: string): KeylessTrust {
  const k = f.object(value, where, ['fulcioRoots', 'rekorKeys', 'identities']);
  if (k.fulcioRoots === undefined) f.fail(`${where}.fulcioRoots`, 'is required: the Fulcio root certificate(s), kept offline');
  if (!Array.isArray(k.rekorKeys) || k.rekorKeys.length === 0) {
    f.fail(`${where}.rekorKeys`, 'is required: offline keyless verification proves the signing time with the Rekor bundle in the signature, which needs the Rekor public key');
  }
  if (!Array.isArray(k.identities) || k.identities.length === 0) f.fail(`${where}.identities`, 'must list at least one {subject or subjectRegExp, issuer}');
  return {
    fulcioRoots: f.certificates(k.fulcioRoots, `${where}.fulcioRoots`),
    rekorKeys: k.rekorKeys.map((key, i) => f.publicKey(key, `${where}.rekorKeys[${i}]`)),
    identities: k.identities.map((id, i) => parseIdentity(f, id, `${where}.identities[${i}]`)),
  };
}

function parseIdentity(f: Fields, value: unknown, where: string): KeylessIdentity {
  const id = f.object(value, where, ['subject', 'subjectRegExp', 'issuer']);
  if (typeof id.issuer !== 'string' || id.issuer === '') f.fail(`${where}.issuer`, 'is required (the OIDC issuer URL)');
  if ((typeof id.subject === 'string') === (typeof id.subjectRegExp === 'string')) f.fail(where, 'needs exactly one of subject or subjectRegExp');
  const identity: KeylessIdentity = { issuer: id.issuer };
  if (typeof id.subject === 'string') identity.subject = id.subject;
  else {
    try {
      identity.subjectRegExp = new RegExp(`^(?:${id.subjectRegExp as string})$`);
    } catch (err) {
      f.fail(`${where}.subjectRegExp`, `bad regular expression (${(err as Error).message})`);
    }
  }
  return identity;
}

function parseNotation(f: Fields, value: unknown, where: string): NotationTrust {
  const n = f.object(value, where, ['trustStores', 'trustPolicy']);
  const stores = f.object(n.trustStores, `${where}.trustStores`, Object.keys((n.trustStores as Obj | undefined) ?? {}));
  const trustStores = new Map<string, X509Certificate[]>();
  for (const [name, certs] of Object.entries(stores)) {
    if (!/^(ca|signingAuthority):[\w.-]+$/.test(name)) f.fail(`${where}.trustStores.${name}`, 'name must be ca:<name> or signingAuthority:<name>');
    trustStores.set(name, f.certificates(certs, `${where}.trustStores.${name}`));
  }
  let policy = n.trustPolicy;
  if (typeof policy === 'string') {
    const text = f.material(policy, `${where}.trustPolicy`);
    try {
      policy = JSON.parse(text);
    } catch (err) {
      f.fail(`${where}.trustPolicy`, `is not JSON (${(err as Error).message})`);
    }
  }
  const trustPolicy = parseTrustPolicy(f, policy, `${where}.trustPolicy`);
  for (const [i, statement] of trustPolicy.trustPolicies.entries()) {
    const missing = statement.trustStores.find((s) => !trustStores.has(s));
    if (missing && statement.level !== 'skip') f.fail(`${where}.trustPolicy.trustPolicies[${i}].trustStores`, `names ${missing}, which trustStores does not define`);
  }
  return { trustStores, trustPolicy };
}

/** Notation's trustpolicy.json (version 1.0). */
function parseTrustPolicy(f: Fields, value: unknown, where: string): NotationTrustPolicy {
  const p = f.object(value, where, ['version', 'trustPolicies']);
  if (p.version !== '1.0') f.fail(`${where}.version`, 'must be "1.0"');
  if (!Array.isArray(p.trustPolicies) || p.trustPolicies.length === 0) f.fail(`${where}.trustPolicies`, 'must be a non-empty list');
  return {
    version: p.version,
    trustPolicies: p.trustPolicies.map((t, i): NotationTrustPolicyStatement => {
      const w = `${where}.trustPolicies[${i}]`;
      const s = f.object(t, w, ['name', 'registryScopes', 'signatureVerification', 'trustStores', 'trustedIdentities']);
      if (typeof s.name !== 'string' || s.name === '') f.fail(`${w}.name`, 'is required');
      const verification = f.object(s.signatureVerification, `${w}.signatureVerification`, ['level', 'override', 'verifyTimestamp']);
      const level = verification.level;
      if (level !== 'strict' && level !== 'permissive' && level !== 'audit' && level !== 'skip') f.fail(`${w}.signatureVerification.level`, 'must be strict, permissive, audit or skip');
      const registryScopes = f.strings(s.registryScopes, `${w}.registryScopes`);
      if (registryScopes.length === 0) f.fail(`${w}.registryScopes`, 'must name at least one repository or *');
      return { name: s.name, registryScopes, level, trustStores: f.strings(s.trustStores, `${w}.trustStores`), trustedIdentities: f.strings(s.trustedIdentities, `${w}.trustedIdentities`) };
    }),
  };
}

function parseGate(f: Fields, value: unknown, where: string): VulnerabilityGate {
  const g = f.object(value, where, ['failOn', 'checks', 'requireScan']);
  if (typeof g.failOn !== 'string' || !isSeverity(g.failOn)) f.fail(`${where}.failOn`, 'must be critical, high, medium, low or info');
  const checks = f.strings(g.checks, `${where}.checks`);
  return { failOn: g.failOn, checks: checks.length ? checks : ['image.vuln'], requireScan: f.boolean(g.requireScan, `${where}.requireScan`, false) };
}
