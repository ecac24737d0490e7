import type { CheckContext } from '../../core/check.js';
import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';
import { runDifferential } from '../refactor/differential.js';
import type { Mutant } from './mutants.js';
import type { MutantResult } from './mutation-run.js';
import type { CodeTarget } from './target.js';

/**
 * Mutants that change nothing a caller can see (equivalent mutants): no test can kill them, so counting
 * them makes the score look bad and sends the engineer after nothing; a suite that does kill one tests
 * the code's form, not its behaviour. Two ways to tell, cheapest first:
 * - **unreachable** (provable): the mutated code follows an unconditional `return`, `raise`/`throw`,
 *   `break` or `continue` in its own function, or sits under `if False:` / `if (false)`;
 * - **same outputs** (probable, TCE-style): the refactor's differential tester compares the original
 *   and the mutant function by function — return values with their types, exceptions by their type
 *   (an operator named in a TypeError's message is no behaviour a test asserts), output, logging, the
 *   arguments after the call — on the tests' own inputs, generated ones
 *   and the module's constants ±1, and finds no difference, with every branch arm of the original
 *   reached (an arm no input reached could hide the difference, so such a mutant is left surviving).
 * Either way the mutant is reported apart, "probably equivalent", and left out of the score.
 */

export type EquivalenceKind = 'unreachable' | 'same-outputs';

export interface Equivalence {
  kind: EquivalenceKind;
  /** why, for people: `unreachable: after the \`return\` on line 6` */
  why: string;
}

const TERMINATORS = new Set([
  'return_statement',
  'raise_statement',
  'throw_statement',
  'break_statement',
  'continue_statement',
]);
const FUNCTIONS = new Set([
  'function_definition',
  'function_declaration',
  'function_expression',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'lambda',
  'class_definition',
  'class_declaration',
]);
const BLOCKS = new Set(['block', 'statement_block', 'module', 'program']);
const FALSE_CONDITIONS = new Set(['False', 'false', '0']);

function indexOf(source: string, line: number, column: number): number {
  let index = 0;
  for (let row = 1; row < line; row++) index = source.indexOf('\n', index) + 1;
  return index + column - 1;
}

/** What makes the node unreachable, or undefined. */
function unreachableBecause(node: SyntaxNode): string | undefined {
  let child: SyntaxNode = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (FUNCTIONS.has(parent.type)) return undefined;
    if (BLOCKS.has(parent.type)) {
      for (let sibling = child.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) {
        if (TERMINATORS.has(sibling.type))
          return `after the \`${sibling.text.split(/[\s(;]/)[0]}\` on line ${sibling.startPosition.row + 1}`;
      }
    }
    if (parent.type === 'if_statement' || parent.type === 'while_statement') {
      const condition = parent.childForFieldName('condition');
      const body = parent.childForFieldName('consequence') ?? parent.childForFieldName('body');
      const bare = condition?.text.replace(/^\((.*)\)$/s, '$1').trim();
      if (
        bare &&
        FALSE_CONDITIONS.has(bare) &&
        body &&
        child.startIndex >= body.startIndex &&
        child.endIndex <= body.endIndex
      )
        return `under \`${parent.type === 'if_statement' ? 'if' : 'while'} ${bare}\` on line ${parent.startPosition.row + 1}`;
    }
  }
  return undefined;
}

/** The mutants whose change lies in code no call can reach (provably equivalent), by id. */
export async function unreachableMutants(
  source: string,
  language: LanguageId,
  mutants: readonly Mutant[],
): Promise<Map<number, Equivalence>> {
  const found = new Map<number, Equivalence>();
  if (mutants.length === 0) return found;
  const tree = await parse(language, source);
  try {
    for (const mutant of mutants) {
      const start = indexOf(source, mutant.line, mutant.column);
      const node = tree.rootNode.descendantForIndex(start, start + Math.max(0, mutant.original.length - 1));
      const because = node ? unreachableBecause(node) : undefined;
      if (because) found.set(mutant.id, { kind: 'unreachable', why: `unreachable: ${because}` });
    }
  } finally {
    tree.delete();
  }
  return found;
}

/** The top-level function a line lies in (the differential compares those), or undefined. */
async function enclosingFunctions(
  source: string,
  language: LanguageId,
  lines: readonly number[],
): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const tree = await parse(language, source);
  try {
    for (const top of tree.rootNode.namedChildren) {
      let definition: SyntaxNode | null = top;
      if (definition.type === 'decorated_definition') definition = definition.childForFieldName('definition');
      if (definition?.type === 'export_statement') definition = definition.namedChildren[0] ?? null;
      if (!definition || !['function_definition', 'function_declaration'].includes(definition.type)) continue;
      const name = definition.childForFieldName('name')?.text;
      if (!name) continue;
      for (const line of lines)
        if (line - 1 >= definition.startPosition.row && line - 1 <= definition.endPosition.row)
          names.set(line, name);
    }
  } finally {
    tree.delete();
  }
  return names;
}

/** Inputs the comparison must have made, at least, before "no difference" means anything. */
const MIN_INPUTS = 10;
/** Survivors compared at most (each comparison starts two sandboxed sides). */
const MAX_COMPARED = 12;
/** The comparisons stop once they took this long together. */
const BUDGET_MS = 60_000;

/**
 * The surviving mutants (outcome `survived`) that are provably or probably equivalent, by id: the
 * unreachable ones first, then the rest through the differential tester (at most MAX_COMPARED, within
 * BUDGET_MS; a comparison that could not run decides nothing).
 */
export async function probablyEquivalent({
  target,
  results,
  suite,
  context,
}: {
  target: CodeTarget;
  results: readonly MutantResult[];
  suite: string;
  context: CheckContext;
}): Promise<Map<number, Equivalence>> {
  const survivors = results.filter((entry) => entry.outcome === 'survived').map((entry) => entry.mutant);
  const found = await unreachableMutants(target.source, target.language, survivors);
  const rest = survivors.filter((mutant) => !found.has(mutant.id)).slice(0, MAX_COMPARED);
  if (rest.length === 0) return found;
  const functions = await enclosingFunctions(
    target.source,
    target.language,
    rest.map((mutant) => mutant.line),
  );
  const started = performance.now();
  for (const mutant of rest) {
    if (context.signal?.aborted || performance.now() - started > BUDGET_MS) break;
    const name = functions.get(mutant.line);
    if (!name) continue;
    const report = await runDifferential({
      target,
      newSource: mutant.source,
      functions: [name],
      tests: [suite],
      context,
      options: {
        maxInputs: 200,
        seed: 57,
        exceptionsByType: true,
      },
    });
    const compared = report.functions.find((entry) => entry.name === name);
    if (!report.ran || !compared || compared.skipped || compared.signatureChanged) continue;
    if (compared.differences > 0 || compared.nondeterministic) continue;
    const inputs = compared.fromDocstring + compared.fromTests + compared.generated;
    const old = compared.coverage?.old;
    if (inputs < MIN_INPUTS || !old?.measured || (old.notReached?.length ?? 0) > 0) continue;
    found.set(mutant.id, {
      kind: 'same-outputs',
      why: `same results on ${inputs} inputs (${compared.fromTests} from the tests, ${compared.generated + compared.fromDocstring} generated), every branch arm of \`${name}\` reached`,
    });
  }
  return found;
}
