import type { CvssScore } from '../../model/index.js';

/**
 * CVSS base scores from vector strings, for feeds that publish only the vector (OSV `severity[]`).
 * v2, v3.0 and v3.1 base scores are computed with the formulas of their specifications (FIRST);
 * v4.0 vectors are validated and kept, but the v4.0 score needs the specification's macro-vector
 * lookup table, which this module does not carry: `cvssScore` returns 0 for v4.0 unless the caller
 * knows the score from the publisher.
 */

type CvssVersion = CvssScore['version'];

const V3_WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
} as const;
/** Privileges Required weighs more when the scope changes. */
const V3_PR = { U: { N: 0.85, L: 0.62, H: 0.27 }, C: { N: 0.85, L: 0.68, H: 0.5 } } as const;

const V2_WEIGHTS = {
  AV: { L: 0.395, A: 0.646, N: 1.0 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  C: { N: 0, P: 0.275, C: 0.66 },
  I: { N: 0, P: 0.275, C: 0.66 },
  A: { N: 0, P: 0.275, C: 0.66 },
} as const;

const V4_BASE_METRICS: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'],
  VI: ['H', 'L', 'N'],
  VA: ['H', 'L', 'N'],
  SC: ['H', 'L', 'N'],
  SI: ['H', 'L', 'N'],
  SA: ['H', 'L', 'N'],
};

function metrics(parts: string[], vector: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (!key || !value || extra !== undefined) throw new Error(`CVSS vector ${vector}: malformed metric "${part}"`);
    if (out.has(key)) throw new Error(`CVSS vector ${vector}: metric ${key} given twice`);
    out.set(key, value);
  }
  return out;
}

function weight<T extends Record<string, number>>(table: T, metric: string, values: Map<string, string>, vector: string): number {
  const value = values.get(metric);
  if (value === undefined) throw new Error(`CVSS vector ${vector}: base metric ${metric} missing`);
  const w = (table as Record<string, number>)[value];
  if (w === undefined) throw new Error(`CVSS vector ${vector}: ${metric}:${value} is not a valid value`);
  return w;
}

/** CVSS v3.1 Roundup: the smallest one-decimal number >= the input, computed on integers to avoid float artefacts. */
function roundUp31(value: number): number {
  const scaled = Math.round(value * 100000);
  return scaled % 10000 === 0 ? scaled / 100000 : (Math.floor(scaled / 10000) + 1) / 10;
}

/** CVSS v3.0 round up: to one decimal, upwards (the 3.0 definition, without 3.1's float guard). */
function roundUp30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

function v3BaseScore(values: Map<string, string>, vector: string, version: '3.0' | '3.1'): number {
  const scope = values.get('S');
  if (scope !== 'U' && scope !== 'C') throw new Error(`CVSS vector ${vector}: base metric S missing or invalid`);
  const av = weight(V3_WEIGHTS.AV, 'AV', values, vector);
  const ac = weight(V3_WEIGHTS.AC, 'AC', values, vector);
  const pr = weight(V3_PR[scope], 'PR', values, vector);
  const ui = weight(V3_WEIGHTS.UI, 'UI', values, vector);
  const c = weight(V3_WEIGHTS.C, 'C', values, vector);
  const i = weight(V3_WEIGHTS.I, 'I', values, vector);
  const a = weight(V3_WEIGHTS.A, 'A', values, vector);
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  const raw = scope === 'U' ? Math.min(impact + exploitability, 10) : Math.min(1.08 * (impact + exploitability), 10);
  return version === '3.1' ? roundUp31(raw) : roundUp30(raw);
}

function v2BaseScore(values: Map<string, string>, vector: string): number {
  const av = weight(V2_WEIGHTS.AV, 'AV', values, vector);
  const ac = weight(V2_WEIGHTS.AC, 'AC', values, vector);
  const au = weight(V2_WEIGHTS.Au, 'Au', values, vector);
  const c = weight(V2_WEIGHTS.C, 'C', values, vector);
  const i = weight(V2_WEIGHTS.I, 'I', values, vector);
  const a = weight(V2_WEIGHTS.A, 'A', values, vector);
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  return Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10) / 10;
}

function checkV4(values: Map<string, string>, vector: string): void {
  for (const [metric, allowed] of Object.entries(V4_BASE_METRICS)) {
    const value = values.get(metric);
    if (value === undefined) throw new Error(`CVSS vector ${vector}: base metric ${metric} missing`);
    if (!allowed.includes(value)) throw new Error(`CVSS vector ${vector}: ${metric}:${value} is not a valid value`);
  }
}

/** The version a vector declares (`CVSS:3.1/…`, `CVSS:4.0/…`); a vector without a prefix is v2. */
export function cvssVersion(vector: string): CvssVersion {
  const prefix = /^CVSS:(\d\.\d)\//.exec(vector);
  if (!prefix) {
    if (/^\(?AV:[LAN]\/AC:[HML]\/Au:[MSN]\//.test(vector)) return '2.0';
    throw new Error(`CVSS vector ${vector}: no CVSS version prefix`);
  }
  const version = prefix[1];
  if (version === '3.0' || version === '3.1' || version === '4.0') return version;
  throw new Error(`CVSS vector ${vector}: unsupported CVSS version ${version}`);
}

/**
 * The base score of a vector. Throws a one-line error naming the vector when it is malformed.
 * v4.0 vectors are validated and score 0 (see the module comment).
 */
export function cvssBaseScore(vector: string): number {
  const version = cvssVersion(vector);
  if (version === '2.0') return v2BaseScore(metrics(vector.replace(/^\(|\)$/g, '').split('/'), vector), vector);
  const values = metrics(vector.split('/').slice(1), vector);
  if (version === '4.0') {
    checkV4(values, vector);
    return 0;
  }
  return v3BaseScore(values, vector, version);
}

/** A CvssScore for a vector, with its base score computed (v4.0: `knownScore` or 0). */
export function cvssScore(source: string, vector: string, knownScore?: number): CvssScore {
  const version = cvssVersion(vector);
  const computed = cvssBaseScore(vector);
  return { source, version, vector, score: version === '4.0' ? (knownScore ?? 0) : computed };
}
