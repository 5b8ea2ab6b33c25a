import { useState, type ReactNode } from 'react';
import { api } from '../api.js';
import { ErrorNote, LoadView, PageHeading, StatusLine, useLoad, WaiverStateBadge } from '../components/common.js';
import { useApp, useT } from '../context.js';
import { canDecide, canRevoke, isOwnRequest } from '../lib/access.js';
import { formatTime, WAIVER_STATE_LABELS } from '../lib/i18n.js';
import type { WaiverRequest } from '../lib/types.js';
import { Link, navigate } from '../router.js';

const STATES = ['requested', 'approved', 'expired', 'rejected', 'revoked'] as const;

type Decided = WaiverRequest & { findingsChanged?: number };

/** The waiver queue by state; approve and reject for security administrators on requests not their own. */
export function WaiversPage({ search }: { search: string }): ReactNode {
  const t = useT();
  const { principal, permissions } = useApp();
  const state = new URLSearchParams(search).get('state') ?? 'requested';
  const [loaded, reload] = useLoad(() => api.get<WaiverRequest[]>(`/waivers${state === 'all' ? '' : `?state=${encodeURIComponent(state)}`}`), [state]);
  const [notice, setNotice] = useState<{ message: string; tone: 'ok' | 'error' }>();
  const [error, setError] = useState<Error>();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string>();

  const decide = async (request: WaiverRequest, verb: 'approve' | 'reject' | 'revoke'): Promise<void> => {
    setBusy(request.id);
    setError(undefined);
    try {
      const note = notes[request.id]?.trim();
      const decided = await api.post<Decided>(`/waivers/${encodeURIComponent(request.id)}/${verb}`, note && verb !== 'revoke' ? { note } : {});
      setNotice({ tone: 'ok', message: t('waiverDecided', { id: decided.id, state: t.label(WAIVER_STATE_LABELS[decided.state]), n: decided.findingsChanged ?? 0 }) });
      reload();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <PageHeading>{t('waiversTitle')}</PageHeading>
      <div className="filters inline">
        <label htmlFor="waiver-state">{t('showState')}</label>
        <select id="waiver-state" value={state} onChange={(e) => navigate(`/waivers?state=${e.target.value}`)}>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t.label(WAIVER_STATE_LABELS[s])}
            </option>
          ))}
          <option value="all">{t('allStates')}</option>
        </select>
      </div>
      {notice && <StatusLine tone={notice.tone} message={notice.message} />}
      {error && <ErrorNote error={error} />}
      <LoadView loaded={loaded}>
        {(requests) =>
          requests.length === 0 ? (
            <p className="muted">{t('noWaivers')}</p>
          ) : (
            <div className="table-wrap">
              <table className="waivers">
                <caption className="visually-hidden">{t('waiversTable')}</caption>
                <thead>
                  <tr>
                    <th scope="col">ID</th>
                    <th scope="col">{t('waiverState')}</th>
                    <th scope="col">{t('check')}</th>
                    <th scope="col">{t('scope')}</th>
                    <th scope="col">{t('reason')}</th>
                    <th scope="col">{t('expires')}</th>
                    <th scope="col">{t('requestedBy')}</th>
                    <th scope="col">{t('decidedBy')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {requests.map((r) => {
                    const decidable = canDecide(r, principal, permissions);
                    const revocable = canRevoke(r, permissions);
                    return (
                      <tr key={r.id} data-waiver={r.id}>
                        <th scope="row">{r.id}</th>
                        <td>
                          <WaiverStateBadge state={r.state} />
                        </td>
                        <td>
                          <code>{r.check}</code>
                        </td>
                        <td>
                          <Scope request={r} />
                        </td>
                        <td>
                          {r.reason}
                          {r.ticket && <div className="muted small">{r.ticket}</div>}
                        </td>
                        <td className="nowrap">{r.expires}</td>
                        <td>
                          {r.requestedBy}
                          <div className="muted small">{formatTime(r.requestedAt)}</div>
                        </td>
                        <td>
                          {r.decidedBy ?? t('dash')}
                          {r.decisionNote && <div className="muted small">{r.decisionNote}</div>}
                        </td>
                        <td className="actions-cell">
                          {decidable && (
                            <>
                              <label htmlFor={`note-${r.id}`} className="small">
                                {t('decisionNote', { id: r.id })}
                              </label>
                              <input id={`note-${r.id}`} value={notes[r.id] ?? ''} onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })} />
                              <div className="actions">
                                <button type="button" className="primary" disabled={busy === r.id} onClick={() => void decide(r, 'approve')} aria-label={`${t('approve')} ${r.id}`}>
                                  {t('approve')}
                                </button>
                                <button type="button" disabled={busy === r.id} onClick={() => void decide(r, 'reject')} aria-label={`${t('reject')} ${r.id}`}>
                                  {t('reject')}
                                </button>
                              </div>
                            </>
                          )}
                          {r.state === 'requested' && isOwnRequest(r, principal) && permissions.includes('waivers:decide') && <p className="muted small">{t('ownRequest')}</p>}
                          {revocable && !decidable && (
                            <button type="button" disabled={busy === r.id} onClick={() => void decide(r, 'revoke')} aria-label={`${t('revoke')} ${r.id}`}>
                              {t('revoke')}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadView>
    </>
  );
}

function Scope({ request }: { request: WaiverRequest }): ReactNode {
  const entries = Object.entries(request.scope).filter(([, v]) => v !== undefined && v !== '');
  return (
    <ul className="plain small">
      {entries.map(([key, value]) => (
        <li key={key}>
          {key === 'fingerprint' ? (
            <Link to={`/findings/${encodeURIComponent(String(value))}`}>
              <code className="fp">{String(value).slice(0, 16)}…</code>
            </Link>
          ) : (
            <>
              {key}: <code>{String(value)}</code>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
