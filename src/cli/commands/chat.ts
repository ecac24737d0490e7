import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { EXIT, type ExitCode, UsageError } from '../../core/errors.js';
import type { ChatMessage } from '../../model/types.js';
import { withoutSecrets } from '../../security/redact.js';
import type { ChatSession, ChatStore } from '../../store/chat-store.js';
import { openSqliteChatStore } from '../../store/sqlite-chat-store.js';
import type { TaskHost, TaskResultOf } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { stateDir, userStateDir } from '../../workspace/root.js';
import { parseLanguage } from '../input.js';
import { action, EXIT_INTERRUPTED, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { startSpinner } from '../render/spinner.js';
import { renderChecks, renderVerdict } from '../render/verification.js';
import { interruptSignal, takeOverInterrupt } from '../signals.js';
import { feedbackHint, recordShownSuggestion } from '../suggestions.js';
import { cliTaskHost } from '../task-host.js';
import { type OpenedWorkspace, openWorkspace } from '../workspace-setup.js';

interface ChatOptions {
  session?: string;
  list?: boolean;
  print?: string;
  model?: string;
  lang?: string;
  context: boolean;
  json?: boolean;
  config?: string;
  unsafeNoSandbox?: boolean;
  timeout?: string;
}

/**
 * The workspace's chat history: `chat.db` in its folder of the user's state dir (workspace/root.ts
 * `userStateDir`), never the workspace's `.vouch/`, where a repository can ship a history whose sessions
 * (a system message among their turns) went to the model when resumed. A `chat.db` left there by an older
 * vouch is not read and not touched: while the history here is empty, each run names it and says how to
 * move it here if it is the user's own.
 */
async function openChatHistory(root: string): Promise<ChatStore> {
  const folder = userStateDir(root);
  const store = openSqliteChatStore(folder);
  const old = join(stateDir(root), 'chat.db');
  if (existsSync(old) && (await store.listSessions(1)).length === 0) {
    process.stderr.write(
      `vouch: ${old} is not read: a chat history in a workspace's .vouch/ may have come with the repository. If it is your own (an older vouch kept it there), move it to where vouch keeps it now: mv '${old}' '${join(folder, 'chat.db')}'\n`,
    );
  }
  return store;
}

function title(message: string): string {
  const line = message.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

async function openSession({
  store,
  options,
  firstMessage,
  model,
}: {
  store: ChatStore;
  options: ChatOptions;
  firstMessage: string | undefined;
  model: string;
}): Promise<ChatSession> {
  if (options.session) {
    const found = await store.findSession(options.session);
    if (!found)
      throw new UsageError(`no chat session '${options.session}'`, {
        hint: 'list them with `vouch chat --list`',
      });
    return found;
  }
  // the history is kept without secrets (the title is the first message's first line)
  return store.createSession({ title: firstMessage ? title(withoutSecrets(firstMessage)) : 'chat', model });
}

/**
 * A turn as `chat --print --json` prints it: the task's result, plus the reply and its code by name, and
 * the id its code was recorded under (null: no code, or telemetry off).
 */
type ChatTurn = TaskResultOf<'chat'> & { reply: string; code: string; suggestion_id: string | null };

interface TurnSetup {
  workspace: OpenedWorkspace;
  host: TaskHost;
  useContext: boolean;
  /** the model's name, for the session record and the spinner */
  modelId: string;
}

function verificationSummary(turn: ChatTurn, colour: boolean): string {
  const notes = turn.notes.map((note) => paint(colour, 'yellow', `  note: ${note}\n`)).join('');
  if (!turn.code) return notes;
  const hint = turn.suggestion_id ? paint(colour, 'dim', `  ${feedbackHint(turn.suggestion_id)}\n`) : '';
  const checks = turn.verification.checks;
  if (checks.length === 0)
    return `${notes}${paint(colour, 'yellow', '  (code in this reply was not verified: no check ran)\n')}${hint}`;
  return `${paint(colour, 'dim', 'verification of the code above:')}\n${renderChecks(checks, colour)}\n${renderVerdict(turn.verification, colour)}${notes}${hint}`;
}

async function runTurn({
  store,
  session,
  message,
  setup,
  options,
}: {
  store: ChatStore;
  session: ChatSession;
  message: string;
  setup: TurnSetup;
  options: { language?: ReturnType<typeof parseLanguage>; stream: boolean; signal: AbortSignal };
}): Promise<ChatTurn> {
  const waiting = options.stream ? startSpinner(`waiting for ${setup.modelId}…`) : undefined;
  options.signal.addEventListener('abort', () => waiting?.stop(), { once: true });
  const history: ChatMessage[] = (await store.messages(session.id)).map(({ role, content }) => ({
    role,
    content,
  }));
  const result = await runTask({
    name: 'chat',
    input: {
      history,
      message,
      useContext: setup.useContext,
      ...(options.language ? { language: options.language } : {}),
    },
    host: setup.host,
    options: {
      signal: options.signal,
      onEvent: (event) => {
        if (event.type === 'notice') process.stderr.write(`vouch: ${event.message}\n`);
        if (event.type === 'text-delta' && options.stream) {
          waiting?.stop();
          process.stdout.write(event.delta);
        }
      },
    },
  }).finally(() => waiting?.stop());
  const turn: ChatTurn = {
    ...result,
    reply: result.details.reply,
    code: result.generated_code,
    suggestion_id: await recordShownSuggestion(
      setup.workspace,
      { message, ...(options.language ? { language: options.language } : {}) },
      result,
    ),
  };
  // Only a completed turn is stored: a cancelled reply leaves the history as it was.
  // kept with placeholders for the secrets in them: a later turn's model sees placeholders either way
  await store.appendMessage(session.id, { role: 'user', content: withoutSecrets(message) });
  await store.appendMessage(session.id, {
    role: 'assistant',
    content: withoutSecrets(turn.reply),
    model: turn.model,
    ...(turn.usage.inputTokens !== undefined ? { inputTokens: turn.usage.inputTokens } : {}),
    ...(turn.usage.outputTokens !== undefined ? { outputTokens: turn.usage.outputTokens } : {}),
  });
  return turn;
}

async function listSessions(store: ChatStore, json: boolean): Promise<void> {
  const sessions = await store.listSessions();
  if (json) {
    printJson({ sessions });
    return;
  }
  if (sessions.length === 0) {
    process.stdout.write('no chat sessions yet; start one with `vouch chat`\n');
    return;
  }
  for (const session of sessions) {
    process.stdout.write(
      `${session.id}  ${session.updatedAt.slice(0, 16).replace('T', ' ')}  ${String(session.messageCount).padStart(3)} msgs  ${session.title}\n`,
    );
  }
}

/**
 * The interactive loop. On a terminal readline holds the keyboard in raw mode, so Ctrl-C arrives as a key
 * (readline's 'SIGINT'), not as a signal: while a reply streams it cancels the reply; at the prompt it
 * leaves (exit 130). With piped input it is a real SIGINT, handled the same way.
 */
async function interactive({
  store,
  workspace,
  options,
  setup,
}: {
  store: ChatStore;
  workspace: OpenedWorkspace;
  options: ChatOptions;
  setup: TurnSetup;
}): Promise<ExitCode | typeof EXIT_INTERRUPTED> {
  const colour = useColour();
  let session: ChatSession | undefined = options.session
    ? await openSession({ store, options, firstMessage: undefined, model: setup.modelId })
    : undefined;
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY === true,
  });
  process.stdout.write(
    paint(
      colour,
      'dim',
      `vouch chat · ${setup.modelId} · ${workspace.root}\n/exit to leave, Ctrl-C cancels a reply\n`,
    ),
  );
  if (session) process.stdout.write(paint(colour, 'dim', `resuming ${session.id}: ${session.title}\n`));
  let reply: AbortController | undefined;
  let question: AbortController | undefined;
  let interrupted = false;
  const onInterrupt = (): void => {
    if (reply && !reply.signal.aborted) {
      reply.abort(new Error('cancelled by the user'));
      return;
    }
    interrupted = true;
    question?.abort();
  };
  rl.on('SIGINT', onInterrupt);
  const takeover = takeOverInterrupt(onInterrupt);
  try {
    for (;;) {
      let line: string;
      question = new AbortController();
      try {
        line = await rl.question(paint(colour, 'cyan', '\nyou> '), { signal: question.signal });
      } catch {
        break; // Ctrl-C, Ctrl-D or the input closed
      }
      const message = line.trim();
      if (!message) continue;
      if (message === '/exit' || message === '/quit') break;
      session ??= await openSession({ store, options, firstMessage: message, model: setup.modelId });
      reply = new AbortController();
      try {
        process.stdout.write(paint(colour, 'green', 'vouch> '));
        const turn = await runTurn({
          store,
          session,
          message,
          setup,
          options: {
            stream: true,
            signal: reply.signal,
            ...(options.lang ? { language: parseLanguage(options.lang) } : {}),
          },
        });
        process.stdout.write(`\n${verificationSummary(turn, colour)}`);
      } catch (error) {
        if (reply.signal.aborted) process.stdout.write(paint(colour, 'yellow', '\n(reply cancelled)\n'));
        else process.stderr.write(`\nvouch: ${(error as Error).message}\n`);
      } finally {
        reply = undefined;
      }
      if (interrupted) break;
    }
  } finally {
    takeover.release();
    rl.close();
    if (session)
      process.stdout.write(
        paint(
          colour,
          'dim',
          `\nsession ${session.id} saved; resume with: vouch chat --session ${session.id}\n`,
        ),
      );
  }
  return interrupted ? EXIT_INTERRUPTED : EXIT.ok;
}

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description("chat about your codebase; history is kept in the user's state dir")
    .option('--session <id>', 'resume a session (an unambiguous id prefix is enough)')
    .option('--list', 'list chat sessions, newest first')
    .option('-p, --print <message>', 'one turn without the interactive loop')
    .option('--model <provider:name>', 'model to use (default: the chat model of the config)')
    .option('--lang <language>', 'language to verify code in when a reply does not say')
    .option('--no-context', 'do not draw on the codebase index')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--timeout <seconds>', "each run of the code's tests in the sandbox ends after this (default 20)")
    .option('--unsafe-no-sandbox', 'run checks that execute code without a sandbox')
    .option('--json', 'print JSON (with --print or --list)')
    .action(
      action(async (options: ChatOptions) => {
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const store = await openChatHistory(workspace.root);
        try {
          if (options.list) {
            await listSessions(store, options.json === true);
            return EXIT.ok;
          }
          if (options.print !== undefined && !options.print.trim())
            throw new UsageError('--print needs a message');
          if (options.print === undefined && options.json) {
            throw new UsageError('--json needs --print or --list', {
              hint: 'the interactive chat prints text only',
            });
          }
          const language = parseLanguage(options.lang);
          const host = await cliTaskHost(workspace, {
            quiet: options.json === true,

            embeddings: options.context,
            model: options.model,
            unsafeNoSandbox: options.unsafeNoSandbox,
            timeout: options.timeout,
          });
          // chosen up front: a missing model is said before the first message, not after it
          const model = await host.model('chat');
          const setup: TurnSetup = { workspace, host, useContext: options.context, modelId: model.id };
          if (options.print === undefined) return await interactive({ store, workspace, options, setup });
          const session = await openSession({ store, options, firstMessage: options.print, model: model.id });
          const interrupt = interruptSignal();
          const stream = !options.json;
          const turn = await runTurn({
            store,
            session,
            message: options.print,
            setup,
            options: {
              stream,
              signal: interrupt,
              ...(language ? { language } : {}),
            },
          });
          if (options.json) printJson({ session: session.id, ...turn });
          else process.stdout.write(`\n${verificationSummary(turn, useColour())}`);
          const status = turn.verification.status;
          return status === 'pass' || status === 'none' ? EXIT.ok : EXIT.findings;
        } finally {
          await store.close();
        }
      }),
    );
}
