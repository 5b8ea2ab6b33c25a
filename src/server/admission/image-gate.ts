
/**
 * The seam between the admission webhook and image policies (allowed registries, digests,
 * signatures, the vulnerability gate). The webhook hands over every container image of the
 * object under review; the evaluator answers with violations (which go through waivers and the
 * namespace's mode like any workload check) and errors (it could not decide: missing trust
 * material, an unreachable registry), which the webhook treats as a failed evaluation.
 */

export type { ImageUnderReview, ImageViolation, ImagePolicyResult, ImagePolicyEvaluator } from '../../policy/image-policy/types.js';
import type { ImagePolicyEvaluator } from '../../policy/image-policy/types.js';

/** The `images:` section of the admission policy, passed through untouched. */
export type ImagePolicyConfig = Record<string, unknown>;

/** Builds an evaluator from the policy's `images:` section; called at every policy (re)load. */
export type ImagePolicyFactory = (config: ImagePolicyConfig | undefined, policyFile: string) => ImagePolicyEvaluator | Promise<ImagePolicyEvaluator>;

/** Used until image policies are wired in: admits every image. */
export const noImagePolicy: ImagePolicyEvaluator = {
  evaluate: () => Promise.resolve({ violations: [], errors: [] }),
};

export const noImagePolicyFactory: ImagePolicyFactory = () => noImagePolicy;
