import { SbomCollector } from '../../analyzers/sbom/index.js';
import type { ImageInUse } from '../../analyzers/cluster/images-in-use.js';
import type { FrameworkIndex } from '../../catalog/index.js';
import type { Finding, ImageRecord, Lang } from '../../model/index.js';
import { imageAsset, imageRef } from '../../model/index.js';
import { ImageError, openImage, parseImageInput, type OpenImageOptions } from '../../sources/image/index.js';
import { vulnerabilityFindings, type VulnContext, type VulnScanOptions } from '../scan-report.js';

/**
 * `rampart cluster --scanners vuln`: each image in use is pulled and scanned once, by digest when
 * the pods reported one, however many workloads run it (a tag-only reference that resolves to an
 * image already scanned is not scanned again). An image that cannot be pulled is an
 * input error naming it; the others carry on.
 */

export interface ImageScanOutcome {
  findings: Finding[];
  records: ImageRecord[];
  errors: { source: string; message: string }[];
}

export async function scanImagesInUse(
  images: readonly ImageInUse[],
  ctx: VulnContext,
  options: VulnScanOptions & { open?: OpenImageOptions; lang: Lang; frameworks: FrameworkIndex; warn: (line: string) => void; onImage?: (index: number, total: number, reference: string) => void },
): Promise<ImageScanOutcome> {
  const outcome: ImageScanOutcome = { findings: [], records: [], errors: [] };
  let index = 0;
  // Manifest digest → the reference scanned for it: a tag-only reference (a pod not started yet) may resolve to an image already scanned.
  const scannedAs = new Map<string, string>();
  // Pinned references first, so an image is recorded under the digest the kubelet reported.
  const ordered = [...images.filter((i) => i.digest), ...images.filter((i) => !i.digest)];
  for (const image of ordered) {
    options.onImage?.(index++, images.length, image.reference);
    try {
      const opened = await openImage(parseImageInput(image.reference), options.open ?? {});
      try {
        const digest = opened.info.manifestDigest ?? opened.info.configDigest;
        const first = scannedAs.get(digest);
        if (first !== undefined) {
          options.warn(`${image.reference}: same image as ${first}, scanned once`);
          continue;
        }
        scannedAs.set(digest, image.reference);
        const collector = new SbomCollector();
        const view = await opened.readLayers([collector], {});
        const inventory = collector.finish(view, opened.info.layers);
        const info = opened.info;
        outcome.findings.push(...vulnerabilityFindings(inventory, imageAsset(info), ctx, options, options.frameworks, options.lang, options.warn));
        const record: ImageRecord = {
          reference: image.reference,
          ref: imageRef(info),
          configDigest: info.configDigest,
          platform: `${info.platform.os}/${info.platform.architecture}${info.platform.variant ? `/${info.platform.variant}` : ''}`,
          layers: info.layers.length,
          packages: inventory.packages.length,
        };
        if (info.manifestDigest) record.manifestDigest = info.manifestDigest;
        if (inventory.os?.name) record.os = inventory.os.name;
        outcome.records.push(record);
      } finally {
        opened.close();
      }
    } catch (err) {
      if (!(err instanceof ImageError)) throw err;
      outcome.errors.push({ source: image.reference, message: `image in use by ${image.workloads.slice(0, 3).join(', ')}${image.workloads.length > 3 ? ` and ${image.workloads.length - 3} more` : ''} not scanned: ${err.message}` });
    }
  }
  return outcome;
}
