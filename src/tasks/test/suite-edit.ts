import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/**
 * Editing a generated test suite by test name, with tree-sitter: dropping the tests that failed on the
 * current code, and merging a second round of tests into the first without clashing names or imports.
 */

/** `TestX::test_y[1-2]`, `suite > case` → the test's own name (`test_y`, `case`). */
export function leafName(name: string): string {
  const last = name.split(/::| > /).pop() ?? name;
  return last.replace(/\[.*\]$/, '').trim();
}

function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string' || node.type === 'template_string') return node.text.slice(1, -1);
  return undefined;
}

function removeRanges(source: string, ranges: { start: number; end: number }[]): string {
  let out = source;
  for (const range of [...ranges].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, range.start) + out.slice(range.end);
  }
  return out.replace(/\n{4,}/g, '\n\n\n');
}

/** The suite without the named tests (a whole function for a failed parametrized case). */
export async function dropTests(source: string, language: LanguageId, names: string[]): Promise<string> {
  const wanted = new Set(names.map(leafName));
  if (wanted.size === 0) return source;
  const tree = await parse(language, source);
  const ranges: { start: number; end: number }[] = [];
  try {
    const visit = (node: SyntaxNode) => {
      if (language === 'python') {
        const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
        if (definition?.type === 'function_definition') {
          const name = definition.childForFieldName('name')?.text;
          if (name && wanted.has(name)) {
            ranges.push({ start: node.startIndex, end: node.endIndex });
            return;
          }
        }
        if (node.type === 'decorated_definition') return;
      } else if (node.type === 'expression_statement') {
        const call = node.firstNamedChild;
        if (call?.type === 'call_expression') {
          const callee = call.childForFieldName('function')?.text ?? '';
          const first = call.childForFieldName('arguments')?.firstNamedChild;
          const title = stringValue(first);
          // jest and vitest name a test by its describe blocks and its own title, joined by spaces
          const named =
            title !== undefined &&
            [...wanted].some(
              (name) => name === title || name.endsWith(` ${title}`) || name.endsWith(`> ${title}`),
            );
          if (/^(test|it)(\.only|\.skip)?$/.test(callee) && named) {
            ranges.push({ start: node.startIndex, end: node.endIndex });
            return;
          }
        }
      }
      for (const child of node.namedChildren) visit(child);
    };
    visit(tree.rootNode);
  } finally {
    tree.delete();
  }
  return removeRanges(source, ranges);
}

/** Names of the suite's test functions (Python) or test cases (JavaScript). */
export async function testNames(source: string, language: LanguageId): Promise<string[]> {
  const tree = await parse(language, source);
  const names: string[] = [];
  try {
    const visit = (node: SyntaxNode) => {
      if (language === 'python' && node.type === 'function_definition') {
        const name = node.childForFieldName('name')?.text;
        if (name?.startsWith('test')) names.push(name);
      } else if (language !== 'python' && node.type === 'call_expression') {
        const callee = node.childForFieldName('function')?.text ?? '';
        const first = stringValue(node.childForFieldName('arguments')?.firstNamedChild);
        if (/^(test|it)$/.test(callee) && first !== undefined) names.push(first);
      }
      for (const child of node.namedChildren) visit(child);
    };
    visit(tree.rootNode);
  } finally {
    tree.delete();
  }
  return names;
}

/** A Python text cut before each line at column 0 that starts a statement (decorators stay with theirs). */
function topLevelBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let decorated = false;
  for (const line of text.split('\n')) {
    const starts = /^[^\s#)\]}]/.test(line);
    if (starts && !decorated && current.some((entry) => entry.trim())) {
      blocks.push(current.join('\n'));
      current = [];
    }
    if (starts) decorated = line.startsWith('@');
    current.push(line);
  }
  if (current.length) blocks.push(current.join('\n'));
  return blocks;
}

const normalised = (block: string) =>
  block
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim())
    .join('\n');

/**
 * The first suite with the second's tests after it: import lines the first already has are left out,
 * a Python test the first already has word for word is left out, and one whose name the first already
 * uses for another test is renamed (`test_x` → `test_x_2`), so neither shadows the other.
 */
export async function mergeSuites(first: string, second: string, language: LanguageId): Promise<string> {
  const existing = new Set(first.split('\n').map((line) => line.trim()));
  const importLine = language === 'python' ? /^(import |from \S+ import )/ : /^import\s/;
  let added = second
    .split('\n')
    .filter((line) => !(importLine.test(line.trim()) && existing.has(line.trim())))
    .join('\n');
  if (language === 'python') {
    // a test the first suite already has, word for word, is not added again as `test_x_2`
    const had = new Set(topLevelBlocks(first).map(normalised));
    added = topLevelBlocks(added)
      .filter((block) => !(/^(async\s+)?def\s+test_/.test(block.trimStart()) && had.has(normalised(block))))
      .join('\n');
    const taken = new Set(await testNames(first, language));
    for (const name of await testNames(added, language)) {
      if (!taken.has(name)) continue;
      let index = 2;
      while (taken.has(`${name}_${index}`)) index++;
      added = added.replace(new RegExp(`(def\\s+)${name}(\\s*\\()`), `$1${name}_${index}$2`);
      taken.add(`${name}_${index}`);
    }
  } else {
    // bindings the first suite already imports would be declared twice in one module
    const bound = new Set(
      [...first.matchAll(/^import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?/gm)].flatMap((match) => [
        ...(match[1] ? [match[1]] : []),
        ...(match[2] ?? '')
          .split(',')
          .map(
            (part) =>
              part
                .trim()
                .split(/\s+as\s+/)
                .pop()
                ?.trim() ?? '',
          )
          .filter(Boolean),
      ]),
    );
    added = added.replace(
      /^import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*(['"][^'"]+['"]);?\s*$/gm,
      (_line, def, names, from) => {
        const keep = (names ?? '')
          .split(',')
          .map((part: string) => part.trim())
          .filter(
            (part: string) =>
              part &&
              !bound.has(
                part
                  .split(/\s+as\s+/)
                  .pop()
                  ?.trim() ?? '',
              ),
          );
        const keepDefault = def && !bound.has(def) ? def : undefined;
        if (!keep.length && !keepDefault) return '';
        return `import ${[keepDefault, keep.length ? `{ ${keep.join(', ')} }` : undefined].filter(Boolean).join(', ')} from ${from};`;
      },
    );
  }
  if (language !== 'python') added = await withoutRepeatedTests(first, added, language);
  return `${first.trimEnd()}\n\n\n${added.trim()}\n`;
}

const TEST_CALL = /^(test|it)(\.only|\.skip|\.each\b.*)?$/;
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The second round's JavaScript without what the first suite already has word for word: a top-level
 * statement (a `describe` block given again whole), and inside a block given again with new tests, each
 * test the first already has. A block left with no test of its own goes. w231: a model that answered the
 * survivors with its first suite again had the describe block twice, one test run twice under one name.
 */
async function withoutRepeatedTests(first: string, added: string, language: LanguageId): Promise<string> {
  const had = new Set<string>();
  const hadTests = new Set<string>();
  const firstTree = await parse(language, first);
  try {
    for (const statement of firstTree.rootNode.namedChildren) had.add(oneLine(statement.text));
    const visit = (node: SyntaxNode) => {
      if (node.type === 'call_expression' && TEST_CALL.test(node.childForFieldName('function')?.text ?? ''))
        hadTests.add(oneLine(node.text));
      for (const child of node.namedChildren) visit(child);
    };
    visit(firstTree.rootNode);
  } finally {
    firstTree.delete();
  }
  const tree = await parse(language, added);
  const ranges: { start: number; end: number }[] = [];
  try {
    for (const statement of tree.rootNode.namedChildren) {
      if (statement.type === 'import_statement') continue;
      if (had.has(oneLine(statement.text))) {
        ranges.push({ start: statement.startIndex, end: statement.endIndex });
        continue;
      }
      const tests: SyntaxNode[] = [];
      const visit = (node: SyntaxNode) => {
        if (
          node.type === 'call_expression' &&
          TEST_CALL.test(node.childForFieldName('function')?.text ?? '')
        ) {
          tests.push(node);
          return;
        }
        for (const child of node.namedChildren) visit(child);
      };
      visit(statement);
      const repeated = tests.filter((test) => hadTests.has(oneLine(test.text)));
      if (tests.length > 0 && repeated.length === tests.length)
        ranges.push({ start: statement.startIndex, end: statement.endIndex });
      else
        for (const test of repeated) {
          // the test's statement, with its `;`
          const whole = test.parent?.type === 'expression_statement' ? test.parent : test;
          ranges.push({ start: whole.startIndex, end: whole.endIndex });
        }
    }
  } finally {
    tree.delete();
  }
  return removeRanges(added, ranges);
}
