import path from 'node:path';
import type { Finding, Principal, Report, WaiverRequest } from '../../model/index.js';
import { applyWaivers } from '../../policy/waivers.js';
import type { SqlDatabase } from '../../store/sql/database.js';
import { SqliteDatabase } from '../../store/sql/sqlite.js';
import { PgDatabase } from '../../store/sql/postgres.js';
import { AuditTrail } from '../../store/platform/audit-trail.js';
import { PlatformFindings, type IngestResult, type FindingFilter } from '../../store/platform/findings.js';
import { GovernanceStore } from '../../store/platform/governance.js';
import { IdentityStore } from '../../store/platform/identity.js';
import { OidcSignOn, type OidcOptions } from './auth/oidc.js';
import { SessionManager } from './auth/sessions.js';
import { PasswordSignIn } from './auth/sign-in.js';
import { TokenService } from './auth/tokens.js';
import { UserAdministration } from './auth/users.js';
import { GovernanceNotifier, type NotifierOptions } from './governance/notify.js';
import { compileRouting, repositoryOfReference, resolveOwner, waiverOwner, type CompiledRouting } from './governance/routing.js';
import { WaiverWorkflow } from './governance/waivers.js';

/**
 * The platform's services over one database, and the operations that span several of them:
 * an uploaded report is judged by the platform's own waivers and routed to its owners before it is
 * stored; a waiver decided or expired changes the findings it covers at once, not at the next scan.
 */

export interface PlatformOptions {
  /** `postgres://…` for a shared deployment, or a SQLite file (default `<data>/platform.db`). */
  database: string;
  now?: () => Date;
  oidc?: OidcOptions;
  notify?: Omit<NotifierOptions, 'team' | 'waiverOwner'>;
}

export class Platform {
  readonly signIn: PasswordSignIn;
  readonly sessions: SessionManager;
  readonly tokens: TokenService;
  readonly users: UserAdministration;
  readonly workflow: WaiverWorkflow;
  readonly notifier: GovernanceNotifier;
  oidc: OidcSignOn | undefined;
  private routingCache: CompiledRouting | undefined;

  private constructor(
    readonly db: SqlDatabase,
    readonly findings: PlatformFindings,
    readonly identity: IdentityStore,
    readonly audit: AuditTrail,
    readonly governance: GovernanceStore,
    readonly now: () => Date,
    notify: PlatformOptions['notify'],
  ) {
    this.signIn = new PasswordSignIn(identity, audit, { now });
    this.sessions = new SessionManager(identity, { now });
    this.tokens = new TokenService(identity, audit, { now });
    this.users = new UserAdministration(identity, audit);
    this.notifier = new GovernanceNotifier({
      ...(notify ?? {}),
      team: (id) => governance.getTeam(id),
      waiverOwner: (request) => (this.routingCache ? waiverOwner(request, this.routingCache) : undefined),
    });
    this.workflow = new WaiverWorkflow({
      store: governance,
      now,
      notifier: this.notifier,
      audit: async (entry) => {
        await audit.append({ actor: entry.actor, action: entry.action, outcome: entry.outcome, ...(entry.target ? { target: entry.target } : {}), ...(entry.details ? { details: entry.details } : {}) });
      },
    });
  }

  /** Opens (and migrates) the database; a failure names the database, never its password. */
  static async open(options: PlatformOptions): Promise<Platform> {
    const db = options.database.startsWith('postgres://') || options.database.startsWith('postgresql://') ? await PgDatabase.connect(options.database) : SqliteDatabase.open(path.resolve(options.database));
    try {
      const now = options.now ?? (() => new Date());
      const platform = new Platform(db, await PlatformFindings.open(db), await IdentityStore.open(db), await AuditTrail.open(db, { now }), await GovernanceStore.open(db), now, options.notify);
      if (options.oidc) platform.oidc = await OidcSignOn.discover(options.oidc, { identity: platform.identity, audit: platform.audit, now });
      await platform.refreshRouting();
      return platform;
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  /** Recompiles the routing rules; call after any change to rules or the default team. */
  async refreshRouting(): Promise<CompiledRouting> {
    const settings = await this.governance.getSettings();
    this.routingCache = compileRouting(await this.governance.listRoutingRules(), settings.defaultTeam);
    return this.routingCache;
  }

  private async routing(): Promise<CompiledRouting> {
    return this.routingCache ?? this.refreshRouting();
  }

  /**
   * Stores an uploaded report. The platform is the authority on exceptions: waivers the scanner
   * applied from a local file are set aside and the platform's approved waivers applied instead
   * (VEX statements stay, they are the vendor's evidence, not an exception). Each finding is routed
   * to its owning team; the teams are told of critical findings they had not seen.
   */
  async ingest(report: Report, principal: Principal, meta: { cluster?: string; scopeNamespaces?: string[] } = {}): Promise<IngestResult & { notified: number }> {
    const now = this.now();
    for (const finding of report.findings) {
      if (finding.status === 'waived' && finding.waiver) {
        finding.status = 'fail';
        delete finding.waiver;
      }
      delete finding.expiredWaiver;
    }
    report.waivers = applyWaivers(report.findings, await this.workflow.waiversForMatching(), now);

    const routing = await this.routing();
    const repositoryByRef = new Map((report.images ?? []).map((i) => [i.ref, repositoryOfReference(i.reference)]));
    const owners = new Map<string, string | undefined>();
    for (const finding of report.findings) {
      const repository = repositoryByRef.get(finding.asset.ref);
      owners.set(finding.fingerprint, resolveOwner(finding, routing, repository ? { imageRepository: repository } : {}).team);
    }

    const critical = report.findings.filter((f) => f.status === 'fail' && f.severity === 'critical');
    const known = await this.openFingerprints(critical.map((f) => f.fingerprint));
    const result = await this.findings.ingest(
      report,
      {
        uploadedBy: principal.name,
        uploadedAt: now.toISOString(),
        checksEvaluated: Object.keys(report.checks ?? {}),
        ...(meta.cluster ? { cluster: meta.cluster } : {}),
        ...(meta.scopeNamespaces ? { scope: { namespaces: meta.scopeNamespaces.map((namespace) => ({ namespace, ...(meta.cluster ? { cluster: meta.cluster } : {}) })) } } : {}),
      },
      (f) => owners.get(f.fingerprint),
    );
    await this.audit.append({ actor: principal.name, action: 'scan.upload', target: `scan:${result.scanId}`, outcome: 'success', details: { command: report.command, findings: result.findings, new: result.new, resolved: result.resolved } });

    const fresh = critical.filter((f) => !known.has(f.fingerprint)).flatMap((finding) => {
      const team = owners.get(finding.fingerprint);
      return team ? [{ finding, team }] : [];
    });
    let notified = 0;
    if (fresh.length > 0) {
      const deliveries = await this.notifier.newCriticalFindings(fresh, now).catch(() => []);
      notified = deliveries.length;
    }
    return { ...result, notified };
  }

  /** Which of these fingerprints are already open on the platform. */
  private async openFingerprints(fingerprints: string[]): Promise<Set<string>> {
    const open = new Set<string>();
    for (let i = 0; i < fingerprints.length; i += 500) {
      const batch = fingerprints.slice(i, i + 500);
      const page = await this.findings.query({ fingerprints: batch, status: ['fail', 'waived', 'not-evaluated'] }, { limit: 500 });
      for (const f of page.items) open.add(f.fingerprint);
    }
    return open;
  }

  /**
   * Brings stored findings in line with the waivers in force: after an approval the findings it
   * covers become waived, after an expiry or revocation they fail again. Only findings of the
   * waiver's check are read.
   */
  async applyWaiverChange(request: WaiverRequest, actor: string): Promise<number> {
    const waivers = await this.workflow.waiversForMatching();
    const now = this.now();
    const filter: FindingFilter = { check: request.check, status: ['fail', 'waived'] };
    const toWaive: string[] = [];
    const toFail: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.findings.query(filter, { limit: 500, ...(cursor ? { cursor } : {}) });
      for (const stored of page.items) {
        const probe: Finding = { ...stored.finding, status: 'fail' };
        delete probe.waiver;
        delete probe.expiredWaiver;
        applyWaivers([probe], waivers, now);
        if (probe.status === 'waived' && stored.status === 'fail') toWaive.push(stored.fingerprint);
        if (probe.status === 'fail' && stored.status === 'waived' && !stored.finding.vulnerability?.vex) toFail.push(stored.fingerprint);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const at = now.toISOString();
    return (await this.findings.setStatus(toWaive, 'waived', actor, at)) + (await this.findings.setStatus(toFail, 'fail', actor, at));
  }

  /** The periodic job: expires waivers (their findings fail again) and warns owners of coming expiries. */
  async tick(): Promise<{ expired: number; warned: number; reopened: number }> {
    const result = await this.workflow.tick(this.now());
    let reopened = 0;
    for (const request of result.expired) reopened += await this.applyWaiverChange(request, 'system');
    return { expired: result.expired.length, warned: result.warned.length, reopened };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
