import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api.js';
import { ErrorNote, LoadView, PageHeading, SeverityBadge, StatusBadge, StatusLine, useLoad, WaiverStateBadge } from '../components/common.js';
import { useApp, useT } from '../context.js';
import { formatTime, STATUS_LABELS } from '../lib/i18n.js';
import type { HistoryEntry, StoredFinding, WaiverRequest } from '../lib/types.js';
import { Link } from '../router.js';

type Detail = StoredFinding & { history: HistoryEntry[] };

/** One finding: what, where, the evidence, how to fix it, the controls it evidences, its history and its waivers. */
export function FindingDetailPage({ fingerprint }: { fingerprint: string }): ReactNode {
  const t = useT();
  const { permissions } = useApp();
  const [loaded, reload] = useLoad(() => api.get<Detail>(`/findings/${encodeURIComponent(fingerprint)}`), [fingerprint]);
  const [waivers, reloadWaivers] = useLoad(() => api.get<WaiverRequest[]>('/waivers'), [fingerprint]);

  return (
    <>
      <p>
        <Link to="/findings">← {t('backToFindings')}</Link>
      </p>
      <LoadView loaded={loaded}>
        {(detail) => (
          <FindingView
            detail={detail}
            requests={waivers.state === 'ok' ? waivers.data.filter((w) => w.scope.fingerprint === detail.fingerprint) : []}
            canRequest={permissions.includes('waivers:request') && detail.status === 'fail'}
            onRequested={() => {
              reload();
              reloadWaivers();
            }}
          />
        )}
      </LoadView>
    </>
  );
}

function FindingView({ detail, requests, canRequest, onRequested }: { detail: Detail; requests: WaiverRequest[]; canRequest: boolean; onRequested: () => void }): ReactNode {
  const t = useT();
  const { catalogue, teams } = useApp();
  const f = detail.finding;
  const check = catalogue?.checks[detail.checkId];
  const [formOpen, setFormOpen] = useState(false);
  const [notice, setNotice] = useState<string>();
  const location = f.location ?? {};
  const vuln = f.vulnerability;
  const [requested, setRequested] = useState(false);
  const pending = requested || requests.some((r) => r.state === 'requested');
  // The scan's own waiver reference, else the platform's approved request naming this finding (decided after the scan).
  const approved = requests.find((r) => r.state === 'approved');
  const waiver = f.waiver ?? (approved ? { id: approved.id, reason: approved.reason, approver: approved.decidedBy ?? '', expires: approved.expires } : undefined);

  return (
    <article className={`finding-detail sev-${detail.severity}`}>
      <PageHeading>
        <code>{detail.checkId}</code> {check && <span className="check-title">{t.label(check.title)}</span>}
      </PageHeading>
      <p className="badges">
        <SeverityBadge severity={detail.severity} /> <StatusBadge status={detail.status} />
      </p>
      <p className="message">{t.label(f.message)}</p>
      {waiver && detail.status === 'waived' && <p className="note note-waived">{t('activeWaiver', { id: waiver.id, reason: waiver.reason, approver: waiver.approver, expires: waiver.expires })}</p>}
      {f.expiredWaiver && <p className="note note-expired">{t('expiredWaiverNote', { id: f.expiredWaiver.id, date: f.expiredWaiver.expires })}</p>}
      {f.reason && detail.status === 'not-evaluated' && <p className="note note-not-evaluated">{t('notEvaluatedReason', { reason: t.label(f.reason) })}</p>}

      <dl className="details">
        <dt>{t('asset')}</dt>
        <dd>
          {detail.assetName} <span className="muted small">{detail.assetRef}</span>
        </dd>
        {detail.subject && (
          <>
            <dt>{t('subject')}</dt>
            <dd>{detail.subject}</dd>
          </>
        )}
        <dt>{t('cluster')}</dt>
        <dd>{detail.cluster || t('dash')}</dd>
        <dt>{t('namespace')}</dt>
        <dd>{detail.namespace || t('dash')}</dd>
        <dt>{t('owner')}</dt>
        <dd>{detail.owner ? (teams.find((team) => team.id === detail.owner)?.name ?? detail.owner) : t('unowned')}</dd>
        <dt>{t('location')}</dt>
        <dd>
          {location.file || location.path || location.layer ? (
            <ul className="plain">
              {location.file && (
                <li>
                  {t('file')}: <code>{location.file}</code>
                  {location.line ? ` (${t('line')} ${location.line})` : ''}
                </li>
              )}
              {location.path && (
                <li>
                  {t('jsonPath')}: <code>{location.path}</code>
                </li>
              )}
              {location.layer && (
                <li>
                  {t('layer')}: <code>{location.layer}</code>
                </li>
              )}
            </ul>
          ) : (
            t('dash')
          )}
        </dd>
        {f.evidence && (
          <>
            <dt>{t('evidence')}</dt>
            <dd>
              <pre className="evidence">{f.evidence}</pre>
            </dd>
          </>
        )}
        {vuln && (
          <>
            <dt>{t('vulnerability')}</dt>
            <dd>
              <code>{vuln.id}</code> {vuln.title}
              {f.package && (
                <div>
                  {t('package')}: <code>{f.package.name}</code> · {t('installed')} <code>{vuln.installedVersion}</code> ·{' '}
                  {vuln.fixedVersion ? (
                    <>
                      {t('fixedIn')} <code>{vuln.fixedVersion}</code>
                    </>
                  ) : (
                    t('noFix', { status: vuln.status })
                  )}
                </div>
              )}
            </dd>
          </>
        )}
        <dt>{t('firstSeen')}</dt>
        <dd>{formatTime(detail.firstSeen)}</dd>
        <dt>{t('lastSeen')}</dt>
        <dd>{formatTime(detail.lastSeen)}</dd>
        <dt>{t('fingerprint')}</dt>
        <dd>
          <code className="fp">{detail.fingerprint}</code>
        </dd>
      </dl>

      {check && (
        <section aria-labelledby="remediation-heading">
          <h2 id="remediation-heading">{t('remediation')}</h2>
          <p>
            <WithCode text={t.label(check.remediation)} />
          </p>
          <h3>{t('description')}</h3>
          <p className="muted">
            <WithCode text={t.label(check.description)} />
          </p>
        </section>
      )}

      <section aria-labelledby="controls-heading">
        <h2 id="controls-heading">{t('controls')}</h2>
        {detail.controls.length === 0 ? (
          <p className="muted">{t('none')}</p>
        ) : (
          <ul className="control-list">
            {detail.controls.map((c) => (
              <li key={c}>
                <code>{c}</code> {t.label(catalogue?.controls[c])}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('history')}</h2>
        <table>
          <caption className="visually-hidden">{t('history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('change')}</th>
              <th scope="col">{t('by')}</th>
            </tr>
          </thead>
          <tbody>
            {orderedHistory(detail.history).map((h, i) => (
              <tr key={i}>
                <td className="nowrap">{formatTime(h.at)}</td>
                <td>
                  {h.from ? t('historyChange', { from: t.label(STATUS_LABELS[h.from]), to: t.label(STATUS_LABELS[h.to]) }) : t('historyNew', { to: t.label(STATUS_LABELS[h.to]) })}
                  {h.scanId !== undefined && <span className="muted small"> · {t('scan', { id: h.scanId })}</span>}
                </td>
                <td>{h.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="waiver-heading">
        <h2 id="waiver-heading">{t('waiver')}</h2>
        <h3>{t('requestsForFinding')}</h3>
        {requests.length === 0 ? (
          <p className="muted">{t('noRequestsForFinding')}</p>
        ) : (
          <ul className="plain requests">
            {requests.map((r) => (
              <li key={r.id}>
                <WaiverStateBadge state={r.state} /> <Link to={`/waivers?state=${r.state}`}>{r.id}</Link> — {r.reason} ({t('expires')} {r.expires}; {t('requestedBy')} {r.requestedBy})
              </li>
            ))}
          </ul>
        )}
        {notice && <StatusLine tone="ok" message={notice} />}
        {canRequest && !pending && !formOpen && (
          <button type="button" className="primary" onClick={() => setFormOpen(true)}>
            {t('requestWaiver')}
          </button>
        )}
        {formOpen && (
          <WaiverRequestForm
            finding={detail}
            onCancel={() => setFormOpen(false)}
            onDone={(request) => {
              setFormOpen(false);
              setRequested(true);
              setNotice(t('requestSubmitted', { id: request.id }));
              onRequested();
            }}
          />
        )}
      </section>
    </article>
  );
}

/** Catalogue texts mark code with backticks, as the CLI's Markdown does: shown as <code>, never as HTML. */
function WithCode({ text }: { text: string }): ReactNode {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

/** Oldest first; within one instant, the scan's report before the decisions taken on it. */
function orderedHistory(history: HistoryEntry[]): HistoryEntry[] {
  return history
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || Number(a.entry.scanId === undefined) - Number(b.entry.scanId === undefined) || a.index - b.index)
    .map(({ entry }) => entry);
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function WaiverRequestForm({ finding, onCancel, onDone }: { finding: StoredFinding; onCancel: () => void; onDone: (request: WaiverRequest) => void }): ReactNode {
  const t = useT();
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(isoDay(30));
  const [ticket, setTicket] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const request = await api.post<WaiverRequest>('/waivers', { check: finding.checkId, scope: { fingerprint: finding.fingerprint }, reason, expires, ...(ticket.trim() ? { ticket: ticket.trim() } : {}) });
      onDone(request);
    } catch (err) {
      setError(err instanceof Error ? err : new ApiError(0, String(err)));
      setBusy(false);
    }
  };

  return (
    <form className="stack waiver-form" onSubmit={(e) => void submit(e)} aria-labelledby="waiver-form-heading">
      <h3 id="waiver-form-heading">{t('requestWaiverTitle')}</h3>
      <label htmlFor="waiver-check">{t('check')}</label>
      <input id="waiver-check" value={finding.checkId} readOnly />
      <label htmlFor="waiver-scope">{t('scopeFingerprint')}</label>
      <input id="waiver-scope" value={finding.fingerprint} readOnly />
      <label htmlFor="waiver-reason">{t('reason')}</label>
      <textarea id="waiver-reason" required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="waiver-reason-hint" />
      <span id="waiver-reason-hint" className="hint">
        {t('reasonHint')}
      </span>
      <label htmlFor="waiver-expires">{t('expires')}</label>
      <input id="waiver-expires" type="date" required min={isoDay(0)} value={expires} onChange={(e) => setExpires(e.target.value)} aria-describedby="waiver-expires-hint" />
      <span id="waiver-expires-hint" className="hint">
        {t('expiresHint')}
      </span>
      <label htmlFor="waiver-ticket">{t('ticket')}</label>
      <input id="waiver-ticket" value={ticket} onChange={(e) => setTicket(e.target.value)} />
      {error && <ErrorNote error={error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('saving') : t('submitRequest')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
