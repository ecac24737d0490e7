import { z } from 'zod';
import type { CheckResult } from '../../core/check.js';
import { UsageError } from '../../core/errors.js';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import { analyzeFile } from '../../index/analyze-file.js';
import { IndexStore } from '../../index/index-store.js';
import type { ChatMessage, Usage } from '../../model/types.js';
import { closestNames } from '../../verify/checks/did-you-mean.js';
import { readWorkspaceText, refuseSecretsFile } from '../../workspace/read-workspace-file.js';
import { droppedNote, resolveCitations } from '../citations.js';
import { languageField, workspacePath } from '../input-schemas.js';
import { checkContextFor, runChecks } from '../run-checks.js';
import type { Citation, TaskDefinition, TaskEvent, TaskHost, TaskResultOf } from '../task.js';
import { baseResult, modelAnswer, withDetails } from '../task-frame.js';
import { type Dependency, dependenciesOf } from './dependencies.js';
import type { ExplainDetails } from './explain-details.js';
import { type PlainFinding, plainFinding } from './plain-findings.js';

/**
 * `explain`: what a piece of code does, step by step, what it depends on (definitions found in the file
 * and through the index, cited as `path:line` — never the model's guesses), and what the security gate
 * finds in it, in plain words. The dependencies and findings are vouch's own; the model writes the
 * summary and the steps, and any citation it adds is kept only when it resolves to real code.
 */
export const explainInput = z
  .object({
    /** workspace-relative file to explain (or `code`) */
    file: workspacePath.optional().meta({
      title: 'File',
      description: 'The file to explain, relative to the workspace (or give the code instead).',
    }),
    /** the file's text as the editor holds it (unsaved changes, a new file); default: the file on disk */
    text: z.string().max(2_000_000).optional().meta({
      title: 'Unsaved text',
      description:
        "The editor's text of the file when it differs from the file on disk. Default: the file on disk.",
    }),
    /** 1-based, inclusive */
    startLine: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ title: 'First line', description: 'Explain from this line, counting from 1.' }),
    endLine: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ title: 'Last line', description: 'Explain up to this line, inclusive.' }),
    /** a definition in the file: `name` or `Class.method` */
    symbol: z.string().trim().min(1).optional().meta({
      title: 'Definition',
      description: 'A function or class in the file: its name, or Class.method.',
    }),
    /** code that is not in a file (a suggestion, a paste); needs `language` */
    code: z.string().optional().meta({
      title: 'Code',
      description: 'Code that is not in a file (a suggestion, a paste); give its language too.',
    }),
    language: languageField.optional(),
  })
  .strict()
  .refine((input) => input.file !== undefined || input.code !== undefined, {
    message: 'give a file (or code) to explain',
  })
  .refine((input) => input.symbol === undefined || input.startLine === undefined, {
    message: 'give a line range or a symbol, not both',
  });

export type ExplainRequest = z.output<typeof explainInput>;

/** Lines of code sent to the model, at most: an explanation of a whole large file says little anyway. */
const MAX_LINES = 400;

const SYSTEM_PROMPT = `You are vouch, explaining code to an engineer who has to decide whether to trust and use it. Be concrete and brief; never invent behaviour the code does not have.

Answer in Markdown with exactly these sections:
## Summary
One to three sentences: what the code does and for whom. If security findings are listed, say in one sentence what they put at risk.
## How it works
Numbered steps in the order the code runs. Cite the lines a step is about as [path:line] with the line numbers shown.
## Depends on
A bullet per definition from the list given that matters for understanding the code, cited as [path:line] exactly as listed. Leave out this section when the list is empty.

Cite only lines shown to you or definitions listed; do not cite anything else.`;

function readTarget(host: TaskHost, path: string, text: string | undefined): string {
  refuseSecretsFile(path, 'explain a source file');
  return text ?? readWorkspaceText(host.workspaceRoot, path, 'explain a source file');
}

interface Target {
  path: string;
  language: LanguageId;
  text: string;
  startLine: number;
  endLine: number;
  symbol?: string;
  /** where code that is in no file is meant to go: its relative imports resolve from there */
  importsFrom?: string;
}

async function resolveTarget(request: ExplainRequest, host: TaskHost): Promise<Target> {
  if (request.code !== undefined) {
    const language = request.language ?? (request.file ? languageForPath(request.file) : undefined);
    if (!language) throw new UsageError('say which language the code is in', { hint: 'pass --lang' });
    if (!request.code.trim()) throw new UsageError('there is no code to explain');
    return {
      // code that is in no file: its own lines are not the workspace's, so nothing cites them
      path: '<code>',
      ...(request.file ? { importsFrom: request.file } : {}),
      language,
      text: request.code,
      startLine: 1,
      endLine: request.code.split('\n').length,
    };
  }
  const path = request.file!;
  const language = request.language ?? languageForPath(path);
  if (!language)
    throw new UsageError(`cannot tell the language of ${path}`, { hint: 'pass --lang, e.g. --lang python' });
  const text = readTarget(host, path, request.text);
  const lines = text.split('\n');
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  if (!text.trim())
    throw new UsageError(`${path} is empty: there is nothing to explain`, {
      hint: 'explain a file with code in it',
    });
  if (request.symbol) {
    const { definitions } = await analyzeFile(language, text);
    const wanted = request.symbol;
    const found = definitions.find(
      (definition) => definition.name === wanted || `${definition.parent}.${definition.name}` === wanted,
    );
    if (!found) {
      const names = definitions.map((definition) =>
        definition.parent ? `${definition.parent}.${definition.name}` : definition.name,
      );
      const near = closestNames(wanted, names, 3);
      throw new UsageError(`${path} defines no \`${wanted}\``, {
        hint: near.length
          ? `did you mean ${near.map((name) => `\`${name}\``).join(', ')}?`
          : 'give a line range instead, e.g. FILE:10-40',
      });
    }
    return { path, language, text, startLine: found.startLine, endLine: found.endLine, symbol: wanted };
  }
  const startLine = request.startLine ?? 1;
  const endLine = request.endLine ?? request.startLine ?? count;
  if (startLine > count || endLine > count)
    throw new UsageError(
      `lines ${startLine}-${endLine} are outside ${path} (it has ${count} line${count === 1 ? '' : 's'})`,
      { hint: 'lines count from 1' },
    );
  if (endLine < startLine)
    throw new UsageError(`the range ${startLine}-${endLine} ends before it starts`, {
      hint: 'write START-END with START ≤ END',
    });
  return { path, language, text, startLine, endLine };
}

/** The gate on the whole file (its taint tracking needs the context), its findings kept for the range. */
async function gateFindings(
  target: Target,
  host: TaskHost,
  signal: AbortSignal | undefined,
): Promise<{ check: CheckResult; findings: PlainFinding[]; gate: string }> {
  const { securityCheck } = await import('../../security/check.js');
  const [check] = await runChecks({
    checks: [securityCheck],
    subject: { code: target.text, language: target.language, path: target.path },
    context: checkContextFor(host, signal),
  });
  const inRange = check!.findings.filter(
    (finding) => finding.line >= target.startLine && finding.line <= target.endLine,
  );
  const gate =
    check!.status === 'error'
      ? `the security gate could not run: ${check!.reason ?? 'error'}`
      : check!.status === 'skip'
        ? `the security gate does not cover ${target.language}`
        : 'ran';
  // the check is about the explained lines: findings elsewhere in the file (kept for the taint tracking)
  // are counted in its reason, never a "fail" with nothing listed under it
  const elsewhere = check!.findings.length - inRange.length;
  const ranged: CheckResult =
    elsewhere === 0
      ? check!
      : {
          ...check!,
          ...(check!.status === 'fail' && inRange.length === 0 ? { status: 'pass' as const } : {}),
          reason: `${check!.reason ? `${check!.reason}; ` : ''}${inRange.length === 0 ? 'none' : inRange.length} in lines ${target.startLine}-${target.endLine}; ${elsewhere} elsewhere in the file`,
        };
  return { check: { ...ranged, findings: inRange }, findings: inRange.map(plainFinding), gate };
}

function numbered(target: Target): string {
  const lines = target.text.split('\n');
  const end = Math.min(target.endLine, target.startLine + MAX_LINES - 1);
  const width = String(end).length;
  return lines
    .slice(target.startLine - 1, end)
    .map((line, index) => `${String(target.startLine + index).padStart(width)}  ${line}`)
    .join('\n');
}

function userMessage(target: Target, dependencies: Dependency[], findings: PlainFinding[]): string {
  const parts = [
    `Explain this code from \`${target.path}\`${target.symbol ? ` (\`${target.symbol}\`)` : ''}, lines ${target.startLine}-${target.endLine}:`,
    `\`\`\`${target.language}\n${numbered(target)}\n\`\`\``,
  ];
  if (dependencies.length > 0)
    parts.push(
      `Definitions it uses:\n${dependencies.map((dependency) => `- [${dependency.path}:${dependency.line}] ${dependency.signature}`).join('\n')}`,
    );
  if (findings.length > 0)
    parts.push(
      `The security gate found:\n${findings.map((finding) => `- line ${finding.line} (${finding.severity}): ${finding.plain}`).join('\n')}`,
    );
  return parts.join('\n\n');
}

async function ask(
  host: TaskHost,
  messages: ChatMessage[],
  options: { signal?: AbortSignal; onEvent?: (event: TaskEvent) => void },
): Promise<{ text: string; usage: Usage; model: string }> {
  const model = await host.model('chat');
  const request = { messages, temperature: 0.2, ...(options.signal ? { signal: options.signal } : {}) };
  const { text, usage } = await modelAnswer(model, request, options.onEvent);
  return { text, usage, model: model.id };
}

export async function explain(
  request: ExplainRequest,
  host: TaskHost,
  options: { signal?: AbortSignal; onEvent?: (event: TaskEvent) => void },
): Promise<TaskResultOf<'explain'>> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  const target = await resolveTarget(request, host);
  const notes: string[] = [];
  if (target.endLine - target.startLine + 1 > MAX_LINES)
    notes.push(`only the first ${MAX_LINES} lines of the range were shown to the model`);

  emit({ type: 'stage', stage: 'context', status: 'start' });
  const store = host.index ?? IndexStore.openIfExists(host.workspaceRoot);
  let dependencies: Dependency[];
  try {
    dependencies = await dependenciesOf(target, store);
  } finally {
    if (store && store !== host.index) store.close();
  }
  if (!store) notes.push('no index yet: only definitions in the same file are listed (run `vouch index`)');
  emit({ type: 'stage', stage: 'context', status: 'done', detail: `${dependencies.length} definitions` });

  emit({ type: 'stage', stage: 'verify', status: 'start' });
  const gate = await gateFindings(target, host, options.signal);
  emit({ type: 'check', candidate: 0, round: 0, result: gate.check });
  emit({ type: 'stage', stage: 'verify', status: 'done' });
  if (gate.gate !== 'ran') notes.push(gate.gate);

  emit({ type: 'stage', stage: 'model', status: 'start' });
  const answer = await ask(
    host,
    [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: userMessage(target, dependencies, gate.findings) },
    ],
    options,
  );
  emit({ type: 'stage', stage: 'model', status: 'done' });
  const inWorkspace = target.path !== '<code>';
  const resolved = inWorkspace
    ? resolveCitations(host.workspaceRoot, answer.text)
    : { text: answer.text, citations: [], dropped: [] };
  const dropped = droppedNote(resolved.dropped);
  if (dropped) notes.push(dropped);
  if (!resolved.text.trim()) notes.push('the model returned no explanation');

  const citations: Citation[] = [
    ...dependencies.map((dependency) => ({
      path: dependency.path,
      startLine: dependency.line,
      endLine: dependency.endLine,
      reason: `${dependency.name} is used here`,
    })),
    ...resolved.citations,
  ];
  const blocking = gate.check.findings.some(
    (finding) => !finding.suppressed && (finding.severity === 'high' || finding.severity === 'critical'),
  );
  const details: ExplainDetails = {
    target: {
      path: target.path,
      startLine: target.startLine,
      endLine: target.endLine,
      ...(target.symbol ? { symbol: target.symbol } : {}),
    },
    dependencies,
    findings: gate.findings,
    gate: gate.gate,
  };
  return withDetails<'explain'>(
    {
      ...baseResult('explain', { id: answer.model }, started),
      explanation: resolved.text.trim(),
      confidence: 'medium',
      citations,
      verification: {
        status: 'none',
        checks: [gate.check],
        blocked: blocking,
        reasons: gate.findings.map((finding) => `line ${finding.line}: ${finding.plain}`),
        confidenceReasons: [
          'an explanation is the model’s reading of the code; the definitions and findings are vouch’s own',
        ],
        rounds: [],
      },
      notes,
      language: target.language,
      usage: answer.usage,
      context: citations.filter((citation) => citation.reason !== 'cited in the answer'),
    },
    details,
  );
}

export const explainTask: TaskDefinition<ExplainRequest, 'explain'> = {
  name: 'explain',
  description: 'explain code step by step, with what it depends on (cited) and the security gate’s findings',
  input: explainInput as unknown as z.ZodType<ExplainRequest>,
  run: (input, host, options) => explain(input, host, options),
};
