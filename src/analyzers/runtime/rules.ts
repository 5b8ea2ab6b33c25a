import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import jsyaml from 'js-yaml';
import { findCheck as catalogCheck } from '../../catalog/index.js';
import { defaultRuntimeRulesFile } from '../../catalog/checks/runtime.js';
import type { Check, Localized, RuntimeEventKind, Severity } from '../../model/index.js';
import type { Activation } from './activation.js';
import { lookupPath } from './activation.js';
import { ACTIVATION_VARIABLES, runtimeCelEnvironment } from './cel.js';
import { compilePrefilter, type MatchSpec, type Prefilter } from './prefilter.js';
import { ruleFileSchema } from './rule-schema.js';

/** A parameter as written in YAML: text, integer, switch, or a list of text or integers. */
export type RuleParamValue = string | number | boolean | string[] | number[];

/** One rule as written in a rule file. */
export interface RuntimeRuleSpec {
  id: string;
  kinds: RuntimeEventKind[];
  match?: MatchSpec;
  /** CEL over the activation (see activation.ts); true raises an alert. */
  condition: string;
  /** What is at fault, e.g. `process:{proc.exe}`: `{path}` is read from the activation. */
  subject: string;
  params?: Record<string, RuleParamValue>;
  enabled?: boolean;
  /** For rules not in the catalogue (user rules), their catalogue entry. */
  severity?: Severity;
  mitre?: string[];
  title?: Localized;
  description?: Localized;
  remediation?: Localized;
  references?: string[];
}

export interface RuleOverride {
  enabled?: boolean;
  severity?: Severity;
  params?: Record<string, RuleParamValue>;
}

export interface RuntimeRuleFile {
  apiVersion?: string;
  kind?: string;
  rules?: RuntimeRuleSpec[];
  overrides?: Record<string, RuleOverride>;
}

/** A rule ready to run: catalogue entry, prefilter, compiled condition and subject template. */
export interface CompiledRule {
  id: string;
  check: Check;
  kinds: RuntimeEventKind[];
  /** The file the rule was read from. */
  file: string;
  prefilter: Prefilter;
  condition: (activation: Activation) => unknown;
  /** Parameters as CEL values (integers as BigInt). */
  params: Record<string, unknown>;
  subject: (activation: Activation) => string;
  spec: RuntimeRuleSpec;
}

export interface RuleSetOptions {
  /** User rule files, applied after the defaults, in order. */
  files?: string[];
  /** Load the default rules (true unless set to false). */
  defaults?: boolean;
  /** Catalogue lookup; the built-in catalogue unless given (tests). */
  findCheck?: (id: string) => Check | undefined;
}

export interface RuleSet {
  rules: CompiledRule[];
  /** Every rule loaded, enabled or not, with its (possibly overridden) catalogue entry. */
  checks: Check[];
}

/** A bad rule file or rule: one line naming the file, the rule and what is wrong. */
export class RuleFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleFileError';
  }
}

let validator: ValidateFunction | undefined;

/** Parses and validates one rule file's text (YAML or JSON); compiles nothing. */
export function parseRuleFile(text: string, file: string): RuntimeRuleFile {
  let doc: unknown;
  try {
    doc = jsyaml.load(text);
  } catch (err) {
    throw new RuleFileError(`${file}: not valid YAML: ${firstLine((err as Error).message)}`);
  }
  if (doc === undefined || doc === null) return {};
  validator ??= new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true }).compile(ruleFileSchema);
  if (!validator(doc)) throw new RuleFileError(`${file}: ${describe(doc, validator.errors?.[0])}`);
  return doc as RuntimeRuleFile;
}

function describe(doc: unknown, error: ErrorObject | undefined): string {
  if (!error) return 'invalid rule file';
  const segs = error.instancePath.split('/').slice(1);
  let where = segs.join('.') || '(top level)';
  if (segs[0] === 'rules' && segs[1] !== undefined) {
    const rule = (doc as RuntimeRuleFile).rules?.[Number(segs[1])];
    const id = typeof rule?.id === 'string' ? rule.id : `#${segs[1]}`;
    where = `rule ${id}${segs.length > 2 ? `: ${segs.slice(2).join('.')}` : ''}`;
  }
  const detail = error.keyword === 'required' ? `missing ${String(error.params.missingProperty)}` : error.keyword === 'additionalProperties' ? `unknown field "${String(error.params.additionalProperty)}"` : (error.message ?? 'invalid');
  return `${where}: ${detail}`;
}

function readRuleFile(file: string): RuntimeRuleFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RuleFileError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseRuleFile(text, file);
}

/** Loads the default rules and the user files, applies overrides, and compiles every enabled rule. */
export function loadRuleSet(options: RuleSetOptions = {}): RuleSet {
  const find = options.findCheck ?? catalogCheck;
  const files: { file: string; doc: RuntimeRuleFile }[] = [];
  if (options.defaults !== false) files.push({ file: defaultRuntimeRulesFile(), doc: readRuleFile(defaultRuntimeRulesFile()) });
  for (const file of options.files ?? []) files.push({ file, doc: readRuleFile(file) });
  return compileRuleFiles(files, find, options.defaults !== false ? defaultRuntimeRulesFile() : undefined);
}

/** As loadRuleSet, from already parsed documents (the first one may be the defaults). */
export function compileRuleFiles(files: { file: string; doc: RuntimeRuleFile }[], find: (id: string) => Check | undefined = catalogCheck, defaultsFile?: string): RuleSet {
  const specs = new Map<string, { spec: RuntimeRuleSpec; file: string; check: Check }>();
  for (const { file, doc } of files) {
    for (const spec of doc.rules ?? []) {
      const seen = specs.get(spec.id);
      if (seen) throw new RuleFileError(`${file}: rule ${spec.id}: already defined in ${seen.file}; change it under overrides instead`);
      specs.set(spec.id, { spec, file, check: checkOf(spec, file, find, file === defaultsFile) });
    }
  }
  const overrides = new Map<string, { override: RuleOverride; file: string }[]>();
  for (const { file, doc } of files) {
    for (const [id, override] of Object.entries(doc.overrides ?? {})) {
      if (!specs.has(id)) throw new RuleFileError(`${file}: overrides.${id}: no such rule`);
      overrides.set(id, [...(overrides.get(id) ?? []), { override, file }]);
    }
  }
  const rules: CompiledRule[] = [];
  const checks: Check[] = [];
  for (const { spec, file, check: baseCheck } of specs.values()) {
    let enabled = spec.enabled !== false;
    let check = baseCheck;
    const params: Record<string, RuleParamValue> = { ...(spec.params ?? {}) };
    for (const { override, file: ofile } of overrides.get(spec.id) ?? []) {
      if (override.enabled !== undefined) enabled = override.enabled;
      if (override.severity) check = { ...check, severity: override.severity };
      for (const [name, value] of Object.entries(override.params ?? {})) {
        const current = params[name];
        if (current === undefined) throw new RuleFileError(`${ofile}: overrides.${spec.id}.params.${name}: the rule has no such parameter (it has: ${Object.keys(params).join(', ') || 'none'})`);
        if (!sameShape(current, value)) throw new RuleFileError(`${ofile}: overrides.${spec.id}.params.${name}: expected ${shapeOf(current)}, got ${shapeOf(value)}`);
        params[name] = value;
      }
    }
    checks.push(check);
    if (enabled) rules.push(compileRule(spec, params, check, file));
  }
  return { rules, checks };
}

function checkOf(spec: RuntimeRuleSpec, file: string, find: (id: string) => Check | undefined, isDefaults: boolean): Check {
  const catalogued = find(spec.id);
  if (catalogued) {
    if (!isDefaults) throw new RuleFileError(`${file}: rule ${spec.id}: is a built-in rule; change it under overrides or give your rule another id`);
    if (catalogued.target !== 'event') throw new RuleFileError(`${file}: rule ${spec.id}: the catalogue entry is not a runtime (event) check`);
    return catalogued;
  }
  if (isDefaults) throw new RuleFileError(`${file}: rule ${spec.id}: has no catalogue entry in src/catalog/checks/runtime.ts`);
  for (const field of ['severity', 'title', 'description', 'remediation'] as const) {
    if (spec[field] === undefined) throw new RuleFileError(`${file}: rule ${spec.id}: missing ${field} (required for rules not in the catalogue)`);
  }
  return {
    id: spec.id,
    severity: spec.severity as Severity,
    target: 'event',
    title: spec.title as Localized,
    description: spec.description as Localized,
    remediation: spec.remediation as Localized,
    mitre: spec.mitre ?? [],
    ...(spec.references ? { references: spec.references } : {}),
  };
}

export function compileRule(spec: RuntimeRuleSpec, params: Record<string, RuleParamValue>, check: Check, file: string): CompiledRule {
  const where = `${file}: rule ${spec.id}`;
  const celParams = toCel(params);
  let prefilter: Prefilter;
  try {
    prefilter = compilePrefilter(spec.match, celParams, where);
  } catch (err) {
    throw new RuleFileError((err as Error).message);
  }
  const env = runtimeCelEnvironment();
  let condition: CompiledRule['condition'];
  try {
    condition = env.parse(spec.condition) as unknown as CompiledRule['condition'];
  } catch (err) {
    throw new RuleFileError(`${where}: condition does not compile: ${firstLine((err as Error).message)}`);
  }
  const typed = env.check(spec.condition);
  if (!typed.valid) throw new RuleFileError(`${where}: condition does not compile: ${firstLine(typed.error?.message ?? 'type error')}`);
  if (typed.type !== 'bool' && typed.type !== 'dyn') throw new RuleFileError(`${where}: condition must be a bool, it is ${String(typed.type)}`);
  return { id: spec.id, check, kinds: spec.kinds, file, prefilter, condition, params: celParams, subject: compileSubject(spec.subject, where), spec };
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_.]*)\}/g;

function compileSubject(template: string, where: string): (act: Activation) => string {
  const parts: (string | { path: string })[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const path = m[1] as string;
    const root = path.split('.')[0] as string;
    if (!(ACTIVATION_VARIABLES as readonly string[]).includes(root)) throw new RuleFileError(`${where}: subject: {${path}} does not name an activation variable (${ACTIVATION_VARIABLES.join(', ')})`);
    parts.push(template.slice(last, m.index), { path });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(template.slice(last));
  return (act) => parts.map((p) => (typeof p === 'string' ? p : textOf(lookupPath(act, p.path)))).join('');
}

function textOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(textOf).join(',');
  return String(v);
}

function toCel(params: Record<string, RuleParamValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = Array.isArray(v) ? v.map(celScalar) : celScalar(v);
  return out;
}

const celScalar = (v: string | number | boolean): unknown => (typeof v === 'number' ? BigInt(v) : v);

function shapeOf(v: RuleParamValue): string {
  if (Array.isArray(v)) return v.length === 0 ? 'a list' : `a list of ${typeof v[0] === 'number' ? 'integers' : 'text'}`;
  return typeof v === 'number' ? 'an integer' : typeof v === 'boolean' ? 'true or false' : 'text';
}

function sameShape(a: RuleParamValue, b: RuleParamValue): boolean {
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (!Array.isArray(a) || !Array.isArray(b)) return typeof a === typeof b;
  if (a.length === 0 || b.length === 0) return true;
  return typeof a[0] === typeof b[0];
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).trim();
}
