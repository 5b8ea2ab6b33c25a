import { controlsOfCheck, getCheck, type FrameworkIndex } from '../../catalog/index.js';
import type { Finding, ImageInfo, Localized, Location, Severity } from '../../model/index.js';
import { fingerprint, imageAsset } from '../../model/index.js';

/** What every image analyzer needs to turn a verdict into a Finding. */
export interface ImageFindingContext {
  image: ImageInfo;
  /** When given, findings carry the controls the frameworks map their check to; else `[]`. */
  frameworks?: FrameworkIndex;
}

export interface ImageVerdict {
  subject: string;
  message: Localized;
  location?: Location;
  evidence?: string;
  /** Overrides the catalogue severity where one check covers cases of different weight. */
  severity?: Severity;
  status?: Finding['status'];
  reason?: Localized;
}

export function imageFinding(ctx: ImageFindingContext, checkId: string, verdict: ImageVerdict): Finding {
  const check = getCheck(checkId);
  const asset = imageAsset(ctx.image);
  const finding: Finding = {
    fingerprint: fingerprint(checkId, asset.ref, verdict.subject),
    checkId,
    severity: verdict.severity ?? check.severity,
    status: verdict.status ?? 'fail',
    message: verdict.message,
    asset,
    subject: verdict.subject,
    location: verdict.location ?? {},
    controls: ctx.frameworks ? controlsOfCheck(ctx.frameworks, checkId) : [],
  };
  if (verdict.evidence !== undefined) finding.evidence = verdict.evidence;
  if (verdict.reason !== undefined) finding.reason = verdict.reason;
  return finding;
}

/** `layer 3 (sha256:0123456789ab)`: 1-based, as `docker history` counts from the base, with a short diffId. */
export function layerLabel(image: ImageInfo, layer: number): string {
  const diffId = image.layers[layer]?.diffId ?? '';
  const short = diffId.replace(/^sha256:/, '').slice(0, 12);
  return short ? `layer ${layer + 1} (${short})` : `layer ${layer + 1}`;
}

export function layerLabelZh(image: ImageInfo, layer: number): string {
  const diffId = image.layers[layer]?.diffId ?? '';
  const short = diffId.replace(/^sha256:/, '').slice(0, 12);
  return short ? `第 ${layer + 1} 层（${short}）` : `第 ${layer + 1} 层`;
}

/** A Latin word inside Chinese text reads better with a space before it (`发现 npm 访问令牌`). */
export function zhWord(text: string): string {
  return /^[A-Za-z0-9.]/.test(text) ? ` ${text}` : text;
}
