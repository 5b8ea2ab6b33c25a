import type { Finding, RoutingRule, WaiverRequest } from '../../../model/index.js';

/**
 * Who owns a finding: the platform's routing rules, tried in priority order (lowest first, ties by
 * id so the order never depends on storage), the first whose selectors all match winning, the
 * default team taking the rest. Called for every finding on ingest, so rules are compiled once
 * (globs to regular expressions) and matching allocates nothing.
 *
 * Vulnerability findings carry a layer: a package of an OS package manager (deb, rpm, apk, alpm)
 * came with the base image and belongs to whoever builds base images; a language package (npm,
 * pypi, maven…) was added by the application team. Rules with `layer` route them apart.
 */

export type PackageLayer = 'os' | 'app';

const OS_PACKAGE_TYPES = new Set(['deb', 'rpm', 'apk', 'alpm']);
const APP_PACKAGE_TYPES = new Set(['npm', 'pypi', 'maven', 'golang', 'gem', 'cargo', 'composer', 'nuget']);

/** What a finding alone does not say, supplied by the caller when it knows it. */
export interface RoutingContext {
  /** Labels of the workload or its namespace (`team=payments`). */
  labels?: Readonly<Record<string, string>>;
  /** Repository (`registry/path`, no tag or digest) of the image the finding is about, for workload findings. */
  imageRepository?: string;
}

export interface OwnerDecision {
  team: string | undefined;
  /** The rule that decided, absent when the default team (or nobody) took the finding. */
  ruleId?: string;
}

interface CompiledRule {
  rule: RoutingRule;
  namespace?: RegExp;
  imageRepository?: RegExp;
  check?: RegExp;
  labels?: [string, string][];
}

export interface CompiledRouting {
  readonly rules: readonly CompiledRule[];
  readonly defaultTeam: string | undefined;
}

export function compileRouting(rules: readonly RoutingRule[], defaultTeam?: string): CompiledRouting {
  const ordered = [...rules].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    defaultTeam,
    rules: ordered.map((rule) => {
      if (!rule.team) throw new Error(`routing rule ${rule.id}: team is required`);
      const compiled: CompiledRule = { rule };
      if (rule.namespace !== undefined) compiled.namespace = globToRegExp(rule.namespace);
      if (rule.imageRepository !== undefined) compiled.imageRepository = globToRegExp(rule.imageRepository);
      if (rule.check !== undefined) compiled.check = globToRegExp(rule.check);
      if (rule.labels && Object.keys(rule.labels).length > 0) compiled.labels = Object.entries(rule.labels);
      return compiled;
    }),
  };
}

export function resolveOwner(finding: Finding, routing: CompiledRouting, context: RoutingContext = {}): OwnerDecision {
  for (const compiled of routing.rules) {
    if (ruleMatches(compiled, finding, context)) return { team: compiled.rule.team, ruleId: compiled.rule.id };
  }
  return { team: routing.defaultTeam };
}

function ruleMatches(c: CompiledRule, finding: Finding, context: RoutingContext): boolean {
  const rule = c.rule;
  const asset = finding.asset;
  if (rule.cluster !== undefined && asset.cluster !== rule.cluster) return false;
  if (c.namespace && (asset.namespace === undefined || !c.namespace.test(asset.namespace))) return false;
  if (c.check && !c.check.test(finding.checkId)) return false;
  if (c.labels) {
    const labels = context.labels;
    if (!labels) return false;
    for (const [key, value] of c.labels) if (labels[key] !== value) return false;
  }
  if (c.imageRepository) {
    const repository = imageRepositoryOf(finding, context);
    if (repository === undefined || !c.imageRepository.test(repository)) return false;
  }
  if (rule.layer !== undefined && packageLayer(finding) !== rule.layer) return false;
  return true;
}

/** `os` for OS package managers' packages, `app` for language ecosystems, undefined when the finding has no (known) package. */
export function packageLayer(finding: Pick<Finding, 'package'>): PackageLayer | undefined {
  const pkg = finding.package;
  if (!pkg) return undefined;
  const type = purlType(pkg.purl) ?? pkg.type;
  if (OS_PACKAGE_TYPES.has(type)) return 'os';
  if (APP_PACKAGE_TYPES.has(type)) return 'app';
  return undefined;
}

function purlType(purl: string): string | undefined {
  const match = /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\//.exec(purl);
  return match ? match[1]!.toLowerCase() : undefined;
}

/** The context's repository, else the image asset's reference without digest or tag. */
function imageRepositoryOf(finding: Finding, context: RoutingContext): string | undefined {
  if (context.imageRepository !== undefined) return context.imageRepository;
  if (finding.asset.type !== 'image') return undefined;
  return repositoryOfReference(finding.asset.name);
}

/** `registry:5000/team/app:1.2@sha256:…` → `registry:5000/team/app`: the tag is a colon after the last slash. */
export function repositoryOfReference(reference: string): string {
  const at = reference.indexOf('@');
  const withoutDigest = at >= 0 ? reference.slice(0, at) : reference;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** `*` matches any run of characters (including `/`); everything else is literal. */
function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * The team that owns a waiver: its scope routed as if it were a finding (cluster, namespace,
 * image, package and check taken from the scope; a wildcard in an image stands for any one
 * repository it covers). Selectors the scope leaves open match no rule that needs them, so a broad
 * waiver goes to the default team.
 */
export function waiverOwner(request: Pick<WaiverRequest, 'check' | 'scope'>, routing: CompiledRouting): string | undefined {
  const s = request.scope;
  const literal = (value: string | undefined): string | undefined => (value !== undefined && !value.includes('*') ? value : undefined);
  const asset: Finding['asset'] = { type: s.image !== undefined ? 'image' : 'k8s-object', ref: `waiver-scope:${request.check}`, name: s.image ?? s.name ?? '' };
  const cluster = literal(s.cluster);
  const namespace = literal(s.namespace);
  if (cluster !== undefined) asset.cluster = cluster;
  if (namespace !== undefined) asset.namespace = namespace;
  const finding: Finding = { fingerprint: '', checkId: request.check, severity: 'info', status: 'fail', message: { en: '', zh: '' }, asset, subject: '', location: {}, controls: [] };
  const purl = literal(s.package);
  const type = purl ? purlType(purl) : undefined;
  if (purl && type) finding.package = { name: purl, version: '', type, purl };
  const context: RoutingContext = s.image !== undefined ? { imageRepository: repositoryOfReference(s.image.replace(/\*/g, 'x')) } : {};
  return resolveOwner(finding, routing, context).team;
}
