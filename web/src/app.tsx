import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setUnauthenticatedHandler } from './api.js';
import { AppContext, LangContext, translator, useApp, useT, type AppState } from './context.js';
import { canSee, visiblePages, type PageId } from './lib/access.js';
import { initialLang, LANG_STORAGE_KEY, ROLE_LABELS, type Lang, type StringKey } from './lib/i18n.js';
import type { Catalogue, Permission, Principal, SessionInfo, Team } from './lib/types.js';
import { AuditPage } from './pages/audit.js';
import { FindingDetailPage } from './pages/finding-detail.js';
import { FindingsPage } from './pages/findings.js';
import { OverviewPage } from './pages/overview.js';
import { ReportsPage } from './pages/reports.js';
import { SignInPage, type SignedIn } from './pages/sign-in.js';
import { TeamsPage } from './pages/teams.js';
import { UsersPage } from './pages/users.js';
import { WaiversPage } from './pages/waivers.js';
import { Link, navigate, useLocation } from './router.js';

const NAV_LABELS: Record<PageId, StringKey> = {
  overview: 'navOverview',
  findings: 'navFindings',
  waivers: 'navWaivers',
  teams: 'navTeams',
  reports: 'navReports',
  audit: 'navAudit',
  users: 'navUsers',
};
const NAV_PATHS: Record<PageId, string> = { overview: '/', findings: '/findings', waivers: '/waivers', teams: '/teams', reports: '/reports', audit: '/audit', users: '/users' };

interface Session {
  principal: Principal;
  permissions: Permission[];
}

function readStoredLang(): string | null {
  try {
    return window.localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Where the check catalogue's texts were built to (a content-hashed file named in index.html). */
async function loadCatalogue(): Promise<Catalogue | undefined> {
  const href = document.querySelector<HTMLMetaElement>('meta[name="rampart-catalog"]')?.content;
  if (!href) return undefined;
  const response = await fetch(href, { credentials: 'same-origin' });
  return response.ok ? ((await response.json()) as Catalogue) : undefined;
}

export function App(): ReactNode {
  const [lang, setLang] = useState<Lang>(() => initialLang(readStoredLang(), navigator.languages ?? [navigator.language]));
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [notice, setNotice] = useState<string>();
  const [sso, setSso] = useState<boolean>();
  const [catalogue, setCatalogue] = useState<Catalogue>();
  const [teams, setTeams] = useState<Team[]>([]);
  const t = translator(lang);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${t('appName')}`;
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // Storage may be disabled; the choice then lasts for this page only.
    }
  }, [lang]);

  const signedOut = useCallback((message?: string) => {
    setCsrfToken(undefined);
    setSession(null);
    setNotice(message);
  }, []);

  useEffect(() => {
    api.get<SessionInfo>('/auth/session', { quiet401: true }).then(
      (info) => {
        if (typeof info.sso === 'boolean') setSso(info.sso);
        if (!info.principal) return signedOut();
        setCsrfToken(info.csrfToken);
        setSession({ principal: info.principal, permissions: info.permissions });
      },
      () => signedOut(),
    );
    void loadCatalogue().then(setCatalogue, () => undefined);
  }, [signedOut]);

  useEffect(() => {
    setUnauthenticatedHandler(session ? () => signedOut(t('sessionEnded')) : undefined);
  }, [session, signedOut, lang]);

  const loadTeams = useCallback(() => {
    api.get<Team[]>('/teams').then(setTeams, () => setTeams([]));
  }, []);
  useEffect(() => {
    if (session?.permissions.includes('findings:read')) loadTeams();
  }, [session, loadTeams]);

  const onSignedIn = (result: SignedIn): void => {
    setCsrfToken(result.csrfToken);
    setNotice(undefined);
    setSession({ principal: { kind: 'user', id: result.user.id, name: result.user.username, roles: result.user.roles, teams: result.user.teams }, permissions: result.permissions });
    navigate('/', { replace: true });
  };
  const signOut = async (): Promise<void> => {
    try {
      await api.post('/auth/sign-out');
    } finally {
      signedOut();
    }
  };

  const state: AppState | null = useMemo(() => (session ? { lang, principal: session.principal, permissions: session.permissions, catalogue, teams } : null), [lang, session, catalogue, teams]);
  const toggleLang = (): void => setLang(lang === 'en' ? 'zh' : 'en');
  const langButton = (
    <button type="button" className="lang" onClick={toggleLang} lang={lang === 'en' ? 'zh-CN' : 'en'} aria-label={t('switchLanguageLabel')}>
      {t('switchLanguage')}
    </button>
  );

  return (
    <LangContext.Provider value={lang}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      {session === undefined ? (
        <p className="muted boot" role="status">
          {t('loading')}
        </p>
      ) : !state ? (
        <>
          <header className="top">
            <span className="brand">{t('appName')}</span>
            {langButton}
          </header>
          <SignInPage onSignedIn={onSignedIn} {...(notice ? { notice } : {})} {...(sso !== undefined ? { sso } : {})} />
        </>
      ) : (
        <AppContext.Provider value={state}>
          <header className="top">
            <Link to="/" className="brand">
              {t('appName')}
            </Link>
            <nav aria-label={t('mainNav')} className="main-nav">
              <ul>
                {visiblePages(state.permissions).map((page) => (
                  <li key={page}>
                    <NavLink page={page} label={t(NAV_LABELS[page])} />
                  </li>
                ))}
              </ul>
            </nav>
            <div className="who">
              <span>
                {t('signedInAs', { name: state.principal.name })}
                <span className="muted small"> ({state.principal.roles.map((r) => t.label(ROLE_LABELS[r])).join(', ')})</span>
              </span>
              {langButton}
              <button type="button" onClick={() => void signOut()}>
                {t('signOut')}
              </button>
            </div>
          </header>
          <main id="main" tabIndex={-1}>
            <Routes onTeamsChanged={loadTeams} />
          </main>
        </AppContext.Provider>
      )}
    </LangContext.Provider>
  );
}

function NavLink({ page, label }: { page: PageId; label: string }): ReactNode {
  const { path } = useLocation();
  const target = NAV_PATHS[page];
  const active = target === '/' ? path === '/' : path === target || path.startsWith(`${target}/`);
  return (
    <Link to={target} {...(active ? { 'aria-current': 'page' as const } : {})}>
      {label}
    </Link>
  );
}

function Routes({ onTeamsChanged }: { onTeamsChanged: () => void }): ReactNode {
  const { path, search } = useLocation();
  const { permissions } = useApp();
  const tr = useT();
  const guard = (page: PageId, node: ReactNode): ReactNode =>
    canSee(page, permissions) ? node : (
      <p className="note note-denied" role="alert">
        {tr('forbidden')}
      </p>
    );
  const detail = /^\/findings\/([^/]+)$/.exec(path);
  if (path === '/' || path === '') {
    // A user whose role reads no findings (the system administrator) starts on the first page they may see.
    const first = visiblePages(permissions)[0];
    if (first && first !== 'overview') return <Redirect to={NAV_PATHS[first]} />;
    return guard('overview', <OverviewPage />);
  }
  if (path === '/findings') return guard('findings', <FindingsPage key="findings" search={search} />);
  if (detail) return guard('findings', <FindingDetailPage key={detail[1]} fingerprint={decodeURIComponent(detail[1]!)} />);
  if (path === '/waivers') return guard('waivers', <WaiversPage search={search} />);
  if (path === '/teams') return guard('teams', <TeamsPage onTeamsChanged={onTeamsChanged} />);
  if (path === '/reports') return guard('reports', <ReportsPage />);
  if (path === '/audit') return guard('audit', <AuditPage search={search} />);
  if (path === '/users') return guard('users', <UsersPage />);
  return (
    <p className="note" role="alert">
      {tr('notFound')}
    </p>
  );
}

function Redirect({ to }: { to: string }): ReactNode {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
