/**
 * Issue 59 (w80): inputs with very deep syntax trees, one per shape, each under the scan's 2 MiB file limit,
 * through the whole analysis (`analyzeSource`, no deadline). Before w80 a deep tree overflowed the stack in
 * one of the engine's recursive walks (`RangeError: Maximum call stack size exceeded`) and the scan failed
 * on the file; now the hot walks are iterative and what stays recursive is caught per file
 * (`AnalysisTooDeep`: the file is not verified).
 *
 *   node --import tsx bench/security/deep-trees.ts [shape-substring]
 *   node --import tsx bench/security/deep-trees.ts checks
 *
 * Prints a markdown table: the outcome of each shape (findings, too deep, or the crash and the innermost
 * engine functions on its stack) and how long it took. In-process, one thread, the main thread's stack.
 * `checks`: the `+` chains of r49 #6 through the checks that hand code to the TypeScript compiler (syntax,
 * imports, types), each check's status and time (verify/checks/compiler-budget.ts).
 */

import type { LanguageId } from '../../src/core/index.js';
import { AnalysisTooDeep, analyzeSource, defaultRuleSet } from '../../src/security/index.js';
import { importsCheck, syntaxCheck, typesCheck } from '../../src/verify/index.js';

interface Shape {
  name: string;
  language: LanguageId;
  /** the file's text at depth (or length) `n` */
  make: (n: number) => string;
  n: number;
}

const PY = 'import os\nfrom flask import request\nos.system(request.args["c"])\n';
const JS = "const cp = require('child_process');\napp.get('/', (req, res) => cp.exec(req.query.c));\n";
const indented = (n: number, line: (depth: number) => string, leaf: string) => {
  const lines: string[] = [];
  for (let depth = 0; depth < n; depth++) lines.push(' '.repeat(depth) + line(depth));
  lines.push(' '.repeat(n) + leaf);
  return `${lines.join('\n')}\n`;
};
const chain = (n: number, op: string) => Array.from({ length: n }, (_, index) => `a${index % 10}`).join(op);

export const SHAPES: Shape[] = [
  // Python
  {
    name: 'py: nested [',
    language: 'python',
    n: 20_000,
    make: (n) => `${PY}x = ${'['.repeat(n)}${']'.repeat(n)}\n`,
  },
  {
    name: 'py: nested (',
    language: 'python',
    n: 20_000,
    make: (n) => `${PY}x = ${'('.repeat(n)}1${')'.repeat(n)}\n`,
  },
  {
    name: 'py: a + b + … (one line)',
    language: 'python',
    n: 200_000,
    make: (n) => `${PY}x = ${chain(n, ' + ')}\n`,
  },
  {
    name: 'py: a and b and …',
    language: 'python',
    n: 100_000,
    make: (n) => `${PY}x = ${chain(n, ' and ')}\n`,
  },
  {
    name: 'py: a if c else b if c else …',
    language: 'python',
    n: 50_000,
    make: (n) => `${PY}x = ${Array.from({ length: n }, () => 'a if c else ').join('')}b\n`,
  },
  {
    name: 'py: f(f(f(…)))',
    language: 'python',
    n: 20_000,
    make: (n) => `${PY}x = ${'f('.repeat(n)}1${')'.repeat(n)}\n`,
  },
  {
    name: 'py: lambda: lambda: …',
    language: 'python',
    n: 20_000,
    make: (n) => `${PY}x = ${'lambda: '.repeat(n)}1\n`,
  },
  {
    name: 'py: a.b.c.… attributes',
    language: 'python',
    n: 200_000,
    make: (n) => `${PY}x = a${'.b'.repeat(n)}\n`,
  },
  {
    name: 'py: a[b[c[…]]] subscripts',
    language: 'python',
    n: 20_000,
    make: (n) => `${PY}x = ${'a['.repeat(n)}1${']'.repeat(n)}\n`,
  },
  { name: 'py: not not … x', language: 'python', n: 50_000, make: (n) => `${PY}x = ${'not '.repeat(n)}y\n` },
  { name: 'py: - - … x', language: 'python', n: 50_000, make: (n) => `${PY}x = ${'-'.repeat(n)}y\n` },
  {
    name: 'py: nested if (indented)',
    language: 'python',
    n: 1_500,
    make: (n) => PY + indented(n, () => 'if x:', 'pass'),
  },
  {
    name: 'py: nested def (indented)',
    language: 'python',
    n: 1_500,
    make: (n) => PY + indented(n, (d) => `def f${d}():`, 'pass'),
  },
  {
    name: 'py: a.b().c().… method chain',
    language: 'python',
    n: 100_000,
    make: (n) => `${PY}x = a${'.b()'.repeat(n)}\n`,
  },
  // JavaScript
  {
    name: 'js: nested [',
    language: 'javascript',
    n: 20_000,
    make: (n) => `${JS}x = ${'['.repeat(n)}${']'.repeat(n)};\n`,
  },
  {
    name: 'js: a + b + … (one line)',
    language: 'javascript',
    n: 200_000,
    make: (n) => `${JS}x = ${chain(n, ' + ')};\n`,
  },
  {
    name: 'js: a ? b : c ? … ternaries',
    language: 'javascript',
    n: 50_000,
    make: (n) => `${JS}x = ${'a ? b : '.repeat(n)}c;\n`,
  },
  {
    name: 'js: f(f(f(…)))',
    language: 'javascript',
    n: 20_000,
    make: (n) => `${JS}x = ${'f('.repeat(n)}1${')'.repeat(n)};\n`,
  },
  {
    name: 'js: () => () => …',
    language: 'javascript',
    n: 20_000,
    make: (n) => `${JS}x = ${'() => '.repeat(n)}1;\n`,
  },
  {
    name: 'js: function f(){function g(){…}}',
    language: 'javascript',
    n: 500,
    make: (n) =>
      `${JS}${Array.from({ length: n }, (_, i) => `function f${i}(){`).join('')}${'}'.repeat(n)}\n`,
  },
  {
    name: 'js: if … else if … else if',
    language: 'javascript',
    n: 20_000,
    make: (n) => `${JS}${'if (a) x(); else '.repeat(n)}y();\n`,
  },
  {
    name: 'js: a.b.c.… members',
    language: 'javascript',
    n: 200_000,
    make: (n) => `${JS}x = a${'.b'.repeat(n)};\n`,
  },
  {
    name: 'js: a.b().c().… method chain',
    language: 'javascript',
    n: 100_000,
    make: (n) => `${JS}x = a${'.b()'.repeat(n)};\n`,
  },
  {
    name: 'js: nested template literals',
    language: 'javascript',
    n: 10_000,
    make: (n) => `${JS}x = ${'`${'.repeat(n)}a${'}`'.repeat(n)};\n`,
  },
  {
    name: 'js: {a:{a:{…}}} objects',
    language: 'javascript',
    n: 20_000,
    make: (n) => `${JS}x = ${'{a:'.repeat(n)}1${'}'.repeat(n)};\n`,
  },
  {
    name: 'js: {{{…}}} blocks',
    language: 'javascript',
    n: 20_000,
    make: (n) => `${JS}${'{'.repeat(n)}${'}'.repeat(n)}\n`,
  },
  { name: 'js: !!!… x', language: 'javascript', n: 50_000, make: (n) => `${JS}x = ${'!'.repeat(n)}y;\n` },
  {
    name: 'ts: nested (',
    language: 'typescript',
    n: 20_000,
    make: (n) => `${JS}const x: number = ${'('.repeat(n)}1${')'.repeat(n)};\n`,
  },
];

/** The innermost distinct engine functions on an overflow's stack: where the walk recursed. */
function where(error: Error): string {
  const names: string[] = [];
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const match =
      /at (?:\S+ )?(?:\w+\.)?(\w+) \(.*?\/(\w[\w-]*)\.ts/.exec(line) ?? /at .*?\/(\w[\w-]*)\.ts/.exec(line);
    if (!match) continue;
    const name = match.length > 2 ? `${match[2]}.${match[1]}` : match[1]!;
    if (!names.includes(name)) names.push(name);
    if (names.length >= 3) break;
  }
  return names.join(' ← ') || '?';
}

async function main(): Promise<void> {
  Error.stackTraceLimit = 40;
  const only = process.argv[2];
  const rules = defaultRuleSet();
  console.log('| shape | depth n | KB | outcome | ms |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const shape of SHAPES) {
    if (only && !shape.name.includes(only)) continue;
    const source = shape.make(shape.n);
    const started = performance.now();
    let outcome: string;
    try {
      const findings = await analyzeSource({
        source,
        language: shape.language,
        file: 'deep',
        ruleSet: rules,
      });
      outcome = `${findings.length} finding(s)`;
    } catch (error) {
      const err = error as Error;
      outcome =
        error instanceof AnalysisTooDeep
          ? `not verified: ${error.reason}; overflowed in ${where(error.cause as Error)}`
          : `**${err.name}** ${err.message.slice(0, 60)} (${where(err)})`;
    }
    const ms = performance.now() - started;
    console.log(
      `| ${shape.name} | ${shape.n} | ${Math.round(source.length / 1024)} | ${outcome} | ${Math.round(ms)} |`,
    );
  }
}

/** r49 #6: `a+a+…` through the compiler's checks, at sizes around the budget and the probe's */
async function compilerChecks(): Promise<void> {
  const context = { workspaceRoot: '/nonexistent-project', config: {} };
  const plus = (terms: number) => Array(terms).fill('a').join('+');
  const cases: [string, LanguageId, string][] = [
    ['ts: a+a+… 700', 'typescript', `let x: string = ${plus(700)};\n`],
    ['ts: a+a+… 1 500', 'typescript', `let x: string = ${plus(1_500)};\n`],
    ['ts: a+a+… 10 000 (20 KB)', 'typescript', `let x: string = ${plus(10_000)};\n`],
    ['js: a+a+… 100 000 (200 KB)', 'javascript', `let x = ${plus(100_000)};\n`],
  ];
  console.log('| shape | syntax | imports | types |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, language, code] of cases) {
    const cells: string[] = [];
    for (const check of [syntaxCheck, importsCheck, typesCheck]) {
      const started = performance.now();
      const result = await check.run(
        { code, language, path: `src/deep.${language === 'javascript' ? 'js' : 'ts'}` },
        context,
      );
      cells.push(`${result.status} ${Math.round(performance.now() - started)} ms`);
    }
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

if (process.argv[1]?.endsWith('deep-trees.ts')) {
  if (process.argv[2] === 'checks') await compilerChecks();
  else await main();
}
