import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import { analyzeFile } from '../../index/analyze-file.js';
import type { SymbolDefinition } from '../../index/tags.js';
import { isWorkspacePathError, resolveWorkspacePath } from '../../workspace/resolve-path.js';

/** What `test` and `refactor` work on: one file of the workspace, or one symbol in it. */
export interface CodeTarget {
  /** workspace-relative */
  path: string;
  absolutePath: string;
  language: LanguageId;
  source: string;
  /** sha-256 of the file as read: edits apply only to this content */
  baseHash: string;
  /** the symbol asked for, with its lines (1-based, inclusive) */
  symbol?: SymbolDefinition;
  /** the lines the task is about: the symbol's, or the whole file */
  startLine: number;
  endLine: number;
  /** the file's top-level functions and classes (what a test may import) */
  definitions: SymbolDefinition[];
}

/** Languages whose code vouch can run tests against and mutate. */
export const RUNNABLE: readonly LanguageId[] = ['python', 'javascript', 'typescript'];

export function hashContent(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `FILE[:SYMBOL]` → the file and symbol (a `:` inside a Windows drive letter is not a symbol). */
export function splitTarget(value: string): { file: string; symbol?: string } {
  const index = value.lastIndexOf(':');
  if (index <= 1) return { file: value };
  const symbol = value.slice(index + 1);
  if (!/^[A-Za-z_$][\w$.]*$/.test(symbol)) return { file: value };
  return { file: value.slice(0, index), symbol };
}

/**
 * Reads the target from the workspace: a missing file, a language vouch cannot run, or a symbol the
 * file does not define is a usage error that says what there is instead.
 */
export async function readTarget({
  root,
  path,
  symbolName,
  command,
}: {
  root: string;
  path: string;
  symbolName: string | undefined;
  command: string;
}): Promise<CodeTarget> {
  const hint = `give a source file of the project, e.g. \`vouch ${command} src/app.py:parse\``;
  let resolved: ReturnType<typeof resolveWorkspacePath>;
  try {
    resolved = resolveWorkspacePath(root, path, { hint });
  } catch (error) {
    if (isWorkspacePathError(error) && (error.reason === 'missing' || error.reason === 'not-a-file'))
      throw new UsageError(`${path}: no such file in the workspace ${root}`, { hint });
    throw error;
  }
  const absolutePath = join(root, resolved.path);
  const language = languageForPath(path);
  if (!language || !RUNNABLE.includes(language)) {
    throw new UsageError(
      `${path}: vouch ${command} works on ${RUNNABLE.join(', ')} files${language ? `, not ${language}` : ''}`,
      { hint: 'point it at a .py, .js or .ts file' },
    );
  }
  const source = readFileSync(resolved.absolutePath, 'utf8');
  const analysis = await analyzeFile(language, source);
  const definitions = analysis.definitions.filter((definition) =>
    ['function', 'method', 'class'].includes(definition.kind),
  );
  const lines = source.split('\n').length;
  let symbol: SymbolDefinition | undefined;
  if (symbolName) {
    const [parent, name] = symbolName.includes('.') ? symbolName.split('.', 2) : [undefined, symbolName];
    symbol = definitions.find(
      (definition) => definition.name === name && (parent === undefined || definition.parent === parent),
    );
    if (!symbol) {
      const known = definitions.map((definition) =>
        definition.parent ? `${definition.parent}.${definition.name}` : definition.name,
      );
      throw new UsageError(`${path} defines no function or class '${symbolName}'`, {
        hint: known.length
          ? `it defines: ${known.slice(0, 20).join(', ')}`
          : 'it defines no function or class; leave the symbol out to work on the whole file',
      });
    }
  }
  return {
    path,
    absolutePath,
    language,
    source,
    baseHash: hashContent(source),
    ...(symbol ? { symbol } : {}),
    startLine: symbol?.startLine ?? 1,
    endLine: symbol?.endLine ?? lines,
    definitions,
  };
}

/** The module name a test imports the target by (its directory is on the path when tests run). */
export function moduleName(path: string): string {
  const base = path.split('/').pop() ?? path;
  return base.replace(/\.[^.]+$/, '');
}
