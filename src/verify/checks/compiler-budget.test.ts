import { describe, expect, it } from 'vitest';
import { cpuTimedAsync } from '../../../test/support/cpu-time.js';
import { transpileTypeScript } from '../runners/transpile-typescript.js';
import { measureNesting } from './compiler-budget.js';
import { collectModuleUses } from './javascript-imports.js';
import { syntaxCheck } from './syntax.js';
import { typesCheck } from './types.js';

const context = { workspaceRoot: '/nonexistent-project', config: {} };
/** r49 #6: each operand of a left-nested `+` chain one level deeper than the last */
const chain = (terms: number) => `let x: string = ${Array(terms).fill('a').join('+')};\n`;

describe('the TypeScript compiler on code nested thousands deep (r49 #6)', () => {
  it('is not handed a 10 000-operand chain: syntax and types say why, neither passes, and quickly', async () => {
    // before: the syntax check's transpile took 26 s and the type check 224 s of this (load 15), syntax "pass"
    const subject = { code: chain(10_000), language: 'typescript' as const, path: 'src/a.ts' };
    // CPU time, not wall: the checks' own work, which a loaded machine's scheduling does not stretch (the
    // compiler handed the chain spent tens of seconds of it; measuring and refusing takes well under one)
    const {
      value: [syntax, types],
      ms,
    } = await cpuTimedAsync(async () => [
      await syntaxCheck.run(subject, context),
      await typesCheck.run(subject, context),
    ]);
    expect(ms).toBeLessThan(5_000);
    for (const result of [syntax, types]) {
      expect(result.status).toBe('error');
      expect(result.reason).toMatch(/nests \d+ levels deep.*split the expression/);
    }
    expect(syntax.unverified).toMatch(/could not check with the TypeScript compiler/);
    expect(() => transpileTypeScript(subject.code)).toThrow(/nests \d+ levels deep/);
  }, 30_000);

  it("keeps tree-sitter's syntax error on refused code, a fail that is not verified", async () => {
    const code = `${chain(3_000)}const y = ;\n`;
    const syntax = await syntaxCheck.run({ code, language: 'typescript', path: 'src/a.ts' }, context);
    expect(syntax.status).toBe('fail');
    expect(syntax.unverified).toMatch(/nests/);
    expect(syntax.findings.some((finding) => finding.line === 2)).toBe(true);
  }, 30_000);

  it('still checks deep real code: a 700-part string concatenation (as highlight.js writes keyword lists)', async () => {
    const words = Array.from({ length: 700 }, (_, i) => `'k${i} '`).join(' +\n  ');
    const code = `export const KEYWORDS: string =\n  ${words};\nexport const n: number = 'x';\n`;
    expect(measureNesting(code, 'a.ts').maxDepth).toBeGreaterThan(700);
    const syntax = await syntaxCheck.run({ code, language: 'typescript', path: 'src/a.ts' }, context);
    expect(syntax.status).toBe('pass');
    expect(syntax.details?.tools).toContain('tsc');
    const types = await typesCheck.run({ code, language: 'typescript', path: 'src/a.ts' }, context);
    expect(types.status).toBe('fail');
    expect(types.findings.map((finding) => finding.ruleId)).toEqual(['TS2322']);
  }, 30_000);

  it('reads the imports of code nested past the call stack of a recursive walk', () => {
    // before: "Maximum call stack size exceeded" at 2 000 operands
    const code = `const cp = require('child_process');\nlet x = ${Array(20_000).fill('a').join('+')};\ncp.exec(x);\n`;
    const uses = collectModuleUses(code, 'a.js');
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ specifier: 'child_process', line: 1 });
    expect(uses[0]?.names.map((name) => name.name)).toEqual(['exec']);
  });
});
