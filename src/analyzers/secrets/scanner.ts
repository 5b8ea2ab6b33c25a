import type { FrameworkIndex } from '../../catalog/index.js';
import type { Finding, ImageFileView, ImageInfo, LayerEntry, LayerVisitor, Localized } from '../../model/index.js';
import { imageFinding, layerLabel, layerLabelZh, zhWord } from '../image/finding.js';
import type { SecretAllowList } from './allow-list.js';
import { EMPTY_ALLOW_LIST, isPathAllowListed } from './allow-list.js';
import type { SecretMatch } from './match.js';
import { SecretMatcher } from './match.js';
import type { SecretRule } from './rules.js';
import { SECRET_RULES } from './rules.js';

/**
 * `image.secret`: searches every layer's version of every text file for secrets. A file added in
 * one layer and deleted or overwritten in a later one is still in the earlier layer's blob, which
 * anyone who can pull the image can download, so every layer is searched and the finding says
 * what became of the file.
 */

export const SECRET_CHECK_ID = 'image.secret';
export const DEFAULT_MAX_SECRET_FILE_SIZE = 10 * 1024 * 1024;

export interface SecretScannerOptions {
  /** Files larger than this (bytes) are not read; default 10 MiB. */
  maxFileSize?: number;
  allowList?: SecretAllowList;
  rules?: readonly SecretRule[];
  /** When given, findings carry the controls the frameworks map `image.secret` to. */
  frameworks?: FrameworkIndex;
}

/**
 * Paths not searched, each for a reason:
 * - package documentation, manuals, translations and data (/usr/share/doc|man|info|locale…): upstream
 *   docs quote example keys, and nothing there is read as configuration;
 * - pseudo-filesystems (/proc, /sys, /dev), which hold no real files in a layer;
 * - package databases (dpkg, rpm, apk): file lists and checksums;
 * - test fixtures inside third-party package trees (node_modules, site-packages, gems, the Go module
 *   cache): crypto libraries ship test keys there that are public by definition. The
 *   application's own test folders are still searched; allow-list them by path if intended.
 */
const NOISE_PATHS: readonly RegExp[] = [
  /^\/usr\/share\/(?:doc|man|info|locale|i18n|zoneinfo|mime|icons|fonts|help|gtk-doc|licenses)\//,
  /^\/(?:proc|sys|dev)\//,
  /^\/var\/lib\/(?:dpkg|rpm|apk)\/|^\/lib\/apk\/db\/|^\/usr\/lib\/sysimage\/rpm\//,
  /\/(?:node_modules|site-packages|dist-packages|gems\/[^/]+|go\/pkg\/mod\/[^/]+)\/(?:.+\/)?(?:test|tests|__tests__|testdata|fixtures|spec)\//,
];

/**
 * Content that is not text, by extension: media, fonts, compiled code and compressed archives
 * (whose content would need unpacking: a JAR's or wheel's inner files are not searched). Anything
 * else with a NUL byte in its first 8 KiB is treated as binary too.
 */
const BINARY_EXTENSIONS =
  /\.(?:png|jpe?g|gif|bmp|ico|webp|tiff?|psd|mp[34]|m4a|ogg|wav|flac|avi|mov|mkv|webm|woff2?|ttf|otf|eot|so(?:\.\d+)*|a|o|ko|dll|exe|dylib|pyc|pyo|class|wasm|jar|war|ear|whl|egg|zip|gz|tgz|bz2|xz|zst|lz4|7z|rar|deb|rpm|apk|iso|img|db|sqlite3?|pdf)$/i;

const BINARY_SNIFF_BYTES = 8192;

interface FileHits {
  path: string;
  layer: number;
  matches: SecretMatch[];
}

export class SecretScanner implements LayerVisitor {
  private readonly maxFileSize: number;
  private readonly allowList: SecretAllowList;
  private readonly matcher: SecretMatcher;
  private readonly hits: FileHits[] = [];
  private readonly frameworks: FrameworkIndex | undefined;
  /** Files skipped as binary after sniffing, for the caller's statistics. */
  skippedBinary = 0;

  constructor(options: SecretScannerOptions = {}) {
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_SECRET_FILE_SIZE;
    this.allowList = options.allowList ?? EMPTY_ALLOW_LIST;
    this.matcher = new SecretMatcher(options.rules ?? SECRET_RULES, this.allowList);
    this.frameworks = options.frameworks;
  }

  wants(entry: LayerEntry): boolean {
    if (entry.type !== 'file' || entry.size === 0 || entry.size > this.maxFileSize) return false;
    if (BINARY_EXTENSIONS.test(entry.path)) return false;
    if (NOISE_PATHS.some((re) => re.test(entry.path))) return false;
    return !isPathAllowListed(this.allowList, entry.path);
  }

  file(entry: LayerEntry, content: Buffer | undefined): void {
    // The reader offers files over its own size limit without content.
    if (!content || content.length > this.maxFileSize) return;
    if (content.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      this.skippedBinary++;
      return;
    }
    // latin1 keeps one character per byte: cheap, and every token format is ASCII.
    const matches = this.matcher.match(content.toString('latin1'), entry.path);
    if (matches.length > 0) this.hits.push({ path: entry.path, layer: entry.layer, matches });
  }

  /** Reconciles what was found with the final view: files since deleted or replaced are still in their layer's blob. */
  finish(view: ImageFileView, image: ImageInfo): Finding[] {
    const ctx = this.frameworks ? { image, frameworks: this.frameworks } : { image };
    const findings: Finding[] = [];
    const sorted = [...this.hits].sort((a, b) => (a.path === b.path ? a.layer - b.layer : a.path < b.path ? -1 : 1));
    for (const hit of sorted) {
      const fate = fateOf(view, hit.path, hit.layer);
      const present = new Set(hit.matches.map((m) => m.rule.id));
      const ordinals = new Map<string, number>();
      for (const match of hit.matches) {
        const ordinal = (ordinals.get(match.rule.id) ?? 0) + 1;
        ordinals.set(match.rule.id, ordinal);
        const paired = match.rule.pairsWith !== undefined && present.has(match.rule.pairsWith);
        const message = describe(image, hit, match, fate, paired);
        const location: Finding['location'] = { file: hit.path, line: match.line };
        const diffId = image.layers[hit.layer]?.diffId;
        if (diffId) location.layer = diffId;
        findings.push(
          imageFinding(ctx, SECRET_CHECK_ID, {
            subject: `file:${hit.path}@layer${hit.layer + 1}:${match.rule.id}#${ordinal}`,
            message,
            location,
            evidence: match.evidence,
            severity: paired ? 'critical' : match.rule.severity,
          }),
        );
      }
    }
    return findings;
  }
}

type Fate = { kind: 'final' } | { kind: 'deleted' | 'replaced'; by: number } | { kind: 'gone' };

function fateOf(view: ImageFileView, path: string, layer: number): Fate {
  if (view.isFinal(path, layer)) return { kind: 'final' };
  const next = (view.history.get(path) ?? []).find((e) => e.layer > layer);
  if (next) return { kind: next.action === 'delete' ? 'deleted' : 'replaced', by: next.layer };
  // Neither final nor in the path's own history: a parent directory was removed or replaced.
  return { kind: 'gone' };
}

function describe(image: ImageInfo, hit: FileHits, match: SecretMatch, fate: Fate, paired: boolean): Localized {
  const { rule } = match;
  const where = layerLabel(image, hit.layer);
  const whereZh = layerLabelZh(image, hit.layer);
  let en = `${rule.title.en} in ${hit.path}, line ${match.line} (${where})`;
  let zh = `${hit.path} 第 ${match.line} 行发现${zhWord(rule.title.zh)}（${whereZh}）`;
  if (match.occurrences > 1) {
    en += `, ${match.occurrences} occurrences`;
    zh += `，共出现 ${match.occurrences} 次`;
  }
  if (paired) {
    const pair = SECRET_RULES.find((r) => r.id === rule.pairsWith);
    en += `; its counterpart (${pair?.title.en ?? rule.pairsWith}) is in the same file, which makes a usable credential`;
    zh += `；同一文件中还有与之配对的${zhWord(pair?.title.zh ?? rule.pairsWith ?? '')}，二者合起来即是可直接使用的凭据`;
  }
  switch (fate.kind) {
    case 'deleted':
      en += `; deleted in ${layerLabel(image, fate.by)}, but still recoverable from ${where}'s blob`;
      zh += `；该文件已在${layerLabelZh(image, fate.by)}删除，但仍可从${whereZh}的数据块中恢复`;
      break;
    case 'replaced':
      en += `; overwritten in ${layerLabel(image, fate.by)}, but this version is still recoverable from ${where}'s blob`;
      zh += `；该文件已在${layerLabelZh(image, fate.by)}被覆盖，但此版本仍可从${whereZh}的数据块中恢复`;
      break;
    case 'gone':
      en += `; not in the final image (a later layer removed it), but still recoverable from ${where}'s blob`;
      zh += `；最终镜像中已不存在（被后续层移除），但仍可从${whereZh}的数据块中恢复`;
      break;
    case 'final':
      break;
  }
  return { en, zh };
}
