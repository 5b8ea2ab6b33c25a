/**
 * Readers shared by the Pod Security Standards checks. Manifest values are untrusted, so "set"
 * means what it means to the Go API types upstream reads: present and not null (YAML `null`
 * decodes to a nil pointer there).
 */
import type { PathSegment } from '../../../../model/index.js';
import { formatPath, isRecord } from '../../../../model/index.js';
import type { PodView } from '../../pod-spec.js';

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Subject of a pod-level finding: the field's path within the pod template, e.g. `spec.hostNetwork`. */
export function specSubject(...field: PathSegment[]): string {
  return formatPath(['spec', ...field]);
}

/** `spec.os.name: windows`: from policy 1.25 the Linux-only restricted checks exempt such pods. */
export function isWindowsPod(pod: PodView): boolean {
  const os: unknown = pod.spec.os;
  return isRecord(os) && os.name === 'windows';
}

/** `spec.hostUsers: false`: the pod runs in its own user namespace (KEP-127); unset means the host's. */
export function inUserNamespace(pod: PodView): boolean {
  return pod.spec.hostUsers === false;
}

/** A value as evidence shows it: `unset` when absent, lists in brackets, empty strings quoted. */
export function show(value: unknown): string {
  if (value === undefined) return 'unset';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return JSON.stringify(value);
}

export function listEn(items: readonly string[]): string {
  return items.join(', ');
}

export function listZh(items: readonly string[]): string {
  return items.join('、');
}
