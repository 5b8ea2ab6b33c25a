import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, ssoAvailable } from '../api.js';
import { StatusLine } from '../components/common.js';
import { useT } from '../context.js';
import type { Permission, User } from '../lib/types.js';

export interface SignedIn {
  user: User;
  csrfToken: string;
  permissions: Permission[];
}

/** Local account sign-in, and the single sign-on button when the server has OIDC configured. */
export function SignInPage({ onSignedIn, notice, sso: ssoKnown }: { onSignedIn: (result: SignedIn) => void; notice?: string; sso?: boolean }): ReactNode {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [sso, setSso] = useState(ssoKnown ?? false);

  useEffect(() => {
    if (ssoKnown === undefined) void ssoAvailable().then(setSso);
    else setSso(ssoKnown);
  }, [ssoKnown]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.post<SignedIn>('/auth/sign-in', { username, password }, { quiet401: true });
      onSignedIn(result);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>{t('signInTitle')}</h1>
      <p className="muted">{t('signInIntro')}</p>
      {notice && <StatusLine message={notice} />}
      <form onSubmit={(e) => void submit(e)} className="stack" aria-describedby={error ? 'sign-in-error' : undefined}>
        <label htmlFor="username">{t('username')}</label>
        <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">{t('password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
      <div id="sign-in-error">{error && <StatusLine tone="error" message={error} />}</div>
      {sso && (
        <>
          <p className="or">{t('or')}</p>
          <a className="button" href="/api/v1/auth/oidc/start?returnTo=%2Fconsole%2F">
            {t('signInSso')}
          </a>
        </>
      )}
    </main>
  );
}
