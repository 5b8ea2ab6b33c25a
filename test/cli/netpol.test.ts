import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import jsyaml from 'js-yaml';
import { rampart, tempTree } from '../helpers/cli.js';

const ESTATE = {
  'k8s/namespaces.yaml': `apiVersion: v1
kind: Namespace
metadata: {name: web}
---
apiVersion: v1
kind: Namespace
metadata: {name: ledger}
`,
  'k8s/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: web}
spec:
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers:
      - {name: nginx, image: nginx:1.27, ports: [{name: http, containerPort: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cms, namespace: web}
spec:
  template:
    metadata: {labels: {app: cms}}
    spec:
      containers:
      - {name: cms, image: cms:2, ports: [{containerPort: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: cms-support, namespace: web}
spec:
  type: NodePort
  selector: {app: cms}
  ports: [{port: 80, nodePort: 30080}]
`,
  'k8s/ledger.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ledger}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: pg, image: postgres:16, ports: [{name: postgres, containerPort: 5432}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: ledger}
spec:
  podSelector: {matchLabels: {app: db}}
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]
    ports: [{port: 443}]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}
      podSelector: {matchLabels: {app: frontend}}
    ports: [{port: postgres}]
`,
};

async function estate(extra: Record<string, string> = {}): Promise<string> {
  return path.join(await tempTree({ ...ESTATE, ...extra }), 'k8s');
}

test('netpol can explains an allowed connection on both sides and exits 0', async () => {
  const dir = await estate();
  const r = await rampart(['netpol', 'can', 'web/frontend', 'ledger/db:5432', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^web\/frontend → ledger\/db {2}TCP 5432: ALLOWED\n/);
  assert.match(r.stdout, /Source egress \(web\/frontend\): ALLOWED\n {2}not isolated for egress: no NetworkPolicy with Egress selects it/);
  assert.match(r.stdout, /Destination ingress \(ledger\/db\): ALLOWED\n {2}isolated for ingress by: ledger\/db-from-web\n {2}allowed by ledger\/db-from-web ingress\[0\]: from pods app=frontend in namespaces kubernetes.io\/metadata.name=web, on TCP port named "postgres"/);
});

test('netpol can explains a denial with the near miss, exits 1, and speaks Chinese with --lang zh', async () => {
  const dir = await estate();
  const r = await rampart(['netpol', 'can', 'web/cms', 'ledger/db:postgres', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /web\/cms → ledger\/db {2}TCP 5432 \(postgres\): DENIED/);
  assert.match(r.stdout, /no rule admits web\/cms on TCP 5432\n {2}near miss ledger\/db-from-web ingress\[0\] admits TCP 5432 but not web\/cms/);
  const zh = await rampart(['netpol', 'can', 'web/cms', 'ledger/db:postgres', dir, '--lang', 'zh']);
  assert.equal(zh.code, 1);
  assert.match(zh.stdout, /TCP 5432 \(postgres\): 拒绝/);
  assert.match(zh.stdout, /目的端入站（ledger\/db）：拒绝\n {2}入站隔离策略：ledger\/db-from-web\n {2}没有规则放行 web\/cms 的 TCP 5432/);
});

test('netpol can towards an address: the egress side only, an except honoured, JSON on request', async () => {
  const dir = await estate();
  const denied = await rampart(['netpol', 'can', 'ledger/db', '169.254.169.254:443', dir, '--format', 'json']);
  assert.equal(denied.code, 1, denied.stderr);
  const d = JSON.parse(denied.stdout) as { verdict: string; ingress: unknown; egress: { isolated: boolean; nearMisses: { rule: string; missing: string; text: { en: string; zh: string } }[] } };
  assert.equal(d.verdict, 'denied');
  assert.equal(d.ingress, null);
  assert.equal(d.egress.isolated, true);
  assert.deepEqual(d.egress.nearMisses.map((m) => [m.rule, m.missing, m.text.en]), [['ledger/db-from-web egress[0]', 'peer', 'to addresses 0.0.0.0/0 except 169.254.169.254/32, on TCP 443']]);
  const partial = await rampart(['netpol', 'can', 'ledger/db', '0.0.0.0/0:443', dir]);
  assert.equal(partial.code, 1);
  assert.match(partial.stdout, /PARTLY ALLOWED/);
  const v6 = await rampart(['netpol', 'can', 'ledger/db', '[2001:db8::1]:443/tcp', dir]);
  assert.equal(v6.code, 1, 'IPv4 only: 0.0.0.0/0 does not hold IPv6 addresses');
});

test('netpol can: a question it cannot answer is one line on standard error and exit 2', async () => {
  const dir = await estate();
  const cases: [string[], RegExp][] = [
    [['web/frontnd', 'ledger/db:5432'], /^rampart: source: no workload "web\/frontnd" in the input \(namespace web holds: cms, frontend\)\n$/],
    [['web/frontend', 'ledger/db'], /^rampart: destination "ledger\/db": add the port, e.g. ledger\/db:443 \(or ledger\/db:443\/udp\)\n$/],
    [['web/frontend', 'ledger/db:5432/icmp'], /protocol must be tcp, udp or sctp/],
    [['web/frontend', 'ledger/db:grpc'], /^rampart: ledger\/db declares no container port named "grpc"\n$/],
    [['web/frontend', 'fd00::1:443'], /write an IPv6 address in brackets, e\.g\. \[fd00::1\]:443/],
    [['10.0.0.1', '10.0.0.2:80'], /at least one end must be a workload/],
  ];
  for (const [args, message] of cases) {
    const r = await rampart(['netpol', 'can', ...args, dir]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, message);
  }
});

test('netpol map: per destination port its sources, and exposure; JSON, DOT and Mermaid graphs; --focus', async () => {
  const dir = await estate();
  const table = await rampart(['netpol', 'map', dir]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /ledger\/db\n {2}TCP 5432 \(postgres\) ← web\/frontend\n/);
  assert.match(table.stdout, /web\/cms {2}\(ingress not isolated\)\n {2}TCP 80 ← any pod whose egress is not isolated, and any address\n {2}TCP 80 ⇐ outside the cluster \(reachable\): Service web\/cms-support port 80\/TCP → NodePort 30080/);
  const json = JSON.parse((await rampart(['netpol', 'map', dir, '--format', 'json'])).stdout) as { edges: { from: string; to: string; ports: string }[]; openIngress: string[]; workloads: { id: string; reachableFromOutside: boolean }[] };
  assert.deepEqual(json.edges, [{ from: 'web/Deployment/frontend', to: 'ledger/StatefulSet/db', ports: 'TCP 5432' }]);
  assert.deepEqual(json.openIngress, ['web/Deployment/cms', 'web/Deployment/frontend']);
  assert.deepEqual(json.workloads.filter((w) => w.reachableFromOutside).map((w) => w.id), ['web/Deployment/cms']);
  const dot = (await rampart(['netpol', 'map', dir, '--format', 'dot'])).stdout;
  assert.match(dot, /^digraph rampart_netpol \{/);
  assert.match(dot, /"web\/Deployment\/frontend" -> "ledger\/StatefulSet\/db" \[label="TCP 5432"\];/);
  assert.match(dot, /"outside" -> "web\/Deployment\/cms" \[color=red, label="TCP 80 via NodePort"\];/);
  const mermaid = (await rampart(['netpol', 'map', dir, '--format', 'mermaid'])).stdout;
  assert.match(mermaid, /^flowchart LR\n/);
  assert.match(mermaid, /w\d -->\|"TCP 5432"\| w\d/);
  const focused = JSON.parse((await rampart(['netpol', 'map', dir, '--format', 'json', '--focus', 'ledger'])).stdout) as { workloads: { id: string }[] };
  assert.deepEqual(focused.workloads.map((w) => w.id).sort(), ['ledger/StatefulSet/db', 'web/Deployment/frontend']);
  const unknown = await rampart(['netpol', 'map', dir, '--focus', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--focus: no namespace "nope" in the input/);
});

test('netpol map --format html writes one self-contained page whose embedded data cannot break out of its script', async () => {
  const dir = await estate({ 'k8s/odd.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: odd, namespace: web}\nspec:\n  template:\n    metadata: {labels: {app: "</script><b>x"}}\n    spec:\n      containers: [{name: a, image: b}]\n' });
  const out = path.join(path.dirname(dir), 'map.html');
  const r = await rampart(['netpol', 'map', dir, '--format', 'html', '-o', out, '--lang', 'zh']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /wrote .*map\.html/);
  const html = await readFile(out, 'utf8');
  assert.match(html, /^<!doctype html>\n<html lang="zh-CN">/);
  assert.match(html, /<title>Rampart 网络访问关系图<\/title>/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\//, 'no external resources');
  assert.equal(html.match(/<\/script>/g)?.length, 3, 'only the three script elements close');
  const data = /<script type="application\/json" id="netmap-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
  assert.ok(JSON.parse(data).workloads.some((w: { id: string }) => w.id === 'web/Deployment/odd'));
});

test('netpol map --format html draws its matrix in a real browser under its own Content-Security-Policy, and a hostile label stays text', async () => {
  const dir = await estate({ 'k8s/odd.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: odd, namespace: web}\nspec:\n  template:\n    metadata: {labels: {app: "</script><img src=x onerror=window.pwned=1>"}}\n    spec:\n      containers: [{name: a, image: b}]\n' });
  const out = path.join(path.dirname(dir), 'map-browser.html');
  assert.equal((await rampart(['netpol', 'map', dir, '--format', 'html', '-o', out])).code, 0);
  assert.match(await readFile(out, 'utf8'), /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'sha256-/);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(out).href);
    assert.ok((await page.locator('#netmap-matrix td').count()) > 0, 'the matrix is drawn, so the page script ran');
    await page.locator('#netmap-matrix th', { hasText: 'web/odd' }).first().click();
    assert.match((await page.locator('#netmap-detail').textContent()) ?? '', /web\/odd/);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('netpol egress lists outside destinations per namespace as text, CSV and JSON', async () => {
  const dir = await estate();
  const text = await rampart(['netpol', 'egress', dir]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /namespace ledger\n {2}0\.0\.0\.0\/0 except 169\.254\.169\.254\/32 {2}\[internet\] {2}TCP 443\n {4}workloads: ledger\/db\n {4}granted by: ledger\/db-from-web egress\[0\]/);
  assert.match(text.stdout, /namespace web\n {2}any destination {2}\[any address\] {2}all ports\n {4}workloads: web\/cms, web\/frontend/);
  const csv = (await rampart(['netpol', 'egress', dir, '--format', 'csv'])).stdout.split('\n');
  assert.equal(csv[0], 'namespace,workloads,destination,except,cidrs,ports,scope,granted_by');
  assert.match(csv[1] ?? '', /^ledger,ledger\/db,0\.0\.0\.0\/0,169\.254\.169\.254\/32,0\.0\.0\.0\/1 .*,TCP 443,public,ledger\/db-from-web egress\[0\]$/);
  const json = JSON.parse((await rampart(['netpol', 'egress', dir, '--format', 'json'])).stdout) as { namespace: string; scope: string }[];
  assert.deepEqual(json.map((r) => [r.namespace, r.scope]), [['ledger', 'public'], ['web', 'any']]);
  const zh = await rampart(['netpol', 'egress', dir, '--lang', 'zh']);
  assert.match(zh.stdout, /命名空间 web\n {2}任意目的地 {2}\[任意地址\] {2}全部端口\n {4}工作负载：web\/cms, web\/frontend\n {4}依据：没有出站策略隔离它们/);
});

test('netpol generate writes YAML the manifest reader reads, and the result allows exactly the flows', async () => {
  const dir = await estate();
  const root = path.dirname(dir);
  const flows = path.join(root, 'flows.json');
  const out = path.join(root, 'policies.yaml');
  await writeFile(flows, JSON.stringify([{ from: 'web/frontend', to: 'ledger/db', port: 'postgres' }, { from: 'ledger/db', to: '198.51.100.7/32', port: 443 }]));
  const r = await rampart(['netpol', 'generate', '--from', flows, dir, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /the input already holds 1 NetworkPolicy object\(s\); policies only add allows/);
  const yaml = await readFile(out, 'utf8');
  assert.match(yaml, /^# Generated by rampart netpol generate from flows\.json: 2 flow\(s\), 7 NetworkPolicies\n/);
  const names = (jsyaml.loadAll(yaml) as { metadata: { namespace: string; name: string } }[]).map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
  assert.deepEqual(names, ['ledger/default-deny', 'ledger/allow-dns', 'web/default-deny', 'web/allow-dns', 'ledger/allow-ingress-db', 'ledger/allow-egress-db', 'web/allow-egress-frontend']);
  const scan = await rampart(['manifests', out, '--format', 'json']);
  assert.equal(scan.code, 0, scan.stderr);
  // Without the old policy, the generated set alone decides.
  const generatedOnly = await tempTree({ 'k8s/namespaces.yaml': ESTATE['k8s/namespaces.yaml'], 'k8s/web.yaml': ESTATE['k8s/web.yaml'], 'k8s/ledger.yaml': (ESTATE['k8s/ledger.yaml'] as string).split('---')[0] as string, 'k8s/policies.yaml': yaml });
  const k8s = path.join(generatedOnly, 'k8s');
  assert.equal((await rampart(['netpol', 'can', 'web/frontend', 'ledger/db:5432', k8s])).code, 0);
  assert.equal((await rampart(['netpol', 'can', 'web/cms', 'ledger/db:5432', k8s])).code, 1);
  assert.equal((await rampart(['netpol', 'can', 'web/frontend', 'web/cms:80', k8s])).code, 1);
  assert.equal((await rampart(['netpol', 'can', 'ledger/db', '198.51.100.7:443', k8s])).code, 0);
  assert.equal((await rampart(['netpol', 'can', 'ledger/db', '198.51.100.8:443', k8s])).code, 1);
});

test('netpol generate refuses bad flows, naming the file and the flow, and writes nothing', async () => {
  const dir = await estate();
  const flows = path.join(path.dirname(dir), 'flows.json');
  await writeFile(flows, JSON.stringify([{ from: 'web/frontend', to: 'ledger/dbx', port: 5432 }]));
  const r = await rampart(['netpol', 'generate', '--from', flows, dir]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^rampart: .*flows\.json: flow 0 \(to\): no workload "ledger\/dbx" in the input \(namespace ledger holds: db\)\n$/);
  const missing = await rampart(['netpol', 'generate', '--from', path.join(path.dirname(dir), 'none.json'), dir]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /none\.json: no such file/);
});

test('a malformed NetworkPolicy is one line naming file and line; the answer still comes, and the exit code is 2', async () => {
  const dir = await estate({ 'k8s/bad.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: web}\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: "8080"}]\n' });
  const r = await rampart(['netpol', 'map', dir, '--format', 'json']);
  assert.equal(r.code, 2);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /bad\.yaml:7: NetworkPolicy web\/bad: spec\.ingress\[0\]\.ports\[0\]\.port: "8080" is a string/);
  assert.ok(JSON.parse(r.stdout).workloads.length > 0);
});

test('netpol --help teaches with examples; each subcommand has its own', async () => {
  const top = await rampart(['netpol', '--help']);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /rampart netpol can payments\/api ledger\/ledger-db:5432 k8s\//);
  const can = await rampart(['netpol', 'can', '--help']);
  assert.match(can.stdout, /Exit codes: 0 allowed, 1 denied/);
  const generate = await rampart(['netpol', 'generate', '--help']);
  assert.match(generate.stdout, /flows\.json:\n {2}\[/);
});

test('rampart manifests reports the network findings with everything else', async () => {
  const dir = await estate();
  const r = await rampart(['manifests', dir, '--format', 'json', '--checks', 'network.*']);
  assert.equal(r.code, 0, r.stderr);
  const ids = (JSON.parse(r.stdout) as { findings: { checkId: string; asset: { name: string } }[] }).findings.map((f) => `${f.checkId} ${f.asset.name}`).sort();
  assert.ok(ids.includes('network.sensitive-port-exposed ledger/StatefulSet/db'), 'web/frontend, in another namespace, may reach the database');
  assert.ok(ids.includes('network.direct-exposure web/Service/cms-support'), ids.join('\n'));
  assert.ok(ids.includes('network.namespace-default-deny-ingress Namespace/web'));
  assert.ok(ids.includes('network.egress-to-internet ledger/StatefulSet/db'));
});

test('the HTML map works in a browser, offline: the matrix draws, a workload shows who reaches it, names stay text', async () => {
  const { chromium } = await import('playwright-core');
  const { pathToFileURL } = await import('node:url');
  const dir = await estate({ 'k8s/odd.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: odd, namespace: web}\nspec:\n  template:\n    metadata: {labels: {app: "<img src=x onerror=window.hacked=1>"}}\n    spec:\n      containers: [{name: a, image: b}]\n' });
  const out = path.join(path.dirname(dir), 'map.html');
  assert.equal((await rampart(['netpol', 'map', dir, '--format', 'html', '-o', out])).code, 0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), []);
    assert.equal(await page.locator('#netmap-matrix tr').count(), 5, 'a header row and four workloads');
    assert.equal(await page.locator('#netmap-matrix td.g').count(), 1, 'one connection a policy decides: web/frontend → ledger/db');
    await page.locator('#netmap-matrix th', { hasText: 'ledger/db' }).first().click();
    const detail = await page.locator('#netmap-detail').innerText();
    assert.match(detail, /ledger\/db \(StatefulSet\)/);
    assert.match(detail, /web\/frontend: TCP 5432/);
    await page.fill('#netmap-filter', 'ledger');
    assert.equal(await page.locator('#netmap-matrix tr').count(), 2);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { hacked?: number }).hacked), undefined);
  } finally {
    await browser.close();
  }
});

test('graph labels are escaped: Mermaid entity codes for ; and ", DOT backslash escapes', async () => {
  const { renderDot, renderMermaid } = await import('../../src/cli/netpol-text.js');
  const summary = {
    namespaces: [],
    workloads: [
      { id: 'a/Deployment/x"y', label: 'a/x"y', namespace: 'a', kind: 'Deployment', name: 'x"y', hostNetwork: false, ports: [], ingressIsolated: true, egressIsolated: true, ingressPolicies: [], egressPolicies: [], exposure: [], reachableFromOutside: false, externalEgress: [], encryption: { verdict: 'none' as const, encrypted: false, ports: [] } },
      { id: 'a/Deployment/dns', label: 'a/dns', namespace: 'a', kind: 'Deployment', name: 'dns', hostNetwork: false, ports: [], ingressIsolated: true, egressIsolated: true, ingressPolicies: [], egressPolicies: [], exposure: [], reachableFromOutside: false, externalEgress: [], encryption: { verdict: 'none' as const, encrypted: false, ports: [] } },
    ],
    edges: [{ from: 'a/Deployment/x"y', to: 'a/Deployment/dns', ports: 'TCP 53; UDP 53' }],
    openIngress: [],
    openEgress: [],
  };
  const mermaid = renderMermaid(summary, 'en');
  assert.match(mermaid, /w0\["x#quot;y \(Deployment\)"\]/);
  assert.match(mermaid, /w0 -->\|"TCP 53#59; UDP 53"\| w1/);
  const dot = renderDot(summary, 'en');
  assert.match(dot, /"a\/Deployment\/x\\"y" -> "a\/Deployment\/dns" \[label="TCP 53; UDP 53"\];/);
});
