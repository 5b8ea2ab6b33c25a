import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import nodemailer from 'nodemailer';
import { SyslogSink } from '../../../alerts/syslog.js';
import { SYSLOG_FACILITIES, SYSLOG_SD_ID, type SyslogFacility } from '../../../alerts/syslog-format.js';
import type { Finding, Team, WaiverRequest } from '../../../model/index.js';
import type { WaiverExpiryNotifier } from './waivers.js';

/**
 * Tells teams what needs them: new critical findings (one message per team per ingest, not one per
 * finding) and waivers about to expire. Each team names its channels (`Team.notify`): a webhook
 * (POST JSON, with timeout and retries), e-mail over SMTP (nodemailer), syslog (`udp://host:514`,
 * `tcp://host:601`, `tls://host:6514`). A channel that fails never stops the others; every attempt
 * is reported back so the caller can log and count it.
 *
 * Syslog: finding messages go through the alert pipeline's RFC 5424 sink (src/alerts/syslog.ts),
 * one message per finding, so a SIEM parses them like runtime alerts. Waiver warnings are not
 * findings; they are formatted here as RFC 5424 messages with the same SD-ID and sent by a small
 * one-shot sender (one UDP datagram, or one octet-counted frame over TCP).
 */

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  from: string;
  timeoutMs?: number;
}

export interface WebhookSettings {
  timeoutMs?: number;
  /** Further attempts after the first, for connection errors, timeouts, 408/425/429 and 5xx. */
  retries?: number;
  /** First retry delay; doubles each time. */
  retryMs?: number;
  headers?: Record<string, string>;
}

export interface SyslogSettings {
  facility?: SyslogFacility;
  hostname?: string;
  appName?: string;
  timeoutMs?: number;
}

export interface NotifierOptions {
  /** The team record (with its channels) for an id. */
  team: (id: string) => Promise<Team | undefined>;
  /** Which team owns a waiver, e.g. routing its scope (see `waiverOwner` in routing.ts). */
  waiverOwner?: (request: WaiverRequest) => string | undefined;
  smtp?: SmtpSettings;
  webhook?: WebhookSettings;
  syslog?: SyslogSettings;
  /** Link to the console in messages, e.g. `https://rampart.bank.local`. */
  consoleUrl?: string;
  /** Most findings listed in one message (the count is always exact). */
  maxListed?: number;
}

export type Channel = 'webhook' | 'email' | 'syslog';

export interface Delivery {
  team: string;
  channel: Channel;
  /** Where it went, without credentials or URL path (webhook URLs often carry a secret). */
  target: string;
  ok: boolean;
  error?: string;
}

export interface OwnedFinding {
  finding: Finding;
  team: string | undefined;
}

/** A message for one team, in the form every channel renders from. */
export interface GovernanceMessage {
  type: 'rampart.findings.new-critical' | 'rampart.waivers.expiring';
  time: string;
  team: { id: string; name: string };
  subject: string;
  /** Plain text, English then Chinese. */
  text: string;
  /** The webhook body. */
  payload: Record<string, unknown>;
}

const DAY_MS = 86_400_000;
const RETRIABLE = new Set([408, 425, 429]);

export class GovernanceNotifier implements WaiverExpiryNotifier {
  constructor(private readonly options: NotifierOptions) {}

  /**
   * New failing critical findings of one ingest, grouped by owning team: one message per team on
   * each of its channels. Findings without an owner are not sent anywhere (the default team, when
   * set, is their owner already).
   */
  async newCriticalFindings(owned: readonly OwnedFinding[], now: Date = new Date()): Promise<Delivery[]> {
    const byTeam = new Map<string, Finding[]>();
    for (const { finding, team } of owned) {
      if (!team || finding.severity !== 'critical' || finding.status !== 'fail') continue;
      const list = byTeam.get(team) ?? [];
      list.push(finding);
      byTeam.set(team, list);
    }
    const deliveries: Delivery[] = [];
    for (const [teamId, findings] of byTeam) {
      const team = await this.options.team(teamId);
      if (!team) continue;
      const message = criticalFindingsMessage(team, findings, now, this.options.maxListed ?? 20, this.options.consoleUrl);
      deliveries.push(...(await this.deliver(team, message, findings)));
    }
    return deliveries;
  }

  /** For the waiver workflow's tick; throws (after trying every channel) when any delivery failed, so the failure is audited. */
  async waiversExpiring(requests: readonly WaiverRequest[], now: Date): Promise<void> {
    const failed = (await this.waiverWarnings(requests, now)).filter((d) => !d.ok);
    if (failed.length > 0) throw new Error(`expiry warning not delivered: ${failed.map((d) => `${d.channel} ${d.target}: ${d.error}`).join('; ')}`);
  }

  async waiverWarnings(requests: readonly WaiverRequest[], now: Date): Promise<Delivery[]> {
    const byTeam = new Map<string, WaiverRequest[]>();
    for (const request of requests) {
      const team = this.options.waiverOwner?.(request);
      if (!team) continue;
      const list = byTeam.get(team) ?? [];
      list.push(request);
      byTeam.set(team, list);
    }
    const deliveries: Delivery[] = [];
    for (const [teamId, waivers] of byTeam) {
      const team = await this.options.team(teamId);
      if (team) deliveries.push(...(await this.deliver(team, waiversExpiringMessage(team, waivers, now, this.options.consoleUrl))));
    }
    return deliveries;
  }

  private async deliver(team: Team, message: GovernanceMessage, findings?: Finding[]): Promise<Delivery[]> {
    const notify = team.notify ?? {};
    const attempts: Promise<Delivery>[] = [];
    const attempt = (channel: Channel, target: string, send: () => Promise<void>): void => {
      attempts.push(
        send().then(
          (): Delivery => ({ team: team.id, channel, target, ok: true }),
          (err: unknown): Delivery => ({ team: team.id, channel, target, ok: false, error: oneLine(err) }),
        ),
      );
    };
    if (notify.webhook) {
      const url = notify.webhook;
      attempt('webhook', originOf(url), () => postJson(url, message.payload, this.options.webhook));
    }
    if (notify.email?.length) {
      const smtp = this.options.smtp;
      attempt('email', notify.email.join(', '), async () => {
        if (!smtp) throw new Error('no SMTP server configured');
        await sendEmail(smtp, { to: notify.email!, subject: message.subject, text: message.text });
      });
    }
    if (notify.syslog) {
      const target = notify.syslog;
      attempt('syslog', target, () => (findings ? sendFindingsToSyslog(target, findings, this.options.syslog) : sendSyslogMessage(target, formatGovernanceSyslog(message, this.options.syslog))));
    }
    return Promise.all(attempts);
  }
}

// ---- messages ----

export function criticalFindingsMessage(team: Team, findings: readonly Finding[], now: Date, maxListed = 20, consoleUrl?: string): GovernanceMessage {
  const listed = findings.slice(0, maxListed);
  const lines = listed.map((f) => `- ${f.checkId} ${f.asset.name}${f.vulnerability ? ` ${f.vulnerability.id}` : ''}: ${f.message.en}`);
  const more = findings.length > listed.length ? [`… and ${findings.length - listed.length} more`] : [];
  const link = consoleUrl ? [`${consoleUrl.replace(/\/$/, '')}/findings?team=${encodeURIComponent(team.id)}&severity=critical&status=fail`] : [];
  const n = findings.length;
  return {
    type: 'rampart.findings.new-critical',
    time: now.toISOString(),
    team: { id: team.id, name: team.name },
    subject: `[Rampart] ${n} new critical finding${n === 1 ? '' : 's'} for ${team.name} / ${team.name} 新增 ${n} 个严重问题`,
    text: [
      `${n} new critical finding${n === 1 ? '' : 's'} for team ${team.name}:`,
      ...lines,
      ...more,
      '',
      `团队 ${team.name} 新增 ${n} 个严重问题：`,
      ...listed.map((f) => `- ${f.checkId} ${f.asset.name}${f.vulnerability ? ` ${f.vulnerability.id}` : ''}：${f.message.zh}`),
      ...(more.length ? [`…… 另有 ${findings.length - listed.length} 个`] : []),
      ...(link.length ? ['', ...link] : []),
    ].join('\n'),
    payload: {
      type: 'rampart.findings.new-critical',
      time: now.toISOString(),
      team: { id: team.id, name: team.name },
      count: n,
      truncated: n > listed.length,
      findings: listed.map(findingSummary),
    },
  };
}

export function waiversExpiringMessage(team: Team, waivers: readonly WaiverRequest[], now: Date, consoleUrl?: string): GovernanceMessage {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const daysLeft = (w: WaiverRequest): number => Math.round((Date.parse(`${w.expires}T00:00:00Z`) - today) / DAY_MS);
  const link = consoleUrl ? ['', `${consoleUrl.replace(/\/$/, '')}/waivers?team=${encodeURIComponent(team.id)}`] : [];
  const n = waivers.length;
  return {
    type: 'rampart.waivers.expiring',
    time: now.toISOString(),
    team: { id: team.id, name: team.name },
    subject: `[Rampart] ${n} waiver${n === 1 ? '' : 's'} of ${team.name} expiring soon / ${team.name} 有 ${n} 项豁免即将到期`,
    text: [
      `These waivers expire soon; their findings fail again after the last day unless a new waiver is approved:`,
      ...waivers.map((w) => `- ${w.id} ${w.check} ${scopeText(w)}: last day ${w.expires} (${daysLeft(w)} days)${w.ticket ? `, ticket ${w.ticket}` : ''}`),
      '',
      '以下豁免即将到期；到期日之后，除非新的豁免获批，相关问题将重新计为未通过：',
      ...waivers.map((w) => `- ${w.id} ${w.check} ${scopeText(w)}：最后有效日 ${w.expires}（剩余 ${daysLeft(w)} 天）${w.ticket ? `，工单 ${w.ticket}` : ''}`),
      ...link,
    ].join('\n'),
    payload: {
      type: 'rampart.waivers.expiring',
      time: now.toISOString(),
      team: { id: team.id, name: team.name },
      waivers: waivers.map((w) => ({ id: w.id, check: w.check, scope: w.scope, expires: w.expires, daysLeft: daysLeft(w), requestedBy: w.requestedBy, approver: w.decidedBy, ticket: w.ticket })),
    },
  };
}

function findingSummary(f: Finding): Record<string, unknown> {
  return {
    fingerprint: f.fingerprint,
    checkId: f.checkId,
    severity: f.severity,
    message: f.message,
    asset: { ref: f.asset.ref, name: f.asset.name, cluster: f.asset.cluster, namespace: f.asset.namespace },
    ...(f.vulnerability ? { vulnerability: f.vulnerability.id } : {}),
    ...(f.package ? { package: f.package.purl } : {}),
  };
}

function scopeText(w: WaiverRequest): string {
  return Object.entries(w.scope).map(([k, v]) => `${k}=${String(v)}`).join(' ');
}

// ---- webhook ----

/** POSTs JSON; retries connection errors, timeouts, 408/425/429 and 5xx with doubling delays. Errors name the URL's origin only. */
export async function postJson(url: string, body: unknown, settings: WebhookSettings = {}): Promise<void> {
  const retries = settings.retries ?? 3;
  let delay = settings.retryMs ?? 500;
  const origin = originOf(url);
  const text = JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    let failure: string;
    let retriable = true;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'rampart', ...settings.headers },
        body: text,
        signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
        redirect: 'error',
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      failure = `HTTP ${response.status}`;
      retriable = response.status >= 500 || RETRIABLE.has(response.status);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      failure = e.name === 'TimeoutError' ? `timed out after ${settings.timeoutMs ?? 10_000} ms` : (e.cause?.code ?? oneLine(err));
    }
    if (!retriable || attempt >= retries) throw new Error(`webhook ${origin}: ${failure}${attempt > 0 ? ` (after ${attempt + 1} attempts)` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay *= 2;
  }
}

// ---- e-mail ----

export async function sendEmail(smtp: SmtpSettings, mail: { to: readonly string[]; subject: string; text: string }): Promise<void> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? false,
    requireTLS: smtp.requireTls ?? false,
    auth: smtp.auth,
    connectionTimeout: smtp.timeoutMs ?? 10_000,
    greetingTimeout: smtp.timeoutMs ?? 10_000,
    socketTimeout: smtp.timeoutMs ?? 10_000,
  });
  try {
    await transport.sendMail({ from: smtp.from, to: [...mail.to], subject: mail.subject, text: mail.text });
  } catch (err) {
    // nodemailer's messages can quote the server's reply, never the password; keep one line.
    throw new Error(`smtp ${smtp.host}:${smtp.port}: ${oneLine(err)}`, { cause: err });
  } finally {
    transport.close();
  }
}

// ---- syslog ----

interface SyslogTarget {
  transport: 'udp' | 'tcp' | 'tls';
  host: string;
  port: number;
}

export function parseSyslogTarget(target: string): SyslogTarget {
  const match = /^(udp|tcp|tls):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(target);
  if (!match) throw new Error(`syslog target "${target}": expected udp://host:port, tcp://host:port or tls://host:port`);
  const transport = match[1] as SyslogTarget['transport'];
  const port = match[3] ? Number(match[3]) : transport === 'udp' ? 514 : transport === 'tcp' ? 601 : 6514;
  return { transport, host: match[2]!.replace(/^\[|\]$/g, ''), port };
}

/** Findings as RFC 5424 alerts through the alert pipeline's sink: one message each. */
async function sendFindingsToSyslog(target: string, findings: readonly Finding[], settings: SyslogSettings = {}): Promise<void> {
  const parsed = parseSyslogTarget(target);
  const sink = new SyslogSink({ ...parsed, facility: settings.facility, hostname: settings.hostname, appName: settings.appName, flushTimeoutMs: settings.timeoutMs ?? 5000, connectTimeoutMs: settings.timeoutMs ?? 5000 });
  for (const finding of findings) sink.send(finding);
  await sink.close();
  const stats = sink.stats();
  if (stats.sent < findings.length) throw new Error(`syslog ${target}: ${findings.length - stats.sent} of ${findings.length} messages not sent${stats.lastError ? ` (${stats.lastError})` : ''}`);
}

/**
 * `<PRI>1 TIME HOST APP PROCID MSGID [rampart@32473 team=… type=…] BOM text`, severity warning(4):
 * a governance notice, not an attack. MSGID is the message type's last part (`waivers.expiring`).
 */
export function formatGovernanceSyslog(message: GovernanceMessage, settings: SyslogSettings = {}): string {
  const pri = SYSLOG_FACILITIES[settings.facility ?? 'local0'] * 8 + 4;
  const field = (value: string, max: number): string => value.replace(/[^\x21-\x7e]/g, '_').slice(0, max) || '-';
  const param = (value: string): string => value.replace(/["\\\]]/g, (c) => `\\${c}`);
  const msgId = message.type.replace(/^rampart\./, '');
  const sd = `[${SYSLOG_SD_ID} type="${param(message.type)}" team="${param(message.team.id)}"]`;
  const header = `<${pri}>1 ${message.time} ${field(settings.hostname ?? os.hostname(), 255)} ${field(settings.appName ?? 'rampart', 48)} ${process.pid} ${field(msgId, 32)}`;
  return `${header} ${sd} \uFEFF${message.subject} ${JSON.stringify(message.payload)}`;
}

/** One message, one datagram (UDP) or one octet-counted frame (TCP, RFC 6587). TLS targets need the alert sink's TLS options: not supported here. */
export async function sendSyslogMessage(target: string, message: string, timeoutMs = 5000): Promise<void> {
  const { transport, host, port } = parseSyslogTarget(target);
  const bytes = Buffer.from(message);
  if (transport === 'udp') {
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => socket.send(bytes, port, host, (err) => (err ? reject(err) : resolve())));
    } finally {
      socket.close();
    }
    return;
  }
  if (transport === 'tls') throw new Error(`syslog ${target}: TLS is not supported for governance notices; use udp:// or tcp://`);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    socket.once('error', (err) => reject(new Error(`syslog ${target}: ${oneLine(err)}`)));
    socket.once('connect', () => socket.end(Buffer.concat([Buffer.from(`${bytes.length} `), bytes]), () => resolve()));
  });
}

// ---- helpers ----

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid URL';
  }
}

function oneLine(err: unknown): string {
  const e = err as { message?: string; code?: string };
  const text = (e?.message ?? String(err)).split('\n')[0] ?? '';
  return e?.code && !text.includes(e.code) ? `${e.code} ${text}` : text;
}
