import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api.js';
import { ErrorNote, LoadView, PageHeading, StatusLine, useLoad } from '../components/common.js';
import { useT } from '../context.js';
import { formatTime, type StringKey } from '../lib/i18n.js';
import type { AuditEntry, VerifyResult } from '../lib/types.js';
import { navigate } from '../router.js';

const PAGE_SIZE = 100;
const OUTCOME_KEYS: Record<AuditEntry['outcome'], StringKey> = { success: 'outcomeSuccess', failure: 'outcomeFailure', denied: 'outcomeDenied' };

/** The audit trail for auditors: newest first, filter by actor and action, older pages by sequence number, and the chain check. */
export function AuditPage({ search }: { search: string }): ReactNode {
  const t = useT();
  const params = new URLSearchParams(search);
  const actor = params.get('actor') ?? '';
  const action = params.get('action') ?? '';
  const beforeSeq = params.get('beforeSeq') ?? '';
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(actor ? { actor } : {}), ...(action ? { action } : {}), ...(beforeSeq ? { beforeSeq } : {}) }).toString();
  const [loaded] = useLoad(() => api.get<{ items: AuditEntry[] }>(`/audit?${query}`), [query]);
  const [draftActor, setDraftActor] = useState(actor);
  const [draftAction, setDraftAction] = useState(action);
  const [verifying, setVerifying] = useState(false);
  const [verdict, setVerdict] = useState<VerifyResult>();
  const [error, setError] = useState<Error>();

  const verify = async (): Promise<void> => {
    setVerifying(true);
    setError(undefined);
    setVerdict(undefined);
    try {
      setVerdict(await api.get<VerifyResult>('/audit/verify'));
    } catch (err) {
      setError(err as Error);
    } finally {
      setVerifying(false);
    }
  };
  const apply = (event: FormEvent): void => {
    event.preventDefault();
    const next = new URLSearchParams({ ...(draftActor.trim() ? { actor: draftActor.trim() } : {}), ...(draftAction.trim() ? { action: draftAction.trim() } : {}) }).toString();
    navigate(`/audit${next ? `?${next}` : ''}`);
  };

  return (
    <>
      <PageHeading>{t('auditTitle')}</PageHeading>
      <p className="muted">{t('auditIntro')}</p>
      <div className="verify">
        <button type="button" className="primary" onClick={() => void verify()} disabled={verifying}>
          {verifying ? t('verifying') : t('verifyChain')}
        </button>
        <div aria-live="polite" role="status" className="verify-result">
          {verdict &&
            (verdict.ok ? (
              <p className="note note-waived">{t('chainOk', { n: verdict.entries, first: verdict.firstSeq, last: verdict.lastSeq })}</p>
            ) : (
              <p className="note note-error">{t('chainBroken', { seq: verdict.seq, reason: verdict.reason })}</p>
            ))}
        </div>
        {error && <ErrorNote error={error} />}
      </div>
      <form className="filters inline" onSubmit={apply} aria-label={t('filters')}>
        <div className="field">
          <label htmlFor="audit-actor">{t('actor')}</label>
          <input id="audit-actor" value={draftActor} onChange={(e) => setDraftActor(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('action')}</label>
          <input id="audit-action" value={draftAction} placeholder="waiver.approve" onChange={(e) => setDraftAction(e.target.value)} />
        </div>
        <button type="submit">{t('applyFilters')}</button>
      </form>
      <LoadView loaded={loaded}>
        {({ items }) => (
          <>
            <StatusLine message={t('auditLoaded', { count: items.length })} />
            {items.length === 0 ? (
              <p className="muted">{t('noAuditEntries')}</p>
            ) : (
              <div className="table-wrap">
                <table className="audit">
                  <caption className="visually-hidden">{t('auditTable')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="n">{t('seq')}</th>
                      <th scope="col">{t('time')}</th>
                      <th scope="col">{t('actor')}</th>
                      <th scope="col">{t('action')}</th>
                      <th scope="col">{t('target')}</th>
                      <th scope="col">{t('outcome')}</th>
                      <th scope="col">{t('sourceIp')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((e) => (
                      <tr key={e.seq} className={`outcome-${e.outcome}`}>
                        <th scope="row" className="n">{e.seq}</th>
                        <td className="nowrap">{formatTime(e.time)}</td>
                        <td>{e.actor}</td>
                        <td>
                          <code>{e.action}</code>
                        </td>
                        <td>{e.target ?? ''}</td>
                        <td>{t(OUTCOME_KEYS[e.outcome])}</td>
                        <td>{e.sourceIp ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <nav className="pager" aria-label={t('auditTable')}>
              {beforeSeq && (
                <button type="button" onClick={() => navigate(`/audit?${new URLSearchParams({ ...(actor ? { actor } : {}), ...(action ? { action } : {}) }).toString()}`)}>
                  {t('newestEntries')}
                </button>
              )}
              {items.length === PAGE_SIZE && (
                <button type="button" onClick={() => navigate(`/audit?${new URLSearchParams({ ...(actor ? { actor } : {}), ...(action ? { action } : {}), beforeSeq: String(items[items.length - 1]!.seq) }).toString()}`)}>
                  {t('olderEntries')}
                </button>
              )}
            </nav>
          </>
        )}
      </LoadView>
    </>
  );
}
