import { basename, extname } from 'node:path';
import type { Finding } from '../core/check.js';
import { type LanguageId, languageForPath, normalizeLanguage } from '../core/languages.js';

/**
 * The code of a file whose name gives vouch no grammar (r49: a folder scan counted these files and passed
 * them unread): a script by its `#!` line, `.py3`, Cython's `.pyx`/`.pxd`/`.pxi` read as Python, the
 * `<script>` blocks of a `.vue` or `.svelte` component, the code cells of a Jupyter notebook. `view`: what
 * the engine reads in its place (same path), with `place` moving a finding's lines back to the file's when
 * they differ (a notebook's cells); `unread`: code vouch's rules cannot read, and why (never a pass);
 * undefined: no code (Markdown, data, configuration).
 */
export type EmbeddedCode =
  | { view: { language: LanguageId; source: string; place?: (finding: Finding) => Finding } }
  | { unread: string }
  | undefined;

/** Extensions of code vouch has no grammar for: a file of one is named not verified, never passed unread. */
const CODE_WITHOUT_GRAMMAR = new Set(
  (
    'astro pl pm t r jl dart ex exs erl hrl clj cljs cljc elm hs ml mli fs fsx zig nim groovy coffee ' +
    'zsh fish ps1 psm1 bat cmd vb vbs pas tcl awk'
  ).split(' '),
);

/** Interpreters a `#!` line may name, by the language vouch knows them as. */
function interpreterLanguage(name: string): LanguageId | undefined {
  if (/^(python[0-9.]*|pypy[0-9.]*)$/.test(name)) return 'python';
  if (/^(node|nodejs)$/.test(name)) return 'javascript';
  if (/^(ts-node|tsx|deno|bun)$/.test(name)) return 'typescript';
  if (/^(ba|da|k|z|)sh$/.test(name)) return 'bash';
  if (/^ruby[0-9.]*$/.test(name)) return 'ruby';
  if (/^php[0-9.]*$/.test(name)) return 'php';
  if (/^lua[0-9.]*$/.test(name)) return 'lua';
  return undefined;
}

/** The interpreter a `#!` line names (`/usr/bin/env -S python3 -u` → `python3`), or undefined. */
export function shebangInterpreter(source: string): string | undefined {
  const first = /^(?:\uFEFF)?#!([^\n]*)/.exec(source)?.[1];
  if (first === undefined) return undefined;
  const words = first.trim().split(/\s+/).filter(Boolean);
  let name = words[0] ? basename(words[0]) : undefined;
  if (name === 'env') name = words.slice(1).find((word) => !word.startsWith('-') && !word.includes('='));
  return name ? basename(name) : undefined;
}

/** The language of a script by its `#!` line, or undefined (no `#!` line, or an interpreter vouch does not know). */
export function shebangLanguage(source: string): LanguageId | undefined {
  const name = shebangInterpreter(source);
  return name ? interpreterLanguage(name) : undefined;
}

/** A file's language for a scan: its name's, else its `#!` line's. */
export function scanLanguage(path: string, source: string): LanguageId | undefined {
  return languageForPath(path) ?? shebangLanguage(source);
}

/** Whether a path names a Jupyter notebook (its findings' lines are a cell's, which the message names). */
export function isNotebook(path: string): boolean {
  return extname(path).toLowerCase() === '.ipynb';
}

/**
 * The code of a file whose name gives no grammar (see `EmbeddedCode`). `ruleReads`: whether vouch's rules read
 * a language (engine/analyze.ts `ruleLanguage`), so a notebook of another kernel is named, not passed.
 */
export function embeddedCode(
  path: string,
  source: string,
  ruleReads: (language: LanguageId) => boolean,
): EmbeddedCode {
  const extension = extname(path).toLowerCase().slice(1);
  if (extension === 'py3') return { view: { language: 'python', source } };
  if (extension === 'pyx' || extension === 'pxd' || extension === 'pxi')
    // Cython: what is Python in it is read as Python; its own declarations (cdef, cpdef, cimport…) do not parse
    // as Python, and the engine names the file not verified at the first of them (UNPARSED_RULE)
    return { view: { language: 'python', source } };
  if (extension === 'vue' || extension === 'svelte') return componentScripts(source);
  if (extension === 'ipynb') return notebookCode(source, ruleReads);
  const interpreter = shebangInterpreter(source);
  if (interpreter !== undefined) {
    const language = interpreterLanguage(interpreter);
    if (language) return { view: { language, source } };
    return { unread: `a script run by ${interpreter} (its #! line): the security rules do not read it` };
  }
  if (CODE_WITHOUT_GRAMMAR.has(extension))
    return { unread: `.${extension} code: the security rules do not read it (searched for secrets only)` };
  return undefined;
}

/**
 * A Vue or Svelte component as its `<script>` blocks alone: everything else blanked to spaces, each line
 * and column where it was, so findings name the component's own lines. TypeScript when a block says
 * `lang="ts"`. The template and styles are not read (a `v-html` or `{@html}` is not checked).
 */
function componentScripts(source: string): EmbeddedCode {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  let out = '';
  let at = 0;
  let typescript = false;
  const open = /<script\b([^>]*)>/gi;
  for (let match = open.exec(source); match; match = open.exec(source)) {
    const start = match.index + match[0].length;
    const end = source.toLowerCase().indexOf('</script', start);
    const stop = end === -1 ? source.length : end;
    if (/\blang\s*=\s*["']?(ts|typescript|tsx)\b/i.test(match[1] ?? '')) typescript = true;
    out += blank(source.slice(at, start)) + source.slice(start, stop);
    at = stop;
    open.lastIndex = stop;
  }
  out += blank(source.slice(at));
  return { view: { language: typescript ? 'typescript' : 'javascript', source: out } };
}

interface NotebookCell {
  cell_type?: unknown;
  source?: unknown;
}

/**
 * A notebook's code cells as one Python text, each line mapped back to its cell (1-based, counting every
 * cell as Jupyter shows them) and its line there; findings say `notebook cell N, line M` and take M as
 * their line. IPython's `%` magics are blanked (`%time`, `%timeit` and `%prun` read the code they run); a `!` shell line or a cell of another language (`%%bash`,
 * `%%javascript`) is not read, and the notebook is named not verified.
 */
function notebookCode(source: string, ruleReads: (language: LanguageId) => boolean): EmbeddedCode {
  let notebook: { cells?: unknown; metadata?: Record<string, unknown> };
  try {
    notebook = JSON.parse(source);
  } catch {
    return { unread: 'a notebook that is not valid JSON: its cells were not read' };
  }
  if (!notebook || typeof notebook !== 'object' || !Array.isArray(notebook.cells))
    return { unread: 'a notebook without a cells list (nbformat 4): its cells were not read' };
  const metadata = (notebook.metadata ?? {}) as {
    kernelspec?: { language?: unknown };
    language_info?: { name?: unknown };
  };
  const named = metadata.kernelspec?.language ?? metadata.language_info?.name ?? 'python';
  const language = typeof named === 'string' ? normalizeLanguage(named) : undefined;
  if (!language || !ruleReads(language))
    return {
      unread: `a notebook of ${String(named)} cells: the security rules do not read them (searched for secrets only)`,
    };
  const lines: string[] = [];
  const origin: { cell: number; line: number }[] = [];
  const notRead: string[] = [];
  (notebook.cells as NotebookCell[]).forEach((cell, index) => {
    if (cell?.cell_type !== 'code') return;
    const text = Array.isArray(cell.source)
      ? cell.source.filter((part) => typeof part === 'string').join('')
      : typeof cell.source === 'string'
        ? cell.source
        : '';
    const cellLines = text.split('\n');
    const other = /^%%(?!(time|timeit|capture|prun|debug)\b)(\S+)/.exec(cellLines[0]?.trim() ?? '');
    if (other) notRead.push(`cell ${index + 1} (%%${other[2]})`);
    cellLines.forEach((line, at) => {
      const trimmed = line.trimStart();
      if (!other && trimmed.startsWith('!'))
        notRead.push(`cell ${index + 1} line ${at + 1} (a ! shell line)`);
      // `%time f(x)` runs `f(x)`: the magic's name is dropped and its code read, at the line's indentation
      const timed = /^(\s*)%(?:time|timeit|prun)\s+(.*)$/.exec(line);
      const magic = other || trimmed.startsWith('%') || trimmed.startsWith('!');
      lines.push(other ? '' : timed ? `${timed[1]}${timed[2]}` : magic ? '' : line);
      origin.push({ cell: index + 1, line: at + 1 });
    });
  });
  if (notRead.length > 0)
    return {
      unread: `a notebook with code that is not ${language}, not read: ${notRead.slice(0, 3).join(', ')}${notRead.length > 3 ? ', …' : ''}`,
    };
  const place = (finding: Finding): Finding => {
    const from = origin[finding.line - 1];
    if (!from) return finding;
    const to = finding.endLine !== undefined ? origin[finding.endLine - 1] : undefined;
    const { endLine: _endLine, ...rest } = finding;
    return {
      ...rest,
      line: from.line,
      ...(to && to.cell === from.cell ? { endLine: to.line } : {}),
      message: `${finding.message} (notebook cell ${from.cell}, line ${from.line})`,
    };
  };
  return { view: { language, source: `${lines.join('\n')}\n`, place } };
}
