import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, table } from '../../src/reporters/table.js';
import { cleanReport, sampleReport } from '../helpers/sample-report.js';
import type { Finding } from '../../src/model/index.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

function render(lang: 'en' | 'zh' = 'en', color = false, report = sampleReport()): string {
  return table(report, { lang, color });
}

test('table writes no ANSI codes without color, and does with it', () => {
  assert.doesNotMatch(render('en', false), ANSI);
  assert.doesNotMatch(render('zh', false), ANSI);
  assert.match(render('en', true), ANSI);
  // Colour changes nothing but the codes.
  // eslint-disable-next-line no-control-regex
  assert.equal(render('zh', true).replace(/\u001b\[[0-9;]*m/g, ''), render('zh', false));
});

test('table groups findings under their asset, failing ones first', () => {
  const lines = render().split('\n');
  const assetLines = lines.filter((l) => /^\S/.test(l) && !l.startsWith('rampart') && l !== 'Summary');
  assert.deepEqual(assetLines, [
    'Namespace/risk',
    'payments/Deployment/api',
    'payments/StatefulSet/ledger-db',
    'risk/CronJob/nightly-scoring  [prod-sh]',
  ]);
  const api = lines.indexOf('payments/Deployment/api');
  const ledger = lines.indexOf('payments/StatefulSet/ledger-db');
  const block = lines.slice(api, ledger).join('\n');
  assert.match(block, /CRITICAL\s+pod\.privileged\s+Container "agent" runs privileged/);
  assert.match(block, /Location: deploy\/payments\/api\.yaml:42 {2}spec\.template\.spec\.containers\[1\]\.securityContext\.privileged/);
  assert.match(block, /Controls: cis-k8s-1\.12:5\.2\.2, mlps-2\.0-l3:8\.1\.4\.2 f, pci-dss-4\.0:2\.2\.5, \+1 more/);
  assert.match(block, /! Waiver W-2023-042 expired on 2024-06-30/);
  assert.ok(block.indexOf('CRITICAL') < block.indexOf('HIGH') && block.indexOf('HIGH') < block.indexOf('MEDIUM'));
  const ledgerBlock = lines.slice(ledger).join('\n');
  assert.ok(ledgerBlock.indexOf('LOW') < ledgerBlock.indexOf('[Waived]'), 'failing before waived');
  assert.match(ledgerBlock, /Waived by W-2024-017, approved by 王伟 \(CISO office\), expires 2099-12-31, ticket SEC-1234 — Ledger DB/);
  assert.match(ledgerBlock, /\[Not evaluated\] Image tag of container "scorer" could not be read/);
  assert.match(ledgerBlock, /Not evaluated: The image reference is an unrendered Helm expression/);
});

test('table summary counts by severity and status, lists input errors and namespace PSA levels', () => {
  const out = render();
  const summary = out.slice(out.indexOf('\nSummary\n'));
  assert.match(summary, /Findings: 7 {2}— {2}Fail 5, Waived 1, Not evaluated 1/);
  assert.match(summary, /Critical 1 {2}High 1 {2}Medium 1 {2}Low 1 {2}Info 1/);
  assert.match(summary, /Waivers: 2 active, 1 expired \(W-2023-042\)/);
  assert.match(summary, /Input errors \(2\):\n {4}deploy\/broken\.yaml:14 {2}bad indentation of a mapping entry\n {4}deploy\/ingress <draft>\.yaml {2}not a Kubernetes object/);
  assert.match(summary, /payments {2}enforce baseline@v1\.30 {2}audit restricted {2}warn restricted {2}1 of 2 workloads would be rejected/);
  assert.match(summary, /risk {6}enforce not set {2}audit not set {2}warn not set/);
});

test('table writes Chinese labels and messages with --lang zh', () => {
  const out = render('zh');
  assert.match(out, /严重 {2}pod\.privileged\s+容器 "agent" 以特权模式运行/);
  assert.match(out, /位置:deploy\/payments\/api\.yaml:42/);
  assert.match(out, /\[已豁免\] 卷 "nvme-cache"/);
  assert.match(out, /\[未评估\] 无法读取容器 "scorer" 的镜像标签/);
  assert.match(out, /\n汇总\n/);
  assert.match(out, /结果总数:7 {2}— {2}未通过 5,已豁免 1,未评估 1/);
  assert.match(out, /严重 1 {2}高危 1 {2}中危 1 {2}低危 1 {2}提示 1/);
  assert.match(out, /输入错误 \(2\):/);
  assert.doesNotMatch(out, /Remediation|Summary|Waived by/);
});

test('table pads the severity column by display width so CJK labels line up', () => {
  const rows = render('zh')
    .split('\n')
    .filter((l) => /^ {2}(严重|高危|中危|低危|提示) /.test(l));
  assert.ok(rows.length >= 5);
  const checkColumn = rows.map((l) => displayWidth(l.slice(0, l.search(/[a-z]/))));
  assert.equal(new Set(checkColumn).size, 1, rows.join('\n'));
  assert.equal(displayWidth('严重'), 4);
  assert.equal(displayWidth('abc'), 3);
});

test('table strips terminal control sequences a manifest could smuggle in', () => {
  const first = sampleReport().findings[0];
  assert.ok(first);
  const evil: Finding = { ...first, message: { en: 'x\u001b]0;owned\u0007y\nz', zh: 'x' } };
  const out = render('en', false, sampleReport({ findings: [evil] }));
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  assert.match(out, /x\]0;ownedy z/);
});

test('table says so when nothing was found', () => {
  const out = render('en', false, cleanReport());
  assert.match(out, /No findings\./);
  assert.match(out, /Findings: 0/);
  assert.match(render('zh', false, cleanReport()), /未发现问题。/);
});
