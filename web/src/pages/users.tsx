import type { ReactNode } from 'react';
import { api } from '../api.js';
import { LoadView, PageHeading, useLoad } from '../components/common.js';
import { useT } from '../context.js';
import { formatTime, ROLE_LABELS } from '../lib/i18n.js';
import type { User } from '../lib/types.js';

/** Accounts, for the system administrator. */
export function UsersPage(): ReactNode {
  const t = useT();
  const [loaded] = useLoad(() => api.get<User[]>('/users'), []);
  return (
    <>
      <PageHeading>{t('usersTitle')}</PageHeading>
      <LoadView loaded={loaded}>
        {(users) => (
          <table>
            <caption className="visually-hidden">{t('usersTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('username')}</th>
                <th scope="col">{t('displayName')}</th>
                <th scope="col">{t('roles')}</th>
                <th scope="col">{t('teams')}</th>
                <th scope="col">{t('auth')}</th>
                <th scope="col">{t('disabled')}</th>
                <th scope="col">{t('created')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.username}</th>
                  <td>{u.displayName}</td>
                  <td>{u.roles.map((r) => t.label(ROLE_LABELS[r])).join(', ')}</td>
                  <td>{u.teams.join(', ') || t('dash')}</td>
                  <td>{u.auth === 'oidc' ? 'SSO' : t('password')}</td>
                  <td>{u.disabled ? t('yes') : t('no')}</td>
                  <td className="nowrap">{formatTime(u.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadView>
    </>
  );
}
