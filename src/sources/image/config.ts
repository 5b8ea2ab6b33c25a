import type { HistoryEntry, ImageConfig, Platform } from '../../model/image.js';
import { ImageError } from './errors.js';
import { isObject } from './manifest.js';

/** The image configuration blob (OCI / Docker image JSON) as the model's ImageConfig. */

export interface ParsedConfig {
  config: ImageConfig;
  /** `rootfs.diff_ids`, one per layer. */
  diffIds: string[];
  platform: Platform;
  /** `created_by` of the history entries that made a layer, in layer order. */
  layerCreatedBy: Array<string | undefined>;
}

export function parseImageConfig(reference: string, body: Buffer): ParsedConfig {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ImageError(reference, `image configuration is not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(json)) throw new ImageError(reference, 'image configuration is not a JSON object');
  const rootfs = isObject(json.rootfs) ? json.rootfs : {};
  const diffIds = Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids : undefined;
  if (!diffIds || !diffIds.every((d): d is string => typeof d === 'string' && /^sha256:[a-f0-9]{64}$/.test(d))) {
    throw new ImageError(reference, 'image configuration has no valid rootfs.diff_ids');
  }
  const c = isObject(json.config) ? json.config : {};
  const history: HistoryEntry[] = (Array.isArray(json.history) ? json.history : []).filter(isObject).map((h) => {
    const entry: HistoryEntry = {};
    if (typeof h.created === 'string') entry.created = h.created;
    if (typeof h.created_by === 'string') entry.createdBy = h.created_by;
    if (typeof h.comment === 'string') entry.comment = h.comment;
    if (h.empty_layer === true) entry.emptyLayer = true;
    return entry;
  });
  const config = runConfig(c, history);
  if (typeof json.created === 'string') config.created = json.created;
  const platform: Platform = {
    os: typeof json.os === 'string' ? json.os : 'linux',
    architecture: typeof json.architecture === 'string' ? json.architecture : 'unknown',
  };
  if (typeof json.variant === 'string') platform.variant = json.variant;
  // History entries without empty_layer made the layers, in order; when the counts disagree
  // (hand-made configs) the mapping is not trustworthy and is left out.
  const layerHistory = history.filter((h) => !h.emptyLayer);
  const layerCreatedBy = layerHistory.length === diffIds.length ? layerHistory.map((h) => h.createdBy) : diffIds.map(() => undefined);
  return { config, diffIds, platform, layerCreatedBy };
}

/**
 * The run settings of an image (`config` of the OCI/Docker image JSON; `Config` of the Docker
 * Engine's image inspect, which has the same fields) as the model's ImageConfig.
 */
export function runConfig(c: Record<string, unknown>, history: HistoryEntry[]): ImageConfig {
  const config: ImageConfig = {
    env: strings(c.Env) ?? [],
    exposedPorts: isObject(c.ExposedPorts) ? Object.keys(c.ExposedPorts) : [],
    labels: isObject(c.Labels) ? Object.fromEntries(Object.entries(c.Labels).filter((e): e is [string, string] => typeof e[1] === 'string')) : {},
    history,
  };
  if (typeof c.User === 'string' && c.User !== '') config.user = c.User;
  const entrypoint = strings(c.Entrypoint);
  if (entrypoint) config.entrypoint = entrypoint;
  const cmd = strings(c.Cmd);
  if (cmd) config.cmd = cmd;
  if (typeof c.WorkingDir === 'string' && c.WorkingDir !== '') config.workingDir = c.WorkingDir;
  if (isObject(c.Healthcheck)) {
    const test = strings(c.Healthcheck.Test);
    if (test) config.healthcheck = { test };
  }
  return config;
}

export function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined;
}
