import { CHECKS } from '../../catalog/index.js';
import type { Lang, Localized } from '../../model/index.js';

/**
 * What kubectl users read: the denial message (status.message) and warnings, in the policy's
 * language. Denials name each violated check, the fields at fault and the fix; warnings are one
 * line each and kept under 120 characters, as kubectl prints them after "Warning: ".
 */

export interface ViolationText {
  checkId: string;
  /** Field path (e.g. spec.template.spec.containers[0].securityContext.privileged) or `image` for image rules. */
  field: string;
  container?: string;
  message: Localized;
}

export const MAX_WARNING_LENGTH = 119;
/** A denial lists this many checks at most; the audit log has them all. */
const MAX_CHECKS_IN_DENIAL = 8;

/** The first sentence of each check's remediation: the fix, short enough for a terminal. */
const FIXES = new Map<string, Localized>(CHECKS.map((c) => [c.id, { en: firstSentence(c.remediation.en, 'en'), zh: firstSentence(c.remediation.zh, 'zh') }]));

function firstSentence(text: string, lang: Lang): string {
  const m = lang === 'zh' ? /^[^。]*。/.exec(text) : /^.*?[.!?](?=\s|$)/.exec(text);
  return (m ? m[0] : text).trim();
}

export function fixOf(checkId: string, lang: Lang): string | undefined {
  return FIXES.get(checkId)?.[lang];
}

export function denialMessage(subject: string, violations: readonly ViolationText[], lang: Lang): string {
  const byCheck = new Map<string, ViolationText[]>();
  for (const v of violations) {
    const list = byCheck.get(v.checkId);
    if (list) list.push(v);
    else byCheck.set(v.checkId, [v]);
  }
  const parts: string[] = [];
  for (const [checkId, list] of [...byCheck].slice(0, MAX_CHECKS_IN_DENIAL)) {
    const fields = [...new Set(list.map((v) => v.field))].join(', ');
    const fix = fixOf(checkId, lang) ?? (list[0] as ViolationText).message[lang];
    parts.push(lang === 'zh' ? `${checkId}（${fields}）：${fix}` : `${checkId} (${fields}): ${fix}`);
  }
  const more = byCheck.size - MAX_CHECKS_IN_DENIAL;
  if (lang === 'zh') {
    return `Rampart 拒绝了 ${subject}，违反 ${byCheck.size} 项检查：${parts.join('；')}${more > 0 ? `；另有 ${more} 项` : ''}`;
  }
  return `Rampart denied ${subject}: ${byCheck.size} check${byCheck.size === 1 ? '' : 's'} failed: ${parts.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** One warning per violation: `rampart: <check>: <what is wrong>`, cut to fit. */
export function warningOf(v: ViolationText, lang: Lang): string {
  return truncate(`rampart: ${v.checkId}: ${v.message[lang]}`);
}

export function moreWarnings(count: number, lang: Lang): string {
  return lang === 'zh' ? `rampart: 另有 ${count} 项违规（见审计日志）` : `rampart: and ${count} more violations (see the audit log)`;
}

export function evaluationFailedWarning(lang: Lang): string {
  return lang === 'zh' ? 'rampart: 无法评估此请求，已放行（未执行检查），事件已记录' : 'rampart: could not evaluate this request; admitted without checks (event logged)';
}

export function evaluationFailedDenial(subject: string, lang: Lang): string {
  return lang === 'zh'
    ? `Rampart 无法评估 ${subject}，该命名空间配置为评估失败即拒绝（failClosed）；请联系平台团队，事件已记录`
    : `Rampart could not evaluate ${subject} and this namespace is fail-closed; ask the platform team (event logged)`;
}

function truncate(text: string): string {
  if (text.length <= MAX_WARNING_LENGTH) return text; // UTF-16 length bounds the character count
  const chars = [...text];
  return chars.length <= MAX_WARNING_LENGTH ? text : `${chars.slice(0, MAX_WARNING_LENGTH - 1).join('')}…`;
}
