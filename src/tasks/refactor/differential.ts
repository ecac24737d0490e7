import { dirname, join } from 'node:path';
import type { CheckContext } from '../../core/check.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import { isEsmSource, transpileTypeScript } from '../../verify/runners/transpile-typescript.js';
import { runInSandbox } from '../../verify/sandbox/index.js';
import type { CodeTarget } from '../test/target.js';
import { NODE_DIFFERENTIAL } from './node-differential.js';
import { PYTHON_DIFFERENTIAL } from './python-differential.js';

export interface Counterexample {
  /** the smallest call found that shows the difference, e.g. `discount(-1)` */
  call: string;
  /** what the old version does with it: `returns 0`, `raises ValueError`, `… and prints '…'` */
  old: string;
  new: string;
  /** where the input came from: docstring, tests, generated */
  found: string;
  /** the input as first found, before shrinking */
  original?: string;
}

export interface FunctionComparison {
  name: string;
  fromDocstring: number;
  fromTests: number;
  generated: number;
  differences: number;
  counterexample?: Counterexample;
  /** why it was not compared */
  skipped?: string;
  signatureChanged?: string;
  nondeterministic?: boolean;
}

export interface DifferentialReport {
  ran: boolean;
  functions: FunctionComparison[];
  /** why it did not run */
  problem?: string;
  durationMs: number;
}

const MARK = '__VOUCH_DIFFERENTIAL__';

/** Old against new, in the sandbox, function by function (Python, or JavaScript/TypeScript with Node). */
export async function runDifferential(
  target: CodeTarget,
  newSource: string,
  functions: string[],
  tests: string[],
  context: CheckContext,
  options: { maxInputs: number; seed: number },
): Promise<DifferentialReport> {
  const started = performance.now();
  if (target.language !== 'python')
    return runNodeDifferential(target, newSource, functions, tests, context, options);
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const dir = dirname(target.path);
  const dotted = target.path.replace(/\.py$/, '').split('/').join('.');
  const base = (target.path.split('/').pop() ?? target.path).replace(/\.py$/, '');
  const result = await runInSandbox({
    command: [python.path, 'vouch_differential.py'],
    files: {
      'vouch_differential.py': PYTHON_DIFFERENTIAL,
      'vouch_old.py': target.source,
      'vouch_new.py': newSource,
      'vouch_differential.json': JSON.stringify({
        names: [...new Set([dotted, base])],
        functions,
        tests,
        maxInputs: options.maxInputs,
        seed: options.seed,
        callTimeoutSec: 1,
      }),
    },
    projectDir: root,
    readOnlyPaths: python.readOnlyPaths,
    env: { PYTHONPATH: [join(root, dir === '.' ? '' : dir), root].join(':'), PYTHONHASHSEED: '0' },
    limits: { wallMs: 120_000, cpuMs: 120_000, memoryMb: 1024, outputBytes: 4 << 20 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  const durationMs = Math.round(performance.now() - started);
  const line = result.stdout.split('\n').find((entry) => entry.startsWith(MARK));
  if (!line) {
    const why = result.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400);
    return {
      ran: false,
      functions: [],
      problem: `the differential tester did not finish (${result.status}): ${why}`,
      durationMs,
    };
  }
  return { ran: true, functions: JSON.parse(line.slice(MARK.length)) as FunctionComparison[], durationMs };
}

/** `name(…)` calls in a text: the argument lists, by matching parentheses (strings respected). */
export function callArguments(text: string, name: string): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`(?<![\\w$.])${name.replace(/[$]/g, '\\$')}\\(`, 'g');
  for (const match of text.matchAll(pattern)) {
    let depth = 1;
    let quote: string | undefined;
    let index = (match.index ?? 0) + match[0].length;
    const start = index;
    for (; index < text.length && depth > 0; index++) {
      const char = text[index] as string;
      if (quote) {
        if (char === '\\') index++;
        else if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'" || char === '`') quote = char;
      else if (char === '(' || char === '[' || char === '{') depth++;
      else if (char === ')' || char === ']' || char === '}') depth--;
    }
    if (depth === 0) found.push(text.slice(start, index - 1));
    if (found.length >= 200) break;
  }
  return found;
}

/** A parameter's declared type, as the Node tester generates it: number, integer, string, boolean, arrays, any. */
function parameterKind(node: SyntaxNode): string {
  const annotation = node.childForFieldName('type')?.text.replace(/^:\s*/, '').trim() ?? '';
  const value = node.childForFieldName('value') ?? node.childForFieldName('right');
  if (/^number$/.test(annotation)) return 'number';
  if (/^string$/.test(annotation)) return 'string';
  if (/^boolean$/.test(annotation)) return 'boolean';
  if (/^(number\[\]|Array<number>|readonly number\[\])$/.test(annotation)) return 'number[]';
  if (/^(string\[\]|Array<string>|readonly string\[\])$/.test(annotation)) return 'string[]';
  if (!annotation && value) {
    if (value.type === 'number') return Number.isInteger(Number(value.text)) ? 'integer' : 'number';
    if (value.type === 'string' || value.type === 'template_string') return 'string';
    if (value.type === 'true' || value.type === 'false') return 'boolean';
  }
  return 'any';
}

async function parameterKinds(
  source: string,
  language: CodeTarget['language'],
  name: string,
): Promise<string[] | undefined> {
  const tree = await parse(language, source);
  try {
    let found: SyntaxNode | undefined;
    const visit = (node: SyntaxNode) => {
      if (found) return;
      if (
        (node.type === 'function_declaration' || node.type === 'generator_function_declaration') &&
        node.childForFieldName('name')?.text === name
      )
        found = node.childForFieldName('parameters') ?? undefined;
      else if (node.type === 'variable_declarator' && node.childForFieldName('name')?.text === name) {
        const value = node.childForFieldName('value');
        if (value && /function|arrow_function/.test(value.type))
          found = value.childForFieldName('parameters') ?? value.childForFieldName('parameter') ?? undefined;
      }
      for (const child of node.namedChildren) visit(child);
    };
    visit(tree.rootNode);
    if (!found) return undefined;
    if (found.type === 'identifier') return ['any'];
    return found.namedChildren.filter((child) => child.type !== 'comment').map(parameterKind);
  } finally {
    tree.delete();
  }
}

async function runNodeDifferential(
  target: CodeTarget,
  newSource: string,
  functions: string[],
  tests: string[],
  context: CheckContext,
  options: { maxInputs: number; seed: number },
): Promise<DifferentialReport> {
  const started = performance.now();
  const root = context.workspaceRoot;
  const typescript = target.language === 'typescript' || target.language === 'tsx';
  const emit = (source: string) => (typescript ? transpileTypeScript(source, target.path) : source);
  const oldJs = emit(target.source);
  const newJs = emit(newSource);
  const extension = isEsmSource(oldJs) || isEsmSource(newJs) ? 'mjs' : 'cjs';
  const dir = dirname(target.path);
  const base = (target.path.split('/').pop() ?? target.path).replace(/\.[^.]+$/, '');
  const at = (tag: string) =>
    dir === '.' ? `${base}.vouch-${tag}.${extension}` : `${dir}/${base}.vouch-${tag}.${extension}`;
  const specs = [];
  for (const name of functions) {
    const params = await parameterKinds(target.source, target.language, name);
    const comment = target.source
      .split('\n')
      .slice(Math.max(0, target.startLine - 30), target.endLine)
      .join('\n');
    const examples = [...comment.matchAll(/@example[\s\S]*?(?=\*\/|@\w)/g)].flatMap((block) =>
      callArguments(block[0], name),
    );
    specs.push({
      name,
      params: params ?? [],
      examples,
      testCalls: tests.flatMap((text) => callArguments(text, name)),
    });
  }
  const result = await runInSandbox({
    command: ['node', 'vouch_differential.cjs'],
    files: {
      'vouch_differential.cjs': NODE_DIFFERENTIAL,
      'vouch_differential.json': JSON.stringify({
        old: join(root, at('old')),
        new: join(root, at('new')),
        functions: specs,
        maxInputs: options.maxInputs,
        seed: options.seed,
      }),
    },
    projectDir: root,
    overlay: { [at('old')]: oldJs, [at('new')]: newJs },
    limits: { wallMs: 120_000, cpuMs: 120_000, memoryMb: 1024, outputBytes: 4 << 20 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  const durationMs = Math.round(performance.now() - started);
  const line = result.stdout.split('\n').find((entry) => entry.startsWith(MARK));
  if (!line) {
    const why = result.stderr.trim().split('\n').slice(0, 3).join(' ').slice(0, 400);
    return {
      ran: false,
      functions: [],
      problem: `the differential tester did not finish (${result.status}): ${why}`,
      durationMs,
    };
  }
  return { ran: true, functions: JSON.parse(line.slice(MARK.length)) as FunctionComparison[], durationMs };
}
