import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Connection, CreateFile, TextDocumentEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TaskResultOf } from '../tasks/index.js';
import { retargetSuite } from '../tasks/test/retarget.js';
import { hashContent } from '../tasks/test/target.js';
import { keepOwnLines } from '../workspace/placeholder-lines.js';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';

/**
 * What a task proposed to write, kept by the server until the editor accepts it (`vouch.apply`): the
 * editor names the proposal, never the text, so only what a task produced can be written this way. The
 * write is one `workspace/applyEdit`: every file or none, each checked against what the task read.
 */

export interface ProposedFile {
  /** workspace-relative */
  path: string;
  text: string;
  /** sha-256 of the content the task read (the change applies only to it); null: a new file */
  baseHash: string | null;
}

export interface Proposal {
  task: string;
  files: ProposedFile[];
  /** the workspace folder the task worked in, whose paths `files` are (the server's first when absent) */
  root?: string;
}

/** What `vouch.apply` answers. */
export interface ApplyOutcome {
  applied: boolean;
  /** why nothing was written */
  reason?: string;
  /** the files written (workspace-relative) */
  files?: string[];
}

/** Proposals older than this many later ones are forgotten (a report panel left open that long). */
const KEPT = 32;

export class Proposals {
  private readonly byId = new Map<string, Proposal>();
  private counter = 0;

  add(proposal: Proposal): string {
    const id = `proposal-${++this.counter}`;
    this.byId.set(id, proposal);
    for (const old of this.byId.keys()) {
      if (this.byId.size <= KEPT) break;
      this.byId.delete(old);
    }
    return id;
  }

  /** The proposal, once: an accepted (or refused) proposal cannot be applied again. */
  take(id: string): Proposal | undefined {
    const proposal = this.byId.get(id);
    this.byId.delete(id);
    return proposal;
  }
}

/** A refactor proven to keep the behaviour: the file's new text, over the content it was made from. */
export function refactorProposal(result: TaskResultOf<'refactor'>): Proposal | undefined {
  const edit = result.edits[0];
  if (!edit || result.details.after === undefined) return undefined;
  return {
    task: 'refactor',
    files: [{ path: edit.path, text: result.details.after, baseHash: edit.baseHash }],
  };
}

/**
 * A debug fix the task would deliver (proven by the re-run, or with only a log, through the gate): every
 * file it changes, over the content each was read with.
 */
export function debugProposal(result: TaskResultOf<'debug'>): Proposal | undefined {
  const after = result.details.after;
  if (!after) return undefined;
  const files = result.edits.flatMap((edit) => {
    const text = after[edit.path];
    return text === undefined ? [] : [{ path: edit.path, text, baseHash: edit.baseHash }];
  });
  return files.length ? { task: 'debug', files } : undefined;
}

/**
 * A change the task would deliver (verified, or unverified and marked so: the editor offers "Accept
 * anyway" then): every file it changes over the content each was read with, the files it creates as new.
 */
export function changeProposal(result: TaskResultOf<'change'>): Proposal | undefined {
  const after = result.details.after;
  if (!after) return undefined;
  const files = result.edits.flatMap((edit) => {
    const text = after[edit.path];
    return text === undefined ? [] : [{ path: edit.path, text, baseHash: edit.baseHash || null }];
  });
  return files.length ? { task: 'change', files } : undefined;
}

/**
 * A suite with tests that passed against the code: a new file where the task generated it (the CLI's
 * `--write` rule: a suite where no test passed is nothing to write).
 */
export function testProposal(result: TaskResultOf<'test'>): Proposal | undefined {
  const { details } = result;
  if (!result.generated_code.trim() || details.passed === 0) return undefined;
  const code =
    result.language === 'python'
      ? result.generated_code
      : retargetSuite(result.generated_code, details.target.path, details.file);
  return { task: 'test', files: [{ path: details.file, text: `${code.trimEnd()}\n`, baseHash: null }] };
}

interface ApplyContext {
  connection: Connection;
  root: string;
  /** the buffer the editor holds for a URI, when it is open */
  document(uri: string): TextDocument | undefined;
}

/** The end of a text as an LSP position. */
function endOf(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines.at(-1)!.length };
}

/**
 * Writes a proposal through the editor, all or nothing: refused when a file it changes is not what the
 * task read (in the buffer the editor holds, else on disk), when a new file exists, or when the text would
 * put a placeholder of a secret where the file had none; otherwise one workspace edit of every file, each
 * at the buffer version that was checked, which the editor applies whole or refuses whole.
 */
export async function applyProposal(proposal: Proposal, context: ApplyContext): Promise<ApplyOutcome> {
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  for (const file of proposal.files) {
    // a new file does not exist yet: its path is checked as a path (inside, not a secrets file or a store)
    const { absolutePath } = resolveWorkspacePath(context.root, file.path, {
      kind: file.baseHash === null ? 'any' : 'file',
    });
    const uri = pathToFileURL(absolutePath).href;
    const open = context.document(uri);
    const current = open
      ? open.getText()
      : existsSync(absolutePath)
        ? readFileSync(absolutePath, 'utf8')
        : undefined;
    if (file.baseHash === null) {
      if (current !== undefined)
        return {
          applied: false,
          reason: `${file.path} exists; vouch does not write over it (nothing was applied): move it aside and accept again, or copy what you want from the report`,
        };
      changes.push(
        { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
        {
          textDocument: { uri, version: null },
          edits: [
            {
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
              newText: file.text,
            },
          ],
        },
      );
      continue;
    }
    if (current === undefined || hashContent(current) !== file.baseHash)
      return {
        applied: false,
        reason: `${file.path} changed since vouch read it (nothing was applied): run the ${proposal.task} again`,
      };
    // lines the model saw with a placeholder for a secret keep the file's own text; a placeholder on a
    // new or changed line is never written (workspace/placeholder-lines.ts)
    const own = keepOwnLines(file.text, current);
    if (own.remaining.length > 0)
      return {
        applied: false,
        reason: `the change puts a placeholder for a secret of yours (<<SECRET_n>>) on line ${own.remaining.join(', ')} of ${file.path}, where the file had none; nothing was applied`,
      };
    changes.push({
      textDocument: { uri, version: open?.version ?? null },
      edits: [{ range: { start: { line: 0, character: 0 }, end: endOf(current) }, newText: own.text }],
    });
  }
  const response = await context.connection.workspace
    .applyEdit({ label: `vouch: ${proposal.task}`, edit: { documentChanges: changes } })
    .catch((error: unknown) => ({
      applied: false,
      failureReason: error instanceof Error ? error.message : String(error),
    }));
  if (!response.applied)
    return {
      applied: false,
      reason: `the editor did not apply the ${proposal.task}${response.failureReason ? `: ${response.failureReason}` : ''} (a file changed meanwhile?); nothing was applied`,
    };
  return { applied: true, files: proposal.files.map((file) => file.path) };
}
