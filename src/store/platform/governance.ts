import type { RoutingRule, SlaPolicy, Team, WaiverRequest, WaiverRequestState, WaiverScope } from '../../model/index.js';
import type { Migration, SqlDatabase, SqlExecutor, SqlValue } from '../sql/database.js';

/**
 * The governance platform's own tables: teams, routing rules, settings (SLA policy, default
 * team, waiver limits) and waiver requests with the history of every change to them. Everything
 * goes through the portable SQL seam, so SQLite and PostgreSQL run the same statements.
 *
 * Waiver state changes are compare-and-set (`UPDATE … WHERE state IN (…)`) in one transaction with
 * their history event: two security administrators deciding the same request at once cannot both
 * succeed, and no state change exists without its event.
 */

export const GOVERNANCE_COMPONENT = 'governance';

export const GOVERNANCE_MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE gov_teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    notify TEXT
  );
  CREATE TABLE gov_routing_rules (
    id TEXT PRIMARY KEY,
    priority INTEGER NOT NULL,
    team TEXT NOT NULL REFERENCES gov_teams (id),
    rule TEXT NOT NULL
  );
  CREATE INDEX gov_routing_rules_priority ON gov_routing_rules (priority);
  CREATE TABLE gov_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE gov_waiver_requests (
    id TEXT PRIMARY KEY,
    check_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    reason TEXT NOT NULL,
    expires TEXT NOT NULL,
    ticket TEXT,
    state TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    decision_note TEXT,
    origin TEXT NOT NULL,
    expiry_warned_at TEXT
  );
  CREATE INDEX gov_waiver_requests_state ON gov_waiver_requests (state, expires);
  CREATE TABLE gov_waiver_events (
    waiver_id TEXT NOT NULL REFERENCES gov_waiver_requests (id),
    seq INTEGER NOT NULL,
    time TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    note TEXT,
    PRIMARY KEY (waiver_id, seq)
  );`,
];

/** Platform-wide governance settings; every field has a default, so a fresh database works. */
export interface GovernanceSettings {
  sla: SlaPolicy;
  /** Team that owns findings no routing rule claims. */
  defaultTeam?: string;
  /** Longest a waiver may run, in days from the day it is requested. */
  waiverMaxDays: number;
  /** How many days before expiry the owner is warned (once). */
  expiryWarningDays: number;
}

export const DEFAULT_GOVERNANCE_SETTINGS: GovernanceSettings = {
  sla: { critical: 7, high: 30, medium: 90, low: 180, info: 0 },
  waiverMaxDays: 365,
  expiryWarningDays: 7,
};

/** `platform`: requested and decided here. `import`: taken from a CLI waivers file, approved by the file's approver. */
export type WaiverOrigin = 'platform' | 'import';

export type WaiverEventAction = 'request' | 'approve' | 'reject' | 'revoke' | 'expire' | 'import' | 'expiry-warning';

/** One line of a waiver request's history. */
export interface WaiverEvent {
  waiverId: string;
  seq: number;
  time: string;
  actor: string;
  action: WaiverEventAction;
  fromState?: WaiverRequestState;
  toState?: WaiverRequestState;
  note?: string;
}

export type NewWaiverEvent = Omit<WaiverEvent, 'waiverId' | 'seq'>;

export interface WaiverRequestFilter {
  state?: WaiverRequestState | readonly WaiverRequestState[];
  check?: string;
  requestedBy?: string;
}

interface WaiverRow {
  id: string;
  check_id: string;
  scope: string;
  reason: string;
  expires: string;
  ticket: string | null;
  state: WaiverRequestState;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  origin: WaiverOrigin;
  expiry_warned_at: string | null;
}

const WAIVER_COLUMNS = 'id, check_id, scope, reason, expires, ticket, state, requested_by, requested_at, decided_by, decided_at, decision_note, origin, expiry_warned_at';

export class GovernanceStore {
  private constructor(readonly db: SqlDatabase) {}

  /** Applies the governance migrations not yet applied, then returns the store. */
  static async open(db: SqlDatabase): Promise<GovernanceStore> {
    await db.migrate(GOVERNANCE_COMPONENT, GOVERNANCE_MIGRATIONS);
    return new GovernanceStore(db);
  }

  // ---- teams ----

  async listTeams(): Promise<Team[]> {
    const rows = await this.db.all<{ id: string; name: string; notify: string | null }>('SELECT id, name, notify FROM gov_teams');
    return rows.map(teamOf).sort((a, b) => compare(a.id, b.id));
  }

  async getTeam(id: string): Promise<Team | undefined> {
    const row = await this.db.get<{ id: string; name: string; notify: string | null }>('SELECT id, name, notify FROM gov_teams WHERE id = ?', [id]);
    return row && teamOf(row);
  }

  async putTeam(team: Team): Promise<void> {
    if (!team.id || !team.name) throw new Error('team: id and name are required');
    await this.db.run(
      'INSERT INTO gov_teams (id, name, notify) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, notify = excluded.notify',
      [team.id, team.name, team.notify ? JSON.stringify(team.notify) : null],
    );
  }

  /** Refuses while routing rules or the default team setting still name the team: findings must keep an owner. */
  async deleteTeam(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rule = await tx.get<{ id: string }>('SELECT id FROM gov_routing_rules WHERE team = ?', [id]);
      if (rule) throw new Error(`team ${id}: routing rule ${rule.id} still routes to it`);
      const settings = await readSettings(tx);
      if (settings.defaultTeam === id) throw new Error(`team ${id}: it is the default team`);
      return (await tx.run('DELETE FROM gov_teams WHERE id = ?', [id])).changes > 0;
    });
  }

  // ---- routing rules ----

  async listRoutingRules(): Promise<RoutingRule[]> {
    const rows = await this.db.all<{ rule: string }>('SELECT rule FROM gov_routing_rules');
    return rows.map((r) => JSON.parse(r.rule) as RoutingRule).sort((a, b) => a.priority - b.priority || compare(a.id, b.id));
  }

  async putRoutingRule(rule: RoutingRule): Promise<void> {
    await this.writeRule(this.db, rule);
  }

  async deleteRoutingRule(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM gov_routing_rules WHERE id = ?', [id])).changes > 0;
  }

  /** Replaces the whole rule set at once (an ordered list edited in the console). */
  async replaceRoutingRules(rules: readonly RoutingRule[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM gov_routing_rules');
      for (const rule of rules) await this.writeRule(tx, rule);
    });
  }

  private async writeRule(db: SqlExecutor, rule: RoutingRule): Promise<void> {
    if (!rule.id) throw new Error('routing rule: id is required');
    if (!Number.isInteger(rule.priority)) throw new Error(`routing rule ${rule.id}: priority must be an integer`);
    const team = await db.get('SELECT id FROM gov_teams WHERE id = ?', [rule.team]);
    if (!team) throw new Error(`routing rule ${rule.id}: team "${rule.team}" does not exist`);
    await db.run(
      'INSERT INTO gov_routing_rules (id, priority, team, rule) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET priority = excluded.priority, team = excluded.team, rule = excluded.rule',
      [rule.id, rule.priority, rule.team, JSON.stringify(rule)],
    );
  }

  // ---- settings ----

  async getSettings(): Promise<GovernanceSettings> {
    return readSettings(this.db);
  }

  async updateSettings(change: Partial<GovernanceSettings>): Promise<GovernanceSettings> {
    return this.db.transaction(async (tx) => {
      if (change.defaultTeam !== undefined && !(await tx.get('SELECT id FROM gov_teams WHERE id = ?', [change.defaultTeam]))) {
        throw new Error(`settings.defaultTeam: team "${change.defaultTeam}" does not exist`);
      }
      for (const [name, value] of Object.entries(change)) {
        if (value === undefined) continue;
        await tx.run('INSERT INTO gov_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, JSON.stringify(value)]);
      }
      return readSettings(tx);
    });
  }

  // ---- waiver requests ----

  /** A new id `W-<n>`, one above the highest such id stored. */
  async nextWaiverId(db: SqlExecutor = this.db): Promise<string> {
    const rows = await db.all<{ id: string }>("SELECT id FROM gov_waiver_requests WHERE id LIKE 'W-%'");
    let max = 0;
    for (const { id } of rows) {
      const n = /^W-(\d+)$/.exec(id);
      if (n) max = Math.max(max, Number(n[1]));
    }
    return `W-${max + 1}`;
  }

  /**
   * Stores a new request with its first event. Without an id one is allocated in the same
   * transaction; an id already stored is an error naming it.
   */
  async createWaiverRequest(request: Omit<WaiverRequest, 'id'> & { id?: string }, origin: WaiverOrigin, event: NewWaiverEvent): Promise<WaiverRequest> {
    return this.db.transaction(async (tx) => {
      const id = request.id ?? (await this.nextWaiverId(tx));
      if (await tx.get('SELECT id FROM gov_waiver_requests WHERE id = ?', [id])) throw new Error(`waiver ${id}: id already exists`);
      const stored: WaiverRequest = { ...request, id };
      await tx.run(`INSERT INTO gov_waiver_requests (${WAIVER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        id,
        stored.check,
        JSON.stringify(stored.scope),
        stored.reason,
        stored.expires,
        stored.ticket ?? null,
        stored.state,
        stored.requestedBy,
        stored.requestedAt,
        stored.decidedBy ?? null,
        stored.decidedAt ?? null,
        stored.decisionNote ?? null,
        origin,
        null,
      ]);
      await appendEvent(tx, id, event);
      return stored;
    });
  }

  async getWaiverRequest(id: string): Promise<WaiverRequest | undefined> {
    const row = await this.db.get<WaiverRow>(`SELECT ${WAIVER_COLUMNS} FROM gov_waiver_requests WHERE id = ?`, [id]);
    return row && requestOf(row);
  }

  async waiverOrigin(id: string): Promise<WaiverOrigin | undefined> {
    const row = await this.db.get<{ origin: WaiverOrigin }>('SELECT origin FROM gov_waiver_requests WHERE id = ?', [id]);
    return row?.origin;
  }

  async listWaiverRequests(filter: WaiverRequestFilter = {}): Promise<WaiverRequest[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.state !== undefined) {
      const states = typeof filter.state === 'string' ? [filter.state] : filter.state;
      if (states.length === 0) return [];
      where.push(`state IN (${states.map(() => '?').join(', ')})`);
      params.push(...states);
    }
    if (filter.check !== undefined) {
      where.push('check_id = ?');
      params.push(filter.check);
    }
    if (filter.requestedBy !== undefined) {
      where.push('requested_by = ?');
      params.push(filter.requestedBy);
    }
    const rows = await this.db.all<WaiverRow>(`SELECT ${WAIVER_COLUMNS} FROM gov_waiver_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params);
    return rows.map(requestOf).sort((a, b) => compare(a.requestedAt, b.requestedAt) || compare(a.id, b.id));
  }

  /**
   * Moves a request from one of `from` to `event.toState`, applying `patch`, with the event, in one
   * transaction. Returns the updated request, or undefined when it was not in one of `from` (someone
   * else moved it first) or does not exist.
   */
  async transitionWaiver(
    id: string,
    from: readonly WaiverRequestState[],
    patch: Partial<Pick<WaiverRequest, 'decidedBy' | 'decidedAt' | 'decisionNote'>>,
    event: NewWaiverEvent & { toState: WaiverRequestState },
  ): Promise<WaiverRequest | undefined> {
    return this.db.transaction(async (tx) => {
      const sets = ['state = ?'];
      const params: SqlValue[] = [event.toState];
      const columns: [string, string | undefined][] = [['decided_by', patch.decidedBy], ['decided_at', patch.decidedAt], ['decision_note', patch.decisionNote]];
      for (const [column, value] of columns) {
        if (value === undefined) continue;
        sets.push(`${column} = ?`);
        params.push(value);
      }
      const result = await tx.run(
        `UPDATE gov_waiver_requests SET ${sets.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
        [...params, id, ...from],
      );
      if (result.changes === 0) return undefined;
      const row = await tx.get<WaiverRow>(`SELECT ${WAIVER_COLUMNS} FROM gov_waiver_requests WHERE id = ?`, [id]);
      await appendEvent(tx, id, event);
      return requestOf(row!);
    });
  }

  /**
   * Approved requests expiring on or before `lastDay` whose owner has not been warned yet, marked
   * warned in the same transaction (with an event): each is returned exactly once, even with several
   * server replicas ticking.
   */
  async claimExpiryWarnings(lastDay: string, time: string): Promise<WaiverRequest[]> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.all<WaiverRow>(
        `SELECT ${WAIVER_COLUMNS} FROM gov_waiver_requests WHERE state = 'approved' AND expiry_warned_at IS NULL AND expires <= ?`,
        [lastDay],
      );
      for (const row of rows) {
        await tx.run('UPDATE gov_waiver_requests SET expiry_warned_at = ? WHERE id = ?', [time, row.id]);
        await appendEvent(tx, row.id, { time, actor: 'system', action: 'expiry-warning', note: `expires ${row.expires}` });
      }
      return rows.map(requestOf).sort((a, b) => compare(a.id, b.id));
    });
  }

  async waiverEvents(id: string): Promise<WaiverEvent[]> {
    const rows = await this.db.all<{ waiver_id: string; seq: number; time: string; actor: string; action: WaiverEventAction; from_state: WaiverRequestState | null; to_state: WaiverRequestState | null; note: string | null }>(
      'SELECT waiver_id, seq, time, actor, action, from_state, to_state, note FROM gov_waiver_events WHERE waiver_id = ? ORDER BY seq',
      [id],
    );
    return rows.map((r) => {
      const event: WaiverEvent = { waiverId: r.waiver_id, seq: Number(r.seq), time: r.time, actor: r.actor, action: r.action };
      if (r.from_state) event.fromState = r.from_state;
      if (r.to_state) event.toState = r.to_state;
      if (r.note !== null) event.note = r.note;
      return event;
    });
  }
}

async function appendEvent(tx: SqlExecutor, waiverId: string, event: NewWaiverEvent): Promise<void> {
  const last = await tx.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM gov_waiver_events WHERE waiver_id = ?', [waiverId]);
  await tx.run('INSERT INTO gov_waiver_events (waiver_id, seq, time, actor, action, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    waiverId,
    Number(last?.seq ?? 0) + 1,
    event.time,
    event.actor,
    event.action,
    event.fromState ?? null,
    event.toState ?? null,
    event.note ?? null,
  ]);
}

async function readSettings(db: SqlExecutor): Promise<GovernanceSettings> {
  const rows = await db.all<{ name: string; value: string }>('SELECT name, value FROM gov_settings');
  const settings: GovernanceSettings = { ...DEFAULT_GOVERNANCE_SETTINGS, sla: { ...DEFAULT_GOVERNANCE_SETTINGS.sla } };
  for (const { name, value } of rows) {
    const parsed = JSON.parse(value) as unknown;
    if (name === 'sla') settings.sla = { ...settings.sla, ...(parsed as Partial<SlaPolicy>) };
    else if (name === 'defaultTeam' && typeof parsed === 'string') settings.defaultTeam = parsed;
    else if (name === 'waiverMaxDays' && typeof parsed === 'number') settings.waiverMaxDays = parsed;
    else if (name === 'expiryWarningDays' && typeof parsed === 'number') settings.expiryWarningDays = parsed;
  }
  return settings;
}

function teamOf(row: { id: string; name: string; notify: string | null }): Team {
  const team: Team = { id: row.id, name: row.name };
  if (row.notify) team.notify = JSON.parse(row.notify) as Team['notify'];
  return team;
}

function requestOf(row: WaiverRow): WaiverRequest {
  const request: WaiverRequest = {
    id: row.id,
    check: row.check_id,
    scope: JSON.parse(row.scope) as WaiverScope,
    reason: row.reason,
    expires: row.expires,
    state: row.state,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
  };
  if (row.ticket !== null) request.ticket = row.ticket;
  if (row.decided_by !== null) request.decidedBy = row.decided_by;
  if (row.decided_at !== null) request.decidedAt = row.decided_at;
  if (row.decision_note !== null) request.decisionNote = row.decision_note;
  return request;
}

/** Code-point order, the same on both dialects (PostgreSQL's ORDER BY would follow the locale's collation). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
