import { isPodBearing } from '../../analyzers/workload/pod-spec.js';
import type { KubeObject, KubeResource } from '../../model/index.js';
import { isRecord } from '../../model/index.js';

/**
 * AdmissionReview `admission.k8s.io/v1` as the API server sends and expects it, and the
 * KubeResource the workload checks see for the object under review.
 */

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  /** Not copied anywhere: it may carry credential ids. */
  extra?: Record<string, string[]>;
}

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo: UserInfo;
  object?: KubeObject;
  oldObject?: KubeObject;
  dryRun?: boolean;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

export interface AdmissionReviewResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

/** The review could not be read: the caller answers HTTP 400 (the API server applies its failurePolicy). */
export class ReviewError extends Error {}

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** Checks the envelope and the fields the webhook relies on; throws ReviewError naming the field. */
export function parseReview(body: unknown): AdmissionRequest {
  if (!isRecord(body)) throw new ReviewError('expected an AdmissionReview (a JSON object)');
  if (body.apiVersion !== 'admission.k8s.io/v1') throw new ReviewError(`apiVersion: expected admission.k8s.io/v1, got ${JSON.stringify(body.apiVersion)}`);
  if (body.kind !== 'AdmissionReview') throw new ReviewError(`kind: expected AdmissionReview, got ${JSON.stringify(body.kind)}`);
  const request = body.request;
  if (!isRecord(request)) throw new ReviewError('request: missing');
  if (typeof request.uid !== 'string' || request.uid === '') throw new ReviewError('request.uid: missing');
  if (!isRecord(request.kind) || typeof request.kind.kind !== 'string') throw new ReviewError('request.kind.kind: missing');
  if (!isRecord(request.resource) || typeof request.resource.resource !== 'string') throw new ReviewError('request.resource.resource: missing');
  if (typeof request.operation !== 'string' || !OPERATIONS.has(request.operation)) throw new ReviewError('request.operation: expected CREATE, UPDATE, DELETE or CONNECT');
  if (request.userInfo !== undefined && !isRecord(request.userInfo)) throw new ReviewError('request.userInfo: expected an object');
  for (const field of ['object', 'oldObject'] as const) {
    if (request[field] !== undefined && request[field] !== null && !isRecord(request[field])) throw new ReviewError(`request.${field}: expected an object`);
  }
  return { ...(request as unknown as AdmissionRequest), userInfo: (request.userInfo ?? {}) as UserInfo };
}

/** Whether the webhook evaluates this request at all: pod-bearing objects being created or changed. */
export function isReviewed(request: AdmissionRequest): boolean {
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return false;
  if (!isRecord(request.object)) return false;
  if (request.subResource) return request.subResource === 'ephemeralcontainers' && request.kind.kind === 'Pod';
  return isPodBearing(request.kind.kind);
}

/** The object under review as every Rampart check sees an object; nothing here has a file line. */
export function resourceOf(request: AdmissionRequest): KubeResource {
  const object = request.object as KubeObject;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const generateName = typeof metadata.generateName === 'string' ? metadata.generateName : '';
  const name = (typeof metadata.name === 'string' && metadata.name) || request.name || (generateName ? `${generateName}*` : '');
  const gvk = request.kind;
  const resource: KubeResource = {
    apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version,
    kind: gvk.kind,
    name,
    object,
    source: 'admission',
    lineOf: () => undefined,
  };
  const namespace = request.namespace || (typeof metadata.namespace === 'string' ? metadata.namespace : '');
  if (namespace) resource.namespace = namespace;
  return resource;
}

export function reviewResponse(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}
