import type { ReactNode } from 'react';
import { api } from '../api.js';
import { LoadView, PageHeading, useLoad } from '../components/common.js';
import { useT } from '../context.js';
import type { FrameworkInfo } from '../lib/types.js';

/** One row per framework: open its report as HTML in either language, or download the PDF. */
export function ReportsPage(): ReactNode {
  const t = useT();
  const [loaded] = useLoad(() => api.get<FrameworkInfo[]>('/frameworks'), []);
  const href = (id: string, lang: 'en' | 'zh', format: 'html' | 'pdf'): string => `/api/v1/reports/${encodeURIComponent(id)}?lang=${lang}&format=${format}`;

  return (
    <>
      <PageHeading>{t('reportsTitle')}</PageHeading>
      <p className="muted">{t('reportsIntro')}</p>
      <LoadView loaded={loaded}>
        {(frameworks) => (
          <table className="reports">
            <caption className="visually-hidden">{t('reportsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('framework')}</th>
                <th scope="col">{t('version')}</th>
                <th scope="col">HTML</th>
                <th scope="col">PDF</th>
              </tr>
            </thead>
            <tbody>
              {frameworks.map((f) => {
                const name = t.label(f.name);
                return (
                  <tr key={f.id} data-framework={f.id}>
                    <th scope="row">
                      {name}
                      <div className="muted small">
                        <code>{f.id}</code>
                      </div>
                    </th>
                    <td>{f.version}</td>
                    <td>
                      <ul className="plain links" aria-label={t('reportLinksFor', { name })}>
                        <li>
                          <a href={href(f.id, 'en', 'html')} target="_blank" rel="noopener" lang="en">
                            {t('openHtmlEn')} <span className="visually-hidden">{name} {t('opensInNewTab')}</span>
                          </a>
                        </li>
                        <li>
                          <a href={href(f.id, 'zh', 'html')} target="_blank" rel="noopener">
                            {t('openHtmlZh')} <span className="visually-hidden">{name} {t('opensInNewTab')}</span>
                          </a>
                        </li>
                      </ul>
                    </td>
                    <td>
                      <ul className="plain links">
                        <li>
                          <a href={href(f.id, 'en', 'pdf')} download>
                            {t('downloadPdfEn')} <span className="visually-hidden">{name}</span>
                          </a>
                        </li>
                        <li>
                          <a href={href(f.id, 'zh', 'pdf')} download>
                            {t('downloadPdfZh')} <span className="visually-hidden">{name}</span>
                          </a>
                        </li>
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </LoadView>
    </>
  );
}
