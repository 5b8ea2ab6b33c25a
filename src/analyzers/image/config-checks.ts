import type { Finding } from '../../model/index.js';
import type { ImageFindingContext } from './finding.js';
import { imageFinding } from './finding.js';
import { historyInstructions, type HistoryInstruction } from './history.js';

/**
 * Checks of the image configuration and build history (CIS Docker Benchmark section 4 and common
 * hardening): who the image runs as, health check, how it was built, how old it is, and what name
 * it was referenced by. No file content is needed.
 */

export interface ImageConfigCheckOptions {
  /** The scan's clock, for `image.too-old`; default now. */
  now?: Date;
  /** Images built longer ago than this fail `image.too-old`; default 365 days. */
  maxAgeDays?: number;
}

export const DEFAULT_MAX_IMAGE_AGE_DAYS = 365;

export function checkImageConfig(ctx: ImageFindingContext, options: ImageConfigCheckOptions = {}): Finding[] {
  const history = historyInstructions(ctx.image);
  return [
    ...userRoot(ctx),
    ...healthcheckMissing(ctx),
    ...updateAlone(ctx, history),
    ...addInstruction(ctx, history),
    ...tooOld(ctx, options),
    ...latestTag(ctx),
  ];
}

/** CIS 4.1. `USER` empty, `root`, `0`, or `0:<group>` all mean uid 0. */
export function userRoot(ctx: ImageFindingContext): Finding[] {
  const user = (ctx.image.config.user ?? '').trim();
  const name = user.split(':')[0] ?? '';
  if (name !== '' && name !== 'root' && name !== '0') return [];
  const message =
    user === ''
      ? { en: 'The image sets no USER, so its processes run as root', zh: '镜像未设置 USER，其进程将以 root 身份运行' }
      : { en: `The image runs as root (USER ${user})`, zh: `镜像以 root 身份运行（USER ${user}）` };
  return [imageFinding(ctx, 'image.user-root', { subject: 'config.User', message, location: { path: 'config.User' }, evidence: `USER ${user || '(unset)'}` })];
}

/** CIS 4.6. `HEALTHCHECK NONE` is recorded as `test: ['NONE']` and counts as none. */
export function healthcheckMissing(ctx: ImageFindingContext): Finding[] {
  const test = ctx.image.config.healthcheck?.test ?? [];
  if (test.length > 0 && test[0] !== 'NONE') return [];
  const message =
    test[0] === 'NONE'
      ? { en: 'The image disables its health check (HEALTHCHECK NONE)', zh: '镜像通过 HEALTHCHECK NONE 关闭了健康检查' }
      : { en: 'The image defines no HEALTHCHECK', zh: '镜像未定义 HEALTHCHECK' };
  return [imageFinding(ctx, 'image.healthcheck-missing', { subject: 'config.Healthcheck', message, location: { path: 'config.Healthcheck' } })];
}

const INDEX_REFRESH =
  /\b(?:apt-get|apt|aptitude)\s+(?:-\S+\s+)*update\b|\bapk\s+(?:-\S+\s+)*update\b|\b(?:yum|dnf|microdnf|tdnf)\s+(?:-\S+\s+)*(?:update|upgrade|makecache|check-update)\b|\bzypper\s+(?:-\S+\s+)*(?:refresh|ref)\b/;
const INSTALL =
  /\b(?:apt-get|apt|aptitude)\s+(?:-\S+\s+)*(?:install|upgrade|dist-upgrade|full-upgrade)\b|\bapk\s+(?:-\S+\s+)*(?:add|upgrade)\b|\b(?:yum|dnf|microdnf|tdnf)\s+(?:-\S+\s+)*(?:install|reinstall|groupinstall)\b|\bzypper\s+(?:-\S+\s+)*(?:install|in|update|up)\b/;

/**
 * CIS 4.7. A `RUN` that refreshes the package index (or runs `yum update`) without installing in
 * the same step leaves a layer the build cache reuses: later builds install from a stale index.
 */
export function updateAlone(ctx: ImageFindingContext, history: readonly HistoryInstruction[]): Finding[] {
  const out: Finding[] = [];
  for (const step of history) {
    if (step.instruction !== 'RUN') continue;
    const refresh = INDEX_REFRESH.exec(step.args);
    if (!refresh || INSTALL.test(step.args)) continue;
    out.push(
      imageFinding(ctx, 'image.update-alone', {
        subject: `history:${step.index}`,
        message: {
          en: `Build step ${step.index + 1} runs \`${refresh[0]}\` without installing anything in the same RUN`,
          zh: `第 ${step.index + 1} 个构建步骤执行了 \`${refresh[0]}\`，但同一个 RUN 中没有安装任何软件包`,
        },
        location: { path: `history[${step.index}].created_by` },
        evidence: refresh[0],
      }),
    );
  }
  return out;
}

const ARCHIVE = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tar\.lz4)$/i;
const REMOTE = /^(?:https?:\/\/|git@|ssh:\/\/|git:\/\/)/i;

/**
 * CIS 4.9. `ADD` fetches URLs and unpacks archives implicitly; `COPY` does neither. The base
 * image's root filesystem (an `ADD` into `/` as the first layer) is how base images are made and is
 * not reported.
 */
export function addInstruction(ctx: ImageFindingContext, history: readonly HistoryInstruction[]): Finding[] {
  const out: Finding[] = [];
  const firstLayerStep = history.find((s) => !s.emptyLayer)?.index;
  for (const step of history) {
    if (step.instruction !== 'ADD') continue;
    const { sources, dest, flags } = parseAdd(step.args);
    if (step.index === firstLayerStep && dest === '/') continue;
    const remote = sources.filter((s) => REMOTE.test(s));
    const archives = sources.filter((s) => ARCHIVE.test(s));
    const verified = flags.some((f) => f.startsWith('--checksum='));
    let en: string;
    let zh: string;
    let severity: Finding['severity'] = 'low';
    if (remote.length > 0) {
      en = `Build step ${step.index + 1} uses ADD to download ${remote.map(redactUrl).join(', ')}${verified ? ' (checksum pinned)' : ', unverified,'} into the image`;
      zh = `第 ${step.index + 1} 个构建步骤使用 ADD 下载 ${remote.map(redactUrl).join('、')} 到镜像中${verified ? '（已固定校验和）' : '，且未校验内容'}`;
      if (!verified) severity = 'medium';
    } else if (archives.length > 0) {
      en = `Build step ${step.index + 1} uses ADD, which silently unpacks the archive ${archives.join(', ')}`;
      zh = `第 ${step.index + 1} 个构建步骤使用 ADD，会自动解压归档文件 ${archives.join('、')}`;
    } else {
      en = `Build step ${step.index + 1} uses ADD where COPY would do`;
      zh = `第 ${step.index + 1} 个构建步骤使用了 ADD，而 COPY 即可满足需要`;
    }
    out.push(
      imageFinding(ctx, 'image.add-instruction', {
        subject: `history:${step.index}`,
        message: { en, zh },
        location: { path: `history[${step.index}].created_by` },
        evidence: `ADD ${[...flags, ...sources.map(redactUrl), dest].join(' ')}`,
        severity,
      }),
    );
  }
  return out;
}

/** Legacy builder: `file:<hash> in /dest`; BuildKit: `[--flags] src… dest`. */
function parseAdd(args: string): { sources: string[]; dest: string; flags: string[] } {
  const legacy = /^(\S+) in (\S+)\s*$/.exec(args);
  if (legacy) return { sources: [legacy[1] as string], dest: legacy[2] as string, flags: [] };
  const tokens = args.split(/\s+/).filter(Boolean);
  const flags = tokens.filter((t) => t.startsWith('--'));
  const rest = tokens.filter((t) => !t.startsWith('--'));
  return { sources: rest.slice(0, -1), dest: rest.at(-1) ?? '', flags };
}

/** URLs may carry credentials in the user part or a signed query: keep neither. */
function redactUrl(source: string): string {
  return source.replace(/^([a-z+]+:\/\/)[^/@\s]+@/i, '$1***@').replace(/\?.*$/, '?…');
}

const DAY_MS = 86_400_000;
/** Reproducible builds stamp 1970-01-01 (SOURCE_DATE_EPOCH=0); such a date says nothing about age. */
const PLACEHOLDER_BEFORE = Date.UTC(2000, 0, 1);

/** CIS 4.4 (rebuilt to include security patches): the configuration's `created` date against a limit. */
export function tooOld(ctx: ImageFindingContext, options: ImageConfigCheckOptions = {}): Finding[] {
  const now = options.now ?? new Date();
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_MAX_IMAGE_AGE_DAYS;
  const created = ctx.image.config.created;
  const time = created ? Date.parse(created) : Number.NaN;
  const base = { subject: 'config.created', location: { path: 'config.created' } };
  if (Number.isNaN(time) || time < PLACEHOLDER_BEFORE) {
    return [
      imageFinding(ctx, 'image.too-old', {
        ...base,
        status: 'not-evaluated',
        message: { en: 'The image\'s build date is unknown', zh: '无法确定镜像的构建日期' },
        reason: created
          ? { en: `config.created is ${created}, a placeholder that reproducible builds write`, zh: `config.created 为 ${created}，这是可复现构建写入的占位日期` }
          : { en: 'the image configuration records no created date', zh: '镜像配置中没有记录创建日期' },
        ...(created ? { evidence: `created ${created}` } : {}),
      }),
    ];
  }
  const ageDays = Math.floor((now.getTime() - time) / DAY_MS);
  if (ageDays <= maxAgeDays) return [];
  const day = new Date(time).toISOString().slice(0, 10);
  return [
    imageFinding(ctx, 'image.too-old', {
      ...base,
      message: {
        en: `The image was built ${ageDays} days ago (${day}), more than the ${maxAgeDays}-day limit`,
        zh: `镜像构建于 ${ageDays} 天前（${day}），超过了 ${maxAgeDays} 天的期限`,
      },
      evidence: `created ${created}`,
    }),
  ];
}

/**
 * The reference the image was scanned by: `:latest`, or a name with neither tag nor digest (which
 * means `:latest`), is a moving target. For archives, the tags recorded in the archive are judged.
 */
export function latestTag(ctx: ImageFindingContext): Finding[] {
  const { image } = ctx;
  const base = { subject: 'reference', location: {} };
  if (isArchiveReference(image.reference)) {
    if (image.tags.length === 0) {
      return [
        imageFinding(ctx, 'image.latest-tag', {
          ...base,
          message: { en: `The image in ${image.reference} carries no tag or name`, zh: `${image.reference} 中的镜像没有任何标签或名称` },
          evidence: image.reference,
        }),
      ];
    }
    // OCI layouts record a bare tag (`1.4.2`, the ref.name annotation); docker archives a full name.
    const tagIn = (t: string): string | undefined => (t.includes(':') || t.includes('/') ? tagOf(t) : t);
    const latest = image.tags.filter((t) => tagIn(t) === 'latest' || tagIn(t) === undefined);
    if (latest.length === 0) return [];
    return [
      imageFinding(ctx, 'image.latest-tag', {
        ...base,
        message: { en: `The image is tagged ${latest.join(', ')}, a tag that moves`, zh: `镜像的标签为 ${latest.join('、')}，该标签会随时变动` },
        evidence: latest.join(', '),
      }),
    ];
  }
  if (image.reference.includes('@sha256:')) return [];
  const tag = tagOf(image.reference);
  if (tag !== undefined && tag !== 'latest') return [];
  return [
    imageFinding(ctx, 'image.latest-tag', {
      ...base,
      message:
        tag === 'latest'
          ? { en: `The image is referenced as ${image.reference}, a tag that moves`, zh: `镜像以 ${image.reference} 引用，该标签会随时变动` }
          : { en: `The image is referenced as ${image.reference}, with neither tag nor digest, which means :latest`, zh: `镜像以 ${image.reference} 引用，既无标签也无摘要，等同于 :latest` },
      evidence: image.reference,
    }),
  ];
}

/** The tag of `registry:5000/team/app:1.2`, or undefined when there is none (the port is not a tag). */
export function tagOf(reference: string): string | undefined {
  const name = reference.split('@')[0] ?? '';
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon === -1 ? undefined : last.slice(colon + 1);
}

function isArchiveReference(reference: string): boolean {
  return /^(?:\/|\.\.?\/|docker-archive:|oci-archive:|oci:|dir:)/.test(reference) || /\.(?:tar|tar\.gz|tgz)$/i.test(reference);
}
