import type { FastifyInstance } from 'fastify';
import type { RoutingRule, Team, WaiverRequestState } from '../../../model/index.js';
import { WAIVER_REQUEST_STATES } from '../../../model/index.js';
import { actorOf, requirePermission } from '../auth/plugin.js';
import { validateSlaPolicy } from '../governance/sla.js';
import type { WaiverRequestInput } from '../governance/waivers.js';
import type { Platform } from '../platform.js';
import { BadRequest, listParam, sendError } from './errors.js';

/** Teams, routing rules, settings and the waiver workflow. Reads need `findings:read`; changes need the security administrator's permissions. */
export function registerGovernanceRoutes(app: FastifyInstance, platform: Platform): void {
  const { governance, workflow } = platform;
  const audited = async (actor: string, action: string, target: string, details?: Record<string, unknown>): Promise<void> => {
    await platform.audit.append({ actor, action, target, outcome: 'success', ...(details ? { details } : {}) });
  };

  app.get('/api/v1/teams', { preHandler: requirePermission('findings:read') }, async () => governance.listTeams());
  app.put<{ Params: { id: string }; Body: Omit<Team, 'id'> }>('/api/v1/teams/:id', { preHandler: requirePermission('routing:manage') }, async (request, reply) => {
    try {
      if (!request.body || typeof request.body.name !== 'string' || !request.body.name) throw new BadRequest('name: required');
      const team: Team = { id: request.params.id, name: request.body.name, ...(request.body.notify ? { notify: request.body.notify } : {}) };
      await governance.putTeam(team);
      await audited(request.principal!.name, 'team.put', `team:${team.id}`);
      return team;
    } catch (err) {
      return sendError(reply, err instanceof Error && !(err instanceof BadRequest) && /^team|^notify|^name/.test(err.message) ? new BadRequest(err.message) : err);
    }
  });
  app.delete<{ Params: { id: string } }>('/api/v1/teams/:id', { preHandler: requirePermission('routing:manage') }, async (request, reply) => {
    try {
      if (!(await governance.deleteTeam(request.params.id))) return reply.code(404).send({ error: `team ${request.params.id} not found` });
      await audited(request.principal!.name, 'team.delete', `team:${request.params.id}`);
      return reply.code(204).send();
    } catch (err) {
      return reply.code(409).send({ error: (err as Error).message });
    }
  });

  app.get('/api/v1/routing-rules', { preHandler: requirePermission('findings:read') }, async () => governance.listRoutingRules());
  app.put<{ Body: RoutingRule[] }>('/api/v1/routing-rules', { preHandler: requirePermission('routing:manage') }, async (request, reply) => {
    try {
      if (!Array.isArray(request.body)) throw new BadRequest('body: a list of routing rules');
      await governance.replaceRoutingRules(request.body);
      await platform.refreshRouting();
      await audited(request.principal!.name, 'routing.replace', 'routing-rules', { rules: request.body.length });
      return governance.listRoutingRules();
    } catch (err) {
      return sendError(reply, err instanceof BadRequest ? err : new BadRequest((err as Error).message));
    }
  });

  app.get('/api/v1/settings', { preHandler: requirePermission('findings:read') }, async () => governance.getSettings());
  app.patch<{ Body: Record<string, unknown> }>('/api/v1/settings', { preHandler: requirePermission('policy:manage') }, async (request, reply) => {
    try {
      const body = request.body ?? {};
      const change: Parameters<typeof governance.updateSettings>[0] = {};
      if (body.sla !== undefined) change.sla = validateSlaPolicy(body.sla as Record<string, unknown>);
      if (typeof body.defaultTeam === 'string') change.defaultTeam = body.defaultTeam;
      if (typeof body.waiverMaxDays === 'number') change.waiverMaxDays = body.waiverMaxDays;
      if (typeof body.expiryWarningDays === 'number') change.expiryWarningDays = body.expiryWarningDays;
      const settings = await governance.updateSettings(change);
      await platform.refreshRouting();
      await audited(request.principal!.name, 'settings.change', 'settings', { changed: Object.keys(change) });
      return settings;
    } catch (err) {
      return sendError(reply, new BadRequest((err as Error).message));
    }
  });

  app.get<{ Querystring: { state?: string } }>('/api/v1/waivers', { preHandler: requirePermission('findings:read') }, async (request, reply) => {
    try {
      const states = listParam<WaiverRequestState>('state', request.query.state, WAIVER_REQUEST_STATES);
      const all = await governance.listWaiverRequests({});
      return states ? all.filter((w) => states.includes(w.state)) : all;
    } catch (err) {
      return sendError(reply, err);
    }
  });
  app.get<{ Params: { id: string } }>('/api/v1/waivers/:id', { preHandler: requirePermission('findings:read') }, async (request, reply) => {
    const waiver = await governance.getWaiverRequest(request.params.id);
    if (!waiver) return reply.code(404).send({ error: `waiver ${request.params.id} not found` });
    return { ...waiver, events: await governance.waiverEvents(waiver.id) };
  });
  app.post<{ Body: WaiverRequestInput }>('/api/v1/waivers', { preHandler: requirePermission('waivers:request') }, async (request, reply) => {
    try {
      return reply.code(201).send(await workflow.request(request.principal!, request.body));
    } catch (err) {
      return sendError(reply, err);
    }
  });
  for (const decision of ['approve', 'reject', 'revoke'] as const) {
    app.post<{ Params: { id: string }; Body: { note?: string } | undefined }>(`/api/v1/waivers/:id/${decision}`, { preHandler: requirePermission('waivers:decide') }, async (request, reply) => {
      try {
        const note = request.body?.note;
        const decided = await workflow[decision](request.principal!, request.params.id, note);
        const changed = decision === 'reject' ? 0 : await platform.applyWaiverChange(decided, actorOf(request).name);
        return { ...decided, findingsChanged: changed };
      } catch (err) {
        return sendError(reply, err);
      }
    });
  }
  app.get('/api/v1/waivers/export', { preHandler: requirePermission('findings:read') }, async (_request, reply) => {
    return reply.type('application/yaml; charset=utf-8').header('content-disposition', 'attachment; filename="rampart-waivers.yaml"').send(await workflow.exportFile());
  });
  app.post<{ Body: string }>('/api/v1/waivers/import', { preHandler: requirePermission('waivers:decide') }, async (request, reply) => {
    try {
      if (typeof request.body !== 'string') throw new BadRequest('body: the waivers file as text (Content-Type: application/yaml or text/plain)');
      const result = await workflow.importFile(request.principal!, 'upload', request.body);
      for (const imported of result.imported) await platform.applyWaiverChange(imported, request.principal!.name);
      return result;
    } catch (err) {
      return sendError(reply, err);
    }
  });
}
