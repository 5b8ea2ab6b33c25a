import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { CHECKS, controlsOfCheck, loadFrameworks } from '../../../../src/catalog/index.js';
import { REPORT_SCHEMA_VERSION, summarise, type Finding, type Framework, type Lang, type Report, type Waiver } from '../../../../src/model/index.js';
import { applyWaivers } from '../../../../src/policy/waivers.js';
import { PlatformFindings, type StoredFinding } from '../../../../src/store/platform/findings.js';
import { SqliteDatabase } from '../../../../src/store/sql/sqlite.js';
import { buildComplianceReport, frameworkChecks, type ComplianceReport, type ComplianceStatus } from '../../../../src/server/platform/governance/compliance-report.js';
import { renderComplianceHtml } from '../../../../src/server/platform/governance/compliance-html.js';
import { launchChromium, renderCompliancePdf } from '../../../../src/server/platform/governance/pdf.js';
import { readPdf } from './pdf-text.js';
import { workloadFinding } from './findings.js';

/**
 * A known estate goes through the real findings store (SQLite) and its per-control query into
 * every framework's report, in English and Chinese; statuses are checked control by control
 * against the framework files. The PDF is printed by Debian's Chromium and read back by a small
 * PDF text reader (pdf-text.ts: inflates the content streams and maps glyphs through the fonts'
 * ToUnicode CMaps), as poppler's pdftotext is not installed here.
 */

const index = loadFrameworks();
const FAILING = 'pod.privileged';
const WAIVED = 'pod.host-network';
// The scan evaluated the workload and RBAC checks; image, node and cluster checks never ran.
const EVALUATED = CHECKS.filter((c) => /^(pod|container|workload|rbac|object|namespace)\./.test(c.id)).map((c) => c.id);

const waiver: Waiver = { id: 'W-1', check: WAIVED, scope: { namespace: 'edge' }, reason: 'ingress gateway runs on the host network by design', approver: 'sec', expires: '2099-12-31', ticket: 'SEC-7' };

function withControls(f: Finding): Finding {
  return { ...f, controls: controlsOfCheck(index, f.checkId) };
}

/** What each control's status must be, from the framework file alone. */
function expectedStatus(checks: readonly string[]): ComplianceStatus {
  if (checks.length === 0) return 'manual';
  if (checks.includes(FAILING)) return 'fail';
  if (checks.includes(WAIVED)) return 'waived';
  if (checks.some((c) => EVALUATED.includes(c))) return 'pass';
  return 'not-evaluated';
}

let dir: string;
let db: SqliteDatabase;
let store: PlatformFindings;
let stored: StoredFinding[];
let browser: Browser;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-compliance-'));
  db = SqliteDatabase.open(path.join(dir, 'platform.sqlite'));
  store = await PlatformFindings.open(db);
  const findings = [
    withControls(workloadFinding({ check: FAILING, severity: 'critical', cluster: 'prod', namespace: 'payments', name: 'api' })),
    withControls(workloadFinding({ check: FAILING, severity: 'critical', cluster: 'prod', namespace: 'payments', name: 'worker' })),
    withControls(workloadFinding({ check: FAILING, severity: 'critical', cluster: 'prod', namespace: 'cards', name: 'agent' })),
    withControls(workloadFinding({ check: WAIVED, severity: 'high', cluster: 'prod', namespace: 'edge', name: 'gateway' })),
  ];
  applyWaivers(findings, [waiver], new Date('2026-06-01T00:00:00Z'));
  assert.equal(findings[3]!.status, 'waived');
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'rampart', version: '0.1.0' },
    command: 'rampart cluster',
    scanTime: '2026-06-01T08:00:00.000Z',
    inputs: [],
    inputErrors: [],
    waivers: [],
    checks: {},
    controls: {},
    frameworks: {},
    namespaces: [],
    findings,
    summary: summarise(findings, 4),
  };
  await store.ingest(report, { uploadedBy: 'scanner', checksEvaluated: EVALUATED }, (f) => (f.asset.namespace === 'cards' ? 'cards' : 'payments'));
  stored = (await store.query({}, { limit: 500 })).items;
  assert.equal(stored.length, 4);
});

after(async () => {
  await browser?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

async function reportFor(framework: Framework): Promise<ComplianceReport> {
  const status = await store.controlStatus(framework.id, { controls: frameworkChecks(framework) });
  return buildComplianceReport(framework, status, stored, [waiver], {
    meta: { scope: 'cluster prod', generatedAt: '2026-06-02T09:00:00.000Z', tool: { name: 'rampart', version: '0.1.0' }, database: 'SQLite platform.sqlite' },
    topN: 2,
    trend: [
      { day: '2026-06-01', failing: 3, controlsFailing: 2, controlsPassing: 5 },
      { day: '2026-05-30', failing: 5 },
      { day: '2026-05-31', failing: 4 },
    ],
  });
}

const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function statusesInHtml(html: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of html.matchAll(/<article class="control st-[a-z-]+" data-control="([^"]*)" data-status="([a-z-]+)">/g)) found.set(unescape(m[1]!), m[2]!);
  return found;
}

test('every framework, en and zh: each control has the status its checks and the known findings give it', async () => {
  const seen = new Set<ComplianceStatus>();
  for (const framework of index.frameworks) {
    const model = await reportFor(framework);
    for (const lang of ['en', 'zh'] as Lang[]) {
      const html = renderComplianceHtml(model, lang);
      const statuses = statusesInHtml(html);
      assert.equal(statuses.size, framework.controls.length, `${framework.id} ${lang}: every control is shown`);
      for (const control of framework.controls) {
        const expected = expectedStatus(control.checks);
        seen.add(expected);
        assert.equal(statuses.get(control.id), expected, `${framework.id} ${control.id} (${control.checks.join(', ')}) in ${lang}`);
      }
      const count = (status: ComplianceStatus): number => framework.controls.filter((c) => expectedStatus(c.checks) === status).length;
      for (const status of ['fail', 'waived', 'not-evaluated', 'pass', 'manual'] as const) {
        assert.match(html, new RegExp(`data-summary="${status}"><span class="num">${count(status)}</span>`), `${framework.id} ${lang} summary ${status}`);
      }
      // Header: framework name in the language, scope, time, tool version, database; provenance and notes.
      assert.ok(html.includes(`<title>${lang === 'zh' ? '合规报告：' : 'Compliance report: '}`), `${framework.id} ${lang} title`);
      assert.ok(html.includes(framework.name[lang].replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;')), `${framework.id} ${lang} name`);
      assert.match(html, /data-meta="scope">cluster prod</);
      assert.match(html, /data-meta="tool">rampart 0\.1\.0</);
      assert.match(html, /data-meta="database">SQLite platform\.sqlite</);
      assert.match(html, new RegExp(`data-provenance="${framework.textProvenance}"`));
      if (framework.notes) assert.ok(html.includes(unescapeNot(framework.notes[lang].slice(0, 20))), `${framework.id} ${lang} notes`);
      assert.equal(html.includes('<script'), false);
    }
  }
  assert.deepEqual([...seen].sort(), ['fail', 'manual', 'not-evaluated', 'pass', 'waived'], 'the estate exercises every status');
});

/** The first characters of a note, as escaping leaves them (notes hold no markup characters at their start). */
function unescapeNot(text: string): string {
  return text.replace(/&/g, '&amp;');
}

test('a failing control shows its evidence (top items with asset and check, and the full count); waivers in force with what they cover', async () => {
  const framework = index.frameworks.find((f) => f.controls.some((c) => c.checks.includes(FAILING) && !c.checks.includes(WAIVED)) && f.controls.some((c) => c.checks.includes(WAIVED) && !c.checks.includes(FAILING)))!;
  assert.ok(framework, 'a framework maps both checks to different controls');
  const model = await reportFor(framework);
  const failing = model.sections.flatMap((s) => s.controls).find((c) => c.checks.includes(FAILING) && !c.checks.includes(WAIVED))!;
  assert.equal(failing.status, 'fail');
  assert.equal(failing.evidence.total, 3);
  assert.deepEqual(failing.evidence.items.map((e) => [e.asset.name, e.checkId, e.severity, e.owner]), [
    ['cards/Deployment/agent', FAILING, 'critical', 'cards'],
    ['payments/Deployment/api', FAILING, 'critical', 'payments'],
  ]);
  const waived = model.sections.flatMap((s) => s.controls).find((c) => c.checks.includes(WAIVED) && !c.checks.includes(FAILING))!;
  assert.equal(waived.status, 'waived');
  assert.deepEqual(waived.waivers.map((w) => [w.id, w.matched, w.ticket]), [['W-1', 1, 'SEC-7']]);
  assert.deepEqual(failing.waivers, []);

  const en = renderComplianceHtml(model, 'en');
  const zh = renderComplianceHtml(model, 'zh');
  const block = (html: string, id: string): string => {
    const start = html.indexOf(`data-control="${id}"`);
    return html.slice(start, html.indexOf('</article>', start));
  };
  assert.match(block(en, failing.id), /data-evidence-total="3"/);
  assert.match(block(en, failing.id), /cards\/Deployment\/agent/);
  assert.match(block(en, failing.id), /… and 1 more failing findings/);
  assert.match(block(zh, failing.id), /…… 另有 1 个未通过的检查结果/);
  assert.match(block(zh, failing.id), /<span class="badge st-fail">未通过<\/span>/);
  assert.match(block(zh, failing.id), /pod\.privileged on api|api 上的 pod\.privileged/);
  assert.match(block(zh, failing.id), /api 上的 pod\.privileged/);
  assert.match(block(en, waived.id), /<tr data-waiver="W-1"><td><code>W-1<\/code> <span class="muted">SEC-7<\/span><\/td><td><code>pod\.host-network<\/code> <span class="muted">namespace=edge<\/span><\/td><td>ingress gateway runs on the host network by design<\/td><td>sec<\/td><td>2099-12-31<\/td><td class="n">1<\/td><\/tr>/);
  assert.match(block(zh, waived.id), /生效中的豁免/);
  // The trend, oldest first, as bars and as figures.
  assert.deepEqual(model.trend!.map((p) => p.day), ['2026-05-30', '2026-05-31', '2026-06-01']);
  assert.equal((en.match(/<rect /g) ?? []).length, 3);
  assert.match(en, /<tr data-day="2026-06-01"><td>2026-06-01<\/td><td class="n">3<\/td><td class="n">2<\/td><td class="n">5<\/td><\/tr>/);
  assert.match(zh, /趋势/);
});

test('controls without automated checks are manual whatever the findings; hostile text is escaped', () => {
  const framework: Framework = {
    id: 'test-fw',
    name: { en: 'Test <b>framework</b>', zh: '测试框架' },
    version: '1',
    publisher: 'Rampart & co',
    textProvenance: 'paraphrase',
    controls: [
      { framework: 'test-fw', id: '1.1', title: { en: 'Keep a register <script>', zh: '保持登记' }, checks: [] },
      { framework: 'test-fw', id: '1.2', title: { en: 'No privileged pods', zh: '禁止特权 Pod' }, checks: [FAILING] },
    ],
  };
  const finding = { ...workloadFinding({ check: FAILING, severity: 'critical', namespace: 'x', name: '<img src=x>' }), controls: ['test-fw:1.1', 'test-fw:1.2'] };
  const model = buildComplianceReport(framework, [], [{ finding, status: 'fail' }], [], { meta: { scope: 'all', generatedAt: '2026-06-02T00:00:00Z', tool: { name: 'rampart', version: '0.1.0' }, database: 'test' } });
  assert.deepEqual(model.sections[0]!.controls.map((c) => [c.id, c.status]), [['1.1', 'manual'], ['1.2', 'fail']]);
  assert.deepEqual(model.summary, { total: 2, pass: 0, fail: 1, waived: 0, 'not-evaluated': 0, manual: 1 });
  const html = renderComplianceHtml(model, 'en');
  assert.ok(!html.includes('<img src=x>') && html.includes('&lt;img src=x&gt;'));
  assert.ok(!html.includes('<script>') && html.includes('Keep a register &lt;script&gt;'));
  assert.ok(html.includes('Test &lt;b&gt;framework&lt;/b&gt;'));
  assert.match(html, /None: assessed manually/);
});

test('PDF printed by headless Chromium: a real A4 PDF whose text reads back, in Chinese and English', async () => {
  browser = await launchChromium();
  const mlps = index.byId.get('mlps-2.0-l3')!;
  const zhPdf = await renderCompliancePdf(renderComplianceHtml(await reportFor(mlps), 'zh'), { browser });
  assert.equal(zhPdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const zh = readPdf(zhPdf);
  assert.ok(zh.pages > 1, `pages: ${zh.pages}`);
  const zhText = zh.text.join('\n').replace(/\s+/g, '');
  assert.ok(zhText.includes('合规报告'), zhText.slice(0, 300));
  assert.ok(zhText.includes(mlps.name.zh.replace(/\s+/g, '')));
  assert.ok(zhText.includes('未通过'));
  assert.ok(zhText.includes('8.1.2.1c'));
  assert.match(zh.text[0]!, /1\s*\/\s*\d+/, 'page numbers in the footer');

  const pss = index.byId.get('pss')!;
  const enPdf = await renderCompliancePdf(renderComplianceHtml(await reportFor(pss), 'en'), { browser });
  const en = readPdf(enPdf);
  assert.ok(en.pages >= 1);
  const enText = en.text.join(' ');
  assert.match(enText, /Compliance report/);
  assert.match(enText, /payments\/Deployment\/api/);
  assert.match(enText, /Not evaluated|Pass|Fail/);
  // A4 portrait: 595 × 842 points.
  const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(enPdf.toString('latin1'));
  assert.ok(box && Math.abs(Number(box[1]) - 595) < 2 && Math.abs(Number(box[2]) - 842) < 2, `MediaBox ${box?.[0]}`);
});
