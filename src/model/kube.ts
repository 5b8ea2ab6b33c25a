import type { ObjectPath } from './location.js';

export type KubeObject = Record<string, unknown>;

/**
 * One Kubernetes object as read from any source (a manifest file, stdin, a live cluster).
 * Analyzers see only this, never the source.
 */
export interface KubeResource {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  cluster?: string;
  object: KubeObject;
  /** Where it was read from: a file path, `-` for stdin, or a cluster URL. */
  source: string;
  /** 1-based line of the field at `path`, or of its nearest existing parent; undefined for live sources. */
  lineOf(path: ObjectPath): number | undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
