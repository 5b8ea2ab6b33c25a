import type { ReactNode } from 'react';
import { api } from '../api.js';
import { LoadView, PageHeading, useLoad } from '../components/common.js';
import { TrendChart } from '../components/trend-chart.js';
import { useApp, useT } from '../context.js';
import { SEVERITY_LABELS } from '../lib/i18n.js';
import { SEVERITY_ORDER, type Summary } from '../lib/types.js';
import { Link } from '../router.js';

const DAYS = 30;

/** Open findings by severity, team and cluster, the overdue count and the 30-day trend. */
export function OverviewPage(): ReactNode {
  const t = useT();
  const { teams } = useApp();
  const [loaded] = useLoad(() => api.get<Summary>(`/summary?days=${DAYS}`), []);
  const teamName = (id: string): string => teams.find((team) => team.id === id)?.name ?? id;

  return (
    <>
      <PageHeading>{t('overviewTitle')}</PageHeading>
      <LoadView loaded={loaded}>
        {(summary) => {
          const counts = summary.counts;
          const open = counts?.total ?? 0;
          return (
            <>
              <section aria-labelledby="sev-heading">
                <h2 id="sev-heading">{t('openBySeverity')}</h2>
                <ul className="cards">
                  <li className="card status-total">
                    <Link to="/findings" className="card-link">
                      <span className="num">{open}</span>
                      <span className="label">{t('openFindings')}</span>
                    </Link>
                  </li>
                  {SEVERITY_ORDER.map((s) => {
                    const n = counts?.bySeverity[s] ?? 0;
                    return (
                      <li key={s} className={`card sev-${s}${n === 0 ? ' zero' : ''}`}>
                        <Link to={`/findings?severity=${s}&status=fail,waived,not-evaluated`} className="card-link">
                          <span className="num">{n}</span>
                          <span className="label">{t.label(SEVERITY_LABELS[s])}</span>
                        </Link>
                      </li>
                    );
                  })}
                  <li className={`card status-overdue${summary.overdue === 0 ? ' zero' : ''}`} title={t('overdueHint')}>
                    <span className="num" data-testid="overdue-count">{summary.overdue}</span>
                    <span className="label">{t('overdue')}</span>
                    <span className="hint">{t('overdueHint')}</span>
                  </li>
                </ul>
              </section>
              {open === 0 && <p className="empty">{t('noOpenFindings')}</p>}
              <div className="columns">
                <section aria-labelledby="team-heading">
                  <h2 id="team-heading">{t('byTeam')}</h2>
                  <CountTable
                    caption={t('byTeam')}
                    head={t('team')}
                    rows={[
                      ...Object.entries(counts?.byTeam ?? {}).map(([id, n]) => ({ key: id, label: teamName(id), n, to: `/findings?owner=${encodeURIComponent(id)}` })),
                      ...(counts?.unowned ? [{ key: '', label: t('unowned'), n: counts.unowned }] : []),
                    ]}
                  />
                </section>
                <section aria-labelledby="cluster-heading">
                  <h2 id="cluster-heading">{t('byCluster')}</h2>
                  <CountTable
                    caption={t('byCluster')}
                    head={t('cluster')}
                    rows={Object.entries(counts?.byCluster ?? {}).map(([id, n]) => ({ key: id, label: id || t('noCluster'), n, ...(id ? { to: `/findings?cluster=${encodeURIComponent(id)}` } : {}) }))}
                  />
                </section>
              </div>
              <section aria-labelledby="trend-heading">
                <h2 id="trend-heading">{t('trendTitle', { n: DAYS })}</h2>
                <TrendChart trend={summary.trend} />
              </section>
            </>
          );
        }}
      </LoadView>
    </>
  );
}

function CountTable({ caption, head, rows }: { caption: string; head: string; rows: { key: string; label: string; n: number; to?: string }[] }): ReactNode {
  const t = useT();
  if (rows.length === 0) return <p className="muted">{t('none')}</p>;
  const sorted = [...rows].sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
  const max = Math.max(...sorted.map((r) => r.n), 1);
  return (
    <table className="counts">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="n">{t('count')}</th>
          <th scope="col" aria-hidden="true" className="bar-col" />
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.to ? <Link to={row.to}>{row.label}</Link> : row.label}</th>
            <td className="n">{row.n}</td>
            <td aria-hidden="true" className="bar-col">
              <svg viewBox="0 0 100 8" preserveAspectRatio="none" className="bar">
                <rect x="0" y="0" height="8" width={Math.max(1, (row.n / max) * 100)} />
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
