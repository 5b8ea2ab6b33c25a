import type { Check } from '../../model/index.js';

/**
 * Image policies the admission webhook enforces before a pod runs: where images may come from,
 * how they are referenced, who signed them and what their latest scan found. The logic lives in
 * src/policy/image-policy; the controls each check evidences are in ../frameworks.
 */

const COSIGN = 'https://docs.sigstore.dev/cosign/verifying/verify/';
const NOTATION = 'https://notaryproject.dev/docs/user-guides/how-to/trust-policy/';
const K8S_IMAGES = 'https://kubernetes.io/docs/concepts/containers/images/';

export const admissionImageChecks: Check[] = [
  {
    id: 'image.registry-not-allowed',
    severity: 'high',
    target: 'image',
    title: { en: 'Image from a registry that is not allowed', zh: '镜像来自未获允许的镜像仓库' },
    description: {
      en: 'The admission image policy lists the registries images may be pulled from, and this image comes from another one. An unapproved registry has not been vetted for who can push to it, how it is scanned or whether it keeps images immutable, so anything pushed there could run in the cluster. The registry is compared by host (and port) against the policy\'s globs; Docker Hub images without a host count as docker.io.',
      zh: '准入镜像策略列出了允许拉取镜像的镜像仓库，而该镜像来自其他仓库。未经批准的镜像仓库没有经过审查：不清楚谁能向其推送、是否经过扫描、镜像是否不可变，因此推送到那里的任何内容都可能在集群中运行。比较时按主机名（及端口）与策略中的通配模式匹配；未写主机名的 Docker Hub 镜像视为 docker.io。',
    },
    remediation: {
      en: 'Mirror or rebuild the image into an approved registry (for example with `skopeo copy` or `crane copy`) and reference it from there, or, if the registry should be trusted, add it to `images.allowedRegistries` in the admission policy after review.',
      zh: '把镜像同步或重新构建到经批准的镜像仓库（例如使用 `skopeo copy` 或 `crane copy`），并改为从那里引用；如果该仓库确应受信任，经审查后将其加入准入策略的 `images.allowedRegistries`。',
    },
    references: [K8S_IMAGES],
  },
  {
    id: 'image.repository-not-allowed',
    severity: 'high',
    target: 'image',
    title: { en: 'Image from a repository that is not allowed', zh: '镜像来自未获允许的镜像库' },
    description: {
      en: 'The admission image policy lists the repositories (`registry/path` globs) images may come from, and this image\'s repository matches none of them. Within one shared registry, repositories belong to different teams and pipelines; only the listed ones are built and vetted for this cluster.',
      zh: '准入镜像策略列出了允许使用的镜像库（`仓库/路径` 通配模式），而该镜像所在的镜像库与其中任何一项都不匹配。在同一个共享镜像仓库中，不同镜像库属于不同团队和流水线，只有列出的镜像库是为该集群构建并审查过的。',
    },
    remediation: {
      en: 'Publish the image through the approved build pipeline into an allowed repository and deploy it from there, or extend `images.allowedRepositories` in the admission policy once the repository has been reviewed.',
      zh: '通过经批准的构建流水线把镜像发布到允许的镜像库并从那里部署；或在审查该镜像库之后，扩充准入策略中的 `images.allowedRepositories`。',
    },
    references: [K8S_IMAGES],
  },
  {
    id: 'image.tag-forbidden',
    severity: 'medium',
    target: 'image',
    title: { en: 'Image uses a forbidden tag', zh: '镜像使用了被禁止的标签' },
    description: {
      en: 'The image is referenced by a tag the admission policy forbids, typically `latest` (which is also what a reference without any tag means). Such tags move: the image that runs depends on when each node pulled it, a rollback cannot return to the previous image, and what was scanned and signed is not provably what runs.',
      zh: '镜像引用了准入策略禁止的标签，通常是 `latest`（不写标签时也等同于 `latest`）。这类标签会移动：实际运行的镜像取决于各节点拉取的时间，回滚无法回到先前的镜像，也无法证明运行的正是经过扫描和签名的那个镜像。',
    },
    remediation: {
      en: 'Reference a versioned tag produced by the build (`app:1.4.2`, `app:git-3f9c2e1`), or better the digest (`app@sha256:…`), and set the tag in the deployment manifest rather than relying on a default.',
      zh: '引用构建产生的带版本号的标签（`app:1.4.2`、`app:git-3f9c2e1`），更好的做法是引用摘要（`app@sha256:…`），并在部署清单中明确写出，而不是依赖默认值。',
    },
    references: [K8S_IMAGES],
  },
  {
    id: 'image.tag-not-digest',
    severity: 'medium',
    target: 'image',
    title: { en: 'Image not pinned by digest', zh: '镜像未按摘要固定' },
    description: {
      en: 'The admission policy requires every image to be referenced by digest (`name@sha256:…`) and this one is referenced by tag only. A digest names exactly one image: it cannot be re-pointed in the registry, so the image that runs is the image that was scanned, signed and approved.',
      zh: '准入策略要求每个镜像都按摘要（`名称@sha256:…`）引用，而该镜像只用标签引用。摘要唯一确定一个镜像，无法在镜像仓库中被重新指向，因此运行的镜像就是经过扫描、签名和批准的那个镜像。',
    },
    remediation: {
      en: 'Resolve the tag to its digest at release time (`skopeo inspect --format {{.Digest}} docker://…` or `crane digest`) and write `image: registry/app@sha256:…` in the manifest; tools such as kustomize `images:` or Renovate keep digests current.',
      zh: '在发布时把标签解析为摘要（`skopeo inspect --format {{.Digest}} docker://…` 或 `crane digest`），并在清单中写 `image: registry/app@sha256:…`；kustomize 的 `images:` 或 Renovate 等工具可以保持摘要更新。',
    },
    references: [K8S_IMAGES],
  },
  {
    id: 'image.signature-missing',
    severity: 'high',
    target: 'image',
    title: { en: 'Image has no required signature', zh: '镜像缺少要求的签名' },
    description: {
      en: 'The admission policy requires a cosign or Notation signature for this image and the registry holds none for its digest (no `sha256-<digest>.sig` cosign signature, no Notation signature among its referrers). Without a signature nothing shows that the image came from the trusted build pipeline rather than from whoever could push to the repository.',
      zh: '准入策略要求该镜像具有 cosign 或 Notation 签名，而镜像仓库中没有该摘要的签名（没有 `sha256-<摘要>.sig` 形式的 cosign 签名，引用者中也没有 Notation 签名）。没有签名，就无法证明镜像来自受信任的构建流水线，而不是来自任何能向该镜像库推送的人。',
    },
    remediation: {
      en: 'Sign the image digest in the build pipeline (`cosign sign --key cosign.key registry/app@sha256:…`, keyless `cosign sign registry/app@sha256:…`, or `notation sign registry/app@sha256:…`) and push the signature to the same repository; deploy by digest so the signed image is the one that runs.',
      zh: '在构建流水线中对镜像摘要签名（`cosign sign --key cosign.key registry/app@sha256:…`、无密钥方式 `cosign sign registry/app@sha256:…`，或 `notation sign registry/app@sha256:…`），并把签名推送到同一镜像库；按摘要部署，确保运行的就是已签名的镜像。',
    },
    references: [COSIGN, NOTATION],
  },
  {
    id: 'image.signature-invalid',
    severity: 'critical',
    target: 'image',
    title: { en: 'Image signature does not verify against the trusted keys or identities', zh: '镜像签名无法通过受信任密钥或身份的验证' },
    description: {
      en: 'The image has signatures, but none satisfies the policy: a signature made with an untrusted key, a certificate that does not chain to the configured Fulcio root or Notation trust store, a signer identity or OIDC issuer the policy does not list, a payload naming another digest, or tampered content. Any of these can mean the image was not produced by the trusted pipeline, so it is treated as unsigned at best and as an attack at worst. The message gives the reason for each signature found.',
      zh: '镜像带有签名，但没有一个满足策略：签名使用了不受信任的密钥，证书无法链接到配置的 Fulcio 根证书或 Notation 信任库，签名者身份或 OIDC 签发者不在策略列表中，签名载荷指向其他摘要，或内容遭到篡改。任何一种情况都可能意味着镜像并非由受信任的流水线生成，因此最好的情况是视为未签名，最坏的情况则是遭到攻击。消息中给出了每个签名未通过的原因。',
    },
    remediation: {
      en: 'Find out who produced the image and signature before anything else. If the build is legitimate, sign the exact digest with a key or identity the policy trusts (`images.signatures` in the admission policy: cosign keys, keyless Fulcio roots and identities, Rekor keys, Notation trust stores and trust policy), and keep the trust material current when keys rotate.',
      zh: '首先查明镜像和签名由谁产生。如果构建合法，则用策略信任的密钥或身份对该摘要重新签名（见准入策略的 `images.signatures`：cosign 公钥、无密钥方式的 Fulcio 根证书与身份、Rekor 公钥、Notation 信任库与信任策略），并在密钥轮换时及时更新这些信任材料。',
    },
    references: [COSIGN, NOTATION],
  },
  {
    id: 'image.vulnerabilities-over-gate',
    severity: 'high',
    target: 'image',
    title: { en: 'Image\'s latest scan has vulnerabilities over the admission gate', zh: '镜像最近一次扫描的漏洞超出准入门限' },
    description: {
      en: 'The latest Rampart scan of this image digest, kept in the result store, has unwaived failing findings at or above the severity the admission policy gates on. Findings waived at scan time count again once their waiver has expired; findings a VEX statement marks not affected or fixed do not count.',
      zh: '结果库中该镜像摘要最近一次的 Rampart 扫描，存在达到或高于准入策略门限严重程度、且未获豁免的失败发现。扫描时已豁免的发现在豁免过期后会重新计入；被 VEX 声明标记为不受影响或已修复的发现不计入。',
    },
    remediation: {
      en: 'Rebuild the image on a patched base and with the fixed package versions the findings name, scan it again (`rampart image registry/app@sha256:…`) and deploy the new digest; where a finding is not exploitable here, record a waiver with an expiry or a VEX statement instead.',
      zh: '基于已修补的基础镜像、采用发现中给出的修复版本重新构建镜像，再次扫描（`rampart image registry/app@sha256:…`）后部署新的摘要；若某个发现在此环境中无法被利用，请登记带有效期的豁免或 VEX 声明。',
    },
  },
  {
    id: 'image.not-scanned',
    severity: 'medium',
    target: 'image',
    title: { en: 'Image has never been scanned', zh: '镜像从未经过扫描' },
    description: {
      en: 'The admission policy requires a Rampart scan of every image before it runs, and the result store has no scan of this digest. Unscanned images bypass the vulnerability gate entirely; a new digest (a rebuild, a moved tag) needs its own scan.',
      zh: '准入策略要求每个镜像在运行前都经过 Rampart 扫描，而结果库中没有该摘要的扫描记录。未扫描的镜像会完全绕过漏洞门限；新的摘要（重新构建、标签移动）需要单独扫描。',
    },
    remediation: {
      en: 'Scan the image in the pipeline before it is deployed (`rampart image registry/app@sha256:…` writes the result store the webhook reads), or share the store between the scanners and the webhook so every pushed digest is scanned.',
      zh: '在部署之前于流水线中扫描镜像（`rampart image registry/app@sha256:…` 会写入准入 Webhook 读取的结果库），或让扫描器与 Webhook 共用结果库，确保每个推送的摘要都经过扫描。',
    },
  },
];
