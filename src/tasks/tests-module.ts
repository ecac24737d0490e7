import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LanguageId } from '../core/languages.js';

/**
 * The module a generated candidate's tests import it from: `solution` (solution.py, ./solution.ts), or
 * the --file's own module. The prompt says so (moduleHint); a model that still names it otherwise
 * (`from slugs import slugify`) had correct code BLOCKED by an import error. When the tests import the
 * names the candidate defines from exactly one module that the workspace does not have, that module is
 * the candidate: the import is pointed at it (issue 41). Anything less clear is left for the tests check
 * to report, with Python's or Node's own error.
 */
export function candidateModule(file: string | undefined): string {
  if (!file) return 'solution';
  return (file.split('/').pop() ?? file).replace(/\.[^.]+$/, '');
}

export function moduleHint(language: LanguageId | undefined, module: string): string {
  const python = `\`from ${module} import …\``;
  const node = `\`import { … } from './${module}'\``;
  const how =
    language === 'python'
      ? python
      : language
        ? node
        : `${python} in Python, ${node} in JavaScript and TypeScript`;
  return `The tests import the code from the module \`${module}\` (${how}).`;
}

/** Top-level names a candidate defines (functions, classes, constants; exported declarations in JS/TS). */
function definedNames(code: string, language: LanguageId): Set<string> {
  const names = new Set<string>();
  const pattern =
    language === 'python'
      ? /^(?:async\s+def|def|class)\s+([A-Za-z_]\w*)|^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=/gm
      : /^export\s+(?:default\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;
  for (const match of code.matchAll(pattern)) names.add((match[1] ?? match[2]) as string);
  return names;
}

const PYTHON_FROM = /^from\s+([A-Za-z_][\w.]*)\s+import\s+\(?([^)\n]+)\)?\s*$/gm;
const NODE_FROM =
  /^import\s+(?:type\s+)?\{([^}]+)\}\s+from\s+(['"])\.\/([\w.-]+?)(?:\.[cm]?[jt]sx?)?\2;?\s*$/gm;

function importedNames(list: string): string[] {
  return list
    .split(',')
    .map((part) =>
      part
        .trim()
        .split(/\s+as\s+/)[0]!
        .trim(),
    )
    .filter(Boolean);
}

function existsInWorkspace(root: string, name: string, language: LanguageId): boolean {
  const path = name.split('.').join('/');
  const candidates =
    language === 'python'
      ? [`${path}.py`, path]
      : [`${name}.ts`, `${name}.tsx`, `${name}.js`, `${name}.mjs`, `${name}.cjs`, name];
  return candidates.some((candidate) => existsSync(join(root, candidate)));
}

/** The tests with their import of the candidate pointed at `module`, when it is unambiguous; else as given. */
export function pointTestsAtCandidate({
  tests,
  code,
  language,
  module,
  root,
}: {
  tests: string;
  code: string;
  language: LanguageId;
  module: string;
  root: string;
}): { tests: string; renamed?: string } {
  if (!tests || !code) return { tests };
  const defined = definedNames(code, language);
  const python = language === 'python';
  const found = new Set<string>();
  for (const match of tests.matchAll(python ? PYTHON_FROM : NODE_FROM)) {
    const name = (python ? match[1] : match[3]) as string;
    const names = importedNames((python ? match[2] : match[1]) as string);
    if (name === module || names.length === 0 || !names.every((entry) => defined.has(entry))) continue;
    if (existsInWorkspace(root, name, language)) continue;
    found.add(name);
  }
  if (found.size !== 1) return { tests };
  const [name] = [...found] as [string];
  const rewritten = python
    ? tests.replace(PYTHON_FROM, (line, from: string) =>
        from === name
          ? line.replace(new RegExp(`^from\\s+${name.replace(/\./g, '\\.')}\\b`), `from ${module}`)
          : line,
      )
    : tests.replace(NODE_FROM, (line, _names: string, _quote: string, from: string) =>
        from === name ? line.replace(/(['"])\.\/[\w.-]+\1/, `$1./${module}$1`) : line,
      );
  return { tests: rewritten, renamed: name };
}
