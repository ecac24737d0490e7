import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../../test/support/run-cli.js';

/**
 * One trap of the verdict-honesty corpus (issue 41): a small project, the scripted model's answers, the
 * command a user types, and how to read what vouch claimed. A trap's code is wrong (or its evidence is not
 * evidence): any claim of pass, proven, fixed or written-as-accepted is a false pass. A control's code is
 * right: a refusal there is a false rejection, counted so that "reject everything" cannot score zero.
 */
export interface HonestyCase {
  id: string;
  task: 'check' | 'generate' | 'chat' | 'test' | 'debug' | 'refactor' | 'complete' | 'review';
  language: 'python' | 'typescript';
  /** true: wrong code or no evidence (a pass is false); false: right code (a refusal is false) */
  trap: boolean;
  /** what the trap is, in a line */
  what: string;
  files: Record<string, string>;
  /** links to make in the project (path → absolute target): a project's node_modules/vitest */
  links?: Record<string, string>;
  /** a git repository with `files` committed, then `after` written over them (review) */
  git?: { after: Record<string, string> };
  /** the commands, in order, each with the model's answers for that run */
  runs: { args: string[]; answers: string[]; route?: '/v1/chat/completions' | '/v1/completions' }[];
  /** vouch's claim, read from the runs and the workspace afterwards: true when it said good */
  claimed(outcome: Outcome): boolean | Promise<boolean>;
}

export interface Outcome {
  runs: CliResult[];
  workspace: string;
  /** runs vouch again in the workspace (stats, export) */
  cli(args: string[]): Promise<CliResult>;
}

/** The usual claim: the last run exited 0. */
export const exitedOk = (outcome: Outcome) => outcome.runs.at(-1)?.code === 0;

/** The JSON a run printed (the last run's unless `index` says), or undefined where it printed none. */
export const json = <T>(outcome: Outcome, index = -1) => {
  try {
    return outcome.runs.at(index)!.json<T>();
  } catch {
    return undefined;
  }
};

/** A refactor's claim: exit 0, or `proven` in its output. */
export const refactorProven = (outcome: Outcome) =>
  exitedOk(outcome) || json<{ details?: { proven?: boolean } }>(outcome)?.details?.proven === true;

/** A debug run's claim: exit 0, or `fixed` in its output. */
export const debugFixed = (outcome: Outcome) =>
  exitedOk(outcome) || json<{ details?: { fixed?: boolean } }>(outcome)?.details?.fixed === true;

/** A written file, or a suggestion recorded as accepted (what the fine-tuning export ships). */
export async function writtenOrAccepted(outcome: Outcome, file: string): Promise<boolean> {
  if (existsSync(join(outcome.workspace, file))) return true;
  const stats = await outcome.cli(['stats', '--json']);
  return (stats.json<{ total?: { accepted?: number } }>().total?.accepted ?? 0) > 0;
}

/** The project's own pytest over a file it holds (the corpus's own code: run by the benchmark as a user would). */
export function projectPytestPasses(workspace: string, file: string): boolean {
  try {
    execFileSync('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', file], {
      cwd: workspace,
      stdio: 'ignore',
      timeout: 60_000,
    });
    return true;
  } catch {
    return false;
  }
}

/** A completion's status and `text` with the completion accepted into it; undefined without a completion. */
export function completedText(outcome: Outcome, text: string, index = -1) {
  const output = json<{
    completion?: string;
    status?: string;
    range?: { start: { line: number; column: number } };
  }>(outcome, index);
  if (!output?.range || output.completion === undefined) return undefined;
  return { status: output.status, text: insertAt(text, output.range.start, output.completion) };
}

export const fence = (language: string, code: string) => `\`\`\`${language}\n${code.trim()}\n\`\`\``;

/** A unified diff fenced as a model gives it. */
export const diffAnswer = (cause: string, path: string, hunk: string[]) =>
  [cause, '', '```diff', `--- a/${path}`, `+++ b/${path}`, ...hunk, '```'].join('\n');

/** Python's own compiler on a text (the corpus's own code, run by the benchmark: compile only, no execution). */
export function pythonCompiles(source: string): boolean {
  try {
    execFileSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "<spliced>", "exec")'], {
      input: source,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    return true;
  } catch {
    return false;
  }
}

/** `text` with `insert` put at the 1-based cursor, as an editor accepts a completion. */
export function insertAt(text: string, cursor: { line: number; column: number }, insert: string): string {
  const lines = text.split('\n');
  const offset =
    lines.slice(0, cursor.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + cursor.column - 1;
  return text.slice(0, offset) + insert + text.slice(offset);
}
