import jsyaml from 'js-yaml';

/**
 * Parsing and field access for advisory records read from files or archive members.
 *
 * YAML is read with the failsafe schema: every scalar stays the string the publisher wrote. Advisory
 * YAML is full of values that other schemas turn into something else (`0.10` → 0.1, `2.0` → 2,
 * `2014-03-14` → a Date, `1e5` → 100000), which would silently corrupt version bounds.
 */
export type RecordObject = Record<string, unknown>;

export function parseRecord(text: string, name: string): unknown {
  try {
    if (/\.json$/i.test(name)) return JSON.parse(text);
    return jsyaml.load(text, { schema: jsyaml.FAILSAFE_SCHEMA, filename: name });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(`${name}: not valid ${/\.json$/i.test(name) ? 'JSON' : 'YAML'}: ${message}`, { cause: err });
  }
}

export function isRecordObject(value: unknown): value is RecordObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** YAML nulls (`~`, `null`, empty) arrive as strings under the failsafe schema. */
function isYamlNull(value: string): boolean {
  return value === '' || value === '~' || value === 'null' || value === 'Null' || value === 'NULL';
}

/** A non-empty string field, or undefined (absent, null, empty or not a string). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return isYamlNull(trimmed) ? undefined : trimmed;
}

/** The strings of a list field (or a single string), skipping nulls and non-strings. */
export function textList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((v): v is string => v !== undefined);
  const single = text(value);
  return single === undefined ? [] : [single];
}

export function objectList(value: unknown): RecordObject[] {
  return Array.isArray(value) ? value.filter(isRecordObject) : [];
}

export function objectField(value: unknown, key: string): RecordObject | undefined {
  if (!isRecordObject(value)) return undefined;
  const field = value[key];
  return isRecordObject(field) ? field : undefined;
}
