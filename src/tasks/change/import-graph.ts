import { posix } from 'node:path';

/**
 * Which project files a file imports, read from its import statements (Python's `import`/`from … import`,
 * relative ones included; JavaScript's and TypeScript's relative `import`/`export … from`/`require`/
 * `import()`), resolved against the project's own files only: a package's modules are not the project's,
 * and a change cannot reach a test through them. Used to run the tests that reach the changed files first,
 * and to tell the imports check's findings about files the change itself writes.
 */

const PYTHON_IMPORT =
  /^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)/gm;
const PYTHON_FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/gm;
const JS_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The project files one Python import statement's modules can be, in the order Python would try them. */
function pythonCandidates({
  from,
  dots,
  module,
  names,
}: {
  from: string;
  dots: string;
  module: string;
  names: string[];
}): string[] {
  let base: string[];
  if (dots) {
    const up = dots.length - 1;
    const dir = posix
      .dirname(from)
      .split('/')
      .filter((part) => part && part !== '.');
    base = up > dir.length ? [] : dir.slice(0, dir.length - up);
  } else base = [];
  const parts = [...base, ...module.split('.').filter(Boolean)];
  const out: string[] = [];
  const add = (segments: string[]) => {
    if (segments.length === 0) return;
    const path = segments.join('/');
    out.push(`${path}.py`, `${path}/__init__.py`);
  };
  add(parts);
  for (const name of names) add([...parts, name]);
  return out;
}

/**
 * A Python module's text without its function bodies: an import inside a function runs only when the
 * function is called (Django's `setup()` imports the whole framework), so it does not make every test
 * that imports the module reach what the function imports. The order of runs only: the whole suite
 * still runs before a change is verified.
 */
function withoutFunctionBodies(text: string): string {
  const kept: string[] = [];
  let inside: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    if (inside !== undefined && indent <= inside) inside = undefined;
    if (inside !== undefined) continue;
    kept.push(line);
    if (/^\s*(async\s+)?def\s/.test(line)) inside = indent;
  }
  return kept.join('\n');
}

/** The project files a source file imports (workspace-relative paths, posix), by its language. */
export function importedFiles(path: string, source: string, exists: (path: string) => boolean): string[] {
  const found = new Set<string>();
  if (path.endsWith('.py')) {
    const text = withoutFunctionBodies(source);
    // a package's modules may sit under a source folder (src/): try the file's own top folders as roots too
    const roots = ['', ...(path.startsWith('src/') ? ['src/'] : [])];
    const consider = (candidates: string[]) => {
      for (const root of roots)
        for (const candidate of candidates)
          if (exists(root + candidate)) {
            found.add(root + candidate);
            break;
          }
    };
    for (const match of text.matchAll(PYTHON_IMPORT))
      for (const part of match[1]!.split(',')) {
        const module = part.trim().split(/\s+/)[0]!;
        // `import a.b.c` imports a, a.b and a.b.c
        const pieces = module.split('.');
        for (let length = 1; length <= pieces.length; length++)
          consider(
            pythonCandidates({ from: path, dots: '', module: pieces.slice(0, length).join('.'), names: [] }),
          );
      }
    for (const match of text.matchAll(PYTHON_FROM)) {
      const names = match[3]!
        .replace(/[()]/g, ' ')
        .split(',')
        .map((name) => name.trim().split(/\s+/)[0]!)
        .filter((name) => /^\w+$/.test(name));
      const candidates = pythonCandidates({ from: path, dots: match[1]!, module: match[2]!, names });
      for (const root of match[1] ? [''] : roots)
        for (const candidate of candidates) if (exists(root + candidate)) found.add(root + candidate);
      // `from a.b import c`: a and a.b are imported on the way
      const pieces = match[2]!.split('.').filter(Boolean);
      if (!match[1])
        for (let length = 1; length < pieces.length; length++)
          consider(
            pythonCandidates({ from: path, dots: '', module: pieces.slice(0, length).join('.'), names: [] }),
          );
    }
    return [...found].filter((file) => file !== path);
  }
  for (const match of source.matchAll(JS_SPECIFIER)) {
    const specifier = match[1]!;
    if (!specifier.startsWith('.')) continue;
    const joined = posix.normalize(posix.join(posix.dirname(path), specifier));
    const stem = joined.replace(/\.(m|c)?js$|\.jsx$/, '');
    const candidates = [
      joined,
      ...JS_EXTENSIONS.map((extension) => stem + extension),
      ...JS_EXTENSIONS.map((extension) => `${joined}/index${extension}`),
    ];
    const hit = candidates.find((candidate) => !candidate.startsWith('..') && exists(candidate));
    if (hit) found.add(hit);
  }
  return [...found].filter((file) => file !== path);
}

/** Who imports each project file: imported path → the files importing it, over `files` as `textOf` gives them. */
export function importersOf(
  files: readonly string[],
  textOf: (path: string) => string | undefined,
): Map<string, string[]> {
  const known = new Set(files);
  const importers = new Map<string, string[]>();
  for (const file of files) {
    const text = textOf(file);
    if (text === undefined) continue;
    for (const imported of importedFiles(file, text, (path) => known.has(path))) {
      const list = importers.get(imported) ?? [];
      list.push(file);
      importers.set(imported, list);
    }
  }
  return importers;
}

/** The files that reach any of `targets` through `importers` (the targets included). */
export function reachedFrom(
  importers: ReadonlyMap<string, string[]>,
  targets: readonly string[],
): Set<string> {
  const reached = new Set<string>(targets);
  const queue = [...targets];
  while (queue.length > 0) {
    const next = queue.pop()!;
    for (const importer of importers.get(next) ?? [])
      if (!reached.has(importer)) {
        reached.add(importer);
        queue.push(importer);
      }
  }
  return reached;
}

/**
 * The files that reach any of `targets` through imports (the targets included), over the project as it
 * stands with the change: `texts` gives each file's text (the change's new text where it has one).
 */
export function filesReaching(
  files: readonly string[],
  textOf: (path: string) => string | undefined,
  targets: readonly string[],
): Set<string> {
  return reachedFrom(importersOf(files, textOf), targets);
}
