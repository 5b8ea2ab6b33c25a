import { hash } from 'node:crypto';
import type { FrameworkIndex } from '../../catalog/index.js';
import type { Finding, ImageInfo, Location } from '../../model/index.js';
import { maskSecret } from '../../model/index.js';
import { imageFinding, zhWord } from '../image/finding.js';
import type { SecretAllowList } from './allow-list.js';
import { EMPTY_ALLOW_LIST } from './allow-list.js';
import { looksLikePlaceholder, SecretMatcher } from './match.js';
import type { SecretRule } from './rules.js';
import { SECRET_RULES } from './rules.js';

/**
 * `image.secret-in-config`: secrets in the image configuration rather than in a file — `ENV` and
 * `LABEL` values, and the history's `created_by` lines, which record every `RUN` with the build
 * arguments it saw (`|1 NPM_TOKEN=… /bin/sh -c npm ci`). A separate check from `image.secret`
 * because the fix differs (BuildKit secret mounts and runtime injection rather than deleting a file)
 * and because `docker inspect` or `docker history` shows these to anyone who can pull the image,
 * without unpacking a layer.
 *
 * Subjects: `config:env:NAME`, `config:label:KEY`, `config:history:N:RULE#k`.
 */

export const SECRET_IN_CONFIG_CHECK_ID = 'image.secret-in-config';

export interface ConfigSecretOptions {
  allowList?: SecretAllowList;
  rules?: readonly SecretRule[];
  frameworks?: FrameworkIndex;
}

/** Variable and label names that say their value is a credential. `PWD` alone is the working directory. */
const SECRET_NAME = /(?:^|[_.-])(?:PASSWORD|PASSWD|PASS|PWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|CLIENT_?SECRET|CREDENTIALS?)$/i;
/** Values of such names that are switches or pointers, not secrets (`/run/secrets/db`, `ALLOW_EMPTY_PASSWORD=yes`). */
const NOT_A_SECRET = /^(?:yes|no|y|n|true|false|on|off|0|1|none|null|empty|disabled?|enabled?)$|^(?:\/|file:)/i;

export function scanImageConfigForSecrets(image: ImageInfo, options: ConfigSecretOptions = {}): Finding[] {
  const allowList = options.allowList ?? EMPTY_ALLOW_LIST;
  const matcher = new SecretMatcher(options.rules ?? SECRET_RULES, allowList);
  const ctx = options.frameworks ? { image, frameworks: options.frameworks } : { image };
  const findings: Finding[] = [];
  const reported = new Set<string>();

  const named = (kind: 'env' | 'label', name: string, value: string, location: Location): void => {
    const tokens = matcher.match(value);
    tokens.forEach((m, n) => {
      reported.add(m.sha256);
      findings.push(
        imageFinding(ctx, SECRET_IN_CONFIG_CHECK_ID, {
          subject: n === 0 ? `config:${kind}:${name}` : `config:${kind}:${name}#${n + 1}`,
          message: {
            en: `${m.rule.title.en} in the image's ${kind === 'env' ? 'ENV' : 'LABEL'} ${name}`,
            zh: `镜像配置的 ${kind === 'env' ? 'ENV' : 'LABEL'} ${name} 中发现${zhWord(m.rule.title.zh)}`,
          },
          location,
          evidence: `${name}=${m.evidence}`,
          severity: m.rule.severity,
        }),
      );
    });
    if (tokens.length > 0 || name === 'PWD' || !SECRET_NAME.test(name)) return;
    const literal = value.trim();
    if (literal.length < 4 || NOT_A_SECRET.test(literal) || looksLikePlaceholder(literal)) return;
    const sha256 = hash('sha256', literal, 'hex');
    if (allowList.sha256.has(sha256) || allowList.disabledRules.has('generic-secret-assignment')) return;
    reported.add(sha256);
    findings.push(
      imageFinding(ctx, SECRET_IN_CONFIG_CHECK_ID, {
        subject: `config:${kind}:${name}`,
        message: {
          en: `The image's ${kind === 'env' ? 'ENV' : 'LABEL'} ${name} holds a literal credential, readable by anyone who can pull the image`,
          zh: `镜像配置的 ${kind === 'env' ? 'ENV' : 'LABEL'} ${name} 中写有凭据明文，任何能拉取该镜像的人都能读到`,
        },
        location,
        evidence: `${name}=${maskSecret(literal)}`,
      }),
    );
  };

  image.config.env.forEach((entry, i) => {
    const eq = entry.indexOf('=');
    const name = eq === -1 ? entry : entry.slice(0, eq);
    named('env', name, eq === -1 ? '' : entry.slice(eq + 1), { path: `config.Env[${i}]` });
  });
  for (const [key, value] of Object.entries(image.config.labels)) named('label', key, value, { path: `config.Labels[${JSON.stringify(key)}]` });

  // History entries that made a layer are, in order, the image's layers.
  let layer = 0;
  image.config.history.forEach((entry, i) => {
    const layerIndex = entry.emptyLayer ? undefined : layer++;
    if (!entry.createdBy) return;
    const ordinals = new Map<string, number>();
    for (const m of matcher.match(entry.createdBy)) {
      if (reported.has(m.sha256)) continue;
      reported.add(m.sha256);
      const ordinal = (ordinals.get(m.rule.id) ?? 0) + 1;
      ordinals.set(m.rule.id, ordinal);
      const location: Location = { path: `history[${i}].created_by` };
      const diffId = layerIndex === undefined ? undefined : image.layers[layerIndex]?.diffId;
      if (diffId) location.layer = diffId;
      findings.push(
        imageFinding(ctx, SECRET_IN_CONFIG_CHECK_ID, {
          subject: `config:history:${i}:${m.rule.id}#${ordinal}`,
          message: {
            en: `${m.rule.title.en} in the build history (step ${i + 1}), shown by \`docker history\` to anyone who can pull the image`,
            zh: `构建历史（第 ${i + 1} 步）中发现${zhWord(m.rule.title.zh)}，任何能拉取该镜像的人都可以用 \`docker history\` 看到`,
          },
          location,
          evidence: m.evidence,
          severity: m.rule.severity,
        }),
      );
    }
  });
  return findings;
}
