import { z } from 'zod';
import type { CheckResult } from '../../core/check.js';
import { checkCursorColumn } from '../../core/cursor-column.js';
import { UsageError } from '../../core/errors.js';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import { extractImports } from '../../index/imports.js';
import { IndexStore } from '../../index/index-store.js';
import { loadFetchClasses } from '../../model/index.js';
import type { Usage } from '../../model/types.js';
import { readWorkspaceText, refuseSecretsFile } from '../../workspace/read-workspace-file.js';
import { judgeConfidence } from '../confidence.js';
import { repairField, temperatureField, workspacePath } from '../input-schemas.js';
import { repairFeedback } from '../repair.js';
import { type RepairCandidate, repairLoop } from '../repair-loop.js';
import { checkContextFor } from '../run-checks.js';
import type { Citation, RepairRound, TaskDefinition, TaskEvent, TaskHost, TaskResultOf } from '../task.js';
import { addUsage, baseResult, withDetails } from '../task-frame.js';
import { TaskSession } from '../task-session.js';
import { verdictOf } from '../verdict.js';
import { cutAtBlockEnd } from './block-end.js';
import type { CachedCompletion } from './completion-cache.js';
import { completionChecks, warmCompletionChecks } from './completion-checks.js';
import { completionContext } from './completion-context.js';
import type { CompletionDetails } from './completion-details.js';
import {
  asAnswer,
  COMPLETION_ANSWER_SHAPE,
  completionRepairMessages,
  insertedText,
} from './completion-repair.js';
import { asEditorsIndent } from './editor-indent.js';
import { type SplicedTrees, splicedTrees, warmTree } from './spliced-trees.js';

/**
 * `complete`: fill in the middle at a cursor. The pipeline: read the file (or the editor's buffer) →
 * cache → the imports' signatures as context → the model's FIM call → cut where the cursor's block ends
 * → the fast checks (syntax and imports, on the file with the completion in place) → cache. It is what
 * an editor calls on every pause in typing, so everything but the model call is kept to milliseconds.
 */
export const completeInput = z
  .object({
    /** workspace-relative path of the file the cursor is in */
    file: workspacePath.meta({
      title: 'File',
      description: 'The file the cursor is in, relative to the workspace.',
    }),
    /** 1-based */
    line: z.number().int().min(1).meta({ title: 'Line', description: "The cursor's line, counting from 1." }),
    /** 1-based; the column after the last character is the end of the line */
    column: z.number().int().min(1).meta({
      title: 'Column',
      description:
        "The cursor's column, counting from 1; one past the last character is the end of the line.",
    }),
    /** the editor's unsaved buffer, when it differs from the file on disk */
    text: z.string().optional().meta({
      title: 'Unsaved text',
      description:
        "The editor's text of the file when it differs from the file on disk. Default: the file on disk.",
    }),
    maxTokens: z.number().int().min(1).max(4096).optional().meta({
      title: 'Longest answer (tokens)',
      description: "The most tokens the model may write. Default: the model's own limit.",
    }),
    temperature: temperatureField,
    /** the imports' signatures in the prompt (default on) */
    useContext: z.boolean().optional().meta({
      title: "Use the imports' signatures",
      description: 'Put the signatures of what the file imports in the prompt. Default: yes.',
    }),
    /** the fast checks (default on) */
    runChecks: z.boolean().optional().meta({
      title: 'Run the fast checks',
      description:
        "Check the completion's syntax, imports and APIs, names and the gate's security rules. Default: yes.",
    }),
    /** answer from the cache when the same prefix was completed before (default on) */
    cache: z.boolean().optional().meta({
      title: 'Answer from the cache',
      description: 'Reuse the completion of the same prefix when there is one. Default: yes.',
    }),
    /**
     * rounds of the repair loop when the fast checks fail (default 0: an editor waiting on a keystroke
     * pause cannot afford them; `vouch complete` asks for them)
     */
    repair: repairField.optional().meta({
      title: 'Repair rounds',
      description: 'When the fast checks fail, how many times the model is asked again (0–5). Default 0.',
    }),
  })
  .strict();

export type CompleteRequest = z.output<typeof completeInput>;

/** What goes to the model around the cursor, at most (whole lines; a FIM prompt's cost grows with it). */
const PREFIX_CHARS = 8000;
const SUFFIX_CHARS = 2000;
const DEFAULT_MAX_TOKENS = 128;

/** 1-based line and column */
export interface Position {
  line: number;
  column: number;
}

/** A completion as the repair loop weighs it: the text to insert, why it was cut there, its checks. */
interface CompletionCandidate extends RepairCandidate {
  completion: string;
  cut: string | undefined;
}

function tail(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.indexOf('\n', text.length - limit);
  return cut === -1 ? text.slice(-limit) : text.slice(cut + 1);
}

function head(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.lastIndexOf('\n', limit);
  return cut <= 0 ? text.slice(0, limit) : text.slice(0, cut);
}

function endOf(start: Position, text: string): Position {
  const lines = text.split('\n');
  if (lines.length === 1) return { line: start.line, column: start.column + text.length };
  return { line: start.line + lines.length - 1, column: lines.at(-1)!.length + 1 };
}

/** The rest of the cursor's line, when the completion ends by repeating it (`foo(` … `x)` before `)`). */
function withoutRepeatedLineEnd(completion: string, suffix: string): string {
  const rest = suffix.split('\n')[0]!.trim();
  if (!rest || !completion.trimEnd().endsWith(rest)) return completion;
  return completion.trimEnd().slice(0, -rest.length);
}

/**
 * The cursor's file (or the editor's buffer), refusing secrets files and lines past the end. Read here,
 * not through the context assembler, so a completion does not load the tokenizer.
 */
function readCursorText({
  root,
  path,
  line,
  buffer,
}: {
  root: string;
  path: string;
  line: number;
  buffer: string | undefined;
}): { path: string; text: string; lineStart: number; lineText: string } {
  refuseSecretsFile(path, 'put the cursor in a source file');
  const text = buffer ?? readWorkspaceText(root, path, 'put the cursor in a source file');
  // the cursor's line found by scanning, not by splitting a file of thousands of lines on every keystroke
  let lineStart = 0;
  for (let row = 1; row < line; row++) {
    const end = text.indexOf('\n', lineStart);
    if (end === -1)
      throw new UsageError(`line ${line} is outside ${path} (it has ${row} lines)`, {
        hint: 'lines count from 1',
      });
    lineStart = end + 1;
  }
  const lineEnd = text.indexOf('\n', lineStart);
  return { path, text, lineStart, lineText: text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd) };
}

/**
 * For a face that knows a file is about to be completed in (a language server when a buffer opens):
 * its tree is parsed now, off the completion's path, into the session's recent trees, and in a warm
 * session its context too — what the text imports, followed in the index, depends on the text and the
 * index alone, and is kept for the last text (context/kept-for-last.ts), so the first completion in the
 * buffer finds it unless the buffer changed meanwhile — and its imports go to the warm imports check. A
 * language vouch cannot parse is left alone.
 */
export async function warmCompletion(
  session: TaskSession,
  { path, text, config = {} }: { path: string; text: string; config?: Record<string, unknown> },
): Promise<void> {
  const language = languageForPath(path);
  if (!language) return;
  warmImportChecks({ session, language, path, text });
  // the checks' first use (the security rules of the language compiled), once per language and session
  if (session.warm && session.firstOf(`checks:${language}`))
    void warmCompletionChecks(language, { workspaceRoot: session.workspaceRoot, config }).catch(() => {});
  // the completion's compile check runs in the session's warm worker: started now, not on the first completion
  if (language === 'python') void session.compiler?.start();
  // the model's HTTP answer is built with classes Node 20 compiles on first use (model/http/node-fetch.ts):
  // loaded after this turn (the buffer's own warm-ups first), not inside the first completion's round trip
  if (session.warm && session.firstOf('model-http')) setImmediate(loadFetchClasses);
  try {
    await warmTree({ recent: session.trees, language, key: path, text });
  } catch {
    // no grammar for it: the completion will say so when asked for
  }
  if (!session.warm) return;
  try {
    const store = session.keptIndex();
    if (store) completionContext(store, { path, language, text });
  } catch {
    // an index that cannot be read now: the completion reads it (and says so) when asked for
  }
}

/**
 * What a Python buffer imports, as the warm imports check keeps modules: `module` for `import module`,
 * `module:name` for `from module import name` (relative imports resolved against the buffer's package).
 */
function importedModules(path: string, text: string): string[] {
  const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const packageParts = folder ? folder.split('/') : [];
  const specs = new Set<string>();
  for (const record of extractImports('python', text)) {
    let module = record.module;
    const dots = /^\.*/.exec(module)![0].length;
    if (dots > 0) {
      if (dots - 1 > packageParts.length) continue;
      const base = packageParts.slice(0, packageParts.length - (dots - 1));
      module = [...base, ...(module.slice(dots) ? [module.slice(dots)] : [])].join('.');
    }
    if (!/^[\w.]+$/.test(module)) continue;
    specs.add(module);
    if (record.name && record.name !== '*') specs.add(`${module}:${record.name}`);
  }
  return [...specs];
}

/** The warm imports check (when kept) imports the buffer's own imports now; an unchanged set is skipped. */
function warmImportChecks({
  session,
  language,
  path,
  text,
}: {
  session: TaskSession;
  language: LanguageId;
  path: string;
  text: string;
}): void {
  const probe = session.importProbe();
  if (language !== 'python' || !probe) return;
  const specs = importedModules(path, text);
  if (specs.length === 0) return;
  void import('../../verify/checks/imports-python.js').then((checks) =>
    checks.warmPythonImports(probe, path, specs),
  );
}

/** Two turns of the event loop: a request just handed to the HTTP client is written to its socket. */
async function requestSent(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * The model's answer, and the file's trees parsed while the model works instead of after it: the parse
 * (the whole file on its first completion, 15–20 ms for Django's 2,000-line modules; an incremental
 * reparse after) does not depend on the answer. It starts once the request is on its way, so it never
 * delays the request itself (nor does anything else `parse` does first: work that can wait for the
 * model goes there). Trees parsed for an answer that never comes (an error, a cancel) are freed.
 */
async function parsedWhileModelWorks<T>(
  answer: Promise<T>,
  parse: () => Promise<SplicedTrees>,
): Promise<{ result: T; trees: SplicedTrees }> {
  const parsed = requestSent().then(parse);
  // observed here so that a parse failing while the model works is not an unhandled rejection; it is
  // thrown below, after the answer, as before
  parsed.catch(() => {});
  let result: T;
  try {
    result = await answer;
  } catch (error) {
    parsed.then(
      (trees) => trees.delete(),
      () => {},
    );
    throw error;
  }
  return { result, trees: await parsed };
}

function openStore(
  host: TaskHost,
  session: TaskSession,
): { store: IndexStore | undefined; close: () => void } {
  if (host.index) return { store: host.index, close: () => {} };
  if (session.warm) return { store: session.keptIndex(), close: () => {} };
  const store = IndexStore.openIfExists(host.workspaceRoot);
  return { store, close: () => store?.close() };
}

export async function complete(
  request: CompleteRequest,
  host: TaskHost,
  options: { signal?: AbortSignal; onEvent?: (event: TaskEvent) => void },
): Promise<TaskResultOf<'complete'>> {
  if (host.session) return completeIn({ request, host, session: host.session, options });
  // a face that keeps nothing across tasks (a one-shot command): a session for this completion alone,
  // closed before the task returns. Its cache write (one small file) is done by then: a face that
  // removes or reads the workspace next finds nothing still writing into `.vouch/`
  const session = new TaskSession(host.workspaceRoot);
  try {
    return await completeIn({ request, host, session, options });
  } finally {
    await session.close();
  }
}

async function completeIn({
  request,
  host,
  session,
  options,
}: {
  request: CompleteRequest;
  host: TaskHost;
  session: TaskSession;
  options: { signal?: AbortSignal; onEvent?: (event: TaskEvent) => void };
}): Promise<TaskResultOf<'complete'>> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  const language: LanguageId | undefined = languageForPath(request.file);
  if (!language)
    throw new UsageError(`cannot tell the language of ${request.file}`, {
      hint: 'complete works in source files vouch can parse (.py, .ts, .js, .go, …)',
    });
  const file = readCursorText({
    root: host.workspaceRoot,
    path: request.file,
    line: request.line,
    buffer: request.text,
  });
  checkCursorColumn({ path: file.path, line: request.line, lineText: file.lineText, column: request.column });
  const offset = file.lineStart + request.column - 1;
  const prefix = file.text.slice(0, offset);
  const suffix = file.text.slice(offset);
  const cursor: Position = { line: request.line, column: request.column };

  const model = await host.model('complete');
  const maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  const useContext = request.useContext !== false;
  const checksOn = request.runChecks !== false;
  const repairRounds = checksOn ? (request.repair ?? 0) : 0;
  const keyParts = {
    model: model.id,
    path: file.path,
    prefix,
    suffix,
    // per user on a shared server: a cached completion is one person's answer to their own text
    variant: `${host.cacheScope ?? ''}|${maxTokens}|${request.temperature ?? 0}|${useContext}|${checksOn}|${repairRounds}`,
  };

  let entry: CachedCompletion | undefined =
    request.cache === false ? undefined : session.completions.lookup(keyParts);
  // one an older vouch kept after it failed its checks is not served either
  if (entry && verdictOf(entry.checks, { hasCode: entry.completion.trim() !== '' }).status === 'fail')
    entry = undefined;
  const cached = entry !== undefined;
  let usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let sources: Citation[] = entry?.context ?? [];
  let cut: string | undefined;
  const notes: string[] = [];
  const rounds: RepairRound[] = [];

  if (!entry) {
    let header = '';
    if (useContext) {
      emit({ type: 'stage', stage: 'context', status: 'start' });
      const { store, close } = openStore(host, session);
      try {
        if (store) {
          const context = completionContext(store, { path: file.path, language, text: file.text });
          header = context.header;
          sources = context.sources;
        } else
          emit({
            type: 'notice',
            message: 'no index yet: run `vouch index` so completions know your definitions',
          });
      } finally {
        close();
      }
      emit({ type: 'stage', stage: 'context', status: 'done', detail: `${sources.length} definitions` });
    }
    emit({ type: 'stage', stage: 'model', status: 'start', detail: model.id });
    const { result, trees } = await parsedWhileModelWorks(
      model.fim({
        prefix: header + tail(prefix, PREFIX_CHARS),
        suffix: head(suffix, SUFFIX_CHARS),
        maxTokens,
        temperature: request.temperature ?? 0,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
      () => {
        // a long-lived face: the buffer's own imports go to the warm imports check, while the model works
        warmImportChecks({ session, language, path: file.path, text: file.text });
        return splicedTrees({ language, recent: session.trees, key: file.path, prefix, suffix });
      },
    );
    emit({ type: 'stage', stage: 'model', status: 'done' });
    usage = result.usage;
    const choice = result.choices[0];
    let delivered: CompletionCandidate;
    const checkContext = checkContextFor({ ...host, session }, options.signal);
    try {
      // the answer cut where the cursor's block ends, then the fast checks on the file with it in place
      const checked = async (text: string, round: number): Promise<CompletionCandidate> => {
        const stopped = cutAtBlockEnd({ trees, prefix, completion: asEditorsIndent(prefix, text), suffix });
        const completion = withoutRepeatedLineEnd(stopped.completion, suffix);
        const checks =
          checksOn && completion.trim()
            ? await completionChecks(
                { language, path: file.path, prefix, completion, suffix },
                {
                  trees,
                  context: checkContext,
                  onResult: (check) => emit({ type: 'check', candidate: 0, round, result: check }),
                  ...(session.compiler ? { compiler: session.compiler } : {}),
                },
              )
            : [];
        return {
          completion,
          cut: stopped.cut,
          checks,
          status: completion.trim() ? verdictOf(checks).status : 'unverified',
          answer: completion.trim() ? asAnswer(completion, language) : text || '(no answer)',
        };
      };
      if (checksOn) emit({ type: 'stage', stage: 'verify', status: 'start' });
      delivered = await checked(choice?.text ?? '', 0);
      if (checksOn) emit({ type: 'stage', stage: 'verify', status: 'done' });
      // The repair loop (when asked): what failed goes back to the model, until the checks pass; only a
      // round that does not fail replaces the first completion. An empty first answer is not repaired:
      // at some cursors there is nothing to insert.
      if (repairRounds > 0 && delivered.completion.trim() && delivered.status === 'fail') {
        if (!model.capabilities.chat)
          notes.push(`${model.id} cannot take feedback (it does not chat): the completion was not repaired`);
        else {
          const repaired = await repairLoop({
            first: delivered,
            conversation: completionRepairMessages({ path: file.path, language, prefix, suffix }),
            rounds: repairRounds,
            answerShape: COMPLETION_ANSWER_SHAPE,
            feedback: (candidate) =>
              candidate.completion.trim()
                ? repairFeedback(candidate.checks)
                : [
                    'the answer had no text to insert: give the text to insert at <CURSOR> in one fenced code block',
                  ],
            ask: async (conversation) => {
              const reply = await model.chat({
                messages: conversation,
                temperature: request.temperature ?? 0.2,
                maxTokens: maxTokens * 2,
                ...(options.signal ? { signal: options.signal } : {}),
              });
              usage = addUsage(usage, reply.usage);
              return reply.choices[0]?.text ?? '';
            },
            verify: (answer, round) => checked(insertedText(answer), round),
            better: (next) => next.completion.trim() !== '' && next.status !== 'fail',
            signal: options.signal,
            onEvent: options.onEvent,
          });
          delivered = repaired.best;
          rounds.push(...repaired.rounds);
          notes.push(...repaired.notes);
        }
      }
    } finally {
      trees.delete();
    }
    const { completion, checks } = delivered;
    cut = delivered.cut;
    entry = {
      completion,
      checks,
      truncated: choice?.finishReason === 'length' && !cut,
      context: sources,
      createdAt: Date.now(),
    };
    // a completion that failed its checks is never kept: the next session asks the model again
    if (completion.trim() && request.cache !== false && delivered.status !== 'fail')
      session.completions.store(keyParts, entry);
  }

  const hasCode = entry.completion.trim().length > 0;
  if (!hasCode) notes.push('the model returned an empty completion: nothing to insert here');
  if (entry.truncated) notes.push('the completion hit the token limit and may stop mid-way');
  const verdict = checksOn
    ? verdictOf(entry.checks, { hasCode })
    : {
        status: 'unverified' as const,
        reasons: ['checks were turned off (runChecks: false; --no-checks on the command line)'],
      };
  // An inline completion is a fragment: its pass is the static checks' and says so, never that it ran.
  if (
    verdict.status === 'pass' &&
    !entry.checks.some((check) => check.name === 'tests' && check.status === 'pass')
  )
    verdict.reasons = [staticScope(entry.checks)];
  const { confidence, reasons, evidence } = judgeConfidence({
    hasCode,
    checks: entry.checks,
    checksDisabled: !checksOn,
    truncated: entry.truncated,
    agreement: 1,
    candidates: 1,
  });
  const details: CompletionDetails = {
    completion: entry.completion,
    range: { start: cursor, end: endOf(cursor, entry.completion) },
    cached,
    ...(cut ? { cut } : {}),
  };
  return withDetails<'complete'>(
    {
      ...baseResult('complete', model, started),
      generated_code: entry.completion,
      confidence,
      verification: {
        status: verdict.status,
        checks: entry.checks,
        blocked: entry.checks.some((check) => check.blocking),
        reasons: verdict.reasons,
        confidenceReasons: reasons,
        confidenceEvidence: evidence,
        rounds,
      },
      notes,
      language,
      usage,
      context: sources,
    },
    details,
  );
}

export const completeTask: TaskDefinition<CompleteRequest, 'complete'> = {
  name: 'complete',
  description: 'fill in the code at a cursor (fill-in-the-middle), cut where the block ends, checked fast',
  input: completeInput,
  run: (input, host, options) => complete(input, host, options),
};

/** What a completion's pass rests on: the checks that ran, and that nothing ran the code. */
function staticScope(checks: readonly CheckResult[]): string {
  const ran = checks.filter((check) => check.status === 'pass').map((check) => check.name);
  return `checked: ${ran.join(', ')}; not run`;
}
