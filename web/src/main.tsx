import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, tokenStore } from './api.js';
import { AccountPage } from './pages/admin.js';
import { ChatPage } from './pages/chat.js';
import { DashboardPage } from './pages/dashboard.js';
import { TasksPage } from './pages/tasks.js';
import './styles.css';
import { InlineCode } from './components/inline-code.js';
import type { TokenView } from './types.js';

interface Identity {
  userId: string;
  admin: boolean;
}

/**
 * Who the token belongs to: `GET /v1/tokens` lists the caller's tokens (so it answers 401 for a bad
 * token), `GET /v1/admin/users` answers only an administrator.
 */
async function identify(): Promise<Identity> {
  let userId = 'unknown';
  try {
    const { tokens } = await getJson<{ tokens: TokenView[] }>('/v1/tokens');
    userId = tokens[0]?.userId ?? userId;
  } catch (error) {
    // a token without the telemetry scope can still run tasks
    if (!(error instanceof ApiError && error.status === 403)) throw error;
  }
  let admin = false;
  try {
    await getJson('/v1/admin/users');
    admin = true;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 403)) throw error;
  }
  return { userId, admin };
}

function SignIn({ onSignedIn, notice }: { onSignedIn: (identity: Identity) => void; notice: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    tokenStore.set(token.trim());
    try {
      onSignedIn(await identify());
    } catch (failure) {
      tokenStore.clear();
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'That token was not accepted: it is unknown or was revoked. Ask your administrator for a token (`vouch token create --user NAME`).'
          : (failure as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <h1>vouch</h1>
      <p>Sign in with your API token. It is kept in this tab only and sent in a header, never in a URL.</p>
      {notice && <p role="status">{notice}</p>}
      <form onSubmit={submit}>
        <label for="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onInput={(event) => setToken((event.target as HTMLInputElement).value)}
          required
          aria-describedby={error ? 'token-error' : undefined}
          aria-invalid={error ? 'true' : undefined}
        />
        <button type="submit" disabled={busy || !token.trim()}>
          Sign in
        </button>
      </form>
      {error && (
        <p id="token-error" class="error" role="alert">
          <InlineCode text={error} />
        </p>
      )}
    </main>
  );
}

const PAGES = ['chat', 'tasks', 'dashboard', 'account'] as const;
type Page = (typeof PAGES)[number];

function currentPage(): Page {
  const name = location.hash.replace(/^#\/?/, '');
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : 'chat';
}

function App() {
  const [identity, setIdentity] = useState<Identity>();
  const [checking, setChecking] = useState(() => tokenStore.get() !== null);
  const [notice, setNotice] = useState('');
  const [page, setPage] = useState<Page>(currentPage);
  useEffect(() => {
    const onHash = () => setPage(currentPage());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (!checking) return;
    identify()
      .then(setIdentity, (failure: Error) => {
        tokenStore.clear();
        setNotice(`Signed out: ${failure.message}`);
      })
      .finally(() => setChecking(false));
  }, [checking]);
  useEffect(() => {
    document.title = `vouch — ${page}`;
  }, [page]);
  if (checking) return <p role="status">Checking your token…</p>;
  if (!identity) return <SignIn onSignedIn={setIdentity} notice={notice} />;
  const signOut = () => {
    tokenStore.clear();
    setIdentity(undefined);
    setNotice('Signed out.');
  };
  const labels: Record<Page, string> = {
    chat: 'Chat',
    tasks: 'Tasks',
    dashboard: 'Dashboard',
    account: identity.admin ? 'Admin' : 'Tokens',
  };
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">vouch</span>
        <nav aria-label="Pages">
          {PAGES.map((name) => (
            <a key={name} href={`#/${name}`} aria-current={page === name ? 'page' : undefined}>
              {labels[name]}
            </a>
          ))}
        </nav>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'chat' && <ChatPage />}
        {page === 'tasks' && <TasksPage />}
        {page === 'dashboard' && <DashboardPage admin={identity.admin} />}
        {page === 'account' && <AccountPage admin={identity.admin} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
