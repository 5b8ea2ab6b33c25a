import type { Localized } from '../../model/index.js';

/** The violation messages image policies produce, in both report languages: short, naming the image and the fix. */

export const IMAGE_CHECK = {
  registryNotAllowed: 'image.registry-not-allowed',
  repositoryNotAllowed: 'image.repository-not-allowed',
  tagForbidden: 'image.tag-forbidden',
  tagNotDigest: 'image.tag-not-digest',
  signatureMissing: 'image.signature-missing',
  signatureInvalid: 'image.signature-invalid',
  vulnerabilitiesOverGate: 'image.vulnerabilities-over-gate',
  notScanned: 'image.not-scanned',
} as const;

export const ADMISSION_IMAGE_CHECK_IDS: readonly string[] = Object.values(IMAGE_CHECK);

export const messages = {
  registryNotAllowed: (image: string, registry: string, allowed: readonly string[]): Localized => ({
    en: `image ${image}: registry ${registry} is not allowed (allowed: ${allowed.join(', ')}); pull it from an approved registry`,
    zh: `镜像 ${image}：镜像仓库 ${registry} 不在允许列表中（允许：${allowed.join('、')}）；请改用经批准的镜像仓库`,
  }),
  repositoryNotAllowed: (image: string, repository: string, allowed: readonly string[]): Localized => ({
    en: `image ${image}: repository ${repository} is not allowed (allowed: ${allowed.join(', ')}); use an approved repository`,
    zh: `镜像 ${image}：镜像库 ${repository} 不在允许列表中（允许：${allowed.join('、')}）；请改用经批准的镜像库`,
  }),
  tagForbidden: (image: string, tag: string): Localized => ({
    en: `image ${image}: tag "${tag}" may not be deployed; use a versioned tag or pin the digest (@sha256:…)`,
    zh: `镜像 ${image}：不允许部署标签 "${tag}"；请使用带版本号的标签或固定摘要（@sha256:…）`,
  }),
  tagNotDigest: (image: string): Localized => ({
    en: `image ${image}: not pinned by digest; reference it as name@sha256:…`,
    zh: `镜像 ${image}：未按摘要固定；请以 名称@sha256:… 的形式引用`,
  }),
  signatureMissing: (image: string, digest: string, requirement: string, kind: string): Localized => ({
    en: `image ${image} (${digest}): no ${kind} signature found, required by "${requirement}"; sign the image and push the signature to the registry`,
    zh: `镜像 ${image}（${digest}）：未找到 ${kind} 签名，策略 "${requirement}" 要求签名；请对镜像签名并把签名推送到镜像仓库`,
  }),
  signatureInvalid: (image: string, digest: string, requirement: string, reason: string): Localized => ({
    en: `image ${image} (${digest}): no signature satisfies "${requirement}": ${reason}; sign this digest with a trusted key or identity`,
    zh: `镜像 ${image}（${digest}）：没有签名满足策略 "${requirement}"：${reason}；请用受信任的密钥或身份对该摘要签名`,
  }),
  vulnerabilitiesOverGate: (image: string, digest: string, count: number, failOn: string, examples: string, scannedAt: string): Localized => ({
    en: `image ${image} (${digest}): its latest scan (${scannedAt}) has ${count} unwaived finding(s) at or above ${failOn} (${examples}); rebuild with fixed packages or waive them`,
    zh: `镜像 ${image}（${digest}）：最近一次扫描（${scannedAt}）有 ${count} 个未豁免的 ${failOn} 及以上级别发现（${examples}）；请用已修复的软件包重新构建，或为其办理豁免`,
  }),
  notScanned: (image: string, digest: string): Localized => ({
    en: `image ${image} (${digest}): Rampart has no scan of this digest and the policy requires one; run "rampart image ${image}" first`,
    zh: `镜像 ${image}（${digest}）：Rampart 没有该摘要的扫描结果，而策略要求先扫描；请先运行 "rampart image ${image}"`,
  }),
};
