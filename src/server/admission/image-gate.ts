import type { Localized } from '../../model/index.js';

/**
 * The seam between the admission webhook and image policies (allowed registries, digests,
 * signatures, the vulnerability gate). The webhook hands over every container image of the
 * object under review; the evaluator answers with violations (which go through waivers and the
 * namespace's mode like any workload check) and errors (it could not decide: missing trust
 * material, an unreachable registry), which the webhook treats as a failed evaluation.
 */

export interface ImageUnderReview {
  /** Container name, unique within the pod. */
  container: string;
  /** The image reference exactly as the pod spec gives it. */
  image: string;
}

export interface ImageViolation {
  container: string;
  /** Catalogued check id, e.g. `image.signature`; waivers refer to it. */
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

/** The `images:` section of the admission policy, passed through untouched. */
export type ImagePolicyConfig = Record<string, unknown>;

/** Builds an evaluator from the policy's `images:` section; called at every policy (re)load. */
export type ImagePolicyFactory = (config: ImagePolicyConfig | undefined, policyFile: string) => ImagePolicyEvaluator | Promise<ImagePolicyEvaluator>;



/** Used until image policies are wired in: admits every image. */
export const noImagePolicy: ImagePolicyEvaluator = {
  evaluate: () => Promise.resolve({ violations: [], errors: [] }),
};

export const noImagePolicyFactory: ImagePolicyFactory = () => noImagePolicy;
