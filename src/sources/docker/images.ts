import type { HistoryEntry, ImageInfo } from '../../model/index.js';
import { runConfig, strings } from '../image/config.js';
import { isRecord } from './engine.js';

/**
 * An image as the Engine API describes it (`GET /images/{id}/json` and `/images/{id}/history`),
 * as the model's ImageInfo, so the image configuration checks (CIS Docker section 4) run on it
 * unchanged. The daemon gives no layer blobs here, only diff ids: file checks need `rampart image`.
 */
export function imageFromEngine(inspect: Record<string, unknown>, history: unknown): ImageInfo {
  const id = typeof inspect.Id === 'string' ? inspect.Id : 'unknown';
  const tags = strings(inspect.RepoTags) ?? [];
  const digests = strings(inspect.RepoDigests) ?? [];
  const c = isRecord(inspect.Config) ? inspect.Config : {};
  const config = runConfig(c, historyEntries(history));
  if (typeof inspect.Created === 'string') config.created = inspect.Created;
  const rootfs = isRecord(inspect.RootFS) ? inspect.RootFS : {};
  const image: ImageInfo = {
    reference: tags[0] ?? digests[0] ?? id,
    tags,
    configDigest: id,
    platform: { os: typeof inspect.Os === 'string' ? inspect.Os : 'linux', architecture: typeof inspect.Architecture === 'string' ? inspect.Architecture : 'unknown' },
    layers: (strings(rootfs.Layers) ?? []).map((diffId) => ({ digest: diffId, diffId, mediaType: 'application/vnd.docker.image.rootfs.diff.tar', size: 0 })),
    config,
  };
  const repoDigest = digests[0]?.split('@')[1];
  if (repoDigest) image.manifestDigest = repoDigest;
  const repository = (tags[0] ?? digests[0])?.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
  if (repository) image.repository = repository;
  return image;
}

/** `/images/{id}/history` lists newest first with Unix times; the model wants oldest first. */
function historyEntries(history: unknown): HistoryEntry[] {
  if (!Array.isArray(history)) return [];
  return history.filter(isRecord).reverse().map((h) => {
    const entry: HistoryEntry = {};
    if (typeof h.Created === 'number' && h.Created > 0) entry.created = new Date(h.Created * 1000).toISOString();
    if (typeof h.CreatedBy === 'string' && h.CreatedBy) entry.createdBy = h.CreatedBy;
    if (typeof h.Comment === 'string' && h.Comment) entry.comment = h.Comment;
    // The API has no empty_layer flag: a step that wrote nothing and is not ADD/COPY made no layer.
    if (h.Size === 0 && !/\b(?:ADD|COPY)\b/.test(entry.createdBy ?? '')) entry.emptyLayer = true;
    return entry;
  });
}
