import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, sendEvent, streamTask } from '../api.js';
import { Answer } from '../components/answer.js';
import { type CodeLocation, CodeViewer } from '../components/code-viewer.js';
import { InlineCode } from '../components/inline-code.js';
import {
  type ChatSession,
  deleteSession,
  listSessions,
  loadSession,
  newSession,
  saveTurn,
  type Turn,
} from '../sessions.js';
import type { ConversationView, TaskStreamEvent } from '../types.js';

function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.message}${error.hint ? ` — ${error.hint}` : ''}`;
  return (error as Error).message;
}

/**
 * Chat with the codebase: one `chat` task per turn, streamed; the page sends the history, and the server
 * keeps each conversation so it can be resumed from any browser.
 */
export function ChatPage() {
  const [sessions, setSessions] = useState<ConversationView[]>([]);
  const [session, setSession] = useState<ChatSession>(newSession);
  const [storeError, setStoreError] = useState('');
  const [question, setQuestion] = useState('');
  const [streaming, setStreaming] = useState<Turn>();
  const [stage, setStage] = useState('');
  const [viewing, setViewing] = useState<CodeLocation>();
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []);
  /**
   * Set once the user starts, opens or asks in a conversation: the most recent one, still loading, must
   * not then replace it (a "New conversation" clicked before the resume answered showed the old one).
   */
  const chosen = useRef(false);

  const refresh = () =>
    listSessions().then(
      (listed) => {
        setSessions(listed);
        return listed;
      },
      (error: unknown) => {
        setStoreError(`Your conversations could not be listed: ${describe(error)}`);
        return [] as ConversationView[];
      },
    );
  const open = (id: string) => {
    chosen.current = true;
    setStoreError('');
    loadSession(id).then(setSession, (error: unknown) =>
      setStoreError(`That conversation could not be opened: ${describe(error)}`),
    );
  };
  // resume the most recent conversation, unless the user started, opened or asked in one meanwhile
  useEffect(() => {
    void refresh().then(async (listed) => {
      if (!listed[0] || chosen.current) return;
      const recent = await loadSession(listed[0].id).catch(() => undefined);
      if (recent && !chosen.current) setSession(recent);
    });
  }, []);

  const ask = async (event: Event) => {
    event.preventDefault();
    const message = question.trim();
    if (!message || streaming) return;
    chosen.current = true;
    setQuestion('');
    const history = session.turns.flatMap((turn) =>
      turn.error
        ? []
        : [
            { role: 'user' as const, content: turn.question },
            { role: 'assistant' as const, content: turn.reply },
          ],
    );
    let turn: Turn = { question: message, reply: '' };
    setStreaming(turn);
    setStage('sending');
    controller.current = new AbortController();
    const onEvent = (streamed: TaskStreamEvent) => {
      if (streamed.type === 'text-delta') {
        turn = { ...turn, reply: turn.reply + streamed.delta };
        setStreaming(turn);
      } else if (streamed.type === 'stage') {
        setStage(streamed.status === 'start' ? `${streamed.stage}…` : `${streamed.stage} done`);
      } else if (streamed.type === 'check') {
        setStage(`check ${streamed.result.name}: ${streamed.result.status}`);
      }
    };
    try {
      const result = await streamTask('chat', { message, history }, onEvent, controller.current.signal);
      turn = { ...turn, reply: result.explanation || turn.reply, result };
      // `shown` is best effort: a token without the telemetry scope still gets its answer
      if (result.suggestion_id) sendEvent(result.suggestion_id, 'shown').catch(() => {});
    } catch (error) {
      turn = {
        ...turn,
        error:
          (error as Error).name === 'AbortError'
            ? 'Stopped before the answer was complete.'
            : describe(error),
      };
    } finally {
      setStreaming(undefined);
      setStage('');
    }
    try {
      setSession(await saveTurn(session, turn));
      setStoreError('');
      void refresh();
    } catch (error) {
      // the answer stays on the page; only keeping it failed, and the page says so
      setSession({ ...session, turns: [...session.turns, turn] });
      setStoreError(`This turn was not saved on the server: ${describe(error)}`);
    }
  };

  const stop = () => controller.current?.abort();
  const turns = streaming ? [...session.turns, streaming] : session.turns;

  return (
    <div class="chat-layout">
      <nav class="sessions" aria-label="Conversations">
        <button
          type="button"
          onClick={() => {
            chosen.current = true;
            setSession(newSession());
          }}
          disabled={!!streaming}
        >
          New conversation
        </button>
        <p class="muted small">
          Conversations are kept on the server for your account: resume them from any browser. The server's
          retention (<code>vouch prune</code>) removes old ones.
        </p>
        {storeError && (
          <p class="error small" role="alert">
            <InlineCode text={storeError} />
          </p>
        )}
        <ul>
          {sessions.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                class="link"
                aria-current={entry.id === session.id ? 'true' : undefined}
                onClick={() => open(entry.id)}
                disabled={!!streaming}
              >
                {entry.title}
              </button>
              <button
                type="button"
                class="link danger"
                aria-label={`Delete the conversation “${entry.title}”`}
                onClick={() => {
                  deleteSession(entry.id).then(
                    () => {
                      if (entry.id === session.id) setSession(newSession());
                      void refresh();
                    },
                    (error: unknown) =>
                      setStoreError(`That conversation could not be deleted: ${describe(error)}`),
                  );
                }}
                disabled={!!streaming}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section class="conversation" aria-label="Conversation">
        <h2>{session.title}</h2>
        <ol class="turns">
          {turns.map((turn, index) => (
            <li key={index} class="turn">
              <div class="question">
                <span class="who">You</span> {turn.question}
              </div>
              <div
                class="reply"
                aria-live={turn === streaming ? 'polite' : undefined}
                aria-busy={turn === streaming}
              >
                <span class="who">vouch</span>
                <Answer
                  reply={turn.reply}
                  {...(turn.result ? { result: turn.result } : {})}
                  onCite={setViewing}
                />
                {turn === streaming && (
                  <p class="muted" role="status">
                    {stage}
                  </p>
                )}
                {turn.error && (
                  <p class="error" role="alert">
                    <InlineCode text={turn.error} />
                  </p>
                )}
              </div>
            </li>
          ))}
        </ol>
        <form onSubmit={ask} class="ask">
          <label for="question">Ask about the codebase</label>
          <textarea
            id="question"
            rows={3}
            value={question}
            onInput={(event) => setQuestion((event.target as HTMLTextAreaElement).value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) ask(event);
            }}
            placeholder="Where are API tokens checked? (Ctrl+Enter sends)"
          />
          <div class="row">
            <button type="submit" disabled={!!streaming || !question.trim()}>
              Ask
            </button>
            {streaming && (
              <button type="button" onClick={stop}>
                Stop
              </button>
            )}
          </div>
        </form>
      </section>
      {viewing && <CodeViewer location={viewing} onClose={() => setViewing(undefined)} />}
    </div>
  );
}
