import { isRecord } from '../model/index.js';

/**
 * Kubernetes label selectors (metav1.LabelSelector), shared by every analyzer that selects
 * objects by label: NetworkPolicy pod and namespace selectors, ClusterRole aggregation,
 * Service selectors. Semantics as the API server applies them:
 * - `{}` (no matchLabels, no matchExpressions) selects everything;
 * - matchLabels and every matchExpression must all hold (AND);
 * - `In` needs the key present with one of the values; `NotIn` holds when the key is absent or
 *   its value is not listed; `Exists` / `DoesNotExist` look at the key only.
 * Whether an absent selector means "everything" or "nothing" depends on the field, so callers
 * decide that before calling.
 */

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type Labels = Readonly<Record<string, string>>;

/** A selector that the API server would refuse; carries the offending field for an input error. */
export class SelectorError extends Error {
  constructor(
    message: string,
    readonly field: (string | number)[],
  ) {
    super(message);
  }
}

const OPERATORS = new Set<string>(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Checks the shape of a selector read from a manifest; throws SelectorError naming the field. */
export function parseSelector(value: unknown): LabelSelector {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new SelectorError('expected a label selector (a mapping)', []);
  const selector: LabelSelector = {};
  if (value.matchLabels !== undefined && value.matchLabels !== null) {
    if (!isRecord(value.matchLabels)) throw new SelectorError('expected a mapping', ['matchLabels']);
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(value.matchLabels)) {
      if (typeof v !== 'string') throw new SelectorError('label values must be strings (quote them)', ['matchLabels', k]);
      labels[k] = v;
    }
    selector.matchLabels = labels;
  }
  if (value.matchExpressions !== undefined && value.matchExpressions !== null) {
    if (!Array.isArray(value.matchExpressions)) throw new SelectorError('expected a list', ['matchExpressions']);
    selector.matchExpressions = value.matchExpressions.map((e: unknown, i) => {
      if (!isRecord(e) || typeof e.key !== 'string') throw new SelectorError('expected {key, operator, values}', ['matchExpressions', i]);
      if (typeof e.operator !== 'string' || !OPERATORS.has(e.operator)) {
        throw new SelectorError(`operator must be one of In, NotIn, Exists, DoesNotExist (got ${JSON.stringify(e.operator)})`, ['matchExpressions', i, 'operator']);
      }
      const values = e.values ?? [];
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw new SelectorError('values must be a list of strings', ['matchExpressions', i, 'values']);
      const needsValues = e.operator === 'In' || e.operator === 'NotIn';
      if (needsValues && values.length === 0) throw new SelectorError(`${e.operator} needs at least one value`, ['matchExpressions', i, 'values']);
      if (!needsValues && values.length > 0) throw new SelectorError(`${e.operator} takes no values`, ['matchExpressions', i, 'values']);
      return { key: e.key, operator: e.operator as SelectorOperator, values: values as string[] };
    });
  }
  return selector;
}

export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  if (selector.matchLabels) {
    for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key);
    switch (req.operator) {
      case 'In':
        if (!has || !(req.values ?? []).includes(labels[req.key] as string)) return false;
        break;
      case 'NotIn':
        if (has && (req.values ?? []).includes(labels[req.key] as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** True for `{}`: the selector that selects every object. */
export function selectsEverything(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** Human-readable form, as kubectl prints selectors: `app=api,tier in (web,edge),!legacy`. */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    if (r.operator === 'In') parts.push(`${r.key} in (${(r.values ?? []).join(',')})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${(r.values ?? []).join(',')})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return parts.length ? parts.join(',') : '(all)';
}
