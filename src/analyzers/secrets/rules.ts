import type { Localized, Severity } from '../../model/index.js';

/**
 * The secret rules, as data. Token formats (prefixes, lengths, alphabets) are the vendors' published
 * formats; where a vendor's secret has no prefix (AWS secret keys, Alibaba/Tencent/Huawei/Baidu
 * secrets), the rule needs the vendor's name or the usual variable name next to the value.
 *
 * Order matters: when two rules match overlapping text in one file, the earlier rule wins, so
 * specific rules come before the generic ones (a GCP service-account key before the bare private
 * key inside it, everything before `generic-secret-assignment`).
 */

export type SecretCategory =
  | 'cloud'
  | 'source-control'
  | 'saas'
  | 'package-registry'
  | 'container-registry'
  | 'private-key'
  | 'token'
  | 'database'
  | 'generic';

export interface SecretRule {
  id: string;
  category: SecretCategory;
  title: Localized;
  severity: Severity;
  /** The secret is the named group `secret`, else the whole match. Flags other than `g` are kept. */
  regex: RegExp;
  /** Lower-case substrings; the regex runs only on text containing at least one (cheap prefilter). */
  keywords: readonly string[];
  /**
   * How far past a keyword a match may end (characters; default 1024). The regex runs only on the
   * lines around keyword occurrences, which keeps large files cheap.
   */
  reach?: number;
  /** Minimum Shannon entropy (bits per character) of the secret; drops words and repeated characters. */
  minEntropy?: number;
  /** Minimum number of character classes (lower, upper, digit, other) in the secret. */
  minCharClasses?: number;
  /** Only files whose absolute path matches (tokens that mean something only in one kind of file). */
  paths?: RegExp;
  /** Files whose path matches are not searched by this rule (see the rule for why). */
  skipPaths?: RegExp;
  /** Values that are documented examples, placeholders or references rather than secrets. */
  allowValues?: readonly RegExp[];
  /** Skip the common placeholder test (`EXAMPLE`, `xxxx`, `${VAR}`…); for key blocks, whose base64 may contain anything. */
  noPlaceholderCheck?: boolean;
  /** `basic-auth-base64`: the value is base64 of `user:password`; anything else is not a credential. */
  decode?: 'basic-auth-base64';
  /** The other half of a credential pair: both in one file make a usable credential (severity critical). */
  pairsWith?: string;
}

/** `key = value`, `key: value`, `"key": "value"`, `key => value` between a context and the value. */
const ASSIGN = String.raw`["']?\s*(?:=|:=|:|=>)\s*["']?`;
/** Lazily skips a few identifier characters (`_ACCESS_KEY_ID`) between the context word and ASSIGN. */
const NEAR = String.raw`[\w.-]{0,30}?`;

function ctx(context: string, value: string, flags = 'i'): RegExp {
  return new RegExp(`(?:${context})${NEAR}${ASSIGN}(?<secret>${value})(?![A-Za-z0-9/+])`, flags);
}

/** Third-party and distribution code trees: their "password = …" lines are library code and test data, not this image's secrets. */
const LIBRARY_TREES = /^\/(?:usr\/(?:lib|lib64|libexec|share|include)|lib|lib64)\/|\/(?:node_modules|site-packages|dist-packages|vendor|gems|\.cargo\/registry|go\/pkg\/mod)\//;

export const SECRET_RULES: readonly SecretRule[] = [
  // ---- Private keys (specific container formats first) ----
  {
    id: 'gcp-service-account-key',
    category: 'cloud',
    title: { en: 'Google Cloud service-account key', zh: 'Google Cloud 服务账号密钥' },
    severity: 'critical',
    regex: /"private_key"\s*:\s*"(?<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----[^"]{64,8192}?-----END (?:RSA )?PRIVATE KEY-----(?:\\n)?)"/,
    keywords: ['service_account'],
    // The keyword can sit anywhere in the JSON document, the key after it or before it.
    reach: 20000,
    minEntropy: 4,
    noPlaceholderCheck: true,
  },
  {
    id: 'private-key-encrypted',
    category: 'private-key',
    title: { en: 'Passphrase-protected private key', zh: '受口令保护的私钥' },
    // Still worth reporting: the passphrase is often next to it, and offline guessing has no limit.
    severity: 'medium',
    regex: /(?<secret>-----BEGIN (?:ENCRYPTED|SSH2 ENCRYPTED) PRIVATE KEY-----[\s\S]{64,16384}?-----END (?:ENCRYPTED|SSH2 ENCRYPTED) PRIVATE KEY-----|-----BEGIN (?<kind>RSA|DSA|EC) PRIVATE KEY-----\s*Proc-Type: 4,ENCRYPTED[\s\S]{64,16384}?-----END \k<kind> PRIVATE KEY-----)/,
    keywords: ['encrypted private key', 'proc-type: 4,encrypted'],
    reach: 17000,
    minEntropy: 4,
    noPlaceholderCheck: true,
  },
  {
    id: 'private-key',
    category: 'private-key',
    title: { en: 'Private key', zh: '私钥' },
    severity: 'high',
    // RSA, DSA, EC, OpenSSH, PKCS#8 (no kind) and PGP blocks. The entropy floor drops documentation
    // stubs such as "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----".
    regex: /(?<secret>-----BEGIN (?<kind>(?:RSA |DSA |EC |OPENSSH |PGP )?)PRIVATE KEY(?<block> BLOCK)?-----[\s\S]{64,16384}?-----END \k<kind>PRIVATE KEY\k<block>-----)/,
    keywords: ['private key'],
    reach: 17000,
    minEntropy: 4,
    noPlaceholderCheck: true,
  },

  // ---- Cloud providers ----
  {
    id: 'aws-access-key-id',
    category: 'cloud',
    title: { en: 'AWS access key ID', zh: 'AWS 访问密钥 ID' },
    severity: 'high',
    // Long-term (AKIA), temporary (ASIA), and the Bedrock/console (ABIA, ACCA) prefixes; base32 body.
    regex: /\b(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/,
    keywords: ['akia', 'asia', 'abia', 'acca'],
    minEntropy: 3,
    pairsWith: 'aws-secret-access-key',
  },
  {
    id: 'aws-secret-access-key',
    category: 'cloud',
    title: { en: 'AWS secret access key', zh: 'AWS 秘密访问密钥' },
    severity: 'high',
    regex: ctx(String.raw`aws${NEAR}secret|secret_?access_?key`, '[A-Za-z0-9/+]{40}'),
    keywords: ['secret'],
    minEntropy: 3.5,
    pairsWith: 'aws-access-key-id',
  },
  {
    id: 'gcp-api-key',
    category: 'cloud',
    title: { en: 'Google API key', zh: 'Google API 密钥' },
    severity: 'high',
    regex: /\b(?<secret>AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/,
    keywords: ['aiza'],
    minEntropy: 3,
  },
  {
    id: 'azure-storage-account-key',
    category: 'cloud',
    title: { en: 'Azure storage account key', zh: 'Azure 存储账户密钥' },
    severity: 'critical',
    // 64 random bytes in base64: 86 characters and `==`; as `AccountKey=` in a connection string or next to the word.
    regex: /(?:AccountKey\s*=\s*|(?:azure|storage)[\w.-]{0,30}?key["']?\s*(?:=|:)\s*["']?)(?<secret>[A-Za-z0-9+/]{86}==)/i,
    keywords: ['accountkey', 'azure', 'storage'],
    minEntropy: 4,
    // The Azurite/Storage Emulator account key, published in Microsoft's documentation for local development.
    allowValues: [/^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq\/K1SZFPTOtr\/KBHBeksoGMGw==$/],
  },
  {
    id: 'azure-sas-token',
    category: 'cloud',
    title: { en: 'Azure shared access signature (SAS)', zh: 'Azure 共享访问签名（SAS）' },
    severity: 'high',
    regex: /\bsv=\d{4}-\d{2}-\d{2}[^\s"'<>]{0,400}?[&;]sig=(?<secret>[A-Za-z0-9%+/]{40,120}(?:%3D|=){0,2})/i,
    keywords: ['sig='],
    minEntropy: 3.5,
  },
  {
    id: 'azure-client-secret',
    category: 'cloud',
    title: { en: 'Microsoft Entra ID (Azure AD) client secret', zh: 'Microsoft Entra ID（Azure AD）客户端密钥' },
    severity: 'high',
    // Current format: three characters, a digit, `Q~`, then 31-34 characters.
    regex: /(?:^|[\s'"`=:(,>])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?=$|[\s'"`<),;])/m,
    keywords: ['q~'],
    minEntropy: 3,
  },
  {
    id: 'alibaba-access-key-id',
    category: 'cloud',
    title: { en: 'Alibaba Cloud AccessKey ID', zh: '阿里云 AccessKey ID' },
    severity: 'high',
    regex: /\b(?<secret>LTAI[A-Za-z0-9]{12,20})\b/,
    keywords: ['ltai'],
    minEntropy: 3,
    pairsWith: 'alibaba-access-key-secret',
  },
  {
    id: 'alibaba-access-key-secret',
    category: 'cloud',
    title: { en: 'Alibaba Cloud AccessKey secret', zh: '阿里云 AccessKey Secret' },
    severity: 'high',
    regex: ctx(String.raw`ali(?:yun|baba|cloud)${NEAR}secret|access_?key_?secret`, '[A-Za-z0-9]{30}'),
    keywords: ['aliyun', 'alibaba', 'alicloud', 'accesskeysecret', 'access_key_secret'],
    minEntropy: 3.5,
    pairsWith: 'alibaba-access-key-id',
  },
  {
    id: 'tencent-secret-id',
    category: 'cloud',
    title: { en: 'Tencent Cloud SecretId', zh: '腾讯云 SecretId' },
    severity: 'high',
    regex: /\b(?<secret>AKID[A-Za-z0-9]{13,40})\b/,
    keywords: ['akid'],
    minEntropy: 3,
    pairsWith: 'tencent-secret-key',
  },
  {
    id: 'tencent-secret-key',
    category: 'cloud',
    title: { en: 'Tencent Cloud SecretKey', zh: '腾讯云 SecretKey' },
    severity: 'high',
    regex: ctx(String.raw`(?:tencent(?:cloud)?|qcloud|tccli)${NEAR}(?:secret_?key|sk)`, '[A-Za-z0-9]{32}'),
    keywords: ['tencent', 'qcloud', 'tccli'],
    minEntropy: 3.5,
    pairsWith: 'tencent-secret-id',
  },
  {
    id: 'huawei-access-key',
    category: 'cloud',
    title: { en: 'Huawei Cloud access key (AK)', zh: '华为云访问密钥（AK）' },
    severity: 'high',
    // AKs are 20 upper-case letters and digits; no prefix, so the vendor's name must be near.
    regex: ctx(String.raw`(?:huawei(?:cloud)?|hwcloud|hw_|obs_)${NEAR}(?:ak|access_?key(?:_?id)?)`, '[A-Z0-9]{20}'),
    keywords: ['huawei', 'hwcloud', 'hw_', 'obs_'],
    minEntropy: 3,
    pairsWith: 'huawei-secret-key',
  },
  {
    id: 'huawei-secret-key',
    category: 'cloud',
    title: { en: 'Huawei Cloud secret key (SK)', zh: '华为云私有访问密钥（SK）' },
    severity: 'high',
    regex: ctx(String.raw`(?:huawei(?:cloud)?|hwcloud|hw_|obs_)${NEAR}(?:sk|secret_?(?:access_?)?key)`, '[A-Za-z0-9]{40}'),
    keywords: ['huawei', 'hwcloud', 'hw_', 'obs_'],
    minEntropy: 3.5,
    pairsWith: 'huawei-access-key',
  },
  {
    id: 'baidu-access-key',
    category: 'cloud',
    title: { en: 'Baidu AI Cloud (BCE) access key', zh: '百度智能云（BCE）访问密钥' },
    severity: 'high',
    regex: ctx(String.raw`(?:baidu|bce)${NEAR}(?:ak|access_?key(?:_?id)?)`, '[0-9a-f]{32}|ALTAK[A-Za-z0-9]{15,40}'),
    keywords: ['baidu', 'bce'],
    minEntropy: 3,
    pairsWith: 'baidu-secret-key',
  },
  {
    id: 'baidu-secret-key',
    category: 'cloud',
    title: { en: 'Baidu AI Cloud (BCE) secret key', zh: '百度智能云（BCE）私有访问密钥' },
    severity: 'high',
    regex: ctx(String.raw`(?:baidu|bce)${NEAR}(?:sk|secret_?(?:access_?)?key)`, '[A-Za-z0-9]{32}'),
    keywords: ['baidu', 'bce'],
    minEntropy: 3.5,
    pairsWith: 'baidu-access-key',
  },

  // ---- Source control ----
  {
    id: 'github-token',
    category: 'source-control',
    title: { en: 'GitHub token', zh: 'GitHub 令牌' },
    severity: 'high',
    // Personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_), refresh (ghr_).
    regex: /\b(?<secret>gh[pousr]_[A-Za-z0-9]{36,251})\b/,
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    minEntropy: 3,
  },
  {
    id: 'github-fine-grained-token',
    category: 'source-control',
    title: { en: 'GitHub fine-grained personal access token', zh: 'GitHub 细粒度个人访问令牌' },
    severity: 'high',
    regex: /\b(?<secret>github_pat_[A-Za-z0-9_]{70,100})\b/,
    keywords: ['github_pat_'],
    minEntropy: 3,
  },
  {
    id: 'gitlab-token',
    category: 'source-control',
    title: { en: 'GitLab token', zh: 'GitLab 令牌' },
    severity: 'high',
    // Personal/project/group (glpat-), deploy (gldt-), runner (glrt-), pipeline trigger (glptt-),
    // feed (glft-), agent (glagent-), SCIM (glsoat-), CI job (glcbt-).
    regex: /\b(?<secret>gl(?:pat|dt|rt|ptt|ft|agent|soat|cbt)-[0-9A-Za-z_.-]{20,80})/,
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glagent-', 'glsoat-', 'glcbt-'],
    minEntropy: 3,
  },

  // ---- SaaS ----
  {
    id: 'slack-token',
    category: 'saas',
    title: { en: 'Slack token', zh: 'Slack 令牌' },
    severity: 'high',
    // Bot, user, app, refresh and config tokens carry numeric workspace/user ids after the prefix.
    regex: /\b(?<secret>xox[abposre]-\d{6,}-[0-9A-Za-z-]{10,250}|xapp-\d-[A-Z0-9]{8,}-\d{6,}-[a-f0-9]{32,})/,
    keywords: ['xox', 'xapp-'],
    minEntropy: 3,
  },
  {
    id: 'slack-webhook',
    category: 'saas',
    title: { en: 'Slack incoming webhook', zh: 'Slack 传入 Webhook' },
    severity: 'medium',
    regex: /(?<secret>https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/+]{30,120})/,
    keywords: ['hooks.slack.com'],
    minEntropy: 3,
  },
  {
    id: 'stripe-live-key',
    category: 'saas',
    title: { en: 'Stripe live secret or restricted key', zh: 'Stripe 生产环境密钥' },
    severity: 'critical',
    // Test-mode keys (sk_test_) cannot move money and are deliberately not reported.
    regex: /\b(?<secret>(?:sk|rk)_live_[0-9A-Za-z]{24,247})\b/,
    keywords: ['sk_live_', 'rk_live_'],
    minEntropy: 3,
  },
  {
    id: 'twilio-api-key',
    category: 'saas',
    title: { en: 'Twilio API key', zh: 'Twilio API 密钥' },
    severity: 'high',
    // `SK` and 32 hex digits alone would match too much; the vendor's name must be within reach.
    regex: /\b(?<secret>SK[0-9a-f]{32})\b/,
    keywords: ['twilio'],
    minEntropy: 3,
  },
  {
    id: 'twilio-auth-token',
    category: 'saas',
    title: { en: 'Twilio auth token', zh: 'Twilio 身份验证令牌' },
    severity: 'high',
    regex: ctx(String.raw`twilio${NEAR}(?:auth_?)?token`, '[0-9a-f]{32}'),
    keywords: ['twilio'],
    minEntropy: 3,
  },
  {
    id: 'sendgrid-api-key',
    category: 'saas',
    title: { en: 'SendGrid API key', zh: 'SendGrid API 密钥' },
    severity: 'high',
    regex: /\b(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    keywords: ['sg.'],
    minEntropy: 3.5,
  },

  // ---- Package registries ----
  {
    id: 'npm-token',
    category: 'package-registry',
    title: { en: 'npm access token', zh: 'npm 访问令牌' },
    severity: 'high',
    regex: /\b(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/,
    keywords: ['npm_'],
    minEntropy: 3,
  },
  {
    id: 'npmrc-auth',
    category: 'package-registry',
    title: { en: 'Registry credential in .npmrc or .yarnrc', zh: '.npmrc 或 .yarnrc 中的仓库凭据' },
    severity: 'high',
    // `${NPM_TOKEN}` (read from the environment at run time) is the safe form and does not match.
    regex: /(?:_authToken|_auth|_password|npmAuthToken|npmAuthIdent)\s*[=:]\s*["']?(?<secret>[^\s"'$]{8,})/,
    keywords: ['_authtoken', '_auth', '_password', 'npmauthtoken', 'npmauthident'],
    paths: /(?:^|\/)\.(?:npmrc|yarnrc|yarnrc\.yml)$/,
    minEntropy: 2.5,
  },
  {
    id: 'pypi-token',
    category: 'package-registry',
    title: { en: 'PyPI API token', zh: 'PyPI API 令牌' },
    severity: 'high',
    // The macaroon of a pypi.org token always starts with the same bytes, `pypi-AgEIcHlwaS5vcmc`.
    regex: /\b(?<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})/,
    keywords: ['pypi-ageichlwas5vcmc'],
    minEntropy: 3,
  },

  // ---- Container registries ----
  {
    id: 'docker-config-auth',
    category: 'container-registry',
    title: { en: 'Registry login in a Docker/Podman auth file', zh: 'Docker/Podman 认证文件中的镜像仓库登录凭据' },
    severity: 'high',
    regex: /"auth"\s*:\s*"(?<secret>[A-Za-z0-9+/]{6,}={0,2})"/,
    keywords: ['"auth"'],
    paths: /(?:^|\/)(?:\.docker\/config\.json|\.dockercfg|config\.json|auth\.json)$/,
    decode: 'basic-auth-base64',
  },
  {
    id: 'docker-config-identity-token',
    category: 'container-registry',
    title: { en: 'Registry identity token in a Docker auth file', zh: 'Docker 认证文件中的镜像仓库身份令牌' },
    severity: 'high',
    regex: /"identitytoken"\s*:\s*"(?<secret>[^"\s]{16,})"/,
    keywords: ['"identitytoken"'],
    paths: /(?:^|\/)(?:\.docker\/config\.json|config\.json|auth\.json)$/,
    minEntropy: 3,
  },

  // ---- Tokens and connection strings ----
  {
    id: 'database-url-password',
    category: 'database',
    title: { en: 'Database or broker URL with a password', zh: '包含密码的数据库或消息队列连接 URL' },
    severity: 'high',
    regex: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse)(?:\+\w+)?:\/\/[^\s:@/"'<>]{0,128}:(?<secret>[^\s@/"'<>]{1,256})@[^\s/"'<>]+/i,
    keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp', 'mssql', 'sqlserver', 'clickhouse'],
    allowValues: [/^(?:password|passwd|pass|pwd|secret|user|username|changeme|pw)$/i],
  },
  {
    id: 'jdbc-url-password',
    category: 'database',
    title: { en: 'JDBC URL with a password', zh: '包含密码的 JDBC 连接 URL' },
    severity: 'high',
    regex: /jdbc:[a-z0-9]+:[^\s"'<>]{0,200}?[?&;]password=(?<secret>[^\s&;"'<>]{1,128})/i,
    keywords: ['jdbc:'],
    allowValues: [/^(?:password|passwd|pass|pwd|secret|changeme)$/i],
  },
  {
    id: 'jwt',
    category: 'token',
    title: { en: 'JSON Web Token', zh: 'JSON Web Token（JWT）令牌' },
    severity: 'medium',
    // Header and payload are base64url JSON objects (`eyJ` is `{"`); unsigned tokens have no signature and are skipped.
    regex: /\b(?<secret>eyJ[A-Za-z0-9_-]{10,4096}\.eyJ[A-Za-z0-9_-]{10,16384}\.[A-Za-z0-9_-]{20,1024})/,
    keywords: ['eyj'],
    reach: 22000,
    minEntropy: 3.5,
    // Library documentation and tests are full of sample tokens; a JWT there is not this image's.
    skipPaths: LIBRARY_TREES,
    // The jwt.io sample token ("John Doe"), quoted in countless READMEs.
    allowValues: [/\.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ\./],
  },

  // ---- Generic, last: only where the other rules found nothing ----
  {
    id: 'generic-secret-assignment',
    category: 'generic',
    title: { en: 'Hard-coded password or secret', zh: '硬编码的口令或密钥' },
    severity: 'medium',
    // A key ending in a secret word, assigned a literal. Guards: no code (calls, indexing,
    // interpolation), at least two character classes, entropy above that of words.
    regex: /(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)["']?\s*(?:=|:=|:|=>)[ \t]*(?<q>["']?)(?<secret>[^\s"'`$<>{}()[\];,\\]{8,200})\k<q>(?=["'`\s,;]|$)/im,
    keywords: ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'access_key', 'access-key', 'private_key', 'credential'],
    minEntropy: 3,
    minCharClasses: 2,
    skipPaths: LIBRARY_TREES,
    allowValues: [
      // Booleans, types and schema words.
      /^(?:true|false|null|none|nil|undefined|required|optional|string|boolean|integer|number|object|empty|disabled|enabled)$/i,
      // References to another variable, a file, or an attribute.
      /^[A-Z][A-Z0-9_]+$/,
      /^(?:\/|\.\.?\/|~\/|file:)/,
      /\.(?:pem|key|crt|cer|txt|json|ya?ml|conf|cfg|ini|properties|env|secret|p12|pfx|jks)$/i,
      /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+$/,
      // Lower-case words joined by - or _ are option values (`always-impersonate`, `read_only`), not passwords.
      /^[a-z]+(?:[-_][a-z]+)+$/,
      // URLs (a database URL with a password has its own rule).
      /^[a-z][a-z0-9+.-]*:\/\//i,
    ],
  },
];
