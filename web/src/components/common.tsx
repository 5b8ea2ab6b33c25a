import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api.js';
import { useT } from '../context.js';
import { SEVERITY_LABELS, STATUS_LABELS, WAIVER_STATE_LABELS } from '../lib/i18n.js';

/** A load's state: the data, or why there is none yet. */
export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: ApiError | Error };

/** Runs `load` on mount and whenever `deps` change; `reload` runs it again. Stale answers are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const lastDeps = useRef<readonly unknown[] | null>(null);
  useEffect(() => {
    const mine = ++generation.current;
    // A reload keeps showing the current data until the new answer arrives; new dependencies do not.
    const sameDeps = lastDeps.current !== null && lastDeps.current.length === deps.length && deps.every((d, i) => Object.is(d, lastDeps.current![i]));
    lastDeps.current = deps;
    if (!sameDeps) setLoaded({ state: 'loading' });
    load().then(
      (data) => mine === generation.current && setLoaded({ state: 'ok', data }),
      (error: Error) => mine === generation.current && setLoaded({ state: 'error', error }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [loaded, reload];
}

/** Renders a load: a polite "loading", a 403 as "not for your role", other errors as an alert. */
export function LoadView<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }): ReactNode {
  const t = useT();
  if (loaded.state === 'loading') return <p className="muted" role="status">{t('loading')}</p>;
  if (loaded.state === 'error') return <ErrorNote error={loaded.error} />;
  return children(loaded.data);
}

export function ErrorNote({ error }: { error: Error }): ReactNode {
  const t = useT();
  if (error instanceof ApiError && error.status === 403) return <p className="note note-denied" role="alert">{t('forbidden')}</p>;
  return <p className="note note-error" role="alert">{t('error', { message: error.message })}</p>;
}

/** One polite live region per page for the outcome of actions (saved, approved, verified…). */
export function StatusLine({ message, tone = 'info' }: { message: string; tone?: 'info' | 'ok' | 'error' }): ReactNode {
  return (
    <p className={`status-line status-${tone}`} role={tone === 'error' ? 'alert' : 'status'} aria-live={tone === 'error' ? 'assertive' : 'polite'}>
      {message}
    </p>
  );
}

export function SeverityBadge({ severity }: { severity: string }): ReactNode {
  const t = useT();
  return <span className={`badge sev sev-${severity}`}>{t.label(SEVERITY_LABELS[severity]) || severity}</span>;
}

export function StatusBadge({ status }: { status: string }): ReactNode {
  const t = useT();
  return <span className={`badge status-${status}`}>{t.label(STATUS_LABELS[status]) || status}</span>;
}

export function WaiverStateBadge({ state }: { state: string }): ReactNode {
  const t = useT();
  return <span className={`badge waiver-${state}`}>{t.label(WAIVER_STATE_LABELS[state]) || state}</span>;
}

/** The page's heading, focused after navigation so screen readers announce the new page. */
export function PageHeading({ children }: { children: ReactNode }): ReactNode {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
