import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { findCheck, CHECKS } from '../catalog/index.js';
import type { InputError, Waiver } from '../model/index.js';
import { isRecord } from '../model/index.js';
import { describeSchemaError, instancePathSegments, schemaValidator } from './schema-validator.js';
import { lineOf, parseDocument, splitDocuments, YamlSyntaxError } from './kube/yaml-documents.js';

/**
 * Reads a waivers file (YAML or JSON). A waiver without reason, approver or expiry, with an
 * unknown check id or a malformed date is an input error naming the line and field, and is not
 * applied: an exception nobody can account for must not silently hide a finding.
 */
export async function readWaivers(file: string): Promise<{ waivers: Waiver[]; errors: InputError[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { waivers: [], errors: [{ source: file, message: `cannot read waivers file: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}` }] };
  }
  return parseWaivers(file, text);
}

export function parseWaivers(file: string, text: string): { waivers: Waiver[]; errors: InputError[] } {
  const chunk = splitDocuments(text)[0] ?? { text: '', firstLine: 0, index: 1 };
  let doc;
  try {
    doc = parseDocument(chunk);
  } catch (err) {
    if (err instanceof YamlSyntaxError) return { waivers: [], errors: [{ source: file, line: err.line, message: `YAML syntax error: ${err.message}` }] };
    throw err;
  }
  const errors: InputError[] = [];
  const value = doc.value ?? {};
  const validate = schemaValidator('waivers.schema.json');
  const bad = new Set<number>();
  if (!validate(value)) {
    for (const error of validate.errors ?? []) {
      const segments = instancePathSegments(error);
      if (segments[0] === 'waivers' && typeof segments[1] === 'number') bad.add(segments[1]);
      else bad.add(-1);
      errors.push({ source: file, line: lineOf(doc, chunk, segments), message: `waivers file: ${describeSchemaError(error)}` });
    }
    if (bad.has(-1)) return { waivers: [], errors };
  }
  const items = (isRecord(value) && Array.isArray(value.waivers) ? value.waivers : []) as Waiver[];
  const waivers: Waiver[] = [];
  const seenIds = new Map<string, number>();
  items.forEach((item, i) => {
    if (bad.has(i)) return;
    const at = (field: string): number => lineOf(doc, chunk, ['waivers', i, field]);
    if (!checkPatternKnown(item.check)) {
      errors.push({ source: file, line: at('check'), message: `waivers file: waivers[${i}].check: unknown check id "${item.check}"` });
      return;
    }
    if (!isRealDate(item.expires)) {
      errors.push({ source: file, line: at('expires'), message: `waivers file: waivers[${i}].expires: "${item.expires}" is not a calendar date` });
      return;
    }
    const id = item.id ?? derivedId(item);
    const earlier = seenIds.get(id);
    if (earlier !== undefined) {
      errors.push({ source: file, line: at('id'), message: `waivers file: waivers[${i}].id: "${id}" is already used by waivers[${earlier}]` });
      return;
    }
    seenIds.set(id, i);
    waivers.push({ ...item, id });
  });
  return { waivers, errors };
}

function checkPatternKnown(pattern: string): boolean {
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    return CHECKS.some((c) => c.id.startsWith(prefix));
  }
  return findCheck(pattern) !== undefined;
}

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** A waiver without an id gets one derived from what it waives, so it stays the same across runs. */
function derivedId(w: Waiver): string {
  return `waiver-${createHash('sha256').update(JSON.stringify([w.check, w.scope])).digest('hex').slice(0, 8)}`;
}
