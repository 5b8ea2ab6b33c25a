import jsyaml from 'js-yaml';
import { findCheck, CHECKS } from '../../../catalog/index.js';
import type { AuditEntry, InputError, Principal, Waiver, WaiverRequest, WaiverScope } from '../../../model/index.js';
import { parseWaivers } from '../../../sources/waivers-file.js';
import type { GovernanceStore, NewWaiverEvent } from '../../../store/platform/governance.js';
import { authorize } from '../auth/authorization.js';

/**
 * The waiver workflow: request → approve or reject by a security administrator who is not the
 * requester → active until its expiry day → expired (its findings fail again). Approved requests
 * are exactly the CLI's `Waiver`s, so the matcher of src/policy/waivers.ts applies them and CLI
 * waiver files import and export unchanged. Every action, refused ones included, goes to the
 * audit trail; every state change also to the request's own history.
 *
 * Days are UTC calendar days, as in the CLI: a waiver expiring 2027-03-31 applies through that day
 * and is expired from 2027-04-01.
 */

/** What the workflow hands the audit trail; the trail adds sequence number and hash chain. */
export type GovernanceAuditInput = Pick<AuditEntry, 'time' | 'actor' | 'action' | 'target' | 'outcome' | 'details'>;

export type AuditSink = (entry: GovernanceAuditInput) => Promise<void>;

/** Who is told that waivers are about to expire (see notify.ts for the channels). */
export interface WaiverExpiryNotifier {
  waiversExpiring(requests: readonly WaiverRequest[], now: Date): Promise<void>;
}

export interface WaiverWorkflowOptions {
  store: GovernanceStore;
  audit: AuditSink;
  notifier?: WaiverExpiryNotifier;
  /** Defaults to the wall clock; tests pass a fixed one. */
  now?: () => Date;
}

export interface WaiverRequestInput {
  check: string;
  scope: WaiverScope;
  reason: string;
  /** YYYY-MM-DD, inclusive. */
  expires: string;
  ticket?: string;
}

export interface TickResult {
  /** Requests that expired in this tick: the findings they waived fail again. */
  expired: WaiverRequest[];
  /** Requests whose owners were warned of the coming expiry in this tick. */
  warned: WaiverRequest[];
}

export interface ImportResult {
  imported: WaiverRequest[];
  /** Entries already imported before, with the same content. */
  unchanged: string[];
  errors: InputError[];
}

/** A refusal the HTTP layer maps to 403 (`denied`), 404 (`not-found`), 409 (`conflict`) or 400 (`invalid`). */
export class WaiverWorkflowError extends Error {
  constructor(
    readonly kind: 'denied' | 'invalid' | 'not-found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'WaiverWorkflowError';
  }
}

const DAY_MS = 86_400_000;

export class WaiverWorkflow {
  private readonly store: GovernanceStore;
  private readonly audit: AuditSink;
  private readonly notifier: WaiverExpiryNotifier | undefined;
  private readonly now: () => Date;

  constructor(options: WaiverWorkflowOptions) {
    this.store = options.store;
    this.audit = options.audit;
    this.notifier = options.notifier;
    this.now = options.now ?? (() => new Date());
  }

  async request(principal: Principal, input: WaiverRequestInput): Promise<WaiverRequest> {
    const now = this.now();
    const target = `waiver-request:${input.check}`;
    if (!authorize(principal, 'waivers:request')) await this.refuse(principal, 'waiver.request', target, 'denied', `${principal.name} may not request waivers`);
    const settings = await this.store.getSettings();
    const problem = requestProblem(input, now, settings.waiverMaxDays);
    if (problem) await this.refuse(principal, 'waiver.request', target, 'invalid', problem);
    if (isCriticalCheck(input.check) && isWildcardScope(input.scope) && !principal.roles.includes('security-admin')) {
      await this.refuse(principal, 'waiver.request', target, 'denied', `waiver request: ${input.check} is a critical check; a scope naming no asset needs a security administrator`);
    }
    const time = now.toISOString();
    const request: Omit<WaiverRequest, 'id'> = {
      check: input.check,
      scope: cleanScope(input.scope),
      reason: input.reason.trim(),
      expires: input.expires,
      state: 'requested',
      requestedBy: principal.name,
      requestedAt: time,
    };
    if (input.ticket) request.ticket = input.ticket;
    const stored = await this.store.createWaiverRequest(request, 'platform', { time, actor: principal.name, action: 'request', toState: 'requested' });
    await this.audit({ time, actor: principal.name, action: 'waiver.request', target: `waiver:${stored.id}`, outcome: 'success', details: { check: stored.check, scope: stored.scope, expires: stored.expires } });
    return stored;
  }

  /** By a holder of `waivers:decide` who did not request it; refused once the expiry day has passed. */
  async approve(principal: Principal, id: string, note?: string): Promise<WaiverRequest> {
    const request = await this.decidable(principal, id, 'waiver.approve');
    if (request.expires < dayOf(this.now())) await this.refuse(principal, 'waiver.approve', `waiver:${id}`, 'conflict', `waiver ${id}: its expiry ${request.expires} has passed; request a new one`);
    return this.move(principal, request, 'approve', ['requested'], 'approved', note);
  }

  async reject(principal: Principal, id: string, note?: string): Promise<WaiverRequest> {
    const request = await this.decidable(principal, id, 'waiver.reject');
    return this.move(principal, request, 'reject', ['requested'], 'rejected', note);
  }

  /** Withdraws a request or ends an active waiver early: its requester, or a holder of `waivers:decide`. */
  async revoke(principal: Principal, id: string, note?: string): Promise<WaiverRequest> {
    const request = await this.existing(principal, id, 'waiver.revoke');
    if (!authorize(principal, 'waivers:decide') && !isRequester(principal, request)) {
      await this.refuse(principal, 'waiver.revoke', `waiver:${id}`, 'denied', `${principal.name} may not revoke waiver ${id}`);
    }
    return this.move(principal, request, 'revoke', ['requested', 'approved'], 'revoked', note);
  }

  /**
   * The periodic job: approved waivers past their expiry day become `expired` (returned, so the
   * caller re-opens their findings), then owners of approved waivers expiring within the warning
   * window are notified, each waiver once.
   */
  async tick(now: Date = this.now()): Promise<TickResult> {
    const time = now.toISOString();
    const today = dayOf(now);
    const expired: WaiverRequest[] = [];
    for (const request of await this.store.listWaiverRequests({ state: 'approved' })) {
      if (request.expires >= today) continue;
      const moved = await this.store.transitionWaiver(request.id, ['approved'], {}, { time, actor: 'system', action: 'expire', fromState: 'approved', toState: 'expired', note: `expired after ${request.expires}` });
      if (!moved) continue; // another replica got there first
      expired.push(moved);
      await this.audit({ time, actor: 'system', action: 'waiver.expire', target: `waiver:${moved.id}`, outcome: 'success', details: { expires: moved.expires } });
    }
    const settings = await this.store.getSettings();
    const lastDay = dayOf(new Date(now.getTime() + settings.expiryWarningDays * DAY_MS));
    const warned = await this.store.claimExpiryWarnings(lastDay, time);
    if (warned.length > 0 && this.notifier) {
      try {
        await this.notifier.waiversExpiring(warned, now);
        await this.audit({ time, actor: 'system', action: 'waiver.expiry-warning', outcome: 'success', details: { waivers: warned.map((w) => w.id) } });
      } catch (err) {
        // Warnings are claimed before sending (at most once); a failed send is on the record instead.
        await this.audit({ time, actor: 'system', action: 'waiver.expiry-warning', outcome: 'failure', details: { waivers: warned.map((w) => w.id), error: (err as Error).message.split('\n')[0] } });
      }
    }
    return { expired, warned };
  }

  /** Approved requests not past their expiry day, as the CLI's `Waiver` for `applyWaivers`. */
  async activeWaivers(now: Date = this.now()): Promise<Waiver[]> {
    const today = dayOf(now);
    const approved = await this.store.listWaiverRequests({ state: 'approved' });
    return approved.filter((r) => r.expires >= today).map(waiverOf);
  }

  /**
   * Approved and expired waivers, for `applyWaivers`: it waives by the active ones and marks
   * findings that only a lapsed one matches with `expiredWaiver`, so a re-opened finding says
   * which waiver lapsed. Rejected and revoked requests never applied and are left out.
   */
  async waiversForMatching(): Promise<Waiver[]> {
    return (await this.store.listWaiverRequests({ state: ['approved', 'expired'] })).map(waiverOf);
  }

  /**
   * Imports a CLI waivers file (YAML or JSON): every valid entry becomes an approved request
   * recording the file's approver (and requester, when given), or expired when its day has passed.
   * An entry whose id exists with other content, or whose requester is its approver, is an error;
   * the rest still import.
   */
  async importFile(principal: Principal, source: string, text: string): Promise<ImportResult> {
    if (!authorize(principal, 'waivers:decide')) await this.refuse(principal, 'waiver.import', `file:${source}`, 'denied', `${principal.name} may not import waivers`);
    const now = this.now();
    const time = now.toISOString();
    const today = dayOf(now);
    const parsed = parseWaivers(source, text);
    const result: ImportResult = { imported: [], unchanged: [], errors: [...parsed.errors] };
    for (const waiver of parsed.waivers) {
      const existing = await this.store.getWaiverRequest(waiver.id);
      if (existing) {
        if (sameWaiver(waiverOf(existing), waiver)) result.unchanged.push(waiver.id);
        else result.errors.push({ source, message: `waiver ${waiver.id}: id already exists with different content` });
        continue;
      }
      if (waiver.requestedBy !== undefined && waiver.requestedBy === waiver.approver) {
        result.errors.push({ source, message: `waiver ${waiver.id}: approver ${waiver.approver} is also its requester` });
        continue;
      }
      const state = waiver.expires < today ? 'expired' : 'approved';
      const request: WaiverRequest = {
        id: waiver.id,
        check: waiver.check,
        scope: waiver.scope,
        reason: waiver.reason,
        expires: waiver.expires,
        state,
        requestedBy: waiver.requestedBy ?? waiver.approver,
        requestedAt: time,
        decidedBy: waiver.approver,
        decidedAt: time,
        decisionNote: `imported from ${source} by ${principal.name}`,
      };
      if (waiver.ticket !== undefined) request.ticket = waiver.ticket;
      const event: NewWaiverEvent = { time, actor: principal.name, action: 'import', toState: state, note: `from ${source}, approved by ${waiver.approver}` };
      result.imported.push(await this.store.createWaiverRequest(request, 'import', event));
    }
    await this.audit({
      time,
      actor: principal.name,
      action: 'waiver.import',
      target: `file:${source}`,
      outcome: result.errors.length ? 'failure' : 'success',
      details: { imported: result.imported.map((r) => r.id), unchanged: result.unchanged, errors: result.errors.map((e) => e.message) },
    });
    return result;
  }

  /** The active waivers as a CLI waivers file (YAML), readable by `--waivers` and by `importFile`. */
  async exportFile(now: Date = this.now()): Promise<string> {
    const waivers = await this.activeWaivers(now);
    return `# Rampart waivers exported ${now.toISOString()}: the approved waivers active on ${dayOf(now)}\n${jsyaml.dump({ waivers }, { lineWidth: -1, noRefs: true })}`;
  }

  private async existing(principal: Principal, id: string, action: string): Promise<WaiverRequest> {
    const request = await this.store.getWaiverRequest(id);
    if (!request) return this.refuse(principal, action, `waiver:${id}`, 'not-found', `waiver ${id}: no such waiver request`);
    return request;
  }

  private async decidable(principal: Principal, id: string, action: string): Promise<WaiverRequest> {
    if (principal.kind !== 'user' || !authorize(principal, 'waivers:decide')) {
      await this.refuse(principal, action, `waiver:${id}`, 'denied', `${principal.name} may not decide waivers`);
    }
    const request = await this.existing(principal, id, action);
    if (isRequester(principal, request)) await this.refuse(principal, action, `waiver:${id}`, 'denied', `waiver ${id}: ${principal.name} requested it and may not decide it`);
    return request;
  }

  private async move(principal: Principal, request: WaiverRequest, verb: 'approve' | 'reject' | 'revoke', from: WaiverRequest['state'][], to: WaiverRequest['state'], note?: string): Promise<WaiverRequest> {
    const time = this.now().toISOString();
    const action = `waiver.${verb}`;
    const patch: Partial<WaiverRequest> = verb === 'revoke' ? {} : { decidedBy: principal.name, decidedAt: time };
    if (note !== undefined && verb !== 'revoke') patch.decisionNote = note;
    const event: NewWaiverEvent & { toState: WaiverRequest['state'] } = { time, actor: principal.name, action: verb, fromState: request.state, toState: to };
    if (note !== undefined) event.note = note;
    const moved = await this.store.transitionWaiver(request.id, from, patch, event);
    if (!moved) return this.refuse(principal, action, `waiver:${request.id}`, 'conflict', `waiver ${request.id}: cannot ${verb} a waiver that is ${(await this.store.getWaiverRequest(request.id))?.state ?? 'gone'}`);
    await this.audit({ time, actor: principal.name, action, target: `waiver:${moved.id}`, outcome: 'success', details: { from: request.state, to, ...(note !== undefined ? { note } : {}) } });
    return moved;
  }

  /** Audits the refusal, then throws it. */
  private async refuse(principal: Principal, action: string, target: string, kind: WaiverWorkflowError['kind'], message: string): Promise<never> {
    await this.audit({ time: this.now().toISOString(), actor: principal.name, action, target, outcome: kind === 'denied' ? 'denied' : 'failure', details: { reason: message } });
    throw new WaiverWorkflowError(kind, message);
  }
}

/** An approved request as the CLI's waiver: the decider is the approver. */
export function waiverOf(request: WaiverRequest): Waiver {
  const waiver: Waiver = { id: request.id, check: request.check, scope: request.scope, reason: request.reason, approver: request.decidedBy ?? '', expires: request.expires };
  if (request.ticket !== undefined) waiver.ticket = request.ticket;
  if (request.requestedBy) waiver.requestedBy = request.requestedBy;
  return waiver;
}

/**
 * Validates a request with the CLI waivers file's own rules (schema, known check, real date), so
 * whatever is approved exports as a valid file, plus the platform's expiry window.
 */
function requestProblem(input: WaiverRequestInput, now: Date, maxDays: number): string | undefined {
  if (typeof input.reason !== 'string' || input.reason.trim() === '') return 'waiver request: reason is required';
  const candidate: Record<string, unknown> = { id: 'request', check: input.check, scope: input.scope, reason: input.reason.trim(), approver: 'pending', expires: input.expires };
  if (input.ticket !== undefined) candidate.ticket = input.ticket;
  const { errors } = parseWaivers('waiver request', JSON.stringify({ waivers: [candidate] }));
  if (errors.length > 0) return `waiver request: ${errors[0]!.message.replace(/^waivers file: waivers\[0\]\.?/, '')}`;
  const today = dayOf(now);
  if (input.expires < today) return `waiver request: expires ${input.expires} is in the past`;
  const last = dayOf(new Date(now.getTime() + maxDays * DAY_MS));
  if (input.expires > last) return `waiver request: expires ${input.expires} is more than ${maxDays} days away (latest ${last})`;
  return undefined;
}

/** A check (or any check a `prefix.*` pattern covers) whose catalogue severity is critical. */
export function isCriticalCheck(pattern: string): boolean {
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    return CHECKS.some((c) => c.id.startsWith(prefix) && c.severity === 'critical');
  }
  return findCheck(pattern)?.severity === 'critical';
}

/** A scope that names nothing: no selector, or only `*` selectors. */
export function isWildcardScope(scope: WaiverScope): boolean {
  return Object.values(scope).every((value) => value === undefined || /^\**$/.test(String(value)));
}

function cleanScope(scope: WaiverScope): WaiverScope {
  return Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== undefined)) as WaiverScope;
}

function isRequester(principal: Principal, request: WaiverRequest): boolean {
  return request.requestedBy === principal.name || request.requestedBy === principal.id;
}

function sameWaiver(a: Waiver, b: Waiver): boolean {
  return a.check === b.check && a.reason === b.reason && a.expires === b.expires && a.approver === b.approver && JSON.stringify(sortKeys(a.scope)) === JSON.stringify(sortKeys(b.scope));
}

function sortKeys(scope: WaiverScope): [string, unknown][] {
  return Object.entries(scope).sort(([a], [b]) => (a < b ? -1 : 1));
}

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
