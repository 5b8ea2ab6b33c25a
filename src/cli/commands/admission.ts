import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { Command, InvalidArgumentError, Option } from 'commander';
import { decide } from '../../server/admission/decide.js';
import { noImagePolicyFactory, type ImagePolicyFactory } from '../../server/admission/image-gate.js';
import { loadPolicy, PolicyError } from '../../server/admission/policy.js';
import { parseReview, ReviewError, reviewResponse } from '../../server/admission/review.js';
import { VERSION } from '../version.js';

/**
 * `rampart admission`: serve the validating webhook, dry-run one AdmissionReview, or print the
 * manifests that install the webhook. `imagePolicy` builds the image policy evaluator from the
 * policy's `images:` section (a no-op until image policies are wired in).
 */
export function admissionCommand(deps: { imagePolicy?: ImagePolicyFactory } = {}): Command {
  const imagePolicy = deps.imagePolicy ?? noImagePolicyFactory;
  const command = new Command('admission').description('Admission control: enforce the same checks before anything is deployed');

  command
    .command('serve')
    .description('Run the validating admission webhook (HTTPS, AdmissionReview v1 on /validate)')
    .requiredOption('--policy <file>', 'admission policy (YAML); reloaded when it changes')
    .requiredOption('--tls-cert <file>', 'serving certificate (PEM); reloaded when it changes')
    .requiredOption('--tls-key <file>', 'serving key (PEM); reloaded when it changes')
    .option('--client-ca <file>', 'require callers of /validate to present a client certificate from this CA (the API server)')
    .addOption(new Option('--listen <host:port>', 'address to listen on').default({ host: '127.0.0.1', port: 8443 }, '127.0.0.1:8443').argParser(parseListen))
    .option('--audit-log <file>', 'append every decision as a JSON line to this file (- for standard output)')
    .option('--metrics-token-file <file>', 'serve /metrics to callers presenting this bearer token (no file: /metrics is off)')
    .addHelpText(
      'after',
      `
Endpoints: POST /validate (AdmissionReview v1), GET /healthz, GET /readyz, GET /metrics (bearer token).
Exit codes: 2 when the policy, certificate or key cannot be used at startup.`,
    )
    .action(async (options: { policy: string; tlsCert: string; tlsKey: string; clientCa?: string; listen: { host: string; port: number }; auditLog?: string; metricsTokenFile?: string }) => {
      const { startAdmissionServer } = await import('../../server/admission/server.js');
      try {
        const server = await startAdmissionServer({
          policyFile: options.policy,
          tlsCert: options.tlsCert,
          tlsKey: options.tlsKey,
          host: options.listen.host,
          port: options.listen.port,
          imagePolicy,
          ...(options.clientCa ? { clientCa: options.clientCa } : {}),
          ...(options.auditLog ? { auditLog: options.auditLog } : {}),
          ...(options.metricsTokenFile ? { metricsTokenFile: options.metricsTokenFile } : {}),
        });
        process.stderr.write(`rampart: admission webhook ${VERSION} listening on ${server.url}\n`);
        const stop = (): void => {
          server.close().then(() => process.exit(0), () => process.exit(1));
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      } catch (err) {
        process.stderr.write(`rampart: ${(err as Error).message}\n`);
        process.exitCode = 2;
      }
    });

  command
    .command('test')
    .description('Dry-run one AdmissionReview against a policy and print the response the webhook would give')
    .argument('<review>', 'AdmissionReview JSON file, or - for standard input')
    .requiredOption('--policy <file>', 'admission policy (YAML)')
    .addHelpText('after', '\nExit codes: 0 allowed, 1 denied, 2 the review or the policy could not be read.')
    .action(async (reviewFile: string, options: { policy: string }) => {
      process.exitCode = await runTest(reviewFile, options.policy, imagePolicy);
    });

  command
    .command('install')
    .description('Print the manifests that install the webhook: Namespace, ServiceAccount, Deployment, Service, certificates, ValidatingWebhookConfiguration')
    .option('--namespace <name>', 'namespace of the webhook (never sent to it)', 'rampart-system')
    .option('--fail-closed-namespaces <list>', 'namespaces where requests are denied when the webhook cannot answer (comma-separated)', parseList, [] as string[])
    .option('--image <ref>', 'webhook image', `ghcr.io/rampart-dev/rampart:${VERSION}`)
    .option('--cert-manager', 'emit a cert-manager Issuer and Certificate instead of generating a certificate with openssl')
    .addHelpText(
      'after',
      `
Without --cert-manager a private CA and serving certificate are generated with openssl; the CA
key is discarded, so rotating means running install again.

Example:
  rampart admission install --namespace rampart-system --fail-closed-namespaces payments,cards > webhook.yaml`,
    )
    .action(async (options: { namespace: string; failClosedNamespaces: string[]; image: string; certManager?: boolean }) => {
      const { installYaml, validateInstallOptions, APP } = await import('../../server/admission/install.js');
      try {
        const base = { namespace: options.namespace, image: options.image, failClosedNamespaces: options.failClosedNamespaces, certManager: options.certManager === true };
        validateInstallOptions({ ...base, certManager: true });
        let certificate;
        if (!options.certManager) {
          const { makeServingCertificate } = await import('../../server/admission/certs.js');
          const host = `${APP}.${options.namespace}.svc`;
          certificate = await makeServingCertificate({ commonName: host, dnsNames: [APP, `${APP}.${options.namespace}`, host, `${host}.cluster.local`] });
        }
        process.stdout.write(installYaml(certificate ? { ...base, certificate } : base));
      } catch (err) {
        process.stderr.write(`rampart: ${(err as Error).message}\n`);
        process.exitCode = 2;
      }
    });
  return command;
}

async function runTest(reviewFile: string, policyFile: string, imagePolicy: ImagePolicyFactory): Promise<number> {
  let body: unknown;
  try {
    const raw = reviewFile === '-' ? await text(process.stdin) : await readFile(reviewFile, 'utf8');
    body = JSON.parse(raw);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(`rampart: ${reviewFile}: ${code === 'ENOENT' ? 'no such file' : err instanceof SyntaxError ? `not JSON: ${err.message}` : (err as Error).message}\n`);
    return 2;
  }
  try {
    const request = parseReview(body);
    const { policy, warnings } = await loadPolicy(policyFile);
    for (const warning of warnings) process.stderr.write(`rampart: ${warning}\n`);
    const decision = await decide(request, { policy, images: await imagePolicy(policy.images, policyFile) }, new Date());
    if (decision.failure) process.stderr.write(`rampart: evaluation failed: ${decision.failure}\n`);
    process.stdout.write(`${JSON.stringify(reviewResponse(decision.response), null, 2)}\n`);
    return decision.allowed ? 0 : 1;
  } catch (err) {
    if (err instanceof ReviewError) {
      process.stderr.write(`rampart: ${reviewFile}: not an AdmissionReview: ${err.message}\n`);
      return 2;
    }
    if (err instanceof PolicyError) {
      process.stderr.write(`rampart: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new InvalidArgumentError('expected host:port, e.g. 0.0.0.0:8443');
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

function parseList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
