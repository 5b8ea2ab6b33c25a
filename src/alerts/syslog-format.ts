import os from 'node:os';
import type { Finding, Severity } from '../model/index.js';
import { serializeAlert } from './sink.js';

/**
 * RFC 5424 syslog messages for alerts:
 *
 *     <PRI>1 TIMESTAMP HOSTNAME rampart PROCID MSGID [rampart@32473 check=… severity=… …] BOM message JSON
 *
 * - PRI = facility × 8 + severity: critical→crit(2), high→err(3), medium→warning(4),
 *   low→notice(5), info→info(6). The default facility is `local0`: local0–7 are the facilities
 *   RFC 5424 leaves to the site, so operators route Rampart without its alerts landing in the
 *   host's auth log; `authpriv` or any other can be chosen.
 * - MSGID is the check id (printable ASCII, cut to the RFC's 32 characters; the full id is in the
 *   structured data).
 * - STRUCTURED-DATA has one element, SD-ID `rampart@32473`. Rampart has no IANA Private
 *   Enterprise Number; 32473 is the example PEN RFC 5612 reserves for documentation, used here in
 *   the documented `name@PEN` style until a number is registered.
 * - MSG is UTF-8 with a BOM: the English message, a space, then the alert JSON (`serializeAlert`).
 *   When the whole message would exceed `maxMessageBytes` (RFC 5425/5426 receivers need only take
 *   2048 and should take 8192 octets) the JSON is left out and a note says so; the SD still
 *   carries the fingerprint and event id to find it by.
 */

export const SYSLOG_SD_ID = 'rampart@32473';

export const SYSLOG_FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9,
  authpriv: 10, ftp: 11, ntp: 12, audit: 13, alert: 14, clock: 15,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;
export type SyslogFacility = keyof typeof SYSLOG_FACILITIES;

export const SYSLOG_SEVERITY: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5, info: 6 };

export interface SyslogFormatOptions {
  facility?: SyslogFacility;
  hostname?: string;
  appName?: string;
  procId?: string;
  /** Defaults to now. */
  timestamp?: Date;
  maxMessageBytes?: number;
}

const BOM = '\uFEFF';

export function isSyslogFacility(value: string): value is SyslogFacility {
  return Object.hasOwn(SYSLOG_FACILITIES, value);
}

export function formatSyslogMessage(alert: Finding, options: SyslogFormatOptions = {}): string {
  const facility = SYSLOG_FACILITIES[options.facility ?? 'local0'];
  const pri = facility * 8 + (SYSLOG_SEVERITY[alert.severity] ?? 6);
  const timestamp = (options.timestamp ?? new Date()).toISOString();
  const header = [
    `<${pri}>1`,
    timestamp,
    headerField(options.hostname ?? os.hostname(), 255),
    headerField(options.appName ?? 'rampart', 48),
    headerField(options.procId ?? String(process.pid), 128),
    headerField(alert.checkId, 32),
  ].join(' ');
  const prefix = `${header} ${structuredData(alert)} `;
  const full = `${prefix}${BOM}${alert.message.en} ${serializeAlert(alert)}`;
  const max = options.maxMessageBytes ?? 8192;
  if (Buffer.byteLength(full) <= max) return full;
  const note = ` (alert JSON of ${Buffer.byteLength(serializeAlert(alert))} bytes left out: over the ${max}-byte syslog limit)`;
  const room = max - Buffer.byteLength(prefix + BOM + note);
  return `${prefix}${BOM}${cutUtf8(alert.message.en, Math.max(room, 0))}${note}`;
}

/** A header field: printable US-ASCII only (others become `_`), cut to the RFC's length, `-` when empty. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return clean === '' ? '-' : clean;
}

function structuredData(alert: Finding): string {
  const rt = alert.runtime;
  const params: [string, string | undefined][] = [
    ['check', alert.checkId],
    ['severity', alert.severity],
    ['fingerprint', alert.fingerprint],
    ['asset', alert.asset.ref],
    ['namespace', alert.asset.namespace],
    ['pod', rt?.pod],
    ['container', alert.container],
    ['node', rt?.node],
    ['eventId', rt?.eventId],
    ['eventKind', rt?.eventKind],
    ['source', rt?.source],
    ['mitre', rt?.mitre.length ? rt.mitre.join(',') : undefined],
  ];
  const body = params
    .filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '')
    .map(([name, value]) => `${name}="${escapeParamValue(value)}"`)
    .join(' ');
  return `[${SYSLOG_SD_ID} ${body}]`;
}

/** RFC 5424 §6.3.3: `"`, `\` and `]` are escaped with a backslash inside PARAM-VALUE. */
function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** The longest prefix of `text` within `bytes` UTF-8 octets, never splitting a character. */
function cutUtf8(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > bytes) break;
    out += ch;
    used += size;
  }
  return out;
}
