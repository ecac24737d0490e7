import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { ChatMessage } from '../../model/types.js';
import type { ChatSession, ChatStore } from '../../store/chat-store.js';
import { openSqliteChatStore } from '../../store/sqlite-chat-store.js';
import { type ChatTurnOutput, chatTurn } from '../../tasks/chat.js';
import { defaultChecks } from '../../tasks/checks.js';
import { vouchDir } from '../../workspace/root.js';
import { parseLanguage } from '../input.js';
import { chooseModel } from '../model-choice.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { renderChecks } from '../render/verification.js';
import { interruptSignal } from '../signals.js';
import { workspaceContext } from '../workspace-context.js';
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
}

function title(message: string): string {
  const line = message.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

async function openSession(
  store: ChatStore,
  options: ChatOptions,
  firstMessage: string | undefined,
  model: string,
): Promise<ChatSession> {
  if (options.session) {
    const found = await store.findSession(options.session);
    if (!found)
      throw new UsageError(`no chat session '${options.session}'`, {
        hint: 'list them with `vouch chat --list`',
      });
    return found;
  }
  return store.createSession({ title: firstMessage ? title(firstMessage) : 'chat', model });
}

function verificationSummary(turn: ChatTurnOutput, colour: boolean): string {
  if (!turn.code) return '';
  const checks = turn.verification.checks;
  if (checks.length === 0)
    return paint(colour, 'yellow', '  (code in this reply was not verified: no check ran)\n');
  const blocked = turn.verification.blocked
    ? paint(colour, 'red', '  BLOCKED: a check forbids using this code as is\n')
    : '';
  return `${paint(colour, 'dim', 'verification of the code above:')}\n${renderChecks(checks, colour)}\n${blocked}`;
}

async function runTurn(
  store: ChatStore,
  session: ChatSession,
  message: string,
  deps: Omit<Parameters<typeof chatTurn>[1], 'onDelta' | 'signal'>,
  options: { language?: ReturnType<typeof parseLanguage>; stream: boolean; signal: AbortSignal },
): Promise<ChatTurnOutput> {
  const history: ChatMessage[] = (await store.messages(session.id)).map(({ role, content }) => ({
    role,
    content,
  }));
  const turn = await chatTurn(
    { history, message, ...(options.language ? { language: options.language } : {}) },
    {
      ...deps,
      signal: options.signal,
      ...(options.stream ? { onDelta: (delta: string) => process.stdout.write(delta) } : {}),
    },
  );
  // Only a completed turn is stored: a cancelled reply leaves the history as it was.
  await store.appendMessage(session.id, { role: 'user', content: message });
  await store.appendMessage(session.id, {
    role: 'assistant',
    content: turn.reply,
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

async function interactive(
  store: ChatStore,
  workspace: OpenedWorkspace,
  options: ChatOptions,
  deps: Parameters<typeof runTurn>[3],
): Promise<void> {
  const colour = useColour();
  let session: ChatSession | undefined = options.session
    ? await openSession(store, options, undefined, deps.model.id)
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
      `vouch chat · ${deps.model.id} · ${workspace.root}\n/exit to leave, Ctrl-C cancels a reply\n`,
    ),
  );
  if (session) process.stdout.write(paint(colour, 'dim', `resuming ${session.id}: ${session.title}\n`));
  try {
    for (;;) {
      let line: string;
      try {
        line = await rl.question(paint(colour, 'cyan', '\nyou> '));
      } catch {
        break; // Ctrl-D or the input closed
      }
      const message = line.trim();
      if (!message) continue;
      if (message === '/exit' || message === '/quit') break;
      session ??= await openSession(store, options, message, deps.model.id);
      const interrupt = interruptSignal();
      try {
        process.stdout.write(paint(colour, 'green', 'vouch> '));
        const turn = await runTurn(store, session, message, deps, {
          stream: true,
          signal: interrupt.signal,
          ...(options.lang ? { language: parseLanguage(options.lang) } : {}),
        });
        process.stdout.write(`\n${verificationSummary(turn, colour)}`);
      } catch (error) {
        if (interrupt.signal.aborted) process.stdout.write(paint(colour, 'yellow', '\n(reply cancelled)\n'));
        else process.stderr.write(`\nvouch: ${(error as Error).message}\n`);
      } finally {
        interrupt.dispose();
      }
    }
  } finally {
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
}

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('chat about your codebase; history is kept in .vouch/chat.db')
    .option('--session <id>', 'resume a session (an unambiguous id prefix is enough)')
    .option('--list', 'list chat sessions, newest first')
    .option('-p, --print <message>', 'one turn without the interactive loop')
    .option('--model <provider:name>', 'model to use (default: the chat model of the config)')
    .option('--lang <language>', 'language to verify code in when a reply does not say')
    .option('--no-context', 'do not draw on the codebase index')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--unsafe-no-sandbox', 'run checks that execute code without a sandbox')
    .option('--json', 'print JSON (with --print or --list)')
    .action(
      action(async (options: ChatOptions) => {
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const store = openSqliteChatStore(vouchDir(workspace.root));
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
          const model = await chooseModel({
            task: 'chat',
            config: workspace.config,
            ...(options.model ? { flag: options.model } : {}),
          });
          const context = options.context ? await workspaceContext(workspace, model) : undefined;
          const deps = {
            model,
            checks: defaultChecks(),
            checkContext: {
              workspaceRoot: workspace.root,
              config: workspace.config,
              ...(options.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
            },
            ...(context ? { context } : {}),
          };
          if (options.print === undefined) {
            await interactive(store, workspace, options, deps);
            return EXIT.ok;
          }
          const session = await openSession(store, options, options.print, model.id);
          const interrupt = interruptSignal();
          try {
            const stream = !options.json;
            const turn = await runTurn(store, session, options.print, deps, {
              stream,
              signal: interrupt.signal,
              ...(language ? { language } : {}),
            });
            if (options.json) printJson({ session: session.id, ...turn });
            else process.stdout.write(`\n${verificationSummary(turn, useColour())}`);
            const failed =
              turn.verification.blocked || turn.verification.checks.some((check) => check.status === 'fail');
            return failed ? EXIT.findings : EXIT.ok;
          } finally {
            interrupt.dispose();
          }
        } finally {
          await store.close();
        }
      }),
    );
}
