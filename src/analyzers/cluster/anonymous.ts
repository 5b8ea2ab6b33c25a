import type { Localized } from '../../model/index.js';

/** What the anonymous probe found, one answer per path asked (see sources/kube/cluster-probe). */
export interface AnonymousAnswer {
  path: string;
  status?: number;
  detail: string;
}

export interface AnonymousViolation {
  subject: string;
  message: Localized;
  evidence: string;
}

/** A 200 to a request carrying no credentials: the API server lets anyone on the network read it. */
export function anonymousViolations(answers: readonly AnonymousAnswer[]): AnonymousViolation[] {
  return answers
    .filter((a) => a.status === 200)
    .map((a) => ({
      subject: `GET ${a.path}`,
      message: {
        en: `The API server answers GET ${a.path} without credentials (200): anonymous requests are enabled and authorised`,
        zh: `API Server 对不带凭据的 GET ${a.path} 请求返回 200：匿名请求已启用且被授权`,
      },
      evidence: `anonymous GET ${a.path} → ${a.detail}`,
    }));
}
