import { createWriteStream, type WriteStream } from 'node:fs';
import type { Decision } from './decide.js';
import type { AdmissionRequest } from './review.js';

/**
 * The admission audit log: one JSON line per decision saying who asked (user and groups, never
 * the `extra` attributes, which can carry credential ids), what (kind, namespace, name,
 * operation, uid), when, why (each violation, waiver and evaluation failure), the verdict, the
 * mode and the latency. Appended through a buffered stream: the request path never waits on disk.
 */

export interface AuditEntry {
  time: string;
  uid: string;
  user: { username: string; groups: string[] };
  kind: string;
  namespace: string;
  name: string;
  operation: string;
  subResource?: string;
  dryRun?: boolean;
  verdict: 'allowed' | 'denied';
  mode: Decision['mode'];
  rule?: string;
  violations: { check: string; field: string; container?: string; message: string; expiredWaiver?: string }[];
  waived: { check: string; field: string; waiver: string }[];
  failure?: string;
  latencyMs: number;
}

export function auditEntry(request: AdmissionRequest, decision: Decision, time: Date, latencyMs: number): AuditEntry {
  const object = request.object as { metadata?: { name?: unknown; generateName?: unknown } } | undefined;
  const name = request.name || (typeof object?.metadata?.name === 'string' ? object.metadata.name : '') || (typeof object?.metadata?.generateName === 'string' ? `${object.metadata.generateName}*` : '');
  const entry: AuditEntry = {
    time: time.toISOString(),
    uid: request.uid,
    user: { username: request.userInfo.username ?? '', groups: request.userInfo.groups ?? [] },
    kind: request.kind.kind,
    namespace: request.namespace ?? '',
    name,
    operation: request.operation,
    verdict: decision.allowed ? 'allowed' : 'denied',
    mode: decision.mode,
    violations: decision.violations.map((v) => {
      const out: AuditEntry['violations'][number] = { check: v.checkId, field: v.field, message: v.message.en };
      if (v.container !== undefined) out.container = v.container;
      if (v.expiredWaiver !== undefined) out.expiredWaiver = v.expiredWaiver;
      return out;
    }),
    waived: decision.waived.map((w) => ({ check: w.checkId, field: w.field, waiver: w.waiver })),
    latencyMs: Math.round(latencyMs * 1000) / 1000,
  };
  if (request.subResource) entry.subResource = request.subResource;
  if (request.dryRun) entry.dryRun = true;
  if (decision.rule) entry.rule = decision.rule;
  if (decision.failure) entry.failure = decision.failure;
  return entry;
}

/** Appends to a file, or writes to standard output for `-` (a container's log, collected by the cluster). */
export class AuditLog {
  private readonly stream: WriteStream | NodeJS.WriteStream;

  constructor(file: string, onError: (err: Error) => void) {
    this.stream = file === '-' ? process.stdout : createWriteStream(file, { flags: 'a', mode: 0o600 });
    this.stream.on('error', onError);
  }

  write(entry: AuditEntry): void {
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    if (this.stream === process.stdout) return Promise.resolve();
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
