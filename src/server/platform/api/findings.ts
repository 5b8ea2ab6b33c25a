import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SEVERITIES, type Principal, type Report } from '../../../model/index.js';
import { PLATFORM_FINDING_STATUSES, type FindingFilter } from '../../../store/platform/findings.js';
import { requirePermission } from '../auth/plugin.js';
import { authorize, teamFilter } from '../auth/authorization.js';
import { slaState } from '../governance/sla.js';
import type { Platform } from '../platform.js';
import { BadRequest, listParam, sendError } from './errors.js';

interface FindingsQuery {
  cluster?: string;
  namespace?: string;
  imageDigest?: string;
  check?: string;
  control?: string;
  severity?: string;
  status?: string;
  owner?: string;
  text?: string;
  vulnId?: string;
  limit?: string;
  cursor?: string;
}

/** The filter a request asks for, narrowed to what the caller may see: members only their teams' findings. */
export function findingFilter(query: FindingsQuery, principal: Principal): FindingFilter {
  const filter: FindingFilter = {};
  for (const key of ['cluster', 'namespace', 'imageDigest', 'check', 'text', 'vulnId'] as const) {
    const value = query[key];
    if (value) filter[key] = value;
  }
  if (query.control) {
    const cut = query.control.indexOf(':');
    if (cut <= 0) throw new BadRequest(`control: "${query.control}" must be <framework>:<control id>`);
    filter.control = { framework: query.control.slice(0, cut), id: query.control.slice(cut + 1) };
  }
  const severity = listParam('severity', query.severity, SEVERITIES);
  if (severity) filter.severity = severity;
  const status = listParam('status', query.status, PLATFORM_FINDING_STATUSES);
  if (status) filter.status = status;
  if (query.owner) filter.owner = query.owner;
  const scope = authorize(principal, 'findings:read-all') ? { scope: 'all' as const } : teamFilter(principal);
  if (scope.scope === 'none') filter.owner = [];
  else if (scope.scope === 'teams') {
    const asked = query.owner ? [query.owner] : scope.teams;
    filter.owner = asked.filter((t) => scope.teams.includes(t));
  }
  return filter;
}

function principalOf(request: FastifyRequest): Principal {
  return request.principal!;
}

export function registerFindingRoutes(app: FastifyInstance, platform: Platform): void {
  app.get<{ Querystring: FindingsQuery }>('/api/v1/findings', { preHandler: requirePermission('findings:read') }, async (request, reply) => {
    try {
      const filter = findingFilter(request.query, principalOf(request));
      const limit = request.query.limit ? Number(request.query.limit) : undefined;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new BadRequest(`limit: "${request.query.limit}" is not a positive integer`);
      if (Array.isArray(filter.owner) && filter.owner.length === 0) return { items: [] };
      const page = await platform.findings.query(filter, { ...(limit ? { limit } : {}), ...(request.query.cursor ? { cursor: request.query.cursor } : {}) });
      const sla = (await platform.governance.getSettings()).sla;
      const now = platform.now();
      return { ...page, items: page.items.map((f) => ({ ...f, sla: slaState({ severity: f.severity, status: f.status, firstSeen: f.firstSeen }, now, sla) })) };
    } catch (err) {
      if (err instanceof Error && /cursor/i.test(err.message)) return reply.code(400).send({ error: err.message });
      return sendError(reply, err);
    }
  });

  app.get<{ Params: { fingerprint: string } }>('/api/v1/findings/:fingerprint', { preHandler: requirePermission('findings:read') }, async (request, reply) => {
    const found = await platform.findings.get(request.params.fingerprint);
    const principal = principalOf(request);
    const visible = found && (authorize(principal, 'findings:read-all') || (found.owner !== undefined && principal.teams.includes(found.owner)));
    if (!visible) return reply.code(404).send({ error: `finding ${request.params.fingerprint} not found` });
    return found;
  });

  app.get<{ Querystring: FindingsQuery & { days?: string } }>('/api/v1/summary', { preHandler: requirePermission('findings:read') }, async (request, reply) => {
    try {
      const filter = findingFilter(request.query, principalOf(request));
      if (Array.isArray(filter.owner) && filter.owner.length === 0) return reply.code(200).send({ counts: null, trend: [], overdue: 0 });
      const days = Math.min(Math.max(Number(request.query.days ?? 30) || 30, 1), 366);
      const [counts, trend] = await Promise.all([platform.findings.counts({ ...filter, status: filter.status ?? ['fail', 'waived', 'not-evaluated'] }), platform.findings.trend(days, filter, platform.now().toISOString())]);
      const overdue = await countOverdue(platform, filter);
      return { counts, trend, overdue };
    } catch (err) {
      return sendError(reply, err);
    }
  });

  app.post<{ Body: Report; Querystring: { cluster?: string; namespaces?: string } }>(
    '/api/v1/scans',
    { preHandler: requirePermission('scans:upload'), bodyLimit: 256 * 1024 * 1024 },
    async (request, reply) => {
      const report = request.body;
      if (!report || typeof report !== 'object' || !Array.isArray(report.findings) || typeof report.scanTime !== 'string') {
        return reply.code(400).send({ error: 'body: not a rampart JSON report (needs scanTime and findings; produce one with --format json)' });
      }
      try {
        const meta: { cluster?: string; scopeNamespaces?: string[] } = {};
        if (request.query.cluster) meta.cluster = request.query.cluster;
        if (request.query.namespaces) meta.scopeNamespaces = request.query.namespaces.split(',').filter(Boolean);
        const result = await platform.ingest(report, principalOf(request), meta);
        return reply.code(201).send(result);
      } catch (err) {
        if (err instanceof Error && /^report /.test(err.message)) return reply.code(400).send({ error: err.message });
        return sendError(reply, err);
      }
    },
  );
}

/** Failing findings past their SLA: per severity, those first seen before its deadline (one count query each). */
async function countOverdue(platform: Platform, filter: FindingFilter): Promise<number> {
  const sla = (await platform.governance.getSettings()).sla;
  const now = platform.now().getTime();
  let overdue = 0;
  for (const severity of SEVERITIES) {
    const days = sla[severity];
    if (!days || (filter.severity && !filter.severity.includes(severity))) continue;
    const before = new Date(now - days * 86_400_000).toISOString();
    overdue += (await platform.findings.counts({ ...filter, status: ['fail'], severity: [severity], firstSeen: { to: before } })).total;
  }
  return overdue;
}
