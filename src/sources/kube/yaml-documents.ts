import jsyaml from 'js-yaml';
import type { ObjectPath } from '../../model/index.js';

/**
 * Multi-document YAML with line numbers for any path. Parsing uses js-yaml (an order of magnitude
 * faster than `yaml` on large manifest sets) and its node listener to learn where every mapping
 * key and sequence item starts.
 */

export interface YamlChunk {
  text: string;
  /** 0-based line of the chunk's first line in the file. */
  firstLine: number;
  /** 1-based position of the document in the file. */
  index: number;
}

/*
 * Kubernetes reads YAML through go-yaml v2, which follows YAML 1.1: `yes`, `on`, `y` are true,
 * `0644` is octal, and timestamps stay strings when decoded into JSON. A scanner that read
 * `privileged: yes` as a string would pass what the API server runs as privileged.
 */
const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const yaml11Bool = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (YAML11_TRUE.has(data) || YAML11_FALSE.has(data)),
  construct: (data: string) => YAML11_TRUE.has(data),
  predicate: (object: unknown) => typeof object === 'boolean',
});
const yaml11Octal = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && /^[-+]?0[0-7]+$/.test(data),
  construct: (data: string) => (data.startsWith('-') ? -1 : 1) * parseInt(data.replace(/^[-+]/, ''), 8),
  predicate: (object: unknown) => typeof object === 'number',
});
/** The YAML schema Kubernetes effectively uses (see above). */
export const KUBE_YAML_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [yaml11Bool, yaml11Octal] });

const DOC_MARKER = /^(---|\.\.\.)(\s.*)?$/;

/**
 * Splits a stream at `---` / `...` markers so that a syntax error in one document costs only that
 * document. Markers are recognised only at column 0, where YAML itself recognises them.
 */
export function splitDocuments(text: string): YamlChunk[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const chunks: YamlChunk[] = [];
  let start = 0;
  let body: string[] = [];
  let index = 0;
  const flush = (): void => {
    if (body.some((l) => l.trim() !== '' && !l.trimStart().startsWith('#') && !l.startsWith('%'))) {
      chunks.push({ text: body.join('\n'), firstLine: start, index: ++index });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const marker = DOC_MARKER.exec(line);
    if (marker) {
      flush();
      // `--- {inline: doc}` keeps content on the marker line.
      const rest = marker[1] === '---' ? (marker[2] ?? '').trim() : '';
      body = rest ? [' '.repeat(4) + rest] : [];
      start = rest ? i : i + 1;
      continue;
    }
    body.push(line);
  }
  flush();
  return chunks;
}

/**
 * Lines of a mapping's keys (in key order) or a sequence's items, 0-based within the chunk.
 * Flat arrays rather than maps: a large scan parses a million nodes and this index must not
 * dominate its memory.
 */
type ContainerLines = number[] | { keys: string[]; lines: number[] };

export interface ParsedDocument {
  value: unknown;
  /** 0-based line (within the chunk) where the root value starts. */
  rootLine: number;
  lines: WeakMap<object, ContainerLines>;
}

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Keys JavaScript orders numerically, not as written: their lines cannot be matched by position. */
const INDEX_LIKE = /^(0|[1-9]\d*)$/;

/** Parses one document chunk, recording the line of every key and item. */
export function parseDocument(chunk: YamlChunk): ParsedDocument {
  const lines = new WeakMap<object, ContainerLines>();
  // Per open node: its start line, and (open, close) line pairs of its direct children.
  const openLines: number[] = [];
  const childLines: (number[] | null)[] = [];
  let rootLine = 0;
  let value: unknown;
  try {
    value = jsyaml.load(chunk.text, {
      schema: KUBE_YAML_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          openLines.push(state.line);
          childLines.push(null);
          return;
        }
        const open = openLines.pop();
        const kids = childLines.pop();
        if (open === undefined) return;
        const depth = childLines.length;
        if (depth > 0) (childLines[depth - 1] ??= []).push(open, state.line);
        else rootLine = kids?.[1] ?? open;
        const result: unknown = state.result;
        if (!kids || typeof result !== 'object' || result === null || lines.has(result)) return;
        // js-yaml wraps block-sequence entries and explicit keys in an extra node that closes
        // into this frame, so a frame's children are exactly its direct values.
        if (state.kind === 'mapping') {
          const keys = Object.keys(result);
          if (kids.length !== keys.length * 4 || keys.some((k) => INDEX_LIKE.test(k))) return;
          const keyLines = new Array<number>(keys.length);
          for (let k = 0; k < keys.length; k++) keyLines[k] = kids[k * 4 + 1] as number;
          lines.set(result, { keys, lines: keyLines });
        } else if (state.kind === 'sequence' && Array.isArray(result)) {
          if (kids.length !== result.length * 2) return;
          const itemLines = new Array<number>(result.length);
          for (let k = 0; k < result.length; k++) itemLines[k] = kids[k * 2] as number;
          lines.set(result, itemLines);
        }
      },
    });
  } catch (err) {
    if (err instanceof jsyaml.YAMLException) {
      const line = (err.mark?.line ?? 0) + chunk.firstLine + 1;
      throw new YamlSyntaxError(err.reason || err.message.split('\n')[0] || 'invalid YAML', line);
    }
    throw err;
  }
  return { value, rootLine, lines };
}

/** 1-based file line of `path` in a parsed document, or of its nearest existing parent. */
export function lineOf(doc: ParsedDocument, chunk: YamlChunk, path: ObjectPath): number {
  let node: unknown = doc.value;
  let line = doc.rootLine;
  for (const seg of path) {
    if (typeof node !== 'object' || node === null) break;
    const known = doc.lines.get(node);
    if (typeof seg === 'number') {
      if (!Array.isArray(node) || seg >= node.length) break;
      const itemLine = Array.isArray(known) ? known[seg] : undefined;
      if (itemLine !== undefined) line = itemLine;
      node = node[seg];
    } else {
      if (Array.isArray(node) || !Object.hasOwn(node, seg)) break;
      const keyLine = known && !Array.isArray(known) ? known.lines[known.keys.indexOf(seg)] : undefined;
      if (keyLine !== undefined) line = keyLine;
      node = (node as Record<string, unknown>)[seg];
    }
  }
  return line + chunk.firstLine + 1;
}
