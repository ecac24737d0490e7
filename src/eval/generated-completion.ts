import { parse, type SyntaxNode } from '../syntax/parser.js';
import type { Benchmark, Problem } from './problem.js';

/**
 * The request vouch's generation pipeline gets for a benchmark problem: the problem as the harness shows it
 * (the prompt to continue, or MBPP's text and example tests), asking for complete code.
 */
export function specFor(benchmark: Benchmark, problem: Problem): string {
  const language = benchmark.language === 'python' ? 'python' : 'typescript';
  if (!problem.prompt) {
    return `${problem.description}\nWrite the ${language === 'python' ? 'Python' : 'TypeScript'} function in one code block.`;
  }
  return [
    `Complete the ${language === 'python' ? 'Python' : 'TypeScript'} function \`${problem.entryPoint}\` below. Answer with the complete function (and any helpers) in one code block.`,
    '',
    `\`\`\`${language}`,
    problem.prompt.trimEnd(),
    '```',
  ].join('\n');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() ? prefix + line : line))
    .join('\n');
}

/** Python: whole code is appended after the prompt (whose function body is its docstring); a bare body continues it. */
function pythonCompletion(problem: Problem, code: string): string {
  if (!problem.prompt) return code;
  const wholeDefinitions = /^(?:async\s+def|def|class|import|from)\b/m.test(code);
  if (wholeDefinitions) return `\n${code.trimEnd()}\n`;
  const body = /^\s/.test(code) ? code : indent(code, '    ');
  return `${body.trimEnd()}\n`;
}

function findEntry(
  root: SyntaxNode,
  name: string,
): { declaration: SyntaxNode; body: SyntaxNode } | undefined {
  for (const statement of root.namedChildren) {
    let node = statement;
    if (node.type === 'export_statement') node = node.namedChildren.at(-1) ?? node;
    if (node.type === 'function_declaration' && node.childForFieldName('name')?.text === name) {
      const body = node.childForFieldName('body');
      if (body) return { declaration: statement, body };
    }
    if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
      for (const declarator of node.namedChildren) {
        if (declarator.childForFieldName('name')?.text !== name) continue;
        const body = declarator.childForFieldName('value')?.childForFieldName('body');
        if (body?.type === 'statement_block') return { declaration: statement, body };
      }
    }
  }
  return undefined;
}

/**
 * TypeScript prompts end inside the function (`… {\n`), so the completion is the function's body and its
 * closing brace. Helpers the answer declares beside the function are moved inside the body (nested
 * declarations are legal), since MultiPL-E's stop tokens would cut a top-level `function` after it.
 */
async function typescriptCompletion(problem: Problem, code: string): Promise<string> {
  const tree = await parse('typescript', code);
  try {
    const entry = findEntry(tree.rootNode, problem.entryPoint);
    if (!entry) return `${code.trimEnd()}\n}\n`;
    const inner = code.slice(entry.body.startIndex + 1, entry.body.endIndex - 1);
    const helpers = tree.rootNode.namedChildren
      .filter(
        (node) =>
          node.id !== entry.declaration.id && node.type !== 'comment' && node.type !== 'import_statement',
      )
      .map((node) => indent(node.text.replace(/^export\s+/, ''), '  '))
      .join('\n');
    return `${helpers ? `${helpers}\n` : ''}${inner.replace(/^\n/, '').trimEnd()}\n}\n`;
  } finally {
    tree.delete();
  }
}

/** A completion in the harness's sense (continuing the prompt) from the code the pipeline returned. */
export async function completionFromCode(
  benchmark: Benchmark,
  problem: Problem,
  code: string,
): Promise<string> {
  if (!code.trim()) return '';
  return benchmark.language === 'python'
    ? pythonCompletion(problem, code)
    : typescriptCompletion(problem, code);
}
