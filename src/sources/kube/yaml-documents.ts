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

interface NodeLines {
  keys?: Map<string, number>;
  items?: number[];
}

export interface ParsedDocument {
  value: unknown;
  /** 0-based line (within the chunk) where the root value starts. */
  rootLine: number;
  lines: WeakMap<object, NodeLines>;
}

interface Frame {
  line: number;
  children: { openLine: number; closeLine: number; result: unknown }[];
}

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Parses one document chunk, recording the line of every key and item. */
export function parseDocument(chunk: YamlChunk): ParsedDocument {
  const lines = new WeakMap<object, NodeLines>();
  const stack: Frame[] = [];
  let rootLine = 0;
  let value: unknown;
  try {
    value = jsyaml.load(chunk.text, {
      schema: KUBE_YAML_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ line: state.line, children: [] });
          return;
        }
        const frame = stack.pop();
        if (!frame) return;
        const result: unknown = state.result;
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push({ openLine: frame.line, closeLine: state.line, result });
        else rootLine = frame.children[0]?.closeLine ?? frame.line;
        if (typeof result !== 'object' || result === null || lines.has(result)) return;
        // js-yaml wraps block-sequence entries and explicit keys in an extra node that closes
        // into this frame, so a frame's children are exactly its direct values.
        const direct = frame.children;
        if (state.kind === 'mapping') {
          const keyCount = Object.keys(result).length;
          if (direct.length !== keyCount * 2) return;
          const keys = new Map<string, number>();
          for (let i = 0; i < direct.length; i += 2) {
            const key = direct[i] as Frame['children'][number];
            keys.set(String(key.result), key.closeLine);
          }
          lines.set(result, { keys });
        } else if (state.kind === 'sequence' && Array.isArray(result)) {
          if (direct.length !== result.length) return;
          lines.set(result, { items: direct.map((c) => c.openLine) });
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
    const info = doc.lines.get(node);
    if (typeof seg === 'number') {
      if (!Array.isArray(node) || seg >= node.length) break;
      const itemLine = info?.items?.[seg];
      if (itemLine !== undefined) line = itemLine;
      node = node[seg];
    } else {
      if (Array.isArray(node) || !(seg in node)) break;
      const keyLine = info?.keys?.get(seg);
      if (keyLine !== undefined) line = keyLine;
      node = (node as Record<string, unknown>)[seg];
    }
  }
  return line + chunk.firstLine + 1;
}
