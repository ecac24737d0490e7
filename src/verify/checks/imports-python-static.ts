import { type Dirent, readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckContext, CheckResult, CheckSubject } from '../../core/check.js';
import { isSecretsFile } from '../../workspace/secrets-file.js';
import { hasTargetPath } from './support.js';
import { warmImportProbeFor } from './warm-import-probe.js';

/**
 * The imports check without Python, for the one case that needs none: import statements that name the
 * workspace's own modules (`from django.db.models import Q` in Django, `from .utils import slugify`).
 * Python would find them in the workspace's folders, so their files answer what the probe asks — does the
 * module exist, does it bind the names taken from it — without importing anything. A completion that
 * adds such an import is checked in well under a millisecond instead of waiting for a Python to import a
 * module it never imported before (50–90 ms for Django's larger modules).
 *
 * It only ever says "resolved": anything it cannot read for certain — a module outside the workspace, a
 * name bound only inside an `if` or `try`, a star import, a namespace package, an extension module, a
 * statement it does not parse — is `undefined`, and the caller runs the real probe, which also finds
 * what is missing (with its did-you-mean). What it does not do is run the module: an import that would
 * fail at run time (a dependency not installed, settings not configured) is found by the gate's imports
 * check, which imports it, once the completion is in the buffer.
 *
 * `packageRoot(top)` says whether the top-level package `top` is the workspace's own as Python sees it:
 * the caller answers from the warm probe's worker, which imported it from the workspace (so nothing
 * earlier on sys.path, the standard library included, shadows it).
 */

export interface StaticImport {
  module: string;
  /** 1-based, in the checked code */
  line: number;
  /** the module's file (absolute) */
  file: string;
  /** `module:name` for each name taken from it (the form the warm probe keeps), and `module` itself */
  specs: string[];
}

const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for ' +
    'from global if import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const isName = (word: string) => NAME.test(word) && !KEYWORDS.has(word);
const isDotted = (module: string) => module.split('.').every(isName);

interface ParsedImport {
  /** dots of a relative import (0 for absolute) */
  level: number;
  module: string;
  /** names taken by `from … import`, undefined for `import a.b` */
  names?: string[];
}

/** One line of import statements the probe would read the same way; undefined when not sure. */
function parseImportLine(line: string): ParsedImport[] | undefined {
  const from = /^from\s+(\.*)\s*([\w.]*)\s+import\s+(.+)$/.exec(line);
  if (from) {
    const level = from[1]!.length;
    const module = from[2]!;
    if ((module && !isDotted(module)) || (!module && level === 0)) return undefined;
    let list = from[3]!.trim();
    if (list.startsWith('(')) {
      if (!list.endsWith(')')) return undefined;
      list = list.slice(1, -1);
    }
    const parts = list.split(',').map((part) => part.trim());
    if (parts.at(-1) === '' && from[3]!.trim().startsWith('(')) parts.pop();
    const names: string[] = [];
    for (const part of parts) {
      const words = part.split(/\s+/);
      if (words.length === 1 && isName(words[0]!)) names.push(words[0]!);
      else if (words.length === 3 && words[1] === 'as' && isName(words[0]!) && isName(words[2]!))
        names.push(words[0]!);
      else return undefined; // `*`, an empty name, anything else
    }
    return names.length ? [{ level, module, names }] : undefined;
  }
  const plain = /^import\s+(.+)$/.exec(line);
  if (!plain) return undefined;
  const out: ParsedImport[] = [];
  for (const part of plain[1]!.split(',')) {
    const words = part.trim().split(/\s+/);
    if (words.length === 1 && isDotted(words[0]!)) out.push({ level: 0, module: words[0]! });
    else if (words.length === 3 && words[1] === 'as' && isDotted(words[0]!) && isName(words[2]!))
      out.push({ level: 0, module: words[0]! });
    else return undefined;
  }
  return out;
}

/** `from ..x import y` in `pkg/sub/file.py` → `pkg.x`, as the probe resolves it; undefined past the top. */
function absoluteModule(path: string, parsed: ParsedImport): string | undefined {
  if (parsed.level === 0) return parsed.module;
  if (!path.endsWith('.py')) return undefined;
  const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const parts = folder ? folder.split('/') : [];
  if (parsed.level - 1 > parts.length) return undefined;
  const base = parts.slice(0, parts.length - (parsed.level - 1));
  const module = [...base, ...(parsed.module ? [parsed.module] : [])].join('.');
  return module && isDotted(module) ? module : undefined;
}

function statOf(path: string): Stats | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}

/** A folder's entries, kept while its mtime stays the same. */
const listings = new Map<string, { mtimeMs: number; names: Set<string> }>();

function entriesOf(folder: string): Set<string> | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(folder).mtimeMs;
  } catch {
    return undefined;
  }
  const kept = listings.get(folder);
  if (kept && kept.mtimeMs === mtimeMs) return kept.names;
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const names = new Set(entries.map((entry) => entry.name));
  if (listings.size > 512) listings.clear();
  listings.set(folder, { mtimeMs, names });
  return names;
}

/**
 * The file Python imports for `module` in `folder` (a `__init__.py` for a package, else `<name>.py`), or
 * undefined when it is not plain source there: an extension module of the same name (`name.*.so`) would
 * be found first, a folder without `__init__.py` is a namespace package, a secrets file is hidden from
 * the sandbox the probe runs in.
 */
function sourceFile(folder: string, name: string): string | undefined {
  const names = entriesOf(folder);
  if (!names) return undefined;
  for (const entry of names) if (entry.startsWith(`${name}.`) && /\.(so|pyd)$/.test(entry)) return undefined;
  if (names.has(name)) {
    const init = join(folder, name, '__init__.py');
    return statOf(init) && !isSecretsFile(init) ? init : undefined;
  }
  if (!names.has(`${name}.py`)) return undefined;
  const file = join(folder, `${name}.py`);
  return statOf(file) && !isSecretsFile(file) ? file : undefined;
}

/**
 * The names a module binds at its top level, for certain: `def`, `class`, plain and annotated
 * assignments with a value, tuple targets, `import` and `from … import` (not `*`) — statements that
 * start at column 0, read past strings, comments, brackets and continuation lines. Names bound inside
 * a block (`if TYPE_CHECKING:`, `try:`) are left out: whether they exist depends on running it. A module
 * that deletes names or reassigns its globals dynamically is not read (undefined).
 */
/** what ends a run of ordinary characters for `topLevelNames` */
const SPECIAL = /[\n#\\()[\]{}"']/g;
/** inside a string opened by the key: an escape, its closing quote, or (one-line strings) a line end */
const STRING_END: Record<string, RegExp> = {
  "'": /\\[\s\S]|'|\n/g,
  '"': /\\[\s\S]|"|\n/g,
  "'''": /\\[\s\S]|'''/g,
  '"""': /\\[\s\S]|"""/g,
};

export function topLevelNames(text: string): Set<string> | undefined {
  // a function that deletes a global, globals() emptied, the module replaced in sys.modules: not for certain
  if (
    (/^[ \t]+global\b/m.test(text) && /^[ \t]+del\b/m.test(text)) ||
    /\bglobals\(\)\.(?:pop|clear)|\bsys\.modules\[/.test(text)
  )
    return undefined;
  const names = new Set<string>();
  let depth = 0;
  let statement = '';
  /** the statement's first logical line is being read (what binds is there: a block's body is not) */
  let collecting = false;
  let pending = false;
  let continued = false;
  let index = 0;
  const length = text.length;
  const finish = () => {
    if (pending && !bindStatement(statement, names)) return false;
    statement = '';
    pending = false;
    return true;
  };
  while (index < length) {
    // the start of a physical line
    const atStatement = depth === 0 && !continued;
    if (atStatement) {
      const code = text.charCodeAt(index);
      if (code !== 32 && code !== 9 && code !== 10 && code !== 13 && code !== 35) {
        if (!finish()) return undefined;
        collecting = true;
        pending = true;
      }
    }
    continued = false;
    // one physical line (strings may carry it over several)
    let lineStart = index;
    while (index < length) {
      // past ordinary characters in one native search: the scan runs over whole modules
      SPECIAL.lastIndex = index;
      const special = SPECIAL.exec(text);
      if (!special) {
        index = length;
        break;
      }
      index = special.index;
      const char = special[0];
      if (char === '\n') {
        index++;
        break;
      }
      if (char === '#') {
        if (collecting) statement += text.slice(lineStart, index);
        const end = text.indexOf('\n', index);
        index = end === -1 ? length : end + 1;
        lineStart = index;
        if (collecting) statement += ' ';
        break;
      }
      if (char === '\\') {
        if (text[index + 1] === '\n' || text[index + 1] === '\r') continued = true;
        index++;
        continue;
      }
      if (char === '(' || char === '[' || char === '{') depth++;
      else if (char === ')' || char === ']' || char === '}') depth = Math.max(0, depth - 1);
      else {
        // a string: to its closing quote, escapes skipped; a one-line string that meets a line end is
        // not Python this reader can place
        const quote = text.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
        const inside = STRING_END[quote]!;
        inside.lastIndex = index + quote.length;
        for (;;) {
          const found = inside.exec(text);
          if (!found || found[0] === '\n') return undefined;
          if (found[0][0] === '\\') continue;
          index = found.index + found[0].length;
          break;
        }
        continue;
      }
      index++;
    }
    if (collecting && lineStart < index)
      statement += `${text.slice(lineStart, index).replace(/\\?\r?\n$/, '')} `;
    if (depth === 0 && !continued) collecting = false;
  }
  if (!finish()) return undefined;
  return names;
}

/** The names an import statement binds: `b` for `from m import a as b`, `a` for `import a.b`. */
function importBindings(statement: string): string[] | undefined {
  const from = /^from\s+\S+\s+import\s+\(?([^()]*)\)?$/.exec(statement);
  const plain = from ? undefined : /^import\s+(.+)$/.exec(statement);
  const list = from?.[1] ?? plain?.[1];
  if (list === undefined) return undefined;
  const bound: string[] = [];
  for (const part of list.split(',')) {
    const words = part.trim().split(/\s+/);
    if (words.length === 1 && words[0] === '') continue; // a trailing comma
    if (words.length === 1 && words[0] === '*' && from) continue; // binds names of its own, never fewer
    const name = words.length === 3 && words[1] === 'as' ? words[2]! : words.length === 1 ? words[0]! : '';
    const bind = from || words.length === 3 ? name : name.split('.')[0]!;
    if (!isName(bind)) return undefined;
    bound.push(bind);
  }
  return bound;
}

/**
 * Applies one top-level statement to the names bound so far (in order: a later `del` removes, a later
 * definition binds again); false when it is a statement this reader does not trust.
 */
function bindStatement(raw: string, names: Set<string>): boolean {
  const statement = raw.replace(/\s+/g, ' ').trim();
  const definition = /^(?:async def|def|class) ([A-Za-z_]\w*)/.exec(statement);
  if (definition) {
    names.add(definition[1]!);
    return true;
  }
  if (/^(?:from|import) /.test(statement)) {
    const bound = importBindings(statement);
    if (!bound) return false;
    for (const name of bound) names.add(name);
    return true;
  }
  if (/^del\b/.test(statement)) {
    for (const target of statement.slice(3).split(',')) {
      const name = target.trim();
      if (!isName(name)) return false;
      names.delete(name);
    }
    return true;
  }
  // `a = …`, `a: T = …`, `a, b = …` (a chain `a = b = …` binds `a` here: `b` is read as not bound)
  const assignment = /^([A-Za-z_]\w*(?: ?, ?[A-Za-z_]\w*)*) ?(?::[^=]*)?=(?!=)/.exec(statement);
  if (assignment) for (const target of assignment[1]!.split(',')) names.add(target.trim());
  return true;
}

/** What a module binds at its top level, kept while its file's stat stays the same. */
const moduleNames = new Map<string, { key: string; names: Set<string> | undefined }>();

function namesOf(file: string): Set<string> | undefined {
  const stats = statOf(file);
  if (!stats) return undefined;
  const key = `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
  const kept = moduleNames.get(file);
  if (kept && kept.key === key) return kept.names;
  let names: Set<string> | undefined;
  try {
    names = topLevelNames(readFileSync(file, 'utf8'));
  } catch {
    names = undefined;
  }
  if (moduleNames.size > 256) moduleNames.clear();
  moduleNames.set(file, { key, names });
  return names;
}

/**
 * Every import in `code` (import statements, one per line, as a completion's check gets them) resolved in
 * the workspace's own files, or undefined when any one is not (run the probe).
 */
export function resolveWorkspaceImports(
  root: string,
  path: string,
  code: string,
  packageRoot: (top: string) => boolean,
  /** files the caller would rather probe: when every module is one of them, undefined before reading any */
  imported: (file: string) => boolean = () => false,
): StaticImport[] | undefined {
  if (/[/\\](?:site|dist)-packages(?:[/\\]|$)/.test(root)) return undefined;
  // first where each module's file is (stats only), then what the files bind
  const found: { entry: ParsedImport; module: string; line: number; file: string; folder: string }[] = [];
  const lines = code.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const parsed = parseImportLine(line);
    if (!parsed) return undefined;
    for (const entry of parsed) {
      const module = absoluteModule(path, entry);
      if (!module) return undefined;
      const parts = module.split('.');
      if (!packageRoot(parts[0]!)) return undefined;
      // every package on the way is a folder with an `__init__.py`, the module a file or a package
      let folder = root;
      let file: string | undefined;
      for (const part of parts) {
        if (file && !file.endsWith('__init__.py')) return undefined; // a module is not a package
        file = sourceFile(folder, part);
        if (!file) return undefined;
        folder = join(folder, part);
      }
      found.push({ entry, module, line: index + 1, file: file!, folder });
    }
  }
  if (found.length === 0 || found.every(({ file }) => imported(file))) return undefined;
  const resolved: StaticImport[] = [];
  for (const { entry, module, line, file, folder } of found) {
    const specs = [module];
    if (entry.names) {
      const bound = namesOf(file);
      for (const name of entry.names) {
        const submodule = file.endsWith('__init__.py') ? sourceFile(folder, name) : undefined;
        if (!bound?.has(name) && !submodule) return undefined;
        specs.push(`${module}:${name}`);
      }
    }
    resolved.push({ module, line, file, specs });
  }
  return resolved;
}

/**
 * The imports check of a completion's added Python imports when every one is the workspace's own (see
 * above), read from their files; undefined when the probe must run. Only where the workspace keeps a warm
 * probe (a long-lived face): its worker is what shows that a top-level package is the workspace's. And
 * only when the worker has not imported one of the modules yet: for modules it holds, the probe answers
 * in milliseconds and does everything this does not (it imports them).
 */
export function workspaceImportsCheck(subject: CheckSubject, context: CheckContext): CheckResult | undefined {
  if (context.unsafeNoSandbox || subject.language !== 'python') return undefined;
  const started = performance.now();
  const root = context.workspaceRoot;
  const warm = warmImportProbeFor(root);
  const holds = warm?.holds?.bind(warm);
  if (!holds) return undefined;
  const path = hasTargetPath(subject.path) ? subject.path : '';
  // every module imported by the worker already: the probe answers in milliseconds, and runs them
  const resolved = resolveWorkspaceImports(
    root,
    path,
    subject.code,
    (top) => holds(join(root, top, '__init__.py')) || holds(join(root, `${top}.py`)),
    holds,
  );
  if (!resolved) return undefined;
  // imported by the worker in the background: the gate's check of the buffer finds them there
  warm!.keepModules(resolved.flatMap((entry) => entry.specs));
  return {
    name: 'imports',
    status: 'pass',
    reason:
      "the workspace's own modules, read from their files (each exists and binds the names taken from it), " +
      'not imported: the gate imports them once the completion is in the buffer',
    findings: [],
    details: {
      probe: 'static',
      imports: resolved.map((entry) => ({ module: entry.module, kind: 'first-party' })),
    },
    durationMs: Math.round(performance.now() - started),
  };
}
