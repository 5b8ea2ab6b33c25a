import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { InventoryBuilder } from '../../analyzers/inventory-builder.js';
import { egressTable } from '../../analyzers/network/egress.js';
import { decide, QueryError, type Endpoint } from '../../analyzers/network/engine.js';
import { generatePolicies, parseFlows } from '../../analyzers/network/generate.js';
import { parseCidr } from '../../analyzers/network/ip.js';
import { networkModel, type NetworkModel } from '../../analyzers/network/model.js';
import { isProtocol, type Protocol } from '../../analyzers/network/ports.js';
import { networkSummary } from '../../analyzers/network/summary.js';
import type { InputError, Lang } from '../../model/index.js';
import { readManifests } from '../../sources/kube/manifests.js';
import { networkMapPage } from '../../reporters/network-map.js';
import { decisionJson, objectsYaml, renderDecision, renderDot, renderEgress, renderEgressCsv, renderMapTable, renderMermaid } from '../netpol-text.js';
import { defaultLang, parseLang } from '../options.js';

/**
 * `rampart netpol`: questions about the network that the manifests answer. Reads its inputs as
 * `rampart manifests` does; every subcommand prints in English or Chinese, or JSON. Input errors
 * are one line each on standard error and make the exit code 2.
 */

interface CommonOptions {
  lang: Lang;
  namespace?: string;
  output?: string;
}

const PATHS_HELP = 'manifest files or directories (.yaml, .yml, .json), or - for standard input; default: the current directory';

function common(command: Command, formats: string[], defaultFormat: string): Command {
  return command
    .argument('[paths...]', PATHS_HELP)
    .addOption(new Option('-f, --format <format>', `output format: ${formats.join(', ')}`).choices(formats).default(defaultFormat))
    .option('-o, --output <file>', 'write the output to a file instead of standard output')
    .option('-n, --namespace <name>', 'namespace for objects that set none (as kubectl apply -n would)')
    .addOption(new Option('--lang <lang>', 'language of the output: en or zh').default(defaultLang(), 'en, or zh under a Chinese locale').argParser(parseLang));
}

export function netpolCommand(): Command {
  const netpol = new Command('netpol')
    .description('Network analysis from manifests: who can reach whom under NetworkPolicy, exposure, egress, least-privilege policies')
    .addHelpText(
      'after',
      `
Examples:
  rampart netpol can payments/api ledger/ledger-db:5432 k8s/      # allowed? which policies decide, and why
  rampart netpol can web/frontend 169.254.169.254:80 k8s/        # can it read the cloud metadata endpoint?
  rampart netpol map k8s/ --format html -o network.html           # interactive reachability map
  rampart netpol egress k8s/ --format csv -o egress.csv           # outside destinations, for the firewall team
  rampart netpol generate --from flows.json k8s/ -o policies.yaml # default deny + exactly these flows

Workloads are written namespace/name (namespace/Kind/name when two kinds share a name);
addresses as 10.1.2.3, 10.0.0.0/8 or [fd00:ec2::254]. Findings about the network also appear
in 'rampart manifests' (checks network.*).

Exit codes: 0 done (for can: allowed), 1 can: denied, 2 an input could not be read or
understood (each is one line on standard error; the answer is still printed).
`,
    );

  const can = netpol
    .command('can')
    .description('Whether SOURCE may connect to DESTINATION:PORT, and which policies and rules decide it on both sides')
    .argument('<source>', 'namespace/workload, or an IP address or CIDR outside the cluster')
    .argument('<destination>', 'namespace/workload:PORT[/PROTOCOL], or ADDRESS:PORT; PORT is a number or a container port name; PROTOCOL tcp (default), udp or sctp');
  common(can, ['table', 'json'], 'table')
    .addHelpText(
      'after',
      `
Exit codes: 0 allowed, 1 denied (or only part of an address range allowed), 2 an input or
            the question could not be understood.

Examples:
  rampart netpol can web/frontend payments/payments-api:8443 k8s/
  rampart netpol can batch/reconcile ledger/ledger-db:postgres k8s/     # a named port
  rampart netpol can monitoring/prometheus kube-system/coredns:53/udp k8s/
  rampart netpol can 203.0.113.10 web/frontend:8080 k8s/                # from outside
  rampart netpol can payments/api 0.0.0.0/0:443 k8s/ --format json
  ! rampart netpol can web/frontend ledger/ledger-db:5432 k8s/ && echo "isolated as intended"
`,
    )
    .action(async (source: string, destination: string, paths: string[], options: CommonOptions & { format: 'table' | 'json' }) => {
      const { model, errors } = await readModel(paths, options);
      const from = parseEndpoint(model, source, 'source');
      const { endpoint: to, port, protocol } = parseDestination(model, destination);
      let decision;
      try {
        decision = decide(model, from, to, port, protocol);
      } catch (err) {
        if (err instanceof QueryError) throw new InvalidArgumentError(err.message);
        throw err;
      }
      const text = options.format === 'json' ? `${JSON.stringify(decisionJson(decision), null, 2)}\n` : renderDecision(decision, options.lang);
      await emit(text, options.output);
      process.exitCode = errors.length ? 2 : decision.verdict === 'allowed' ? 0 : 1;
    });

  common(netpol.command('map'), ['table', 'json', 'dot', 'mermaid', 'html'], 'table')
    .description('Who can reach whom on which ports: per workload and port its allowed sources, and exposure from outside; as text, JSON, a DOT or Mermaid graph, or an interactive HTML page')
    .option('--focus <namespace>', 'only workloads of this namespace (and, in graphs, their peers)')
    .addHelpText(
      'after',
      `
JSON (the same data the HTML page embeds): namespaces with isolation and encryption verdicts;
workloads with isolation, exposure, outside egress and encryption; edges (from, to, ports) for
pairs where a policy decides; openIngress/openEgress: every workload of openEgress reaches every
workload of openIngress on any port.

Examples:
  rampart netpol map k8s/
  rampart netpol map k8s/ --focus payments
  rampart netpol map k8s/ --format dot | dot -Tsvg -o network.svg
  rampart netpol map k8s/ --format mermaid >> docs/network.md
  rampart netpol map k8s/ --format html -o network.html --lang zh
`,
    )
    .action(async (paths: string[], options: CommonOptions & { format: string; focus?: string }) => {
      const { model, errors } = await readModel(paths, options);
      const focus = options.focus;
      if (focus !== undefined && !model.namespaces.has(focus)) throw new InvalidArgumentError(`--focus: no namespace "${focus}" in the input (known: ${model.namespaceList().map((n) => n.name).join(', ')})`);
      let text: string;
      if (options.format === 'table') {
        text = renderMapTable(model, model.pods.filter((p) => !focus || p.namespace.name === focus), options.lang);
      } else {
        const summary = networkSummary(model.inventory);
        if (focus) {
          const keep = new Set(summary.workloads.filter((w) => w.namespace === focus).map((w) => w.id));
          summary.edges = summary.edges.filter((e) => keep.has(e.from) || keep.has(e.to));
          const peers = new Set([...keep, ...summary.edges.flatMap((e) => [e.from, e.to])]);
          summary.workloads = summary.workloads.filter((w) => peers.has(w.id));
          summary.namespaces = summary.namespaces.filter((n) => summary.workloads.some((w) => w.namespace === n.name));
          summary.openIngress = summary.openIngress.filter((id) => keep.has(id));
          summary.openEgress = summary.openEgress.filter((id) => peers.has(id));
        }
        if (options.format === 'json') text = `${JSON.stringify(summary, null, 2)}\n`;
        else if (options.format === 'dot') text = renderDot(summary, options.lang);
        else if (options.format === 'mermaid') text = renderMermaid(summary, options.lang);
        else text = networkMapPage(summary, options.lang);
      }
      await emit(text, options.output);
      process.exitCode = errors.length ? 2 : 0;
    });

  common(netpol.command('egress'), ['table', 'json', 'csv'], 'table')
    .description('What may leave each namespace, to which addresses and ports, and which policy rule allows it: the list for the firewall team')
    .addHelpText(
      'after',
      `
One line per namespace and destination: the ipBlock as written (cidr and except), the addresses
it leaves after except (CSV column cidrs), ports, scope (any, public = reaches the internet,
private) and the rule that grants it. Workloads that no egress policy isolates may reach any
address and are listed with destination *.

Examples:
  rampart netpol egress k8s/
  rampart netpol egress k8s/ --format csv -o egress-$(date +%F).csv
  rampart netpol egress k8s/ --format json | jq '.[] | select(.scope != "private")'
`,
    )
    .action(async (paths: string[], options: CommonOptions & { format: string }) => {
      const { model, errors } = await readModel(paths, options);
      const namespaces = model.namespaceList().filter((ns) => ns.pods.length > 0);
      const rows = egressTable(model, namespaces);
      const text = options.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : options.format === 'csv' ? renderEgressCsv(rows) : renderEgress(rows, namespaces.map((n) => n.name), options.lang);
      await emit(text, options.output);
      process.exitCode = errors.length ? 2 : 0;
    });

  netpol
    .command('generate')
    .description('Least-privilege NetworkPolicies for a list of flows: default deny in every namespace, plus exactly the listed connections')
    .argument('[paths...]', PATHS_HELP)
    .requiredOption('--from <file>', 'flows as JSON: [{"from": "web/frontend", "to": "payments/api", "port": 8443, "protocol": "TCP"}, …]')
    .option('--no-dns', 'do not allow DNS (UDP/TCP 53 to kube-dns in kube-system) from every pod')
    .option('-o, --output <file>', 'write the policies to a file instead of standard output')
    .option('-n, --namespace <name>', 'namespace for objects that set none (as kubectl apply -n would)')
    .addOption(new Option('--lang <lang>', 'language of messages: en or zh').default(defaultLang(), 'en, or zh under a Chinese locale').argParser(parseLang))
    .addHelpText(
      'after',
      `
Flows name workloads as namespace/name, or give an IP address or CIDR for a peer outside the
cluster; port is a number or a container port name of the destination; protocol defaults to TCP.
The output is multi-document YAML: default-deny (Ingress and Egress) and allow-dns in every
namespace the input holds workloads in (except kube-system, kube-public, kube-node-lease), then
allow-ingress-<workload> and allow-egress-<workload> policies. NetworkPolicies only add what
they allow: remove older policies of those namespaces, or they still apply.

Examples:
  rampart netpol generate --from flows.json k8s/ -o k8s/network-policies.yaml
  rampart netpol generate --from flows.json k8s/ | rampart netpol can web/frontend payments/api:8443 - k8s/

flows.json:
  [
    {"from": "web/frontend", "to": "payments/payments-api", "port": 8443},
    {"from": "payments/payments-api", "to": "ledger/ledger-db", "port": 5432},
    {"from": "batch/statement-export", "to": "198.51.100.20/32", "port": 22}
  ]
`,
    )
    .action(async (paths: string[], options: { from: string; dns: boolean; output?: string; namespace?: string; lang: Lang }) => {
      const { model, errors } = await readModel(paths, options);
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(options.from, 'utf8'));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new InvalidArgumentError(`${options.from}: ${code === 'ENOENT' ? 'no such file' : `not valid JSON: ${(err as Error).message}`}`);
      }
      const { flows, problems } = parseFlows(model, document);
      if (problems.length) {
        for (const p of problems) process.stderr.write(`rampart: ${options.from}: ${p.index === undefined ? '' : `flow ${p.index}${p.field ? ` (${p.field})` : ''}: `}${p.message}\n`);
        process.exitCode = 2;
        return;
      }
      const generated = generatePolicies(model, flows, { dns: options.dns });
      const existing = model.policies.length;
      const names = new Set(model.policies.map((p) => p.id));
      const replaced = generated.policies.map((p) => p.metadata as { namespace: string; name: string }).map((m) => `${m.namespace}/${m.name}`).filter((id) => names.has(id));
      const notes = [
        ...(existing
          ? [{ en: `the input already holds ${existing} NetworkPolicy object(s); policies only add allows, so remove or replace them for exactly these flows to hold`, zh: `输入中已有 ${existing} 个 NetworkPolicy；策略只会叠加放行，须删除或替换原有策略，才能确保仅放行这些流量` }]
          : []),
        ...(replaced.length ? [{ en: `applying replaces the existing ${replaced.join(', ')}`, zh: `应用后将替换现有的 ${replaced.join('、')}` }] : []),
        ...generated.warnings,
      ];
      for (const n of notes) process.stderr.write(`rampart: ${n[options.lang]}\n`);
      const header = [
        `# Generated by rampart netpol generate from ${path.basename(options.from)}: ${flows.length} flow(s), ${generated.policies.length} NetworkPolicies`,
        `# for namespaces ${generated.namespaces.join(', ')}. Default deny in both directions, then only the listed flows${options.dns ? ' and DNS' : ''}.`,
        ...notes.map((n) => `# ${n.en}`),
      ];
      const yaml = objectsYaml(generated.policies);
      await emit(`${header.join('\n')}\n${yaml}`, options.output);
      process.exitCode = errors.length ? 2 : 0;
    });

  return netpol;
}

/** Reads the inputs as `rampart manifests` does and builds the network model; prints input errors. */
async function readModel(paths: string[], options: { namespace?: string }): Promise<{ model: NetworkModel; errors: InputError[] }> {
  const builder = new InventoryBuilder();
  const errors: InputError[] = [];
  const readOptions = options.namespace ? { namespace: options.namespace } : {};
  for await (const event of readManifests(paths.length ? paths : ['.'], readOptions)) {
    if (event.type === 'resource') builder.add(event.resource);
    else if (event.type === 'error') errors.push(event.error);
  }
  const inventory = builder.build();
  const model = networkModel(inventory, (r, p, m) => builder.inputError(r, p, m));
  errors.push(...builder.inputErrors);
  for (const e of errors) process.stderr.write(`rampart: ${e.source}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
  return { model, errors };
}

function parseEndpoint(model: NetworkModel, text: string, what: string): Endpoint {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const cidr = parseCidr(bare);
  if (cidr) return { kind: 'address', cidr };
  const pods = model.findPods(text);
  const first = pods[0];
  if (pods.length === 1 && first) return { kind: 'pod', pod: first };
  if (pods.length > 1) throw new InvalidArgumentError(`${what} "${text}" names several workloads: ${pods.map((p) => p.id).join(', ')} (write namespace/Kind/name)`);
  if (!text.includes('/')) throw new InvalidArgumentError(`${what} "${text}": expected namespace/workload, or an IP address or CIDR`);
  const ns = model.namespaces.get(text.split('/')[0] ?? '');
  const known = ns && ns.pods.length ? ` (namespace ${ns.name} holds: ${ns.pods.map((p) => p.name).slice(0, 10).join(', ')})` : ` (namespaces with workloads: ${model.namespaceList().filter((n) => n.pods.length).map((n) => n.name).join(', ') || 'none'})`;
  throw new InvalidArgumentError(`${what}: no workload "${text}" in the input${known}`);
}

function parseDestination(model: NetworkModel, text: string): { endpoint: Endpoint; port: number | string; protocol?: Protocol } {
  let host: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') throw new InvalidArgumentError(`destination "${text}": expected [IPv6]:PORT`);
    host = text.slice(0, close + 1);
    rest = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) throw new InvalidArgumentError(`destination "${text}": add the port, e.g. ${text}:443 (or ${text}:443/udp)`);
    host = text.slice(0, colon);
    rest = text.slice(colon + 1);
    if (host.includes(':')) throw new InvalidArgumentError(`destination "${text}": write an IPv6 address in brackets, e.g. [${host}]:${rest}`);
  }
  const m = /^([A-Za-z0-9-]+)(?:\/([A-Za-z]+))?$/.exec(rest);
  if (!m) throw new InvalidArgumentError(`destination "${text}": expected PORT or PORT/PROTOCOL after the colon`);
  const portText = m[1] as string;
  let protocol: Protocol | undefined;
  if (m[2] !== undefined) {
    const p = m[2].toUpperCase();
    if (!isProtocol(p)) throw new InvalidArgumentError(`destination "${text}": protocol must be tcp, udp or sctp`);
    protocol = p;
  }
  const port = /^\d+$/.test(portText) ? Number(portText) : portText;
  if (typeof port === 'number' && (port < 1 || port > 65535)) throw new InvalidArgumentError(`destination "${text}": port must be 1-65535`);
  return protocol ? { endpoint: parseEndpoint(model, host, 'destination'), port, protocol } : { endpoint: parseEndpoint(model, host, 'destination'), port };
}

/** Standard output, or a file written through a temporary file so a crash leaves no half file. */
async function emit(text: string, file: string | undefined): Promise<void> {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  process.stderr.write(`rampart: wrote ${file}\n`);
}
