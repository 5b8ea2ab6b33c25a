import { PackageURL } from 'packageurl-js';
import type { Finding, VulnerabilityDetail } from '../model/index.js';

/**
 * OpenVEX (https://github.com/openvex/spec, v0.2.0) documents: a supplier's or our own statements
 * that an image or package is, or is not, affected by a vulnerability.
 *
 * A statement applies to an `image.vuln` finding when its vulnerability (name, `@id` or an alias)
 * names the finding's id or one of its aliases, and one of its products is either the finding's
 * package, or the image itself — then limited to the listed subcomponents when it has any.
 * Products are compared as purls: type, namespace, name; a product without a version covers every
 * version; the product's qualifiers must all be present on the package (in any order), extra ones
 * on the package are ignored.
 *
 * `not_affected` and `fixed` make the finding `waived` with the statement attached as evidence —
 * never dropped, so an audit still sees what was suppressed and why. `affected` and
 * `under_investigation` are attached and change nothing. Within a document the latest statement
 * wins (by timestamp, then position); across documents the first document given wins.
 */

export type VexStatus = NonNullable<VulnerabilityDetail['vex']>['status'];
const STATUSES: readonly VexStatus[] = ['not_affected', 'affected', 'fixed', 'under_investigation'];
const JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;

export interface VexProduct {
  /** The product's purl, when it is named by one. */
  purl?: PackageURL;
  /** The `@id` as written, for products not named by a purl (an image reference). */
  id: string;
  subcomponents: { purl?: PackageURL; id: string }[];
}

export interface VexStatement {
  index: number;
  vulnerabilityIds: string[];
  products: VexProduct[];
  status: VexStatus;
  justification?: string;
  impactStatement?: string;
  actionStatement?: string;
  statusNotes?: string;
  timestamp?: string;
}

export interface VexDocument {
  /** Where it was read from: named in errors and on the findings it touches. */
  file: string;
  id?: string;
  author?: string;
  timestamp?: string;
  statements: VexStatement[];
}

export class VexError extends Error {}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(obj: Json, key: string, where: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new VexError(`${where}: ${key} must be a string`);
  return value;
}

/** Parses one OpenVEX JSON document; errors name the file and the statement at fault. */
export function parseOpenVex(text: string, file: string): VexDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new VexError(`${file}: not JSON: ${(err as Error).message}`);
  }
  if (!isObject(raw)) throw new VexError(`${file}: not an OpenVEX document (expected a JSON object)`);
  const context = raw['@context'];
  if (typeof context !== 'string' || !context.startsWith('https://openvex.dev/ns')) {
    throw new VexError(`${file}: not an OpenVEX document (@context must be https://openvex.dev/ns/…)`);
  }
  if (!Array.isArray(raw.statements)) throw new VexError(`${file}: statements must be an array`);
  const doc: VexDocument = { file, statements: [] };
  const id = optionalString(raw, '@id', file);
  if (id) doc.id = id;
  const author = optionalString(raw, 'author', file);
  if (author) doc.author = author;
  const timestamp = optionalString(raw, 'timestamp', file);
  if (timestamp) doc.timestamp = timestamp;
  raw.statements.forEach((s: unknown, index: number) => doc.statements.push(parseStatement(s, index, `${file}: statements[${index}]`)));
  return doc;
}

function parseStatement(raw: unknown, index: number, where: string): VexStatement {
  if (!isObject(raw)) throw new VexError(`${where}: must be an object`);
  const status = raw.status;
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
    throw new VexError(`${where}: status must be one of ${STATUSES.join(', ')} (got ${JSON.stringify(status)})`);
  }
  const statement: VexStatement = { index, vulnerabilityIds: vulnerabilityIds(raw.vulnerability, where), products: [], status: status as VexStatus };
  const justification = optionalString(raw, 'justification', where);
  if (justification !== undefined && !(JUSTIFICATIONS as readonly string[]).includes(justification)) {
    throw new VexError(`${where}: justification must be one of ${JUSTIFICATIONS.join(', ')} (got ${JSON.stringify(justification)})`);
  }
  if (justification) statement.justification = justification;
  const impact = optionalString(raw, 'impact_statement', where);
  if (impact) statement.impactStatement = impact;
  const action = optionalString(raw, 'action_statement', where);
  if (action) statement.actionStatement = action;
  const notes = optionalString(raw, 'status_notes', where);
  if (notes) statement.statusNotes = notes;
  const timestamp = optionalString(raw, 'timestamp', where) ?? optionalString(raw, 'last_updated', where);
  if (timestamp) statement.timestamp = timestamp;
  // The spec lets an impact statement stand in for the machine-readable justification.
  if (statement.status === 'not_affected' && !statement.justification && !statement.impactStatement) {
    throw new VexError(`${where}: status not_affected needs a justification (or an impact_statement)`);
  }
  if (!Array.isArray(raw.products) || raw.products.length === 0) throw new VexError(`${where}: products must be a non-empty array`);
  raw.products.forEach((p: unknown, i: number) => statement.products.push(parseProduct(p, `${where}.products[${i}]`)));
  return statement;
}

function vulnerabilityIds(raw: unknown, where: string): string[] {
  // OpenVEX before 0.2.0 wrote the vulnerability as a bare string.
  if (typeof raw === 'string' && raw) return [raw];
  if (!isObject(raw)) throw new VexError(`${where}: vulnerability must be an object with a name`);
  const ids: string[] = [];
  const name = optionalString(raw, 'name', `${where}.vulnerability`);
  if (name) ids.push(name);
  const id = optionalString(raw, '@id', `${where}.vulnerability`);
  if (id) ids.push(id, ...idFromIri(id));
  if (raw.aliases !== undefined) {
    if (!Array.isArray(raw.aliases) || !raw.aliases.every((a) => typeof a === 'string')) throw new VexError(`${where}.vulnerability: aliases must be an array of strings`);
    ids.push(...(raw.aliases as string[]));
  }
  if (ids.length === 0) throw new VexError(`${where}: vulnerability has neither name nor @id`);
  return [...new Set(ids)];
}

/** `https://nvd.nist.gov/vuln/detail/CVE-2023-1234` names CVE-2023-1234. */
function idFromIri(iri: string): string[] {
  const m = /([A-Z][A-Z0-9]*-[A-Za-z0-9:._-]+)$/.exec(iri);
  return m && m[1] !== iri ? [m[1]!] : [];
}

function parseIdentified(raw: unknown, where: string): { purl?: PackageURL; id: string } {
  if (typeof raw === 'string') return withPurl(raw, undefined, where);
  if (!isObject(raw)) throw new VexError(`${where}: must be an object`);
  const id = optionalString(raw, '@id', where);
  const identifiers = isObject(raw.identifiers) ? raw.identifiers : {};
  const purl = optionalString(identifiers, 'purl', `${where}.identifiers`);
  if (!id && !purl) throw new VexError(`${where}: has neither @id nor identifiers.purl`);
  return withPurl(id ?? purl!, purl, where);
}

function withPurl(id: string, purl: string | undefined, where: string): { purl?: PackageURL; id: string } {
  const text = purl ?? (id.startsWith('pkg:') ? id : undefined);
  if (!text) return { id };
  try {
    return { id, purl: PackageURL.fromString(text) };
  } catch (err) {
    throw new VexError(`${where}: bad purl ${JSON.stringify(text)}: ${(err as Error).message}`);
  }
}

function parseProduct(raw: unknown, where: string): VexProduct {
  const product: VexProduct = { ...parseIdentified(raw, where), subcomponents: [] };
  if (isObject(raw) && raw.subcomponents !== undefined) {
    if (!Array.isArray(raw.subcomponents)) throw new VexError(`${where}: subcomponents must be an array`);
    raw.subcomponents.forEach((s: unknown, i: number) => product.subcomponents.push(parseIdentified(s, `${where}.subcomponents[${i}]`)));
  }
  return product;
}

/** True when `pattern` (from a VEX statement) covers `target` (a package's or image's purl). */
export function purlCovers(pattern: PackageURL, target: PackageURL): boolean {
  if (pattern.type !== target.type) return false;
  if ((pattern.namespace ?? '') !== (target.namespace ?? '')) return false;
  if (pattern.name !== target.name) return false;
  if (pattern.version && decodeURIComponent(pattern.version) !== decodeURIComponent(target.version ?? '')) return false;
  for (const [key, value] of Object.entries(pattern.qualifiers ?? {})) {
    if (target.qualifiers?.[key] !== value) return false;
  }
  if (pattern.subpath && pattern.subpath !== target.subpath) return false;
  return true;
}

function parseOrUndefined(purl: string | undefined): PackageURL | undefined {
  if (!purl) return undefined;
  try {
    return PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
}

/** Does a product entry name the finding's image: an OCI purl with its digest, the digest itself, or the reference as written? */
function namesImage(product: { purl?: PackageURL; id: string }, finding: Finding): boolean {
  if (finding.asset.type !== 'image') return false;
  const digest = finding.asset.ref.replace(/^image:\/\//, '');
  if (product.purl) {
    if (product.purl.type !== 'oci') return false;
    // An OCI purl without a version covers every digest of that repository; we cannot tell repositories apart by digest, so compare names.
    if (product.purl.version) return decodeURIComponent(product.purl.version) === digest;
    const repo = finding.asset.name.replace(/[@:][^/]*$/, '').split('/').pop();
    return product.purl.name === repo;
  }
  return product.id === digest || product.id === finding.asset.name || product.id === finding.asset.ref;
}

function statementApplies(statement: VexStatement, finding: Finding, packagePurl: PackageURL | undefined): boolean {
  const vuln = finding.vulnerability;
  if (!vuln) return false;
  const ids = new Set([vuln.id, ...vuln.aliases]);
  if (!statement.vulnerabilityIds.some((id) => ids.has(id))) return false;
  const covers = (p: { purl?: PackageURL; id: string }): boolean => (p.purl && packagePurl ? purlCovers(p.purl, packagePurl) : p.id === finding.package?.purl);
  return statement.products.some((product) => {
    if (covers(product)) return product.subcomponents.length === 0 || product.subcomponents.some(covers);
    if (!namesImage(product, finding)) return false;
    return product.subcomponents.length === 0 || product.subcomponents.some(covers);
  });
}

function later(a: VexStatement, b: VexStatement, doc: VexDocument): boolean {
  const ta = a.timestamp ?? doc.timestamp ?? '';
  const tb = b.timestamp ?? doc.timestamp ?? '';
  if (ta && tb && ta !== tb) return Date.parse(ta) > Date.parse(tb);
  return a.index > b.index;
}

/** Applies the documents to vulnerability findings, in place; returns how many findings each document changed. */
export function applyVex(findings: Finding[], documents: readonly VexDocument[]): Map<string, number> {
  const applied = new Map<string, number>(documents.map((d) => [d.file, 0]));
  for (const finding of findings) {
    if (!finding.vulnerability) continue;
    const packagePurl = parseOrUndefined(finding.package?.purl);
    for (const doc of documents) {
      let winner: VexStatement | undefined;
      for (const statement of doc.statements) {
        if (statementApplies(statement, finding, packagePurl) && (!winner || later(statement, winner, doc))) winner = statement;
      }
      if (!winner) continue;
      attach(finding, winner, doc);
      applied.set(doc.file, (applied.get(doc.file) ?? 0) + 1);
      break;
    }
  }
  return applied;
}

function attach(finding: Finding, statement: VexStatement, doc: VexDocument): void {
  const vex: NonNullable<VulnerabilityDetail['vex']> = { status: statement.status, document: doc.id ? `${doc.file} (${doc.id})` : doc.file };
  if (statement.justification) vex.justification = statement.justification;
  const text = statement.impactStatement ?? statement.statusNotes ?? statement.actionStatement;
  if (text) vex.statement = text;
  finding.vulnerability!.vex = vex;
  if ((statement.status === 'not_affected' || statement.status === 'fixed') && finding.status === 'fail') {
    finding.status = 'waived';
    const why = statement.justification ?? statement.impactStatement ?? '';
    finding.reason = {
      en: `VEX ${statement.status}${why ? `: ${why}` : ''} (${doc.file}, statement ${statement.index})`,
      zh: `VEX 声明为 ${statement.status === 'fixed' ? '已修复' : '不受影响'}${why ? `：${why}` : ''}（${doc.file}，第 ${statement.index} 条声明）`,
    };
  }
}
