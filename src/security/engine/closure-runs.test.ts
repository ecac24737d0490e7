import { describe, expect, it } from 'vitest';
import { parse } from '../../syntax/parser.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource, interpretFile } from './analyze.js';
import { MAX_CLOSURE_RUNS } from './calls.js';
import { collectFunctions } from './functions.js';
import { type FunctionDef, Interpreter } from './interpreter.js';
import { liteTree } from './lite-tree.js';

/**
 * Issue 59: `@huggingface/jinja`'s bundled `dist/index.cjs` (116 KB) ran for minutes. Its parser is one
 * function holding the others (`parseExpression`, `parseTernary`, …), each calling several: every call of a
 * nested function ran its body in place, and its calls theirs, so the work doubled with each level. The
 * generated shape: `depth` nested functions, each calling the next twice.
 */
const ruleSet = defaultRuleSet();

function nestedParser(depth: number): string {
  const lines = ['const express = require("express");', 'const app = express();', 'function parse(text) {'];
  for (let level = 0; level < depth; level++)
    lines.push(`  function level${level}(x) { level${level + 1}(x); return level${level + 1}(x); }`);
  lines.push(`  function level${depth}(x) { eval(x); return x; }`, '  return level0(text);', '}');
  lines.push('app.get("/t", (req, res) => res.send(String(parse(req.query.q).length)));', '');
  return lines.join('\n');
}

/** The interpreter with a count of the bodies it ran in place and of the function runs (observed, not changed). */
class Counting extends Interpreter {
  inlined = 0;
  runs = 0;
  override inlineFunction(
    ...args: Parameters<Interpreter['inlineFunction']>
  ): ReturnType<Interpreter['inlineFunction']> {
    this.inlined++;
    return super.inlineFunction(...args);
  }
  override runFunction(fn: FunctionDef): void {
    this.runs++;
    super.runFunction(fn);
  }
}

async function work(source: string): Promise<{ inlined: number; runs: number }> {
  const tree = await parse('javascript', source);
  try {
    const root = liteTree(tree, source);
    const rules = ruleSet.javascript;
    const interpreter = new Counting({ language: 'javascript', rules, file: 'app.js', text: root.text });
    interpretFile(interpreter, root, { functions: collectFunctions(root, 'javascript', rules) });
    return { inlined: interpreter.inlined, runs: interpreter.runs + 1 };
  } finally {
    tree.delete();
  }
}

describe('nested functions calling each other run in place a bounded number of times', () => {
  it('a run of a function runs at most MAX_CLOSURE_RUNS closures in place, however deep they call', async () => {
    // Before: tens of thousands of bodies in place (2^depth along the levels' calls).
    const depth = 16;
    const { inlined, runs } = await work(nestedParser(depth));
    // besides: each nested declaration runs in place once where it stands, and the route's handler (a callback)
    expect(inlined).toBeLessThanOrEqual(runs * (MAX_CLOSURE_RUNS + depth + 2));
    // 393,198 before, 219 now (19 runs)
    expect(inlined).toBeLessThan(1_000);
  });

  it('the work grows with the file, not with two to the power of its depth', async () => {
    const shallow = await work(nestedParser(6));
    const deep = await work(nestedParser(12));
    // twice the functions: at most about twice the runs, each bounded; not 2^6 times the work
    expect(deep.inlined).toBeLessThan(shallow.inlined * 8);
  });

  it('data that reaches a sink through the levels past the bound is still reported (their summaries)', async () => {
    const findings = await analyzeSource({
      source: nestedParser(13),
      language: 'javascript',
      file: 'app.js',
      ruleSet,
    });
    expect(findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toContain('code-injection:17');
  });
});
