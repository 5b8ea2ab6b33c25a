import type { ReactNode } from 'react';
import { useT } from '../context.js';
import { chartGeometry, DEFAULT_BOX } from '../lib/chart.js';
import { SEVERITY_LABELS } from '../lib/i18n.js';
import { SEVERITY_ORDER, type TrendPoint } from '../lib/types.js';

/**
 * Failing findings per day as lines (total and per severity) in a hand-drawn SVG. The figures are
 * also given as a table for screen readers and for anyone who wants the numbers.
 */
export function TrendChart({ trend }: { trend: TrendPoint[] }): ReactNode {
  const t = useT();
  const shown = SEVERITY_ORDER.filter((s) => s !== 'info' && trend.some((p) => p.bySeverity[s] > 0));
  const series = [{ key: 'total', values: trend.map((p) => p.total) }, ...shown.map((s) => ({ key: s, values: trend.map((p) => p.bySeverity[s]) }))];
  const geometry = chartGeometry(series, trend.length);
  const first = trend[0];
  const last = trend[trend.length - 1];
  if (!first || !last) return <p className="muted">{t('trendEmpty')}</p>;
  const label = t('trendChartLabel', { from: first.day, to: last.day, latest: last.total });
  const { width, height, padding } = DEFAULT_BOX;
  return (
    <figure className="trend">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="trend-chart">
        <title>{label}</title>
        {geometry.yTicks.map((tick) => (
          <g key={tick.value}>
            <line x1={padding.left} x2={width - padding.right} y1={tick.y} y2={tick.y} className="grid" />
            <text x={padding.left - 6} y={tick.y + 4} textAnchor="end" className="axis">
              {tick.value}
            </text>
          </g>
        ))}
        {geometry.xTicks.map((tick) => (
          <text key={tick.index} x={tick.x} y={height - 8} textAnchor="middle" className="axis">
            {trend[tick.index]?.day.slice(5)}
          </text>
        ))}
        {geometry.lines.map((line) => (
          <path key={line.key} d={line.path} className={`line line-${line.key}`} fill="none" />
        ))}
        {geometry.lines[0]?.points.at(-1) && <circle cx={geometry.lines[0].points.at(-1)!.x} cy={geometry.lines[0].points.at(-1)!.y} r={3.5} className="dot-total" />}
      </svg>
      <figcaption>
        <ul className="legend">
          <li>
            <span className="swatch line-total" aria-hidden="true" /> {t('total')}
          </li>
          {shown.map((s) => (
            <li key={s}>
              <span className={`swatch line-${s}`} aria-hidden="true" /> {t.label(SEVERITY_LABELS[s])}
            </li>
          ))}
        </ul>
      </figcaption>
      <details className="chart-data">
        <summary>{t('trendTitle', { n: trend.length })}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('day')}</th>
              <th scope="col" className="n">{t('total')}</th>
              {shown.map((s) => (
                <th scope="col" className="n" key={s}>{t.label(SEVERITY_LABELS[s])}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {trend.map((p) => (
              <tr key={p.day}>
                <th scope="row">{p.day}</th>
                <td className="n">{p.total}</td>
                {shown.map((s) => (
                  <td className="n" key={s}>{p.bySeverity[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
