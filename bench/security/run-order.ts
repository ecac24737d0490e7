/**
 * Whether the security engine's findings depend on the order a file's functions run in (issue 59): every
 * file of a set is scanned by vouch's engine in seven orders — the engine's own (callees first since
 * issue 59), the file's, reversed, callees first (a function after the functions of the file its text calls
 * by name, as the harness computes it), callers first (that reversed) and two seeded shuffles — and every finding is compared as whole JSON (rule, line, column, severity, message,
 * hint, CWE). A file whose findings differ is printed with each differing finding and the orders that
 * report it; the last line is a JSON summary. Exits 1 on any difference.
 *
 *   tsx bench/security/run-order.ts [--sets django,bench,sallm]
 *
 * Each Python file is also scanned with its top-level definitions (tree-sitter's `def`, `class` and
 * decorated nodes) written in reverse order: its findings, by rule, line (mapped back to the file's),
 * column and severity, must be those of the file as written (messages name lines, so they are not compared;
 * files that do not parse are left out).
 *
 * The sets are those of `findings-equivalence.ts` (`finding-sets.ts`). vouch's engine only (no secrets,
 * Bandit or cache), one thread.
 */
import type { Finding } from '../../src/core/index.js';
import { analyzeSource, defaultRuleSet, type RunOrder } from '../../src/security/index.js';
import { parse } from '../../src/syntax/index.js';
import { inputs, SETS } from './finding-sets.js';

type Functions = Parameters<RunOrder>[0];

/** Each function after the functions of the file whose names its text calls (depth first, file order). */
const calleesFirst: RunOrder = (functions) => {
  const byName = new Map<string, Functions[number][]>();
  for (const fn of functions) byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn]);
  const done = new Set<Functions[number]>();
  const out: Functions[number][] = [];
  const visit = (fn: Functions[number]): void => {
    if (done.has(fn)) return;
    done.add(fn);
    for (const call of fn.node.text.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g))
      if (call[1] !== fn.name) for (const callee of byName.get(call[1]!) ?? []) visit(callee);
    out.push(fn);
  };
  for (const fn of functions) visit(fn);
  return out;
};

/** A shuffle by a linear congruential generator: the same seed gives the same order every run. */
const shuffled =
  (seed: number): RunOrder =>
  (functions) => {
    const out = [...functions];
    let state = seed;
    for (let index = out.length - 1; index > 0; index--) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const other = Math.floor((state / 2147483648) * (index + 1));
      [out[index], out[other]] = [out[other]!, out[index]!];
    }
    return out;
  };

const ORDERS: [string, RunOrder | undefined][] = [
  ['default', undefined],
  ['file', (functions) => functions],
  ['reversed', (functions) => [...functions].reverse()],
  ['callees-first', calleesFirst],
  ['callers-first', (functions) => [...calleesFirst(functions)].reverse()],
  ['shuffle-1', shuffled(1)],
  ['shuffle-7', shuffled(7)],
];

const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);

/**
 * The file with its top-level definitions written in reverse order, and each new line's line in the file;
 * undefined for a file with fewer than two, or that does not parse (a model's output cut off inside a
 * `'''` string: moved first, it swallows the definitions after it, a change of the program's own syntax).
 */
async function reversedDefinitions(
  source: string,
): Promise<{ text: string; lineInFile: number[] } | undefined> {
  const tree = await parse('python', source);
  let blocks: [number, number][];
  try {
    if (tree.rootNode.hasError) return undefined;
    blocks = tree.rootNode.namedChildren
      .filter((node) => DEFINITIONS.has(node.type))
      .map((node) => [node.startIndex, node.endIndex]);
  } finally {
    tree.delete();
  }
  if (blocks.length < 2) return undefined;
  let text = '';
  const lineInFile: number[] = [];
  const copy = (start: number, end: number): void => {
    const first = source.slice(0, start).split('\n').length;
    const at = text.split('\n').length;
    const piece = source.slice(start, end);
    text += piece;
    piece.split('\n').forEach((_, offset) => {
      lineInFile[at + offset] ??= first + offset;
    });
  };
  let cursor = 0;
  blocks.forEach(([start, end], index) => {
    copy(cursor, start);
    const [from, to] = blocks[blocks.length - 1 - index]!;
    copy(from, to);
    cursor = end;
  });
  copy(cursor, source.length);
  return { text, lineInFile };
}

const placed = (finding: Finding, line: number) =>
  `${finding.ruleId} line ${line}:${finding.column} ${finding.severity}`;

const index = process.argv.indexOf('--sets');
const only = index < 0 ? undefined : process.argv[index + 1]?.split(',');
const ruleSet = defaultRuleSet();
let differ = false;
for (const set of SETS) {
  if (only && !only.includes(set)) continue;
  const files = inputs(set);
  const totals = Object.fromEntries(ORDERS.map(([name]) => [name, 0]));
  let differing = 0;
  let textReversed = 0;
  let textDiffering = 0;
  for (const input of files) {
    const results: { order: string; findings: string[] }[] = [];
    for (const [name, order] of ORDERS) {
      const findings = (
        await analyzeSource({
          source: input.source,
          language: input.language ?? 'python',
          file: input.path,
          ruleSet,
          order,
        })
      )
        .map((finding) => JSON.stringify(finding))
        .sort();
      totals[name]! += findings.length;
      results.push({ order: name, findings });
    }
    const first = results[0]!.findings.join('\n');
    const reversed = input.language === 'python' ? await reversedDefinitions(input.source) : undefined;
    if (reversed) {
      textReversed++;
      const asWritten = results[0]!.findings.map((line) => {
        const finding = JSON.parse(line) as Finding;
        return placed(finding, finding.line);
      });
      const moved = (
        await analyzeSource({ source: reversed.text, language: 'python', file: input.path, ruleSet })
      ).map((finding) => placed(finding, reversed.lineInFile[finding.line]!));
      const missing = asWritten.filter((line) => !moved.includes(line));
      const added = moved.filter((line) => !asWritten.includes(line));
      if (missing.length + added.length > 0) {
        textDiffering++;
        process.stdout.write(`${set} ${input.path}: top-level definitions reversed\n`);
        for (const line of missing) process.stdout.write(`  - ${line}\n`);
        for (const line of added) process.stdout.write(`  + ${line}\n`);
      }
    }
    if (results.every((result) => result.findings.join('\n') === first)) continue;
    differing++;
    process.stdout.write(`${set} ${input.path}\n`);
    for (const line of new Set(results.flatMap((result) => result.findings))) {
      const orders = results.filter((result) => result.findings.includes(line)).map((result) => result.order);
      if (orders.length < results.length) process.stdout.write(`  [${orders.join(', ')}] ${line}\n`);
    }
  }
  differ ||= differing + textDiffering > 0;
  process.stdout.write(
    `${JSON.stringify({ set, files: files.length, differing, findings: totals, textReversed, textDiffering })}\n`,
  );
}
process.exit(differ ? 1 : 0);
