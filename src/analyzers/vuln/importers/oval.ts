import { spawn } from 'node:child_process';
import { accessSync, constants, createReadStream } from 'node:fs';
import path from 'node:path';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import unbzip2 from 'unbzip2-stream';
import type { Advisory, VulnSourceInfo } from '../../../model/index.js';
import type { Importer, ImportSink } from './importer.js';

/**
 * A streaming reader for OVAL definition files (Debian, Ubuntu, Red Hat) and the decompression the
 * distributors ship them with. The XML is never held: SAX events fill compact tables (definitions
 * with their metadata and criteria, tests, objects, states, constant variables), and the importers
 * resolve each definition's package checks from them. The tables are needed whole because OVAL puts
 * all definitions before the tests they refer to.
 */

/**
 * Opens a feed file as a byte stream, decompressing `.gz` and `.bz2` on the fly. `jsBzip2` forces
 * the JavaScript bzip2 decoder (the fallback for hosts without the bzip2 tool).
 */
export function openFeed(file: string, options: { jsBzip2?: boolean } = {}): Readable {
  if (/\.gz$/i.test(file)) return pipeline(createReadStream(file), createGunzip(), () => undefined);
  if (/\.bz2$/i.test(file)) return openBzip2(file, options.jsBzip2 ? null : findBzip2());
  return createReadStream(file);
}

/** The feed file's text, chunk by chunk, decoded as UTF-8 across chunk boundaries. */
export async function* feedText(file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of openFeed(file) as AsyncIterable<Buffer>) yield decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

/** The feed file's lines, without line ends. */
export async function* feedLines(file: string): AsyncGenerator<string> {
  let carry = '';
  for await (const text of feedText(file)) {
    const lines = (carry + text).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  if (carry) yield carry;
}

let bzip2Path: string | null | undefined;

function findBzip2(): string | null {
  if (bzip2Path !== undefined) return bzip2Path;
  bzip2Path = null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'bzip2');
    try {
      accessSync(candidate, constants.X_OK);
      bzip2Path = candidate;
      break;
    } catch {
      // not here
    }
  }
  return bzip2Path;
}

/**
 * bzip2 in JavaScript (unbzip2-stream) decodes about 6 MB/s, so a Debian OVAL file (50 MB of XML)
 * takes ten seconds; the system `bzip2` is three times faster and runs beside the parser in its own
 * process. The JavaScript decoder remains for hosts without it.
 */
function openBzip2(file: string, tool: string | null): Readable {
  const out = new PassThrough();
  if (!tool) {
    const source = createReadStream(file);
    const decoder = unbzip2();
    source.on('error', (err) => out.destroy(err));
    decoder.on('error', (err: Error) => out.destroy(new Error(`${file}: bzip2 data: ${err.message}`)));
    source.pipe(decoder).pipe(out);
    return out;
  }
  const child = spawn(tool, ['-dc', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < 2000) stderr += text;
  });
  child.stdout.pipe(out, { end: false });
  child.on('error', (err) => out.destroy(err));
  // End only once bzip2 has said the data was whole: a truncated file must fail, not parse short.
  child.on('close', (code) => {
    if (code === 0) out.end();
    else out.destroy(new Error(`${file}: bzip2 failed (${code}): ${stderr.trim().split('\n')[0] ?? ''}`));
  });
  out.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  return out;
}

export interface OvalReference {
  source: string;
  refId: string;
  refUrl?: string;
}

/** A `<cve>` element of a Red Hat or Ubuntu `<advisory>`: the id and its attributes (cvss3, impact, priority…). */
export interface OvalAdvisoryCve {
  id: string;
  attributes: Record<string, string>;
}

export interface OvalCriterion {
  testRef: string;
  comment?: string;
  negate: boolean;
}

export interface OvalCriteria {
  operator: string;
  negate: boolean;
  comment?: string;
  children: (OvalCriteria | OvalCriterion)[];
}

export interface OvalDefinition {
  id: string;
  class: string;
  title: string;
  description: string;
  /** `<affected><product>` names (Debian gives the source package here). */
  products: string[];
  platforms: string[];
  references: OvalReference[];
  severity?: string;
  issued?: string;
  updated?: string;
  cves: OvalAdvisoryCve[];
  /** `<bugzilla>` titles of a Red Hat advisory (`CVE-2022-1650 eventsource: Exposure of Sensitive Information`). */
  bugzillas: string[];
  /** Text of other metadata elements by local name (`dsa`, `date`, `moreinfo` in Debian's block). */
  extra: Record<string, string>;
  criteria?: OvalCriteria;
}

export interface OvalTest {
  id: string;
  /** Local element name: `dpkginfo_test`, `rpminfo_test`, `uname_test`… */
  kind: string;
  comment?: string;
  objectRef?: string;
  stateRefs: string[];
}

export interface OvalObject {
  id: string;
  kind: string;
  name?: string;
  nameVarRef?: string;
}

export interface OvalStateValue {
  value: string;
  operation?: string;
  datatype?: string;
}

export interface OvalState {
  id: string;
  kind: string;
  /** Child elements by local name (`evr`, `arch`, `signature_keyid`, `version`…). */
  fields: Record<string, OvalStateValue>;
}

export interface OvalDocument {
  productName?: string;
  /** Generator timestamp, as written. */
  timestamp?: string;
  definitions: OvalDefinition[];
  tests: Map<string, OvalTest>;
  objects: Map<string, OvalObject>;
  states: Map<string, OvalState>;
  /** Constant variables: id → values (Ubuntu lists a USN's binary packages in one). */
  variables: Map<string, string[]>;
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

const SECTIONS = new Set(['definitions', 'tests', 'objects', 'states', 'variables', 'generator']);

/** Reads an OVAL definitions file (plain, `.gz` or `.bz2`) into its compact tables. */
export async function readOval(file: string): Promise<OvalDocument> {
  const doc: OvalDocument = { definitions: [], tests: new Map(), objects: new Map(), states: new Map(), variables: new Map() };
  const parser = new SaxesParser({ xmlns: false, position: false });
  let section = '';
  let depth = 0;
  let sectionDepth = 0;
  let text = '';
  let definition: OvalDefinition | undefined;
  const criteriaStack: OvalCriteria[] = [];
  let inMetadata = false;
  let inAdvisory = false;
  let test: OvalTest | undefined;
  let object: OvalObject | undefined;
  let state: OvalState | undefined;
  let variable: { id: string; values: string[] } | undefined;
  let fieldAttributes: Record<string, string> = {};
  let sawRoot = false;

  // Text is kept only inside the leaf elements read below: whitespace between tags is most of the
  // text events, and collecting it is garbage for nothing.
  let wantText = false;
  parser.on('text', (t) => {
    if (wantText) text += t;
  });
  parser.on('cdata', (t) => {
    if (wantText) text += t;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    depth++;
    text = '';
    wantText = !tag.isSelfClosing && depth > 2;
    const name = localName(tag.name);
    const a = tag.attributes as Record<string, string>;
    if (depth === 1) {
      if (name !== 'oval_definitions') throw new Error(`${file}: not an OVAL definitions document (root <${tag.name}>)`);
      sawRoot = true;
      return;
    }
    if (depth === 2) {
      section = SECTIONS.has(name) ? name : '';
      sectionDepth = depth;
      return;
    }
    const level = depth - sectionDepth;
    switch (section) {
      case 'definitions':
        if (level === 1 && name === 'definition') {
          definition = { id: a.id ?? '', class: a.class ?? '', title: '', description: '', products: [], platforms: [], references: [], cves: [], bugzillas: [], extra: {} };
        } else if (definition) {
          if (name === 'metadata') inMetadata = true;
          else if (inMetadata && name === 'advisory') inAdvisory = true;
          else if (inMetadata && name === 'reference') {
            definition.references.push({ source: a.source ?? '', refId: a.ref_id ?? '', ...(a.ref_url ? { refUrl: a.ref_url } : {}) });
          } else if (inAdvisory && (name === 'issued' || name === 'updated') && a.date) definition[name] = a.date;
          else if (inAdvisory && name === 'cve') fieldAttributes = { ...a };
          else if (name === 'criteria') {
            const criteria: OvalCriteria = { operator: (a.operator ?? 'AND').toUpperCase(), negate: a.negate === 'true', children: [] };
            if (a.comment) criteria.comment = a.comment;
            const parent = criteriaStack[criteriaStack.length - 1];
            if (parent) parent.children.push(criteria);
            else definition.criteria = criteria;
            criteriaStack.push(criteria);
          } else if (name === 'criterion' || name === 'extend_definition') {
            const parent = criteriaStack[criteriaStack.length - 1];
            if (parent && a.test_ref) parent.children.push({ testRef: a.test_ref, negate: a.negate === 'true', ...(a.comment ? { comment: a.comment } : {}) });
          }
        }
        return;
      case 'tests':
        if (level === 1) test = { id: a.id ?? '', kind: name, stateRefs: [], ...(a.comment ? { comment: a.comment } : {}) };
        else if (test && name === 'object' && a.object_ref) test.objectRef = a.object_ref;
        else if (test && name === 'state' && a.state_ref) test.stateRefs.push(a.state_ref);
        return;
      case 'objects':
        if (level === 1) object = { id: a.id ?? '', kind: name };
        else if (object && level === 2 && name === 'name' && a.var_ref) object.nameVarRef = a.var_ref;
        return;
      case 'states':
        if (level === 1) state = { id: a.id ?? '', kind: name, fields: {} };
        else if (state && level === 2) fieldAttributes = { ...a };
        return;
      case 'variables':
        if (level === 1) variable = name === 'constant_variable' ? { id: a.id ?? '', values: [] } : undefined;
        return;
      default:
        return;
    }
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    const level = depth - sectionDepth;
    const value = wantText ? text.trim() : '';
    wantText = false;
    text = '';
    depth--;
    switch (section) {
      case 'generator':
        if (name === 'product_name') doc.productName = value;
        else if (name === 'timestamp') doc.timestamp = value;
        break;
      case 'definitions':
        if (!definition) break;
        if (level === 1) {
          doc.definitions.push(definition);
          definition = undefined;
          inMetadata = false;
          inAdvisory = false;
          criteriaStack.length = 0;
        } else if (name === 'criteria') criteriaStack.pop();
        else if (name === 'metadata') inMetadata = false;
        else if (name === 'advisory') inAdvisory = false;
        else if (inAdvisory) {
          if (name === 'severity') definition.severity = value;
          else if (name === 'cve' && value) definition.cves.push({ id: value, attributes: fieldAttributes });
          else if (name === 'bugzilla' && value) definition.bugzillas.push(value);
        } else if (inMetadata) {
          if (name === 'title') definition.title = value;
          else if (name === 'description') definition.description = value;
          else if (name === 'product' && value) definition.products.push(value);
          else if (name === 'platform' && value) definition.platforms.push(value);
          else if (value && name !== 'reference' && name !== 'affected') definition.extra[name] = value;
        }
        break;
      case 'tests':
        if (level === 1 && test) {
          doc.tests.set(test.id, test);
          test = undefined;
        }
        break;
      case 'objects':
        if (!object) break;
        if (level === 1) {
          doc.objects.set(object.id, object);
          object = undefined;
        } else if (level === 2 && name === 'name' && !object.nameVarRef) object.name = value;
        break;
      case 'states':
        if (!state) break;
        if (level === 1) {
          doc.states.set(state.id, state);
          state = undefined;
        } else if (level === 2) {
          state.fields[name] = { value, ...(fieldAttributes.operation ? { operation: fieldAttributes.operation } : {}), ...(fieldAttributes.datatype ? { datatype: fieldAttributes.datatype } : {}) };
        }
        break;
      case 'variables':
        if (!variable) break;
        if (level === 1) {
          doc.variables.set(variable.id, variable.values);
          variable = undefined;
        } else if (name === 'value') variable.values.push(value);
        break;
      default:
        break;
    }
    if (depth === 1) section = '';
  });

  try {
    for await (const chunk of feedText(file)) parser.write(chunk);
    parser.close();
  } catch (err) {
    const message = (err as Error).message;
    throw new Error(message.startsWith(file) ? message : `${file}: ${message.split('\n')[0]}`, { cause: err });
  }
  if (!sawRoot) throw new Error(`${file}: empty OVAL document`);
  return doc;
}

/** One package version check a definition makes: "package `name` at an EVR `operation` `evr`". */
export interface OvalPackageCheck {
  /** Package names the test's object names (several when a variable lists them). */
  names: string[];
  /** Local name of the test element: `dpkginfo_test`, `rpminfo_test`. */
  testKind: string;
  testComment?: string;
  /** The state's `evr` (absent when the test only checks that the package exists). */
  evr?: OvalStateValue;
  arch?: OvalStateValue;
}

const PACKAGE_TESTS = new Set(['dpkginfo_test', 'rpminfo_test']);

/** Every criterion's test reference in a criteria tree, depth first. */
export function criteriaTestRefs(criteria: OvalCriteria | undefined): OvalCriterion[] {
  const out: OvalCriterion[] = [];
  const visit = (c: OvalCriteria): void => {
    for (const child of c.children) {
      if ('testRef' in child) out.push(child);
      else visit(child);
    }
  };
  if (criteria) visit(criteria);
  return out;
}

/**
 * The package version checks of a definition: its dpkginfo/rpminfo tests resolved through their
 * objects (package names, directly or through a constant variable) and states (evr, arch). Tests
 * whose states check something other than the version (Red Hat's signing-key tests) are left out;
 * other test kinds (running kernel, OS release) are not package checks. Dangling references are
 * reported, not thrown: one broken definition must not stop a feed.
 */
export function packageChecks(doc: OvalDocument, definition: OvalDefinition): { checks: OvalPackageCheck[]; problems: string[] } {
  const checks: OvalPackageCheck[] = [];
  const problems: string[] = [];
  for (const criterion of criteriaTestRefs(definition.criteria)) {
    if (criterion.negate) continue;
    const test = doc.tests.get(criterion.testRef);
    if (!test) {
      problems.push(`definition ${definition.id}: test ${criterion.testRef} not found`);
      continue;
    }
    if (!PACKAGE_TESTS.has(test.kind)) continue;
    const object = test.objectRef ? doc.objects.get(test.objectRef) : undefined;
    if (!object) {
      problems.push(`definition ${definition.id}: test ${test.id} names object ${test.objectRef ?? '(none)'}, not found`);
      continue;
    }
    let names: string[];
    if (object.nameVarRef) {
      const values = doc.variables.get(object.nameVarRef);
      if (!values) {
        problems.push(`definition ${definition.id}: object ${object.id} names variable ${object.nameVarRef}, not found`);
        continue;
      }
      names = values;
    } else names = object.name ? [object.name] : [];
    if (!names.length) {
      problems.push(`definition ${definition.id}: object ${object.id} has no package name`);
      continue;
    }
    let evr: OvalStateValue | undefined;
    let arch: OvalStateValue | undefined;
    let otherCheck = false;
    let missing = false;
    for (const ref of test.stateRefs) {
      const state = doc.states.get(ref);
      if (!state) {
        problems.push(`definition ${definition.id}: test ${test.id} names state ${ref}, not found`);
        missing = true;
        continue;
      }
      if (state.fields.evr) evr = state.fields.evr;
      if (state.fields.arch) arch = state.fields.arch;
      if (!state.fields.evr && !state.fields.arch) otherCheck = true;
    }
    if (missing || (otherCheck && !evr)) continue;
    const check: OvalPackageCheck = { names, testKind: test.kind };
    if (test.comment) check.testComment = test.comment;
    if (evr) check.evr = evr;
    if (arch) check.arch = arch;
    checks.push(check);
  }
  return { checks, problems };
}

/** `2023-07-14T03:39:10.188-04:00` and `2023-04-05T15:46:46` as ISO 8601 UTC; undefined when unreadable. */
export function ovalDate(timestamp: string | undefined): string | undefined {
  if (!timestamp) return undefined;
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(timestamp);
  const date = new Date(hasZone ? timestamp : `${timestamp}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `20230316` (Ubuntu `public`) or `20220419:2000` (Red Hat, with HHMM) CVE attributes → `2023-03-16`. */
export function compactDate(value: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?::\d{4})?$/.exec(value ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** An arch state's pattern (`aarch64|ppc64le|s390x|x86_64`) or value as a list of architectures. */
export function archList(arch: OvalStateValue | undefined): string[] | undefined {
  if (!arch?.value) return undefined;
  const parts = arch.value
    .replace(/^\^|\$$/g, '')
    .replace(/^\(|\)$/g, '')
    .split('|')
    .map((p) => p.trim())
    .filter((p) => /^[A-Za-z0-9_]+$/.test(p));
  return parts.length ? parts : undefined;
}

/** What tells one distributor's OVAL files apart; the rest of the import is the same for all. */
export interface OvalFlavour {
  name: string;
  matches(relativePath: string): boolean;
  /** The release a file covers (`debian:12`, `ubuntu:22.04`, `rhel:9`), or undefined when it cannot be told. */
  namespace(file: string, doc: OvalDocument): string | undefined;
  /** Ends the error when `namespace` cannot tell: `which Debian release this OVAL file covers (…)`. */
  unknownNamespace: string;
  advisories(doc: OvalDocument, namespace: string, problem: (message: string) => void): Advisory[];
}

/** An importer for one distributor's OVAL files: reads the file, tells its release, streams the advisories. */
export function ovalImporter(flavour: OvalFlavour): Importer {
  return {
    name: flavour.name,
    matches: flavour.matches,
    async run(file: string, sink: ImportSink): Promise<VulnSourceInfo> {
      const doc = await readOval(file);
      const namespace = flavour.namespace(file, doc);
      if (!namespace) throw new Error(`${file}: cannot tell ${flavour.unknownNamespace}`);
      let records = 0;
      for (const advisory of flavour.advisories(doc, namespace, sink.problem)) {
        sink.advisory(advisory);
        records++;
      }
      const date = ovalDate(doc.timestamp);
      return { name: flavour.name, records, ...(date ? { date } : {}) };
    },
  };
}
