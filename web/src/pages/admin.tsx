import { useEffect, useState } from 'preact/hooks';
import { deleteJson, getJson, postJson } from '../api.js';
import { type Column, DataTable } from '../components/data-table.js';
import { DateTime } from '../components/date-time.js';
import { PrivacySettingsView } from '../components/privacy-settings.js';
import type { AuditEntry, PrivacySettings, TokenView, UserView } from '../types.js';

const SCOPES = ['tasks', 'telemetry', 'admin'] as const;

function useLoad<T>(path: string | undefined, version: number): { data?: T; error: string } {
  const [state, setState] = useState<{ data?: T; error: string }>({ error: '' });
  useEffect(() => {
    if (!path) return;
    getJson<T>(path).then(
      (data) => setState({ data, error: '' }),
      (failure: Error) => setState({ error: failure.message }),
    );
  }, [path, version]);
  return state;
}

function Failure({ message }: { message: string }) {
  return message ? (
    <p class="error" role="alert">
      {message}
    </p>
  ) : null;
}

function auditColumns(users: UserView[] | undefined): Column<AuditEntry>[] {
  return [
    { header: 'When (UTC)', cell: (entry) => <DateTime at={entry.at} /> },
    {
      header: 'User',
      cell: (entry) => users?.find((user) => user.id === entry.userId)?.name ?? entry.userId ?? '—',
    },
    { header: 'Model', cell: (entry) => <span class="nowrap">{`${entry.provider}:${entry.model}`}</span> },
    { header: 'Endpoint', cell: (entry) => <span class="wrap-anywhere">{entry.endpoint}</span> },
    { header: 'Where', cell: (entry) => entry.location },
    { header: 'Operation', cell: (entry) => entry.operation },
    { header: 'Prompt chars', cell: (entry) => entry.promptChars },
    { header: 'Output chars', cell: (entry) => entry.outputChars },
    { header: 'Redactions', cell: (entry) => entry.redactions },
    { header: 'Outcome', cell: (entry) => entry.outcome },
    { header: 'Policy', cell: (entry) => entry.policy },
  ];
}

function TokenTable({
  tokens,
  users,
  onRevoke,
}: {
  tokens: TokenView[];
  users?: UserView[];
  onRevoke: (token: TokenView) => void;
}) {
  const nameOf = (id: string) => users?.find((user) => user.id === id)?.name ?? id;
  const columns: Column<TokenView>[] = [
    ...(users ? [{ header: 'User', cell: (token: TokenView) => nameOf(token.userId) }] : []),
    { header: 'Name', cell: (token) => token.name },
    { header: 'Scopes', cell: (token) => token.scopes.join(', ') },
    { header: 'Created (UTC)', cell: (token) => <DateTime at={token.createdAt} /> },
    {
      header: 'State',
      cell: (token) =>
        token.revokedAt ? (
          `revoked ${token.revokedAt.slice(0, 10)}`
        ) : (
          <button type="button" onClick={() => onRevoke(token)} aria-label={`Revoke the token ${token.name}`}>
            Revoke
          </button>
        ),
    },
  ];
  return (
    <DataTable
      caption="Tokens (their secrets are never shown again)"
      columns={columns}
      rows={tokens}
      rowKey={(token) => token.id}
      rowHeader={users ? 1 : 0}
    />
  );
}

/** Your own tokens; for administrators also users, everyone's tokens, the privacy policy and the audit log. */
export function AccountPage({ admin }: { admin: boolean }) {
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState('');
  const [secret, setSecret] = useState('');
  const refresh = () => setVersion(version + 1);
  const own = useLoad<{ tokens: TokenView[] }>(admin ? undefined : '/v1/tokens', version);
  const users = useLoad<{ users: UserView[] }>(admin ? '/v1/admin/users' : undefined, version);
  const tokens = useLoad<{ tokens: TokenView[] }>(admin ? '/v1/admin/tokens' : undefined, version);
  const audit = useLoad<{ entries: AuditEntry[] }>(admin ? '/v1/admin/audit?limit=100' : undefined, version);
  const privacy = useLoad<PrivacySettings>(admin ? '/v1/admin/privacy' : undefined, version);

  const revoke = async (token: TokenView) => {
    if (!window.confirm(`Revoke the token “${token.name}”? Whatever uses it stops working.`)) return;
    try {
      await deleteJson(
        admin
          ? `/v1/admin/tokens/${encodeURIComponent(token.id)}`
          : `/v1/tokens/${encodeURIComponent(token.id)}`,
      );
      setMessage(`Revoked ${token.name}.`);
      refresh();
    } catch (failure) {
      setMessage(`Not revoked: ${(failure as Error).message}`);
    }
  };
  const createToken = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const scopes = SCOPES.filter((scope) => data.get(`scope-${scope}`) === 'on');
    try {
      const created = await postJson<{ token: string; record: TokenView }>('/v1/admin/tokens', {
        user: data.get('user'),
        name: data.get('name'),
        scopes,
      });
      setSecret(created.token);
      setMessage(`Created the token ${created.record.name}. Copy its secret now: it is not shown again.`);
      form.reset();
      refresh();
    } catch (failure) {
      setMessage(`Not created: ${(failure as Error).message}`);
    }
  };
  const createUser = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    try {
      await postJson('/v1/admin/users', { name: data.get('name'), admin: data.get('admin') === 'on' });
      setMessage(`Created the user ${String(data.get('name'))}.`);
      form.reset();
      refresh();
    } catch (failure) {
      setMessage(`Not created: ${(failure as Error).message}`);
    }
  };
  return (
    <div class="account">
      <h2>{admin ? 'Admin' : 'Your tokens'}</h2>
      <p role="status" aria-live="polite">
        {message}
      </p>
      {secret && (
        <p class="secret">
          <label for="new-secret">New token secret</label>{' '}
          <input
            id="new-secret"
            readOnly
            value={secret}
            size={60}
            onFocus={(event) => (event.target as HTMLInputElement).select()}
          />{' '}
          <button type="button" onClick={() => setSecret('')}>
            I have copied it
          </button>
        </p>
      )}
      {!admin && (
        <>
          <Failure message={own.error} />
          {own.data && <TokenTable tokens={own.data.tokens} onRevoke={revoke} />}
        </>
      )}
      {admin && (
        <>
          <section aria-labelledby="tokens-heading">
            <h3 id="tokens-heading">Tokens</h3>
            <Failure message={tokens.error} />
            {tokens.data && (
              <TokenTable tokens={tokens.data.tokens} users={users.data?.users ?? []} onRevoke={revoke} />
            )}
            <form onSubmit={createToken} class="inline-form">
              <fieldset>
                <legend>Create a token</legend>
                <label for="token-user">User</label>
                <select id="token-user" name="user" required>
                  {(users.data?.users ?? []).map((user) => (
                    <option key={user.id} value={user.name}>
                      {user.name}
                      {user.admin ? ' (admin)' : ''}
                    </option>
                  ))}
                </select>
                <label for="token-name">Name</label>
                <input id="token-name" name="name" required maxLength={100} placeholder="laptop" />
                {SCOPES.map((scope) => (
                  <label key={scope}>
                    <input type="checkbox" name={`scope-${scope}`} defaultChecked={scope !== 'admin'} />{' '}
                    {scope}
                  </label>
                ))}
                <button type="submit">Create token</button>
              </fieldset>
            </form>
          </section>
          <section aria-labelledby="users-heading">
            <h3 id="users-heading">Users</h3>
            <Failure message={users.error} />
            <ul>
              {(users.data?.users ?? []).map((user) => (
                <li key={user.id}>
                  {user.name}
                  {user.admin ? ' (admin)' : ''}{' '}
                  <span class="muted">since {user.createdAt.slice(0, 10)}</span>
                </li>
              ))}
            </ul>
            <form onSubmit={createUser} class="inline-form">
              <fieldset>
                <legend>Create a user</legend>
                <label for="user-name">Name</label>
                <input id="user-name" name="name" required pattern="[A-Za-z0-9][A-Za-z0-9._@\-]{0,63}" />
                <label>
                  <input type="checkbox" name="admin" /> administrator
                </label>
                <button type="submit">Create user</button>
              </fieldset>
            </form>
          </section>
          <section aria-labelledby="privacy-heading">
            <h3 id="privacy-heading">Privacy policy</h3>
            <p>
              Where prompts may go and what is kept. Every model request is logged below — sizes, endpoint,
              redactions and outcome, never the prompt or the code.
            </p>
            <Failure message={privacy.error} />
            {privacy.data && <PrivacySettingsView settings={privacy.data} />}
          </section>
          <section aria-labelledby="audit-heading">
            <h3 id="audit-heading">Audit log (newest first, last 100)</h3>
            <Failure message={audit.error} />
            {audit.data && audit.data.entries.length === 0 && <p>No model request logged yet.</p>}
            {audit.data && audit.data.entries.length > 0 && (
              <div class="scroll">
                <DataTable
                  caption="Outgoing model requests"
                  columns={auditColumns(users.data?.users)}
                  rows={audit.data.entries}
                  rowKey={(entry) => entry.id}
                />
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
