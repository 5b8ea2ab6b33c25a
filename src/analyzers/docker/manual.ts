import { HOST_CHECK_INFO, HOST_MANUAL_REVIEW } from '../../catalog/checks/host.js';
import type { Localized } from '../../model/index.js';
import type { NodeFindings } from '../node/context.js';

/** Lists a check that needs a person as not evaluated, saying what to look at and what was seen. */
export function manual(out: NodeFindings, id: string, subject: string, evidence?: string): void {
  const lookAt = HOST_MANUAL_REVIEW.get(id) as Localized;
  const cis = HOST_CHECK_INFO.get(id)?.cis;
  out.notEvaluated(id, subject, { en: `Manual review (CIS Docker ${cis}): ${lookAt.en}`, zh: `需人工审核（CIS Docker ${cis}）：${lookAt.zh}` }, evidence);
}
