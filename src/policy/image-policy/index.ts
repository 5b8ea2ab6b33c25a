/** Image policies for admission: allow-lists, tag rules, cosign and Notation signatures, the vulnerability gate. */
export { createImagePolicyEvaluator, createImagePolicyFactory, type ImagePolicyEvaluatorOptions, type ImagePolicyEngine, type ImagePolicyCacheStats } from './evaluator.js';
export { parseImagePolicy, type ParseOptions } from './parse.js';
export { ADMISSION_IMAGE_CHECK_IDS, IMAGE_CHECK } from './messages.js';
export type { ImagePolicy, ImagePolicyEvaluator, ImagePolicyResult, ImageViolation, SignatureRequirement, VulnerabilityGate } from './types.js';
export type { ScanResults } from './vuln-gate.js';
