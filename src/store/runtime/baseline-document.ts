import jsyaml from 'js-yaml';
import type { BaselineEntryKind } from '../../model/index.js';
import { STORED_ENTRY_KINDS, type StoredBaseline } from './baselines.js';

/**
 * Baselines as a document people read, review and carry between clusters: YAML or JSON
 * (`kind: RuntimeBaselines`), and a plain-text table for `rampart runtime baseline show`.
 *
 *     apiVersion: rampart.dev/v1
 *     kind: RuntimeBaselines
 *     baselines:
 *       - workload: prod-eu/payments/Deployment/api
 *         container: app
 *         mode: enforcing
 *         imageDigest: sha256:…
 *         learningStartedAt: 2026-11-20T08:00:00.000Z
 *         learnedEvents: 18230
 *         exec: [/usr/local/bin/api]
 *         chain: [/usr/bin/tini -> /usr/local/bin/api]
 *         outbound: ['10.0.4.12:5432', '*:443']
 *         write: [/tmp]
 */

export type BaselineFormat = 'yaml' | 'json';

interface BaselineDocumentEntry {
  workload: string;
  container: string;
  mode: StoredBaseline['mode'];
  imageDigest?: string;
  learningStartedAt: string;
  learnedEvents: number;
  updatedAt?: string;
  exec: string[];
  chain: string[];
  outbound: string[];
  write: string[];
}

export function exportBaselines(baselines: readonly StoredBaseline[], format: BaselineFormat): string {
  const doc = {
    apiVersion: 'rampart.dev/v1',
    kind: 'RuntimeBaselines',
    baselines: baselines.map((b): BaselineDocumentEntry => ({
      workload: b.workload,
      container: b.container,
      mode: b.mode,
      ...(b.imageDigest ? { imageDigest: b.imageDigest } : {}),
      learningStartedAt: b.learningStartedAt,
      learnedEvents: b.learnedEvents,
      updatedAt: b.updatedAt,
      exec: [...b.entries.exec].sort(),
      chain: [...b.entries.chain].sort(),
      outbound: [...b.entries.outbound].sort(),
      write: [...b.entries.write].sort(),
    })),
  };
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : jsyaml.dump(doc, { lineWidth: -1, noRefs: true });
}

/** Reads an exported document (YAML or JSON); a malformed one fails with one line naming the file and the entry. */
export function parseBaselines(text: string, file: string): StoredBaseline[] {
  let doc: unknown;
  try {
    doc = jsyaml.load(text);
  } catch (err) {
    throw new Error(`${file}: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  if (!isRecord(doc) || doc.kind !== 'RuntimeBaselines' || !Array.isArray(doc.baselines)) throw new Error(`${file}: not a baseline document (expected kind: RuntimeBaselines and a baselines list)`);
  return doc.baselines.map((raw, i) => {
    const at = `${file}: baselines[${i}]`;
    if (!isRecord(raw)) throw new Error(`${at}: not a mapping`);
    const text = (field: string, required = true): string | undefined => {
      const v = raw[field];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string' || v === '') throw new Error(`${at}.${field}: expected text`);
      return v;
    };
    const workload = text('workload') as string;
    if (workload.split('/').length !== 4) throw new Error(`${at}.workload: expected cluster/namespace/Kind/name, got ${workload}`);
    const container = typeof raw.container === 'string' ? raw.container : '';
    const mode = raw.mode ?? 'enforcing';
    if (mode !== 'learning' && mode !== 'enforcing') throw new Error(`${at}.mode: expected learning or enforcing`);
    const entries = {} as Record<BaselineEntryKind, string[]>;
    for (const kind of STORED_ENTRY_KINDS) {
      const list = raw[kind] ?? [];
      if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) throw new Error(`${at}.${kind}: expected a list of text`);
      entries[kind] = list as string[];
    }
    const learnedEvents = raw.learnedEvents ?? 0;
    if (typeof learnedEvents !== 'number' || !Number.isInteger(learnedEvents) || learnedEvents < 0) throw new Error(`${at}.learnedEvents: expected a non-negative integer`);
    const started = dateText(raw.learningStartedAt, `${at}.learningStartedAt`) ?? new Date().toISOString();
    const b: StoredBaseline = { workload, container, mode, learningStartedAt: started, learnedEvents, updatedAt: dateText(raw.updatedAt, `${at}.updatedAt`) ?? started, entries };
    const digest = text('imageDigest', false);
    if (digest) b.imageDigest = digest;
    return b;
  });
}

function dateText(v: unknown, where: string): string | undefined {
  if (v === undefined) return undefined;
  // js-yaml reads an unquoted ISO timestamp as a Date.
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new Error(`${where}: expected an ISO 8601 time`);
  return new Date(t).toISOString();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A readable view of one baseline: header lines, then one row per entry, grouped by kind. */
export function formatBaselineTable(b: StoredBaseline): string {
  const lines = [
    `Workload:   ${b.workload}`,
    `Container:  ${b.container || '(unnamed)'}`,
    `Mode:       ${b.mode}${b.mode === 'learning' ? ` (since ${b.learningStartedAt}, ${b.learnedEvents} events)` : ''}`,
    `Image:      ${b.imageDigest ?? '(digest not reported)'}`,
    `Updated:    ${b.updatedAt}`,
    '',
  ];
  const width = Math.max(4, ...STORED_ENTRY_KINDS.map((k) => k.length));
  lines.push(`${'KIND'.padEnd(width)}  VALUE`);
  for (const kind of STORED_ENTRY_KINDS) {
    const values = [...b.entries[kind]].sort();
    if (values.length === 0) lines.push(`${kind.padEnd(width)}  (none learned)`);
    for (const v of values) lines.push(`${kind.padEnd(width)}  ${v}`);
  }
  lines.push('', STORED_ENTRY_KINDS.map((k) => `${k} ${b.entries[k].length}`).join(', '));
  return `${lines.join('\n')}\n`;
}
