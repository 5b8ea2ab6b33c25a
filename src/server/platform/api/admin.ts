import type { FastifyInstance } from 'fastify';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../../../model/index.js';
import { actorOf, requirePermission } from '../auth/plugin.js';
import { effectivePermissions } from '../auth/authorization.js';
import type { NewLocalUser } from '../auth/users.js';
import type { Platform } from '../platform.js';
import { BadRequest, listParam, sendError } from './errors.js';

/** Who am I, accounts (system administrator) and API tokens for scanners. */
export function registerAdminRoutes(app: FastifyInstance, platform: Platform): void {
  app.get('/api/v1/me', async (request) => ({ principal: request.principal, permissions: [...effectivePermissions(request.principal!)].sort(), csrfToken: request.csrfToken }));

  app.get('/api/v1/users', { preHandler: requirePermission('users:manage') }, async () => platform.identity.listUsers());
  app.post<{ Body: NewLocalUser }>('/api/v1/users', { preHandler: requirePermission('users:manage') }, async (request, reply) => {
    try {
      const body = request.body;
      if (!body || typeof body.username !== 'string' || typeof body.password !== 'string') throw new BadRequest('body: username and password are required');
      listParam<Role>('roles', (body.roles ?? []).join(','), ROLES);
      return reply.code(201).send(await platform.users.createLocalUser(actorOf(request), body));
    } catch (err) {
      return sendError(reply, err instanceof BadRequest ? err : new BadRequest((err as Error).message));
    }
  });
  app.patch<{ Params: { id: string }; Body: { roles?: Role[]; teams?: string[]; disabled?: boolean } }>('/api/v1/users/:id', { preHandler: requirePermission('users:manage') }, async (request, reply) => {
    try {
      const actor = actorOf(request);
      const body = request.body ?? {};
      if (body.roles) await platform.users.setRoles(actor, request.params.id, listParam<Role>('roles', body.roles.join(','), ROLES) ?? []);
      if (body.teams) await platform.users.setTeams(actor, request.params.id, body.teams);
      if (typeof body.disabled === 'boolean') await platform.users.setDisabled(actor, request.params.id, body.disabled);
      const user = await platform.identity.getUser(request.params.id);
      return user ?? reply.code(404).send({ error: `user ${request.params.id} not found` });
    } catch (err) {
      return sendError(reply, err instanceof BadRequest ? err : new BadRequest((err as Error).message));
    }
  });

  app.get('/api/v1/tokens', { preHandler: requirePermission('tokens:manage') }, async () => platform.identity.listTokens());
  app.post<{ Body: { owner: string; name: string; scopes: Permission[]; expiresAt?: string } }>('/api/v1/tokens', { preHandler: requirePermission('tokens:manage') }, async (request, reply) => {
    try {
      const body = request.body;
      if (!body || typeof body.owner !== 'string' || typeof body.name !== 'string') throw new BadRequest('body: owner (user name) and name are required');
      const owner = await platform.identity.findUserByUsername(body.owner);
      if (!owner) throw new BadRequest(`owner: no user "${body.owner}"`);
      const scopes = listParam<Permission>('scopes', (body.scopes ?? []).join(','), PERMISSIONS) ?? [];
      if (scopes.length === 0) throw new BadRequest('scopes: at least one permission, e.g. scans:upload');
      const issued = await platform.tokens.issue({ owner, name: body.name, scopes, ...(body.expiresAt ? { expiresAt: body.expiresAt } : {}) }, actorOf(request));
      // The secret is shown this once; only its hash is stored.
      return reply.code(201).send({ token: issued.token, record: issued.record });
    } catch (err) {
      return sendError(reply, err instanceof BadRequest ? err : new BadRequest((err as Error).message));
    }
  });
  app.delete<{ Params: { id: string } }>('/api/v1/tokens/:id', { preHandler: requirePermission('tokens:manage') }, async (request, reply) => {
    if (!(await platform.tokens.revoke(request.params.id, actorOf(request)))) return reply.code(404).send({ error: `token ${request.params.id} not found` });
    return reply.code(204).send();
  });
}
