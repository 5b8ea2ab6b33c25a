import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api.js';
import { ErrorNote, LoadView, PageHeading, StatusLine, useLoad } from '../components/common.js';
import { useApp, useT } from '../context.js';
import type { RoutingRule, Team } from '../lib/types.js';

/** Teams and routing rules: everyone with findings access reads them; security administrators edit them. */
export function TeamsPage({ onTeamsChanged }: { onTeamsChanged: () => void }): ReactNode {
  const t = useT();
  const { permissions } = useApp();
  const canEdit = permissions.includes('routing:manage');
  const [teams, reloadTeams] = useLoad(() => api.get<Team[]>('/teams'), []);
  const [rules, reloadRules] = useLoad(() => api.get<RoutingRule[]>('/routing-rules'), []);
  const [editingTeam, setEditingTeam] = useState<Team | 'new'>();
  const [editingRules, setEditingRules] = useState(false);
  const [notice, setNotice] = useState<string>();

  return (
    <>
      <PageHeading>{t('teamsTitle')}</PageHeading>
      {notice && <StatusLine tone="ok" message={notice} />}
      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading">{t('teams')}</h2>
        <LoadView loaded={teams}>
          {(list) => (
            <table>
              <caption className="visually-hidden">{t('teams')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('teamId')}</th>
                  <th scope="col">{t('teamName')}</th>
                  <th scope="col">{t('notifications')}</th>
                  {canEdit && <th scope="col">{t('actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((team) => (
                  <tr key={team.id}>
                    <th scope="row">
                      <code>{team.id}</code>
                    </th>
                    <td>{team.name}</td>
                    <td className="small">{[team.notify?.webhook, team.notify?.email?.join(', '), team.notify?.syslog].filter(Boolean).join(' · ') || t('dash')}</td>
                    {canEdit && (
                      <td>
                        <button type="button" onClick={() => setEditingTeam(team)} aria-label={t('editTeam', { id: team.id })}>
                          {t('edit')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </LoadView>
        {canEdit && !editingTeam && (
          <button type="button" onClick={() => setEditingTeam('new')}>
            {t('newTeam')}
          </button>
        )}
        {editingTeam && (
          <TeamForm
            team={editingTeam === 'new' ? undefined : editingTeam}
            onCancel={() => setEditingTeam(undefined)}
            onSaved={() => {
              setEditingTeam(undefined);
              setNotice(t('saved'));
              reloadTeams();
              onTeamsChanged();
            }}
          />
        )}
      </section>
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t('routingRules')}</h2>
        <p className="muted">{t('routingIntro')}</p>
        <LoadView loaded={rules}>
          {(list) =>
            editingRules && teams.state === 'ok' ? (
              <RulesEditor
                rules={list}
                teams={teams.data}
                onCancel={() => setEditingRules(false)}
                onSaved={() => {
                  setEditingRules(false);
                  setNotice(t('saved'));
                  reloadRules();
                }}
              />
            ) : (
              <>
                <RulesTable rules={list} />
                {canEdit && (
                  <button type="button" onClick={() => setEditingRules(true)}>
                    {t('editRules')}
                  </button>
                )}
              </>
            )
          }
        </LoadView>
      </section>
    </>
  );
}

function labelsText(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function RulesTable({ rules }: { rules: RoutingRule[] }): ReactNode {
  const t = useT();
  const { teams } = useApp();
  if (rules.length === 0) return <p className="muted">{t('noRules')}</p>;
  return (
    <table>
      <caption className="visually-hidden">{t('routingRules')}</caption>
      <thead>
        <tr>
          <th scope="col" className="n">{t('priority')}</th>
          <th scope="col">ID</th>
          <th scope="col">{t('team')}</th>
          <th scope="col">{t('cluster')}</th>
          <th scope="col">{t('namespace')}</th>
          <th scope="col">{t('labels')}</th>
          <th scope="col">{t('imageRepository')}</th>
          <th scope="col">{t('check')}</th>
          <th scope="col">{t('packageLayer')}</th>
        </tr>
      </thead>
      <tbody>
        {[...rules]
          .sort((a, b) => a.priority - b.priority)
          .map((r) => (
            <tr key={r.id}>
              <td className="n">{r.priority}</td>
              <th scope="row">
                <code>{r.id}</code>
              </th>
              <td>{teams.find((team) => team.id === r.team)?.name ?? r.team}</td>
              <td>{r.cluster ?? t('dash')}</td>
              <td>{r.namespace ?? t('dash')}</td>
              <td>{labelsText(r.labels) || t('dash')}</td>
              <td>{r.imageRepository ?? t('dash')}</td>
              <td>{r.check ?? t('dash')}</td>
              <td>{r.layer === 'os' ? t('layerOs') : r.layer === 'app' ? t('layerApp') : t('dash')}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

function TeamForm({ team, onCancel, onSaved }: { team: Team | undefined; onCancel: () => void; onSaved: () => void }): ReactNode {
  const t = useT();
  const [id, setId] = useState(team?.id ?? '');
  const [name, setName] = useState(team?.name ?? '');
  const [webhook, setWebhook] = useState(team?.notify?.webhook ?? '');
  const [email, setEmail] = useState(team?.notify?.email?.join(', ') ?? '');
  const [syslog, setSyslog] = useState(team?.notify?.syslog ?? '');
  const [error, setError] = useState<Error>();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    const emails = email.split(',').map((e) => e.trim()).filter(Boolean);
    const notify = { ...(webhook.trim() ? { webhook: webhook.trim() } : {}), ...(emails.length ? { email: emails } : {}), ...(syslog.trim() ? { syslog: syslog.trim() } : {}) };
    try {
      await api.put(`/teams/${encodeURIComponent(id.trim())}`, { name: name.trim(), ...(Object.keys(notify).length ? { notify } : {}) });
      onSaved();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label={team ? t('editTeam', { id: team.id }) : t('newTeam')}>
      <label htmlFor="team-id">{t('teamId')}</label>
      <input id="team-id" required pattern="[a-z0-9][a-z0-9._-]*" value={id} readOnly={Boolean(team)} onChange={(e) => setId(e.target.value)} />
      <label htmlFor="team-name">{t('teamName')}</label>
      <input id="team-name" required value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="team-webhook">{t('webhook')}</label>
      <input id="team-webhook" type="url" value={webhook} onChange={(e) => setWebhook(e.target.value)} />
      <label htmlFor="team-email">{t('email')}</label>
      <input id="team-email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="team-syslog">{t('syslog')}</label>
      <input id="team-syslog" value={syslog} onChange={(e) => setSyslog(e.target.value)} />
      {error && <ErrorNote error={error} />}
      <div className="actions">
        <button type="submit" className="primary">
          {t('save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

interface RuleDraft {
  id: string;
  priority: string;
  team: string;
  cluster: string;
  namespace: string;
  labels: string;
  imageRepository: string;
  check: string;
  layer: '' | 'os' | 'app';
}

function toDraft(rule: RoutingRule): RuleDraft {
  return { id: rule.id, priority: String(rule.priority), team: rule.team, cluster: rule.cluster ?? '', namespace: rule.namespace ?? '', labels: labelsText(rule.labels), imageRepository: rule.imageRepository ?? '', check: rule.check ?? '', layer: rule.layer ?? '' };
}

function fromDraft(draft: RuleDraft): RoutingRule {
  const labels = Object.fromEntries(
    draft.labels
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        return at < 0 ? [pair, ''] : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      }),
  );
  return {
    id: draft.id.trim(),
    priority: Number(draft.priority),
    team: draft.team,
    ...(draft.cluster.trim() ? { cluster: draft.cluster.trim() } : {}),
    ...(draft.namespace.trim() ? { namespace: draft.namespace.trim() } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(draft.imageRepository.trim() ? { imageRepository: draft.imageRepository.trim() } : {}),
    ...(draft.check.trim() ? { check: draft.check.trim() } : {}),
    ...(draft.layer ? { layer: draft.layer } : {}),
  };
}

function RulesEditor({ rules, teams, onCancel, onSaved }: { rules: RoutingRule[]; teams: Team[]; onCancel: () => void; onSaved: () => void }): ReactNode {
  const t = useT();
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => [...rules].sort((a, b) => a.priority - b.priority).map(toDraft));
  const [error, setError] = useState<Error>();
  const update = (i: number, change: Partial<RuleDraft>): void => setDrafts((list) => list.map((d, j) => (j === i ? { ...d, ...change } : d)));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.put('/routing-rules', drafts.map(fromDraft));
      onSaved();
    } catch (err) {
      setError(err as Error);
    }
  };
  const text = (i: number, key: 'id' | 'priority' | 'cluster' | 'namespace' | 'labels' | 'imageRepository' | 'check', label: string, required = false): ReactNode => (
    <div className="field">
      <label htmlFor={`rule-${i}-${key}`}>{label}</label>
      <input id={`rule-${i}-${key}`} required={required} type={key === 'priority' ? 'number' : 'text'} value={drafts[i]![key]} onChange={(e) => update(i, { [key]: e.target.value })} />
    </div>
  );

  return (
    <form onSubmit={(e) => void submit(e)} className="rules-editor">
      {drafts.map((d, i) => (
        <fieldset key={i}>
          <legend>{t('ruleN', { n: i + 1 })}</legend>
          <div className="fields">
            {text(i, 'id', 'ID', true)}
            {text(i, 'priority', t('priority'), true)}
            <div className="field">
              <label htmlFor={`rule-${i}-team`}>{t('team')}</label>
              <select id={`rule-${i}-team`} required value={d.team} onChange={(e) => update(i, { team: e.target.value })}>
                <option value="" />
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            </div>
            {text(i, 'cluster', t('cluster'))}
            {text(i, 'namespace', t('namespace'))}
            {text(i, 'labels', t('labels'))}
            {text(i, 'imageRepository', t('imageRepository'))}
            {text(i, 'check', t('check'))}
            <div className="field">
              <label htmlFor={`rule-${i}-layer`}>{t('packageLayer')}</label>
              <select id={`rule-${i}-layer`} value={d.layer} onChange={(e) => update(i, { layer: e.target.value as RuleDraft['layer'] })}>
                <option value="">{t('anyOption')}</option>
                <option value="os">{t('layerOs')}</option>
                <option value="app">{t('layerApp')}</option>
              </select>
            </div>
          </div>
          <button type="button" onClick={() => setDrafts((list) => list.filter((_, j) => j !== i))} aria-label={`${t('remove')} ${t('ruleN', { n: i + 1 })}`}>
            {t('remove')}
          </button>
        </fieldset>
      ))}
      {error && <ErrorNote error={error} />}
      <div className="actions">
        <button
          type="button"
          onClick={() => setDrafts((list) => [...list, { id: `rule-${list.length + 1}`, priority: String((list.length + 1) * 10), team: '', cluster: '', namespace: '', labels: '', imageRepository: '', check: '', layer: '' }])}
        >
          {t('addRule')}
        </button>
        <button type="submit" className="primary">
          {t('saveRules')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
