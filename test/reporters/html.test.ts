import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { esc, html } from '../../src/reporters/html.js';
import type { Report } from '../../src/model/index.js';
import { networkPosture } from '../../src/analyzers/network/posture.js';
import { inventoryOf } from '../helpers/inventory.js';
import { cleanReport, FINDINGS, sampleReport, SCRIPT_EVIDENCE, XSS_FLAG } from '../helpers/sample-report.js';

/**
 * The HTML report in a real browser (Debian's chromium, offline): what an auditor opening the
 * file sees, that hostile evidence stays text, and that the page fetches nothing.
 */

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
const dir = mkdtempSync(path.join(tmpdir(), 'rampart-html-'));

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
}

async function open(lang: 'en' | 'zh', report: Report = sampleReport()): Promise<Opened> {
  const file = path.join(dir, `report-${lang}-${Math.random().toString(36).slice(2)}.html`);
  writeFileSync(file, html(report, { lang, color: false }));
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors };
}

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

test('html renders the summary numbers and the findings', async () => {
  const { page, errors } = await open('en');
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await text(page, 'h1'), 'Rampart security and compliance report');
    const summary = sampleReport().summary;
    assert.equal(await text(page, '[data-summary="total"] .num'), String(summary.findings.total));
    assert.equal(await text(page, '[data-summary="fail"] .num'), '5');
    assert.equal(await text(page, '[data-summary="waived"] .num'), '1');
    assert.equal(await text(page, '[data-summary="not-evaluated"] .num'), '1');
    assert.equal(await text(page, '[data-summary="input-errors"] .num'), '2');
    assert.equal(await text(page, '[data-summary="severity-critical"] .num'), '1');
    assert.equal(await page.locator('article.finding').count(), FINDINGS.length);
    assert.equal(await page.locator('section.asset').count(), 4);

    const privileged = FINDINGS[0];
    assert.ok(privileged);
    const card = page.locator(`#f-${privileged.fingerprint}`);
    assert.equal(((await card.locator('.message').textContent()) ?? '').trim(), 'Container "agent" runs privileged');
    const cardText = (await card.innerText()).replace(/\s+/g, ' ');
    assert.match(cardText, /deploy\/payments\/api\.yaml:42/);
    assert.match(cardText, /spec\.template\.spec\.containers\[1\]\.securityContext\.privileged/);
    assert.match(cardText, /Remediation Remove securityContext\.privileged: true/);
    assert.match(cardText, /mlps-2\.0-l3:8\.1\.4\.2 f The granularity of access control/);

    const waived = await page.locator('article.status-waived').innerText();
    assert.match(waived, /W-2024-017/);
    assert.match(waived, /王伟 \(CISO office\)/);
    assert.match(waived, /2099-12-31/);
    assert.match(await page.locator('article .note-expired').innerText(), /W-2023-042 expired on 2024-06-30/);
    assert.match(await page.locator('article.status-not-evaluated').innerText(), /unrendered Helm expression/);

    // Framework section: the MLPS control counts three findings (two failing, one waived).
    const mlps = page.locator('tr[data-control="mlps-2.0-l3:8.1.4.2 f"] td');
    assert.deepEqual(await mlps.allInnerTexts().then((t) => t.slice(2, 6)), ['Fail', '2', '1', '0']);
    assert.match(await page.locator('#waivers').innerText(), /W-2023-042\s+pod\.run-as-non-root\s+Expired/);
    assert.match(await page.locator('#namespaces').innerText(), /payments\s+baseline v1\.30\s+restricted\s+restricted\s+2\s+1/);
    assert.match(await page.locator('#input-errors').innerText(), /deploy\/ingress <draft>\.yaml/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('html shows hostile evidence as text and never runs it', async () => {
  const { page, errors } = await open('en');
  try {
    assert.equal(await page.locator('pre.evidence', { hasText: 'DB_PASSWORD' }).textContent(), SCRIPT_EVIDENCE);
    assert.equal(await page.evaluate((flag) => (globalThis as Record<string, unknown>)[flag], XSS_FLAG), undefined);
    // The only script element is the report's own filter script.
    assert.equal(await page.locator('script').count(), 1);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('html makes no network request', async () => {
  const { page, requests } = await open('en');
  try {
    await page.locator('nav.toc a[href="#waivers"]').click();
    assert.ok(requests.length >= 1);
    for (const url of requests) assert.match(url, /^(file|data):/, url);
  } finally {
    await page.close();
  }
});

test('html filter script runs under the page CSP and hides unticked findings', async () => {
  const { page, errors } = await open('en');
  try {
    assert.equal(await page.locator('.filters').isVisible(), true, 'the inline script ran');
    assert.equal(await text(page, '.filters .shown'), `${FINDINGS.length} / ${FINDINGS.length}`);
    await page.locator('input[data-filter="status"][value="fail"]').uncheck();
    assert.equal(await page.locator('article.finding:visible').count(), 2);
    assert.equal(await text(page, '.filters .shown'), `2 / ${FINDINGS.length}`);
    // Printing shows everything, without the filter bar.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('article.finding:visible').count(), FINDINGS.length);
    assert.equal(await page.locator('.filters').isVisible(), false);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('html in Chinese has lang zh-CN and Chinese headings, labels and messages', async () => {
  const { page } = await open('zh');
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await text(page, 'h1'), 'Rampart 安全与合规报告');
    const headings = await page.locator('h2').allInnerTexts();
    assert.ok(headings.includes('汇总'), headings.join(' | '));
    assert.ok(headings.includes('合规框架对照'));
    assert.ok(headings.some((h) => h.startsWith('检查结果')));
    assert.match(await text(page, '[data-summary="severity-critical"] .label'), /严重/);
    assert.match(await page.locator('article.status-waived').innerText(), /已豁免/);
    assert.match(await page.locator('article.status-not-evaluated').innerText(), /未评估/);
    assert.match(await page.locator('body').innerText(), /容器 "agent" 以特权模式运行/);
    assert.match(await page.locator('#frameworks').innerText(), /网络安全等级保护基本要求/);
  } finally {
    await page.close();
  }
});

test('html says, per framework, whether control texts are quoted or paraphrased, with its notes', async () => {
  const { page } = await open('en');
  try {
    const notes = await page.locator('#frameworks .provenance').allTextContents();
    assert.ok(notes.some((n) => n.includes('Control texts paraphrased, not quoted.')), notes.join(' | '));
    assert.ok(notes.some((n) => n.includes('Clause numbers 8.1.2.x and 8.2.x are reconstructed')), notes.join(' | '));
  } finally {
    await page.close();
  }
  const zh = await open('zh');
  try {
    assert.ok((await zh.page.locator('#frameworks .provenance').allTextContents()).some((n) => n.includes('控制项文本为转述')));
  } finally {
    await zh.page.close();
  }
});

test('html shows an access section from RBAC findings and a network section from the network posture', async () => {
  const base = sampleReport();
  const template = base.findings[0];
  assert.ok(template);
  const subject = { type: 'rbac-subject' as const, ref: 'rbac:///ServiceAccount/ci/deployer', name: 'ci/ServiceAccount/deployer', objectName: 'deployer', kind: 'ServiceAccount', namespace: 'ci' };
  const report: Report = {
    ...base,
    findings: [
      ...base.findings,
      { ...template, checkId: 'rbac.workload-create', asset: subject, subject: 'create-workloads@namespace:batch', status: 'fail' },
      {
        ...template,
        checkId: 'rbac.escalation-path',
        asset: subject,
        subject: 'cluster-admin',
        status: 'fail',
        message: { en: 'ServiceAccount ci/deployer can become cluster-admin in 3 steps', zh: 'ServiceAccount ci/deployer 可经 3 步成为 cluster-admin' },
        evidence: 'ServiceAccount ci/deployer → new pods in namespace batch → node → cluster-admin',
      },
    ],
    network: {
      namespaces: [{ name: 'ledger', workloads: 2, policies: 3, ingress: 'default-deny', egress: 'none', encryption: 'permissive', encrypted: 0 }],
      exposed: [{ workload: 'web/Deployment/shop', via: ['Service web/shop (NodePort 30080)'] }],
    },
  };
  const { page, errors } = await open('en', report);
  try {
    assert.match(await text(page, '#access'), /ci\/ServiceAccount\/deployer/);
    assert.match(await text(page, '#access ol.paths'), /new pods in namespace batch → node → cluster-admin/);
    const row = await text(page, '#network tbody tr');
    assert.match(row, /ledger/);
    assert.match(row, /default deny/);
    assert.match(row, /permissive/);
    assert.match(await text(page, '#network'), /NodePort 30080/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
  const zh = await open('zh', report);
  try {
    assert.match(await text(zh.page, '#network'), /默认拒绝/);
    assert.match(await text(zh.page, '#access h3'), /权限提升路径/);
  } finally {
    await zh.page.close();
  }
});

test('html embeds the interactive network map, drawn from a real network analysis, under the report CSP', async () => {
  const inventory = await inventoryOf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: web}
spec:
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers: [{name: a, image: b}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ledger}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: a, image: b, ports: [{containerPort: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: ledger}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}}]
    ports: [{port: 5432}]
`);
  const network = networkPosture(inventory);
  assert.ok(network?.map, 'a small estate gets the map');
  const { page, errors } = await open('en', { ...sampleReport(), network });
  try {
    assert.equal(await page.locator('#netmap-matrix td.g').count(), 1, 'the one connection a policy decides: web/frontend → ledger/db');
    await page.locator('#netmap-matrix th', { hasText: 'ledger/db' }).first().click();
    assert.match((await page.locator('#netmap-detail').innerText()) ?? '', /web\/frontend: TCP 5432/);
    assert.deepEqual(errors, [], 'the map script runs under the report CSP');
  } finally {
    await page.close();
  }
});

test('html leaves out the access and network sections when a scan has neither', async () => {
  const { page } = await open('en');
  try {
    assert.equal(await page.locator('#access').count(), 0);
    assert.equal(await page.locator('#network').count(), 0);
  } finally {
    await page.close();
  }
});

test('html for a clean scan says nothing was found', async () => {
  const { page, errors } = await open('en', cleanReport());
  try {
    assert.equal(await text(page, '#findings .empty'), 'No findings.');
    assert.equal(await text(page, '[data-summary="total"] .num'), '0');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('esc escapes every character that is markup in text or attributes', () => {
  assert.equal(esc(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  assert.equal(esc('a\u0000b\u001bc'), 'abc');
});
