import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { VERSION } from '../../cli/version.js';
import { authPlugin } from './auth/plugin.js';
import { AUTH_PUBLIC_ROUTES, registerAuthRoutes } from './auth/routes.js';
import { registerAdminRoutes } from './api/admin.js';
import { registerAuditRoutes } from './api/audit.js';
import { registerFindingRoutes } from './api/findings.js';
import { registerGovernanceRoutes } from './api/governance.js';
import { registerReportRoutes } from './api/reports.js';
import type { Platform } from './platform.js';

/**
 * The platform server: the versioned JSON API under /api/v1 (described by OpenAPI at
 * /api/v1/openapi.json), every route behind the authentication hook except sign-in and the
 * console's static files, served over HTTPS.
 */

export interface PlatformAppOptions {
  platform: Platform;
  /** PEM certificate and key. Without them the app speaks plain HTTP: only for tests behind a TLS proxy; the CLI refuses it unless asked. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Shown in reports as where figures come from; never with credentials. */
  databaseLabel: string;
  /** The web console plugin (serves /console/); absent when the console was not built. */
  console?: FastifyPluginAsync;
  logger?: boolean;
}

export async function buildPlatformApp(options: PlatformAppOptions): Promise<FastifyInstance> {
  const { platform } = options;
  const app = (options.tls
    ? Fastify({ https: { cert: options.tls.cert, key: options.tls.key }, logger: options.logger ?? false, trustProxy: false })
    : Fastify({ logger: options.logger ?? false })) as unknown as FastifyInstance;
  app.addContentTypeParser(['application/yaml', 'text/yaml', 'text/plain'], { parseAs: 'string', bodyLimit: 4 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rampart platform API', version: VERSION, description: 'Findings, waivers, routing, audit trail and compliance reports. Authenticate with the session cookie (console) or `Authorization: Bearer rmp_…` (scanners).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'rampart_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(authPlugin, { sessions: platform.sessions, tokens: platform.tokens, audit: platform.audit, publicRoutes: [...AUTH_PUBLIC_ROUTES, '/', '/console/*', '/console'] });
  await registerAuthRoutes(app, { signIn: platform.signIn, sessions: platform.sessions, audit: platform.audit, ...(platform.oidc ? { oidc: platform.oidc } : {}) });
  registerAdminRoutes(app, platform);
  registerFindingRoutes(app, platform);
  registerGovernanceRoutes(app, platform);
  registerAuditRoutes(app, platform);
  registerReportRoutes(app, platform, { database: options.databaseLabel });
  app.get('/api/v1/openapi.json', async () => app.swagger());
  if (options.console) await app.register(options.console);
  else app.get('/', async (_request, reply) => reply.type('text/plain').send('Rampart platform API: /api/v1 (the web console is not built; run npm run build).\n'));
  return app;
}
