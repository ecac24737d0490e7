import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  type Connection,
  type CreateFile,
  type Diagnostic,
  type Range,
  type TextDocumentEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { UsageError } from '../core/errors.js';
import { languageForPath } from '../core/languages.js';
import { PRIVATE_DIRECTORY } from '../core/private-files.js';
import { analyzeFile } from '../index/analyze-file.js';
import {
  runTask,
  type TaskHost,
  type TaskName,
  type TaskResult,
  type TaskResultOf,
  type Verdict,
} from '../tasks/index.js';
import { suggestedTestPath } from '../tasks/test/index.js';
import { hashContent } from '../tasks/test/target.js';
import { cacheStateDir } from '../workspace/root.js';
import { type DiagnosticData, GATE_INCOMPLETE, runGate } from './gate.js';
import {
  type ApplyOutcome,
  applyProposal,
  changeProposal,
  debugProposal,
  type Proposal,
  type Proposals,
  refactorProposal,
  testProposal,
} from './proposals.js';
import { renderResult } from './render-result.js';

/**
 * The assistant's tasks as editor commands: each builds the task's input from the buffer and the
 * selection, runs it through the task API (cancelled with the request), and shows the result — with its
 * verification — as a Markdown document in the user's cache dir (`showResult`), which the editor is asked to open.
 */

export const TASK_COMMANDS = [
  'vouch.generate',
  'vouch.chat',
  'vouch.debug',
  'vouch.explain',
  'vouch.tests',
  'vouch.refactor',
  'vouch.review',
  'vouch.ask',
  'vouch.check',
  'vouch.fix',
  'vouch.apply',
  'vouch.change',
] as const;

type TaskCommand = (typeof TASK_COMMANDS)[number];

export interface TaskCommandContext {
  connection: Connection;
  host: TaskHost;
  document(uri: string): TextDocument | undefined;
  pathOf(uri: string): string | undefined;
  /** what refactor, test and debug proposed to write, until the editor accepts it (`vouch.apply`) */
  proposals: Proposals;
}

/** What a selection command passes: the buffer and the selected lines (0-based LSP range). */
interface SelectionArgument {
  uri: string;
  range?: Range;
}

/** `vouch.refactor`'s argument: the code and what the refactor should achieve (a default when absent). */
interface RefactorArgument extends SelectionArgument {
  goal?: string;
}

/** The goal of a refactor asked for without one (the code action's). */
export const DEFAULT_REFACTOR_GOAL =
  'make this code simpler and easier to read without changing what it does';

/** `vouch.generate`'s argument: what the code should do, for the buffer it is meant for. */
interface GenerateArgument extends SelectionArgument {
  spec: string;
}

/** `vouch.debug`'s argument: the failing command (run in the sandbox) or its output. */
interface DebugArgument {
  command?: string[];
  log?: string;
}

/**
 * `vouch.change`'s argument: the request, files it needs (workspace-relative, as `--file`), and `apply`:
 * a verified change is then applied through the editor (every file or none; undoable there).
 */
interface ChangeArgument {
  request: string;
  files?: string[];
  apply?: boolean;
}

/** `vouch.chat`'s argument: the message and the conversation so far (the editor keeps the history). */
interface ChatArgument {
  message: string;
  history?: { role: 'user' | 'assistant'; content: string }[];
}

/** How each command's arguments become its task's input (the task's own schema validates it). */
const SELECTION_TASKS: Record<string, { task: 'explain' | 'test' | 'refactor'; title: string }> = {
  'vouch.explain': { task: 'explain', title: 'Explain this code' },
  'vouch.tests': { task: 'test', title: 'Generate tests for this code' },
  'vouch.refactor': { task: 'refactor', title: 'Refactor this code' },
};

/** Lines of a range as the CLI writes them (1-based, inclusive): a selection ending at column 0 ends a line above. */
function lineSpan(range: Range): { startLine: number; endLine: number } {
  const endLine =
    range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  return { startLine: range.start.line + 1, endLine };
}

function isPosition(value: unknown): boolean {
  const position = value as { line?: unknown; character?: unknown } | null;
  return (
    typeof position === 'object' &&
    position !== null &&
    Number.isInteger(position.line) &&
    Number.isInteger(position.character)
  );
}

function isRange(value: unknown): value is Range {
  const range = value as { start?: unknown; end?: unknown } | null;
  return typeof range === 'object' && range !== null && isPosition(range.start) && isPosition(range.end);
}

export function taskInput(path: string, range: Range | undefined, extra: Record<string, unknown> = {}) {
  const span = range ? lineSpan(range) : {};
  return { file: path, ...span, ...extra };
}

/** Code actions for the selection: one per selection task. */
export function taskCodeActions(target: { uri: string; path: string; range: Range }): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const [command, { title }] of Object.entries(SELECTION_TASKS)) {
    actions.push({
      title: `vouch: ${title.toLowerCase()}`,
      kind: 'refactor',
      command: {
        title,
        command,
        arguments: [{ uri: target.uri, range: target.range } satisfies SelectionArgument],
      },
    });
  }
  return actions;
}

/**
 * "Fix with the model" on vouch's diagnostics in the range (not its "not verified" notes): the fix task
 * on the lines they are on, or the whole buffer when the request covers none of them.
 */
export function fixCodeActions(target: { uri: string; diagnostics: readonly Diagnostic[] }): CodeAction[] {
  const ours = target.diagnostics.filter(
    (diagnostic) =>
      diagnostic.source?.startsWith('vouch') &&
      // a check that could not run, or a gate that did not complete, is nothing the model could fix
      !['not-verified', GATE_INCOMPLETE].includes(
        (diagnostic.data as DiagnosticData | undefined)?.ruleId ?? '',
      ),
  );
  if (ours.length === 0) return [];
  const range: Range = {
    start: { line: Math.min(...ours.map((diagnostic) => diagnostic.range.start.line)), character: 0 },
    // the start of the line after the last: whole lines, as a selection of them reads
    end: { line: Math.max(...ours.map((diagnostic) => diagnostic.range.end.line)) + 1, character: 0 },
  };
  return [
    {
      title: 'vouch: fix with the model (checked by the gate)',
      kind: CodeActionKind.QuickFix,
      diagnostics: [...ours],
      command: {
        title: 'Fix with the model',
        command: 'vouch.fix',
        arguments: [{ uri: target.uri, range } satisfies SelectionArgument],
      },
    },
  ];
}

/**
 * Writes a result page into the workspace's folder of the user's cache dir (`lsp/`), never the workspace's
 * `.vouch/lsp/`: a repository can ship a symbolic link there (`.vouch/lsp/chat.md` → `~/.profile`), and
 * the page, model text in it, was written through it onto the user's file.
 */
function showResult(context: TaskCommandContext, name: string, markdown: string): string {
  const folder = join(cacheStateDir(context.host.workspaceRoot), 'lsp');
  mkdirSync(folder, { recursive: true, mode: PRIVATE_DIRECTORY });
  const file = join(folder, `${name}.md`);
  writeFileSync(file, markdown);
  const uri = pathToFileURL(file).href;
  void context.connection.window.showDocument({ uri, takeFocus: true }).catch(() => undefined);
  return uri;
}

export interface CommandOutcome {
  /** the Markdown document the result was written to */
  document: string;
  result?: TaskResult;
  /** `vouch.fix`: the editor applied the fix to the buffer (only a fix that passed is offered) */
  applied?: boolean;
  /** `vouch.check`: the verdict per check */
  checks?: { name: string; status: string; findings: number }[];
  /** `vouch.check`: the verdict on the buffer, as `vouch check` gives it for the same file */
  verdict?: Verdict;
  /** refactor, tests, debug: what the task proposes to write, for `vouch.apply` (absent: nothing to write) */
  proposal?: string;
  /**
   * The workspace folder the task ran in (`vouch.apply`: the one its files were written in), as a file
   * URI: its paths (citations, edits, the files written) are relative to it, which in a multi-root
   * workspace need not be the editor's first folder.
   */
  folder?: string;
}

/**
 * The function, method or class the selection is about, as the test and refactor tasks name it
 * (`Class.method`): the innermost definition holding the whole selection, else the one definition the
 * selection holds (with what it nests); undefined for the whole file.
 */
export async function symbolAt(
  path: string,
  text: string,
  range: Range | undefined,
): Promise<string | undefined> {
  const language = languageForPath(path);
  if (!language || !range) return undefined;
  const { startLine, endLine } = lineSpan(range);
  const definitions = (await analyzeFile(language, text, { textWork: false })).definitions.filter(
    (definition) => ['function', 'method', 'class'].includes(definition.kind),
  );
  const span = (definition: (typeof definitions)[number]) => definition.endLine - definition.startLine;
  const enclosing = definitions
    .filter((definition) => definition.startLine <= startLine && definition.endLine >= endLine)
    .sort((a, b) => span(a) - span(b))[0];
  const held = definitions
    .filter((definition) => definition.startLine >= startLine && definition.endLine <= endLine)
    .sort((a, b) => span(b) - span(a));
  const outer = held[0];
  const chosen =
    enclosing ??
    (outer &&
    held.every((definition) => definition.startLine >= outer.startLine && definition.endLine <= outer.endLine)
      ? outer
      : undefined);
  if (!chosen) return undefined;
  return chosen.parent ? `${chosen.parent}.${chosen.name}` : chosen.name;
}

export async function runTaskCommand({
  command,
  args,
  context,
  signal,
}: {
  command: string;
  args: unknown[];
  context: TaskCommandContext;
  signal: AbortSignal;
}): Promise<CommandOutcome> {
  if (!(TASK_COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command ${command}`, { hint: `commands: ${TASK_COMMANDS.join(', ')}` });
  }
  const name = command as TaskCommand;
  if (name === 'vouch.ask') {
    // the question, or {question, uri}: the uri (the editor's open file) names the folder it is asked in
    const question =
      typeof args[0] === 'string' ? args[0] : (args[0] as { question?: unknown } | undefined)?.question;
    if (typeof question !== 'string' || !question.trim())
      throw new UsageError('vouch.ask needs the question (or {question, uri}) as its argument');
    return run({ task: 'ask', input: { question }, documentName: 'ask', context, signal });
  }
  if (name === 'vouch.debug') {
    const { command: failing, log } = (args[0] ?? {}) as DebugArgument;
    if (!failing?.length && !log?.trim())
      throw new UsageError('vouch.debug needs {command} (the failing command) or {log} as its argument');
    const outcome = await run({
      task: 'debug',
      input: { ...(failing?.length ? { command: failing } : {}), ...(log ? { log } : {}) },
      documentName: 'debug',
      context,
      signal,
    });
    return withProposal(outcome, debugProposal(outcome.result), context);
  }
  if (name === 'vouch.change') {
    const argument = (args[0] ?? {}) as ChangeArgument;
    if (!argument.request?.trim())
      throw new UsageError('vouch.change needs {request, files?, apply?} as its argument');
    return changeDocument(argument, context, signal);
  }
  if (name === 'vouch.chat') {
    const argument = args[0] as ChatArgument | undefined;
    if (!argument?.message?.trim())
      throw new UsageError('vouch.chat needs {message, history} as its argument');
    return run({
      task: 'chat',
      input: { message: argument.message, history: argument.history ?? [] },
      documentName: 'chat',
      context,
      signal,
    });
  }
  if (name === 'vouch.apply') return acceptProposal(args[0], context);
  const argument = args[0] as SelectionArgument | undefined;
  if (!argument?.uri) throw new UsageError(`${command} needs {uri, range} as its argument`);
  if (argument.range !== undefined && !isRange(argument.range))
    throw new UsageError(
      `${command}: range must be an LSP range, {start: {line, character}, end: {line, character}}`,
      {
        hint: `it was ${JSON.stringify(argument.range).slice(0, 200)}`,
      },
    );
  const path = context.pathOf(argument.uri);
  if (!path)
    throw new UsageError(`${argument.uri} is not a file in the workspace ${context.host.workspaceRoot}`);
  if (name === 'vouch.check') return checkDocument({ uri: argument.uri, path, context, signal });
  if (name === 'vouch.review')
    return run({ task: 'review', input: {}, documentName: 'review', context, signal });
  if (name === 'vouch.fix') return fixDocument({ argument, path, context, signal });
  if (name === 'vouch.generate') {
    const { spec } = argument as GenerateArgument;
    if (!spec?.trim()) throw new UsageError('vouch.generate needs {uri, spec} as its argument');
    return run({
      task: 'generate',
      input: { spec, file: path },
      documentName: `generate-${path.replace(/[^\w.-]+/g, '_')}`,
      context,
      signal,
    });
  }
  const { task } = SELECTION_TASKS[name]!;
  const documentName = `${task}-${path.replace(/[^\w.-]+/g, '_')}`;
  const buffer = context.document(argument.uri)?.getText();
  const saved = readSource(context.host.workspaceRoot, path);
  // the buffer as the editor has it, unsaved edits or a file never saved included: the lines the user selected
  if (task === 'explain')
    return run({
      task,
      input: taskInput(
        path,
        argument.range,
        buffer !== undefined && buffer !== saved ? { text: buffer } : {},
      ),
      documentName,
      context,
      signal,
    });
  // tests and refactors run the file as saved (in the sandbox, with the project): on other text they
  // would judge code the user does not see
  if (buffer !== undefined && buffer !== saved)
    throw new UsageError(
      `save ${path} first: ${task === 'test' ? 'tests' : 'a refactor'} run on the file as saved`,
      {
        hint: saved === undefined ? 'the file is not on disk yet' : 'the buffer has unsaved edits',
      },
    );
  // test and refactor work on a file or a definition in it, not on lines: the selection's definition
  const text = buffer ?? saved;
  const symbol = text === undefined ? undefined : await symbolAt(path, text, argument.range);
  if (task === 'test') {
    // generated and run where it will be written, when that file is new (the task's tests-where-written)
    const suggested = suggestedTestPath(context.host.workspaceRoot, {
      path,
      language: languageForPath(path),
    });
    // a project's suite for the module often exists already: the new one goes beside it, never over it
    const free = freeSuitePath(context.host.workspaceRoot, suggested);
    const write = free === undefined ? {} : { write: free };
    const outcome = await run({
      task: 'test',
      input: { file: path, ...(symbol ? { symbol } : {}), ...write },
      documentName,
      context,
      signal,
    });
    return withProposal(outcome, testProposal(outcome.result), context);
  }
  const goal = (argument as RefactorArgument).goal?.trim() || DEFAULT_REFACTOR_GOAL;
  const outcome = await run({
    task: 'refactor',
    input: { file: path, goal, ...(symbol ? { symbol } : {}) },
    documentName,
    context,
    signal,
  });
  return withProposal(outcome, refactorProposal(outcome.result), context);
}

/**
 * The suggested suite's path or, when a file is there already, the first free one beside it that the test
 * runner still finds (`tests/test_x.py` → `tests/test_x_2.py`, `x.test.ts` → `x_2.test.ts`).
 */
export function freeSuitePath(root: string, suggested: string): string | undefined {
  if (!existsSync(join(root, suggested))) return suggested;
  const [, stem, suffix] = /^(.*?)((?:\.(?:test|spec))?\.[^./]+)$/.exec(suggested) ?? [];
  if (stem === undefined || suffix === undefined) return undefined;
  for (let count = 2; count < 100; count++) {
    const candidate = `${stem}_${count}${suffix}`;
    if (!existsSync(join(root, candidate))) return candidate;
  }
  return undefined;
}

function readSource(root: string, path: string): string | undefined {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
}

function withProposal<T extends CommandOutcome>(
  outcome: T,
  proposal: Proposal | undefined,
  context: TaskCommandContext,
): T {
  // kept with the folder the task worked in: its paths are that folder's (a multi-root workspace)
  return proposal
    ? { ...outcome, proposal: context.proposals.add({ ...proposal, root: context.host.workspaceRoot }) }
    : outcome;
}

/**
 * `vouch.apply` ({proposal}): writes what a refactor or test task proposed, through the editor (one
 * workspace edit, all or nothing; proposals.ts). Answers whether it was applied and, if not, why.
 */
async function acceptProposal(
  argument: unknown,
  context: TaskCommandContext,
): Promise<CommandOutcome & ApplyOutcome> {
  const id = (argument as { proposal?: unknown } | undefined)?.proposal;
  if (typeof id !== 'string')
    throw new UsageError("vouch.apply needs {proposal} (from a task command's answer)");
  const proposal = context.proposals.take(id);
  if (!proposal)
    throw new UsageError(`no proposal ${id} to apply`, {
      hint: 'it was applied already, or the language server restarted since: run the task again',
    });
  const outcome = await applyProposal(proposal, {
    connection: context.connection,
    root: proposal.root ?? context.host.workspaceRoot,
    document: context.document,
  });
  return {
    document: '',
    ...outcome,
    folder: pathToFileURL(proposal.root ?? context.host.workspaceRoot).href,
  };
}

async function run<Name extends TaskName>({
  task,
  input,
  documentName,
  context,
  signal,
}: {
  task: Name;
  input: unknown;
  documentName: string;
  context: TaskCommandContext;
  signal: AbortSignal;
}): Promise<CommandOutcome & { result: TaskResultOf<Name> }> {
  const progress = await context.connection.window.createWorkDoneProgress();
  progress.begin(`vouch ${task}`, undefined, 'starting', true);
  // the editor's cancel button on the progress stops the task, as cancelling the request does
  const cancelled = new AbortController();
  progress.token.onCancellationRequested(() => cancelled.abort());
  try {
    const result = await runTask({
      name: task,
      input,
      host: context.host,
      options: {
        signal: AbortSignal.any([signal, cancelled.signal]),
        onEvent: (event) => {
          if (event.type === 'stage' && event.status === 'start') progress.report(event.stage);
        },
      },
    });
    return {
      document: showResult(context, documentName, renderResult(result)),
      result,
      folder: pathToFileURL(context.host.workspaceRoot).href,
    };
  } finally {
    progress.done();
  }
}

/**
 * `vouch.fix`: the fix task on the buffer as the editor holds it (unsaved edits included), on the lines of
 * the range (whole lines; an empty range at column 0 of the next line ends the line before). The result
 * is shown as a document; a fix that passed is also applied to the buffer as one edit of the version the
 * task read, so the editor refuses it when the buffer changed meanwhile (and the user can undo it).
 */
async function fixDocument({
  argument,
  path,
  context,
  signal,
}: {
  argument: SelectionArgument;
  path: string;
  context: TaskCommandContext;
  signal: AbortSignal;
}): Promise<CommandOutcome> {
  const document = context.document(argument.uri);
  if (!document) throw new UsageError(`open ${path} first: vouch fixes the buffer the editor holds`);
  const version = document.version;
  const text = document.getText();
  const outcome = await run({
    task: 'fix',
    input: { ...taskInput(path, argument.range), text },
    documentName: `fix-${path.replace(/[^\w.-]+/g, '_')}`,
    context,
    signal,
  });
  const { result } = outcome;
  if (result.verification.status !== 'pass' || result.edits.length === 0)
    return { ...outcome, applied: false };
  const { startLine, endLine } = result.details.range;
  // the line's text without its ending (a CRLF buffer's lines end in \r, which is not part of the line)
  const lastLine = (text.split('\n')[endLine - 1] ?? '').replace(/\r$/, '');
  const applied = await context.connection.workspace
    .applyEdit({
      label: 'vouch: fix',
      edit: {
        documentChanges: [
          {
            textDocument: { uri: argument.uri, version },
            edits: [
              {
                range: {
                  start: { line: startLine - 1, character: 0 },
                  end: { line: endLine - 1, character: lastLine.length },
                },
                newText: result.generated_code,
              },
            ],
          },
        ],
      },
    })
    .then(
      (response) => response.applied,
      () => false,
    );
  return { ...outcome, applied };
}

/**
 * `vouch.change`: the change task; its result (one diff, per-file verdicts, the evidence) is shown as a
 * document. With `apply`, a verified change is applied through the editor as one workspace edit (new
 * files created, every other file replaced whole), only when each file — the open buffer, else the file on
 * disk — still holds what the task read (its `baseHash`); the editor applies all of it or none.
 */
async function changeDocument(
  argument: ChangeArgument,
  context: TaskCommandContext,
  signal: AbortSignal,
): Promise<CommandOutcome> {
  const outcome = await run({
    task: 'change',
    input: { request: argument.request, ...(argument.files?.length ? { files: argument.files } : {}) },
    documentName: 'change',
    context,
    signal,
  });
  const { result } = outcome;
  const after = result.details.after;
  // without apply: what the change would write, kept for the editor's Accept (`vouch.apply`)
  if (!argument.apply) return withProposal({ ...outcome, applied: false }, changeProposal(result), context);
  if (result.verification.status !== 'pass' || !after || result.edits.length === 0)
    return { ...outcome, applied: false };
  const root = context.host.workspaceRoot;
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const edit of result.edits) {
    const uri = pathToFileURL(join(root, edit.path)).href;
    const open = context.document(uri);
    const absolute = join(root, edit.path);
    const current = open?.getText() ?? (existsSync(absolute) ? readFileSync(absolute, 'utf8') : '');
    const same = edit.baseHash === '' ? current === '' && !open : hashContent(current) === edit.baseHash;
    if (!same) return { ...outcome, applied: false };
    const text = after[edit.path]!;
    if (edit.baseHash === '') {
      documentChanges.push(
        { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
        { textDocument: { uri, version: null }, edits: [{ range: wholeRange(''), newText: text }] },
      );
    } else
      documentChanges.push({
        textDocument: { uri, version: open?.version ?? null },
        edits: [{ range: wholeRange(current), newText: text }],
      });
  }
  const applied = await context.connection.workspace
    .applyEdit({ label: 'vouch: change', edit: { documentChanges } })
    .then(
      (response) => response.applied,
      () => false,
    );
  return { ...outcome, applied };
}

/** The range of a whole text (its last line's length in UTF-16 code units, as LSP counts). */
function wholeRange(text: string): Range {
  const lines = text.split('\n');
  return {
    start: { line: 0, character: 0 },
    end: { line: lines.length - 1, character: lines.at(-1)!.length },
  };
}

async function checkDocument({
  uri,
  path,
  context,
  signal,
}: {
  uri: string;
  path: string;
  context: TaskCommandContext;
  signal: AbortSignal;
}): Promise<CommandOutcome> {
  const document = context.document(uri);
  const language = languageForPath(path);
  if (!document || !language) throw new UsageError(`open ${path} first (a file in a language vouch checks)`);
  const run = await runGate({ path, language, text: document.getText() }, 'saved', {
    workspaceRoot: context.host.workspaceRoot,
    config: context.host.config,
    signal,
    ...(context.host.session ? { session: context.host.session } : {}),
  });
  const verdict =
    run.verdict.status === 'pass'
      ? 'verdict: pass'
      : `verdict: ${run.verdict.status === 'fail' ? 'FAIL' : 'NOT VERIFIED'} — ${run.verdict.reasons.join('; ')}`;
  const lines = [`# vouch check: ${path}`, '', `**${verdict}**`, ''];
  for (const result of run.results) {
    lines.push(`- **${result.name}**: ${result.status}${result.reason ? ` — ${result.reason}` : ''}`);
    for (const finding of result.findings)
      lines.push(`  - ${path}:${finding.line}:${finding.column} ${finding.severity} ${finding.message}`);
  }
  return {
    document: showResult(context, `check-${path.replace(/[^\w.-]+/g, '_')}`, `${lines.join('\n')}\n`),
    folder: pathToFileURL(context.host.workspaceRoot).href,
    verdict: run.verdict,
    checks: run.results.map((result) => ({
      name: result.name,
      status: result.status,
      findings: result.findings.length,
    })),
  };
}
