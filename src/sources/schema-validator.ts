import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { packageRoot } from '../catalog/package-root.js';

/** Compiles a checked-in JSON Schema from schema/ once. */
const compiled = new Map<string, ValidateFunction>();

export function schemaValidator(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'schema', name), 'utf8')) as object;
    validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    compiled.set(name, validate);
  }
  return validate;
}

/** `/waivers/2/expires` → ['waivers', 2, 'expires']. */
export function instancePathSegments(error: ErrorObject): (string | number)[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** One readable line per schema error: the field at fault and what is wrong with it. */
export function describeSchemaError(error: ErrorObject): string {
  const segments = instancePathSegments(error);
  const field = error.keyword === 'required' ? [...segments, String(error.params.missingProperty)] : segments;
  const at = field.length ? field.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') : '(top level)';
  switch (error.keyword) {
    case 'required':
      return `${at}: missing`;
    case 'additionalProperties':
      return `${at}: unknown field "${String(error.params.additionalProperty)}"`;
    case 'pattern':
      return `${at}: ${patternHint(field)}`;
    case 'minLength':
      return `${at}: too short (${error.message ?? ''})`;
    case 'minProperties':
      return `${at}: must name at least one selector`;
    default:
      return `${at}: ${error.message ?? 'invalid'}`;
  }
}

function patternHint(field: (string | number)[]): string {
  const last = field[field.length - 1];
  if (last === 'expires') return 'expected a date as YYYY-MM-DD';
  if (last === 'fingerprint') return 'expected a 32-character hex fingerprint, as printed in reports';
  if (last === 'check') return 'expected a check id such as pod.privileged, or a prefix such as pod.*';
  return 'invalid format';
}
