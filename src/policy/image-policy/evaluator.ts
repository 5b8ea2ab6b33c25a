import { describeError } from '../../sources/image/errors.js';
import { parseReference, type ImageReference } from '../../sources/image/reference.js';
import type { RegistryOptions } from '../../sources/image/registry.js';
import { TtlCache, type CacheStats } from './cache.js';
import { verifyCosign } from './cosign.js';
import { matchesAny } from './glob.js';
import { IMAGE_CHECK, messages } from './messages.js';
import { verifyNotation } from './notation.js';
import { parseImagePolicy } from './parse.js';
import { RegistryAccess } from './registry-access.js';
import type { ImagePolicy, ImagePolicyEvaluator, ImagePolicyResult, ImageViolation, SignatureRequirement, VerificationOutcome } from './types.js';
import { VulnerabilityGateReader, type ScanResults } from './vuln-gate.js';

/**
 * Applies an image policy to a pod's images: registry and repository allow-lists and tag rules
 * (no network), then, for images a signature requirement or the vulnerability gate covers, the
 * digest (resolved once per tag and cached), each signature requirement (verified once per
 * repository and digest and cached, concurrent callers sharing one verification) and the latest
 * stored scan. A warm decision makes no request. What cannot be evaluated (registry unreachable,
 * unreadable signature) is an error, never a silent pass: the webhook decides per namespace
 * whether that denies.
 */

export interface ImagePolicyEvaluatorOptions extends RegistryOptions {
  /** The local result store (`rampart image` keeps it), for the vulnerability gate. */
  resultStore?: ScanResults;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface ImagePolicyCacheStats {
  /** Tag → digest resolutions. */
  digests: CacheStats;
  /** Signature verifications, per requirement, repository and digest. */
  verifications: CacheStats;
}

export interface ImagePolicyEngine extends ImagePolicyEvaluator {
  cacheStats(): ImagePolicyCacheStats;
  /** Closes the registry connections. */
  close(): void;
}

export function createImagePolicyEvaluator(policy: ImagePolicy, options: ImagePolicyEvaluatorOptions = {}): ImagePolicyEngine {
  const { resultStore, now = () => new Date(), ...registryOptions } = options;
  const ttlMs = policy.cacheTtlSeconds * 1000;
  const clock = (): number => now().getTime();
  const access = new RegistryAccess(registryOptions);
  const digests = new TtlCache<string>(ttlMs, clock);
  const verifications = new TtlCache<VerificationOutcome>(ttlMs, clock, (o) => o.kind !== 'error');
  const gate = policy.vulnerabilities && resultStore ? new VulnerabilityGateReader(resultStore, ttlMs, now) : undefined;
  const platforms = new TtlCache<string[]>(ttlMs, clock);

  const verify = (requirement: SignatureRequirement, ref: ImageReference, image: string, digest: string): Promise<VerificationOutcome> =>
    verifications.get(`${requirement.name}|${ref.registry}/${ref.repository}@${digest}`, async () => {
      try {
        const common = { access, repository: ref, image, digest, requirement: requirement.name };
        if (requirement.cosign) return await verifyCosign({ ...common, trust: requirement.cosign });
        if (requirement.notation) return await verifyNotation({ ...common, trust: requirement.notation, now: now() });
        return { kind: 'error', message: `signature requirement "${requirement.name}" names no verifier` };
      } catch (err) {
        return { kind: 'error', message: `cannot verify the signature of ${image} for "${requirement.name}": ${describeError(err)}` };
      }
    });

  async function evaluateOne(container: string, image: string, result: ImagePolicyResult): Promise<void> {
    const violation = (checkId: string, message: ImageViolation['message']): void => {
      result.violations.push({ container, checkId, message });
    };
    let ref: ImageReference;
    try {
      ref = parseReference(image);
    } catch (err) {
      result.errors.push(`container ${container}: ${describeError(err)}`);
      return;
    }
    const repository = `${ref.registry}/${ref.repository}`;
    if (policy.allowedRegistries.length && !matchesAny(ref.registry, policy.allowedRegistries)) {
      violation(IMAGE_CHECK.registryNotAllowed, messages.registryNotAllowed(image, ref.registry, policy.allowedRegistries));
    }
    if (policy.allowedRepositories.length && !matchesAny(repository, policy.allowedRepositories)) {
      violation(IMAGE_CHECK.repositoryNotAllowed, messages.repositoryNotAllowed(image, repository, policy.allowedRepositories));
    }
    if (ref.tag && !ref.digest && policy.forbiddenTags.includes(ref.tag)) violation(IMAGE_CHECK.tagForbidden, messages.tagForbidden(image, ref.tag));
    if (policy.requireDigest && !ref.digest) violation(IMAGE_CHECK.tagNotDigest, messages.tagNotDigest(image));
    // An image from a registry that is not allowed is denied already; do not contact that registry.
    if (result.violations.some((v) => v.container === container && (v.checkId === IMAGE_CHECK.registryNotAllowed || v.checkId === IMAGE_CHECK.repositoryNotAllowed))) return;

    const requirements = policy.signatures.filter((r) => r.images.length === 0 || matchesAny(repository, r.images));
    if (requirements.length === 0 && !gate) return;
    let digest: string;
    try {
      digest = ref.digest ?? (await digests.get(`${repository}:${ref.tag ?? 'latest'}`, () => access.resolveDigest(ref)));
    } catch (err) {
      result.errors.push(`container ${container}: cannot resolve ${image} to a digest: ${describeError(err)}`);
      return;
    }
    const outcomes = await Promise.all(requirements.map((r) => verify(r, ref, image, digest)));
    if (gate && policy.vulnerabilities) {
      try {
        // Scans record platform manifests; a multi-platform index is judged by its platforms' scans.
        const platformDigests = gate.scanned(digest) ? [] : await platforms.get(`${repository}@${digest}`, () => access.platformDigests(ref, digest));
        outcomes.push(gate.check(image, digest, policy.vulnerabilities, platformDigests));
      } catch (err) {
        outcomes.push({ kind: 'error', message: `cannot apply the vulnerability gate to ${image}: ${describeError(err)}` });
      }
    }
    for (const outcome of outcomes) {
      if (outcome.kind === 'violation') violation(outcome.checkId, outcome.message);
      else if (outcome.kind === 'error') result.errors.push(`container ${container}: ${outcome.message}`);
    }
  }

  return {
    async evaluate(images, _ctx) {
      const result: ImagePolicyResult = { violations: [], errors: [] };
      if (policy.vulnerabilities && !resultStore) result.errors.push('the image policy has a vulnerability gate but no result store was given');
      await Promise.all(images.map(({ container, image }) => evaluateOne(container, image, result)));
      // Containers in pod order, whatever order the verifications finished in.
      const order = new Map(images.map((img, i) => [img.container, i]));
      result.violations.sort((a, b) => (order.get(a.container) ?? 0) - (order.get(b.container) ?? 0));
      return result;
    },
    cacheStats: () => ({ digests: digests.stats(), verifications: verifications.stats() }),
    close: () => access.close(),
  };
}

/** How long a replaced engine keeps its connections for decisions still in flight. */
const RETIRE_AFTER_MS = 30_000;

/**
 * The shape the admission webhook calls at every policy (re)load (`ImagePolicyFactory` in
 * src/server/admission/image-gate.ts): the `images:` section and the policy file it came from.
 * Parse errors throw (one line naming the file and field). The engine a reload replaces is closed
 * once decisions in flight have had time to finish.
 */
export function createImagePolicyFactory(options: ImagePolicyEvaluatorOptions = {}): (config: Record<string, unknown> | undefined, policyFile: string) => ImagePolicyEngine {
  let current: ImagePolicyEngine | undefined;
  return (config, policyFile) => {
    const engine = createImagePolicyEvaluator(parseImagePolicy(config, { file: policyFile }), options);
    const previous = current;
    current = engine;
    if (previous) setTimeout(() => previous.close(), RETIRE_AFTER_MS).unref();
    return engine;
  };
}
