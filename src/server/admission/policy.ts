import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { matchesSelector, type LabelSelector, type Labels } from '../../analyzers/label-selector.js';
import { WORKLOAD_CHECKS } from '../../analyzers/registry.js';
import { parsePssVersion, type PssVersion } from '../../analyzers/workload/check.js';
import type { WorkloadCheck } from '../../analyzers/workload/check.js';
import { CHECKS } from '../../catalog/index.js';
import type { Lang, PssLevel, Waiver } from '../../model/index.js';
import { lineOf, parseDocument, splitDocuments, YamlSyntaxError, type ParsedDocument, type YamlChunk } from '../../sources/kube/yaml-documents.js';
import { describeSchemaError, instancePathSegments, schemaValidator } from '../../sources/schema-validator.js';
import { readWaivers } from '../../sources/waivers-file.js';
import type { ImagePolicyConfig } from './image-gate.js';

/**
 * The admission policy file (`admission.yaml`): per namespace, a mode, a Pod Security Standards
 * level, extra workload checks and whether a failed evaluation denies. Namespace rules are tried
 * in order, the first that matches applies; a field a rule leaves out comes from `defaults`.
 *
 * AdmissionReview requests carry the namespace's name but not its labels, and the webhook makes
 * no API calls on the request path; label selectors therefore match the labels listed under
 * `namespaceLabels` (plus `kubernetes.io/metadata.name`, which the API server sets on every
 * namespace).
 */

export type AdmissionMode = 'enforce' | 'warn' | 'audit';

/** What applies to one namespace, resolved. */
export interface NamespacePolicy {
  mode: AdmissionMode;
  pssLevel: PssLevel | 'privileged';
  pssVersion: PssVersion;
  /** Extra workload checks beyond the PSS level, in catalogue order, without those the level runs. */
  checks: readonly WorkloadCheck[];
  /** The extra checks as the policy named them, before the level's own were taken out (rules inherit these). */
  requestedChecks: readonly WorkloadCheck[];
  failClosed: boolean;
  /** `defaults` or `namespaces[i]`, for logs. */
  rule: string;
}

export interface AdmissionPolicy {
  file: string;
  language: Lang;
  defaults: NamespacePolicy;
  rules: { names?: ReadonlySet<string>; selector?: LabelSelector; policy: NamespacePolicy }[];
  namespaceLabels: ReadonlyMap<string, Labels>;
  waivers: readonly Waiver[];
  waiversFile?: string;
  images?: ImagePolicyConfig;
}

export class PolicyError extends Error {}

interface PssInput {
  level?: PssLevel | 'privileged';
  version?: string;
}
interface NamespacePolicyInput {
  mode?: AdmissionMode;
  pss?: PssInput;
  checks?: string[];
  failClosed?: boolean;
}
interface PolicyInput {
  language?: Lang;
  defaults?: NamespacePolicyInput;
  namespaces?: (NamespacePolicyInput & { match: { names?: string[]; labelSelector?: LabelSelector } })[];
  namespaceLabels?: Record<string, Record<string, string>>;
  waivers?: string;
  images?: ImagePolicyConfig;
}

const BUILT_IN_DEFAULTS = { mode: 'warn', pssLevel: 'baseline', pssVersion: 'latest', failClosed: false } as const;

/**
 * Reads and validates a policy file; throws PolicyError with one line naming file, line and
 * field. Waivers that cannot be applied come back as `warnings` (the rest still apply).
 */
export async function loadPolicy(file: string): Promise<{ policy: AdmissionPolicy; warnings: string[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PolicyError(`${file}: cannot read admission policy: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const policy = parsePolicy(file, text);
  const warnings: string[] = [];
  if (policy.waiversFile) {
    const { waivers, errors } = await readWaivers(policy.waiversFile);
    const unreadable = errors.find((e) => e.line === undefined && /cannot read/.test(e.message));
    if (unreadable) throw new PolicyError(`${file}: waivers: ${policy.waiversFile}: ${unreadable.message}`);
    for (const e of errors) warnings.push(`${e.source}${e.line ? `:${e.line}` : ''}: ${e.message}`);
    policy.waivers = waivers;
  }
  return { policy, warnings };
}

/** Parses policy text (YAML or JSON); waivers are not read here (see loadPolicy). */
export function parsePolicy(file: string, text: string): AdmissionPolicy {
  const chunk: YamlChunk = splitDocuments(text)[0] ?? { text: '', firstLine: 0, index: 1 };
  let doc: ParsedDocument;
  try {
    doc = parseDocument(chunk);
  } catch (err) {
    if (err instanceof YamlSyntaxError) throw new PolicyError(`${file}:${err.line}: admission policy: YAML syntax error: ${err.message}`);
    throw err;
  }
  const value = doc.value ?? {};
  const at = (segments: (string | number)[]): string => `${file}:${lineOf(doc, chunk, segments)}`;
  const validate = schemaValidator('admission-policy.schema.json');
  if (!validate(value)) {
    const error = mostSpecific(validate.errors ?? []);
    throw new PolicyError(`${at(instancePathSegments(error))}: admission policy: ${describe(error)}`);
  }
  const input = value as PolicyInput;
  const resolve = (ns: NamespacePolicyInput, base: NamespacePolicy | typeof BUILT_IN_DEFAULTS, where: (string | number)[], rule: string): NamespacePolicy => {
    const version = ns.pss?.version === undefined ? base.pssVersion : parsePssVersion(ns.pss.version);
    if (version === undefined) throw new PolicyError(`${at([...where, 'pss', 'version'])}: admission policy: ${fieldName([...where, 'pss', 'version'])}: expected latest or v1.NN`);
    const pssLevel = ns.pss?.level ?? base.pssLevel;
    const requestedChecks = ns.checks ? extraChecks(ns.checks, (i) => [...where, 'checks', i], at) : 'requestedChecks' in base ? base.requestedChecks : [];
    const checks = requestedChecks.filter((c) => !ranByLevel(c.id, pssLevel));
    return { mode: ns.mode ?? base.mode, pssLevel, pssVersion: version, checks, requestedChecks, failClosed: ns.failClosed ?? base.failClosed, rule };
  };
  const defaults = resolve(input.defaults ?? {}, BUILT_IN_DEFAULTS, ['defaults'], 'defaults');
  const rules: AdmissionPolicy['rules'] = (input.namespaces ?? []).map((ns, i) => {
    const rule: AdmissionPolicy['rules'][number] = { policy: resolve(ns, defaults, ['namespaces', i], `namespaces[${i}]`) };
    if (ns.match.names) rule.names = new Set(ns.match.names);
    if (ns.match.labelSelector) {
      for (const [j, e] of (ns.match.labelSelector.matchExpressions ?? []).entries()) {
        const needsValues = e.operator === 'In' || e.operator === 'NotIn';
        if (needsValues !== (e.values !== undefined && e.values.length > 0)) {
          const where = ['namespaces', i, 'match', 'labelSelector', 'matchExpressions', j];
          throw new PolicyError(`${at(where)}: admission policy: ${fieldName(where)}: ${e.operator} ${needsValues ? 'needs' : 'takes no'} values`);
        }
      }
      rule.selector = ns.match.labelSelector;
    }
    return rule;
  });
  const policy: AdmissionPolicy = {
    file,
    language: input.language ?? 'en',
    defaults,
    rules,
    namespaceLabels: new Map(Object.entries(input.namespaceLabels ?? {})),
    waivers: [],
  };
  if (input.waivers) policy.waiversFile = path.resolve(path.dirname(file), input.waivers);
  if (input.images) policy.images = input.images;
  return policy;
}

/** The policy for a namespace: the first matching rule, else the defaults. */
export function namespacePolicy(policy: AdmissionPolicy, namespace: string): NamespacePolicy {
  let labels: Labels | undefined;
  for (const rule of policy.rules) {
    if (rule.names && !rule.names.has(namespace)) continue;
    if (rule.selector) {
      labels ??= { ...policy.namespaceLabels.get(namespace), 'kubernetes.io/metadata.name': namespace };
      if (!matchesSelector(rule.selector, labels)) continue;
    }
    return rule.policy;
  }
  return policy.defaults;
}

const WORKLOAD_BY_ID = new Map(WORKLOAD_CHECKS.map((c) => [c.id, c]));
const PSS_LEVEL_OF = new Map(CHECKS.flatMap((c) => (c.pss ? [[c.id, c.pss.level] as const] : [])));

/** Whether evaluatePss already runs a check at this level. */
function ranByLevel(checkId: string, level: PssLevel | 'privileged'): boolean {
  const checkLevel = PSS_LEVEL_OF.get(checkId);
  if (checkLevel === undefined || level === 'privileged') return false;
  return level === 'restricted' || checkLevel === 'baseline';
}

function extraChecks(patterns: string[], where: (i: number) => (string | number)[], at: (segments: (string | number)[]) => string): WorkloadCheck[] {
  const wanted = new Set<string>();
  patterns.forEach((pattern, i) => {
    const ids = pattern.endsWith('.*') ? CHECKS.filter((c) => c.id.startsWith(pattern.slice(0, -1))).map((c) => c.id) : [pattern];
    const known = ids.filter((id) => CHECKS.some((c) => c.id === id));
    const fail = (why: string): never => {
      throw new PolicyError(`${at(where(i))}: admission policy: ${fieldName(where(i))}: ${why}`);
    };
    if (known.length === 0) fail(`unknown check id "${pattern}" (see: rampart checks list)`);
    const workload = known.filter((id) => WORKLOAD_BY_ID.has(id));
    if (workload.length === 0) fail(`"${pattern}" is not a workload check; admission evaluates pod templates (image rules go under images:)`);
    for (const id of workload) wanted.add(id);
  });
  return WORKLOAD_CHECKS.filter((c) => wanted.has(c.id));
}

/** Of several schema errors, the one deepest in the document: it names the field to fix. */
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  const useful = errors.filter((e) => e.keyword !== 'if' && e.keyword !== '$ref');
  return useful.reduce((best, e) => (e.instancePath.length > best.instancePath.length ? e : best), useful[0] ?? (errors[0] as ErrorObject));
}

function describe(error: ErrorObject): string {
  const segments = instancePathSegments(error);
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
    return `${fieldName(segments)}: expected one of ${allowed}`;
  }
  if (error.keyword === 'pattern' && segments[segments.length - 1] === 'version') return `${fieldName(segments)}: expected latest or v1.NN`;
  if (error.keyword === 'pattern') return `${fieldName(segments)}: expected a check id such as pod.privileged, or a prefix such as pod.*`;
  return describeSchemaError(error);
}

function fieldName(segments: (string | number)[]): string {
  return segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') || '(top level)';
}
