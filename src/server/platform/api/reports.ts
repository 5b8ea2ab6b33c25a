import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { loadFrameworks } from '../../../catalog/index.js';
import { isLang } from '../../../model/index.js';
import { VERSION } from '../../../cli/version.js';
import { requirePermission } from '../auth/plugin.js';
import { buildComplianceReport, frameworkChecks, type ReportFindingInput } from '../governance/compliance-report.js';
import { renderComplianceHtml } from '../governance/compliance-html.js';
import { launchChromium, renderCompliancePdf } from '../governance/pdf.js';
import type { Platform } from '../platform.js';
import { sendError } from './errors.js';

/** Frameworks and per-framework compliance reports (HTML, or PDF printed by headless Chromium). */
export function registerReportRoutes(app: FastifyInstance, platform: Platform, options: { database: string }): void {
  const frameworks = loadFrameworks();
  // One browser for the server's life, started on the first PDF: launching costs about a second.
  let browser: Promise<Browser> | undefined;
  app.addHook('onClose', async () => {
    if (browser) await (await browser.catch(() => undefined))?.close();
  });

  app.get('/api/v1/frameworks', { preHandler: requirePermission('reports:read') }, async () =>
    frameworks.frameworks.map((f) => ({ id: f.id, name: f.name, version: f.version, controls: f.controls.length })),
  );

  app.get<{ Params: { framework: string }; Querystring: { lang?: string; format?: string; cluster?: string } }>(
    '/api/v1/reports/:framework',
    { preHandler: requirePermission('reports:read') },
    async (request, reply) => {
      const framework = frameworks.byId.get(request.params.framework);
      if (!framework) return reply.code(404).send({ error: `framework ${request.params.framework} not found; GET /api/v1/frameworks lists them` });
      const lang = request.query.lang ?? 'en';
      if (!isLang(lang)) return reply.code(400).send({ error: `lang: "${lang}" must be en or zh` });
      const format = request.query.format ?? 'html';
      if (format !== 'html' && format !== 'pdf') return reply.code(400).send({ error: `format: "${format}" must be html or pdf` });
      try {
        const filter = request.query.cluster ? { cluster: request.query.cluster } : {};
        const controlStatus = await platform.findings.controlStatus(framework.id, { controls: frameworkChecks(framework), filter });
        const findings: ReportFindingInput[] = [];
        let cursor: string | undefined;
        do {
          const page = await platform.findings.query({ ...filter, status: ['fail', 'waived', 'not-evaluated'] }, { limit: 500, ...(cursor ? { cursor } : {}) });
          findings.push(...page.items.filter((f) => f.finding.controls.some((c) => c.startsWith(`${framework.id}:`))));
          cursor = page.nextCursor;
        } while (cursor);
        const now = platform.now();
        const report = buildComplianceReport(framework, controlStatus, findings, await platform.workflow.activeWaivers(now), {
          meta: { scope: request.query.cluster ? `cluster ${request.query.cluster}` : 'all clusters', generatedAt: now.toISOString(), tool: { name: 'rampart', version: VERSION }, database: options.database },
        });
        const html = renderComplianceHtml(report, lang);
        await platform.audit.append({ actor: request.principal!.name, action: 'report.generate', target: `framework:${framework.id}`, outcome: 'success', sourceIp: request.ip, details: { lang, format } });
        const name = `rampart-${framework.id}-${now.toISOString().slice(0, 10)}.${lang}`;
        if (format === 'html') return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").send(html);
        browser ??= launchChromium();
        const pdf = await renderCompliancePdf(html, { browser: await browser });
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(pdf);
      } catch (err) {
        return sendError(reply, err);
      }
    },
  );
}
