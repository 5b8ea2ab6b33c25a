import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputError, InputRecord, KubeObject, KubeResource, ObjectPath } from '../../model/index.js';
import { isRecord } from '../../model/index.js';
import { lineOf, parseDocument, splitDocuments, YamlSyntaxError, type ParsedDocument, type YamlChunk } from './yaml-documents.js';

/**
 * Reads Kubernetes manifests from files, directories (recursively: .yaml, .yml, .json) and
 * standard input (`-`): multi-document YAML, JSON, `kind: List`, CRLF line ends. Yields each
 * object as soon as it is read, each unreadable input as an error, and one record per input file.
 */

export type ManifestEvent =
  | { type: 'resource'; resource: KubeResource }
  | { type: 'error'; error: InputError }
  | { type: 'input'; input: InputRecord };

const MANIFEST_EXT = new Set(['.yaml', '.yml', '.json']);

export interface ReadOptions {
  /** Namespace for namespaced objects that do not set one, as `kubectl apply -n` would. */
  namespace?: string;
  /** Stream for `-`; defaults to process.stdin. */
  stdin?: NodeJS.ReadableStream;
}

export async function* readManifests(inputs: readonly string[], options: ReadOptions = {}): AsyncGenerator<ManifestEvent> {
  for (const input of inputs) {
    if (input === '-') {
      yield* readText('-', await readStream(options.stdin ?? process.stdin), true, options);
      continue;
    }
    let info;
    try {
      info = await stat(input);
    } catch (err) {
      yield { type: 'error', error: { source: input, message: `cannot read: ${describeFsError(err)}` } };
      continue;
    }
    if (info.isDirectory()) {
      const files = await listManifestFiles(input);
      if (files.errors.length) for (const error of files.errors) yield { type: 'error', error };
      for (const file of files.paths) yield* readFileEvents(file, false, options);
    } else {
      yield* readFileEvents(input, true, options);
    }
  }
}

async function* readFileEvents(file: string, named: boolean, options: ReadOptions): AsyncGenerator<ManifestEvent> {
  let text: string;
  try {
    // Synchronous on purpose: readFile costs several thread-pool round trips per file, which
    // left a 10,000-object scan idle a third of a second; a scan has nothing to overlap with.
    text = readFileSync(file, 'utf8');
  } catch (err) {
    yield { type: 'error', error: { source: file, message: `cannot read: ${describeFsError(err)}` } };
    return;
  }
  yield* readText(file, text, named, options);
}

/** Directory walk in a stable (sorted) order, skipping hidden folders and node_modules. */
export async function listManifestFiles(dir: string): Promise<{ paths: string[]; errors: InputError[] }> {
  const paths: string[] = [];
  const errors: InputError[] = [];
  const walk = async (current: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (err) {
      errors.push({ source: current, message: `cannot read directory: ${describeFsError(err)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(full);
      } else if (entry.isFile() && MANIFEST_EXT.has(path.extname(entry.name).toLowerCase())) {
        paths.push(full);
      }
    }
  };
  await walk(dir);
  return { paths, errors };
}

function* readText(source: string, text: string, named: boolean, options: ReadOptions): Generator<ManifestEvent> {
  let resources = 0;
  let kubeDocuments = 0;
  const pending: ManifestEvent[] = [];
  const notKube: InputError[] = [];
  for (const chunk of documentsOf(source, text)) {
    let doc: ParsedDocument;
    try {
      doc = parseDocument(chunk);
    } catch (err) {
      if (err instanceof YamlSyntaxError) {
        pending.push({ type: 'error', error: { source, line: err.line, message: `YAML syntax error: ${err.message}` } });
        continue;
      }
      throw err;
    }
    if (doc.value === null || doc.value === undefined) continue;
    const at = (p: ObjectPath): number => lineOf(doc, chunk, p);
    const value = doc.value;
    if (!isRecord(value) || (value.kind === undefined && value.apiVersion === undefined)) {
      notKube.push({
        source,
        line: at([]),
        message: `document ${chunk.index} is not a Kubernetes object (expected a mapping with apiVersion and kind)`,
      });
      continue;
    }
    kubeDocuments++;
    for (const event of objectsOf(value, [], source, at, options)) {
      if (event.type === 'resource') resources++;
      pending.push(event);
    }
  }
  // A directory walk meets YAML that is not Kubernetes (Chart.yaml, values.yaml); a file holding no
  // Kubernetes object at all is skipped there, but is an error when named on the command line.
  const skip = !named && kubeDocuments === 0 && notKube.length > 0;
  if (!skip) for (const error of notKube) pending.push({ type: 'error', error });
  yield* pending;
  const record: InputRecord = { source, resources };
  if (skip) record.skipped = 'no Kubernetes objects';
  yield { type: 'input', input: record };
}

function documentsOf(source: string, text: string): YamlChunk[] {
  // JSON files are one document; splitting is for YAML streams only.
  if (source.toLowerCase().endsWith('.json') || /^\s*[[{]/.test(text)) {
    return [{ text: text.replace(/^\uFEFF/, ''), firstLine: 0, index: 1 }];
  }
  return splitDocuments(text);
}

function* objectsOf(
  value: KubeObject,
  prefix: ObjectPath,
  source: string,
  at: (p: ObjectPath) => number,
  options: ReadOptions,
): Generator<ManifestEvent> {
  const where = (p: ObjectPath): number => at([...prefix, ...p]);
  const problem = (p: ObjectPath, message: string): ManifestEvent => ({
    type: 'error',
    error: { source, line: where(p), message },
  });
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') {
    yield problem(['apiVersion'], `${describe(prefix)}apiVersion: missing or not a string`);
    return;
  }
  if (typeof value.kind !== 'string' || value.kind === '') {
    yield problem(['kind'], `${describe(prefix)}kind: missing or not a string`);
    return;
  }
  if (value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items))) {
    if (!Array.isArray(value.items)) {
      yield problem(['items'], `${describe(prefix)}items: expected a list`);
      return;
    }
    for (let i = 0; i < value.items.length; i++) {
      const item: unknown = value.items[i];
      if (!isRecord(item)) {
        yield problem(['items', i], `${describe([...prefix, 'items', i])}expected a Kubernetes object`);
        continue;
      }
      yield* objectsOf(item, [...prefix, 'items', i], source, at, options);
    }
    return;
  }
  const metadata = value.metadata;
  if (!isRecord(metadata)) {
    yield problem(['metadata'], `${describe(prefix)}metadata: missing or not a mapping (${value.kind})`);
    return;
  }
  const name = typeof metadata.name === 'string' && metadata.name ? metadata.name : typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : undefined;
  if (!name) {
    const got = metadata.name;
    const why = got === undefined || got === null || got === '' ? 'missing' : `not a string (read as ${JSON.stringify(got)}${typeof got === 'boolean' ? '; Kubernetes reads unquoted y/yes/on/n/no/off as booleans, quote the name' : ''})`;
    yield problem(got === undefined ? ['metadata'] : ['metadata', 'name'], `${describe(prefix)}metadata.name: ${why} (${value.kind})`);
    return;
  }
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') {
    yield problem(['metadata', 'namespace'], `${describe(prefix)}metadata.namespace: not a string`);
    return;
  }
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : options.namespace;
  const resource: KubeResource = {
    apiVersion: value.apiVersion,
    kind: value.kind,
    name,
    object: value,
    source,
    lineOf: where,
  };
  if (namespace && !CLUSTER_SCOPED.has(value.kind)) resource.namespace = namespace;
  yield { type: 'resource', resource };
}

/** Kinds that have no namespace, so `--namespace` must not be applied to them. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'APIService', 'CertificateSigningRequest',
  'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'GatewayClass',
]);

function describe(prefix: ObjectPath): string {
  return prefix.length ? `${prefix.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[')}: ` : '';
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (err as Error).message;
}
