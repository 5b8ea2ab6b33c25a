import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api.js';
import { LoadView, PageHeading, SeverityBadge, StatusBadge, StatusLine, useLoad } from '../components/common.js';
import { useApp, useT } from '../context.js';
import { emptyFilters, filtersFromSearch, filtersToSearch, TEXT_FILTERS, type FindingFilters } from '../lib/filters.js';
import { formatTime, SEVERITY_LABELS, STATUS_LABELS, type StringKey } from '../lib/i18n.js';
import { FINDING_STATUSES, SEVERITY_ORDER, type FindingPage, type StoredFinding } from '../lib/types.js';
import { Link, navigate } from '../router.js';

const PAGE_SIZE = 50;

const TEXT_LABELS: Record<(typeof TEXT_FILTERS)[number], StringKey> = { cluster: 'cluster', namespace: 'namespace', check: 'check', owner: 'owner', text: 'text' };

/**
 * The findings list: filters in the URL, pages by the API's cursor. The cursors of earlier pages
 * are kept so "first page" and the browser's back button work.
 */
export function FindingsPage({ search }: { search: string }): ReactNode {
  const t = useT();
  const { teams, catalogue } = useApp();
  const applied = filtersFromSearch(search);
  const cursor = new URLSearchParams(search).get('cursor') ?? undefined;
  const page = Number(new URLSearchParams(search).get('page') ?? '1') || 1;
  const [draft, setDraft] = useState<FindingFilters>(applied);
  useEffect(() => setDraft(filtersFromSearch(search)), [search]);

  const apiQuery = filtersToSearch(applied, { limit: String(PAGE_SIZE), cursor });
  const [loaded] = useLoad(() => api.get<FindingPage>(`/findings?${apiQuery}`), [apiQuery]);

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    navigate(`/findings?${filtersToSearch(draft)}`);
  };
  const toggle = <K extends 'severity' | 'status'>(key: K, value: FindingFilters[K][number]): void => {
    setDraft((d) => {
      const list = d[key] as string[];
      return { ...d, [key]: list.includes(value) ? list.filter((v) => v !== value) : [...list, value] };
    });
  };
  const teamName = (id: string | undefined): string => (id ? (teams.find((team) => team.id === id)?.name ?? id) : t('unowned'));

  return (
    <>
      <PageHeading>{t('findingsTitle')}</PageHeading>
      <form className="filters" onSubmit={apply} aria-label={t('filters')}>
        <fieldset>
          <legend>{t('severity')}</legend>
          {SEVERITY_ORDER.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" name="severity" value={s} checked={draft.severity.includes(s)} onChange={() => toggle('severity', s)} /> {t.label(SEVERITY_LABELS[s])}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('status')}</legend>
          {FINDING_STATUSES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" name="status" value={s} checked={draft.status.includes(s)} onChange={() => toggle('status', s)} /> {t.label(STATUS_LABELS[s])}
            </label>
          ))}
        </fieldset>
        <div className="fields">
          {TEXT_FILTERS.map((key) =>
            key === 'owner' ? (
              <div className="field" key={key}>
                <label htmlFor="filter-owner">{t('owner')}</label>
                <select id="filter-owner" value={draft.owner} onChange={(e) => setDraft({ ...draft, owner: e.target.value })}>
                  <option value="">{t('anyOption')}</option>
                  {teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <div className="field" key={key}>
                <label htmlFor={`filter-${key}`}>{t(TEXT_LABELS[key])}</label>
                <input
                  id={`filter-${key}`}
                  value={draft[key]}
                  onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
                  {...(key === 'check' ? { placeholder: 'pod.*', 'aria-describedby': 'check-hint' } : {})}
                />
                {key === 'check' && (
                  <span id="check-hint" className="hint">
                    {t('checkHint')}
                  </span>
                )}
              </div>
            ),
          )}
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t('applyFilters')}
          </button>
          <button type="button" onClick={() => navigate(`/findings?${filtersToSearch({ ...emptyFilters(), status: ['fail', 'waived', 'not-evaluated'] })}`)}>
            {t('clearFilters')}
          </button>
        </div>
      </form>
      <LoadView loaded={loaded}>
        {(result) => (
          <>
            <StatusLine message={t('findingsLoaded', { count: result.items.length })} />
            {result.items.length === 0 ? (
              <p className="muted">{t('noFindingsMatch')}</p>
            ) : (
              <div className="table-wrap">
                <table className="findings">
                  <caption className="visually-hidden">{t('findingsTable')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('severity')}</th>
                      <th scope="col">{t('status')}</th>
                      <th scope="col">{t('check')}</th>
                      <th scope="col">{t('asset')}</th>
                      <th scope="col">{t('namespace')}</th>
                      <th scope="col">{t('owner')}</th>
                      <th scope="col">{t('firstSeen')}</th>
                      <th scope="col">{t('sla')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.items.map((f) => (
                      <FindingRow key={f.fingerprint} finding={f} owner={teamName(f.owner)} title={t.label(catalogue?.checks[f.checkId]?.title)} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <nav className="pager" aria-label={t('pageInfo', { n: page, count: result.items.length })}>
              <span className="muted">{t('pageInfo', { n: page, count: result.items.length })}</span>
              {page > 1 && (
                <Link to={`/findings?${filtersToSearch(applied)}`} className="button">
                  {t('firstPage')}
                </Link>
              )}
              {result.nextCursor && (
                <Link to={`/findings?${filtersToSearch(applied, { cursor: result.nextCursor, page: String(page + 1) })}`} className="button" rel="next">
                  {t('nextPage')}
                </Link>
              )}
            </nav>
          </>
        )}
      </LoadView>
    </>
  );
}

function FindingRow({ finding, owner, title }: { finding: StoredFinding; owner: string; title: string }): ReactNode {
  const t = useT();
  return (
    <tr className={finding.sla?.overdue ? 'overdue' : undefined}>
      <td>
        <SeverityBadge severity={finding.severity} />
      </td>
      <td>
        <StatusBadge status={finding.status} />
      </td>
      <td>
        <Link to={`/findings/${encodeURIComponent(finding.fingerprint)}`} className="check-link">
          <code>{finding.checkId}</code>
        </Link>
        {title && <div className="muted small">{title}</div>}
      </td>
      <td>
        <span className="asset-name">{finding.assetName}</span>
        {finding.subject && <div className="muted small">{finding.subject}</div>}
      </td>
      <td>{[finding.cluster, finding.namespace].filter(Boolean).join(' / ') || t('dash')}</td>
      <td>{owner}</td>
      <td className="nowrap">{formatTime(finding.firstSeen).slice(0, 10)}</td>
      <td className="nowrap">
        {finding.sla?.overdue ? <span className="overdue-flag">{t('overdueDays', { n: finding.sla.daysOverdue })}</span> : finding.sla?.due ? <span className="muted">{t('dueOn', { date: finding.sla.due.slice(0, 10) })}</span> : t('dash')}
      </td>
    </tr>
  );
}
