import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../auth/plugin.js';
import type { Platform } from '../platform.js';
import { BadRequest, sendError } from './errors.js';

/** The audit trail, for auditors only: query, verify the hash chain, export as JSON lines. */
export function registerAuditRoutes(app: FastifyInstance, platform: Platform): void {
  app.get<{ Querystring: { actor?: string; action?: string; target?: string; from?: string; to?: string; beforeSeq?: string; limit?: string } }>(
    '/api/v1/audit',
    { preHandler: requirePermission('audit:read') },
    async (request, reply) => {
      try {
        const q = request.query;
        const limit = q.limit ? Number(q.limit) : 100;
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new BadRequest(`limit: "${q.limit}" must be 1–1000`);
        const beforeSeq = q.beforeSeq ? Number(q.beforeSeq) : undefined;
        if (beforeSeq !== undefined && !Number.isInteger(beforeSeq)) throw new BadRequest(`beforeSeq: "${q.beforeSeq}" is not an integer`);
        const items = await platform.audit.query({
          limit,
          ...(q.actor ? { actor: q.actor } : {}),
          ...(q.action ? { action: q.action } : {}),
          ...(q.target ? { target: q.target } : {}),
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
          ...(beforeSeq !== undefined ? { beforeSeq } : {}),
        });
        return { items };
      } catch (err) {
        return sendError(reply, err);
      }
    },
  );
  app.get('/api/v1/audit/verify', { preHandler: requirePermission('audit:read') }, async (request) => {
    const result = await platform.audit.verify();
    await platform.audit.append({ actor: request.principal!.name, action: 'audit.verify', target: 'audit-trail', outcome: result.ok ? 'success' : 'failure', sourceIp: request.ip });
    return result;
  });
  app.get('/api/v1/audit/export', { preHandler: requirePermission('audit:read') }, async (request, reply) => {
    await platform.audit.append({ actor: request.principal!.name, action: 'audit.export', target: 'audit-trail', outcome: 'success', sourceIp: request.ip });
    reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', 'attachment; filename="rampart-audit.jsonl"');
    const lines: string[] = [];
    for await (const line of platform.audit.exportJsonLines()) lines.push(line.endsWith('\n') ? line : `${line}\n`);
    return reply.send(lines.join(''));
  });
}
