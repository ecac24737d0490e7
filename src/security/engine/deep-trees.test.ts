import { afterAll, describe, expect, it } from 'vitest';
import type { LanguageId } from '../../core/languages.js';
import { securityCheck } from '../check.js';
import { summaryLine } from '../format-text.js';
import { defaultRuleSet } from '../rules.js';
import { toSarif } from '../sarif.js';
import { type ScanInput, scanSources } from '../scan.js';
import { closeScanPool, scanInParallel } from '../scan-pool.js';
import { analyzeSource } from './analyze.js';
import { AnalysisTooDeep } from './deadline.js';

afterAll(closeScanPool);

/**
 * Issue 59 (w80): a very deep syntax tree overflowed the call stack of the engine's recursive walks
 * (`RangeError: Maximum call stack size exceeded`) and the scan failed on the file. The walks over the whole
 * tree (collectFunctions, references, routes, own writes) now keep a stack of their own; what stays
 * recursive (the interpreter's evaluation of an expression) is caught per file: not verified, never a
 * crash and never a pass. bench/security/deep-trees.ts measures each shape at full size.
 */

const PY = 'import os\nfrom flask import request\nos.system(request.args["c"])\n';
const JS = "const cp = require('child_process');\napp.get('/', (req, res) => cp.exec(req.query.c));\n";
const N = 10_000;
const chain = (n: number, op: string) => Array.from({ length: n }, (_, index) => `a${index % 10}`).join(op);

const shapes: [string, LanguageId, string][] = [
  ['py: nested [', 'python', `${PY}x = ${'['.repeat(N)}${']'.repeat(N)}\n`],
  ['py: nested (', 'python', `${PY}x = ${'('.repeat(N)}1${')'.repeat(N)}\n`],
  ['py: a + b + …', 'python', `${PY}x = ${chain(N, ' + ')}\n`],
  ['py: a and b and …', 'python', `${PY}x = ${chain(N, ' and ')}\n`],
  ['py: a if c else b if c else …', 'python', `${PY}x = ${'a if c else '.repeat(N)}b\n`],
  ['py: f(f(f(…)))', 'python', `${PY}x = ${'f('.repeat(N)}1${')'.repeat(N)}\n`],
  ['py: a.b.c.…', 'python', `${PY}x = a${'.b'.repeat(N)}\n`],
  ['py: a[b[c[…]]]', 'python', `${PY}x = ${'a['.repeat(N)}1${']'.repeat(N)}\n`],
  ['py: not not … x', 'python', `${PY}x = ${'not '.repeat(N)}y\n`],
  ['py: - - … x', 'python', `${PY}x = ${'-'.repeat(N)}y\n`],
  ['py: a.b().c().…', 'python', `${PY}x = a${'.b()'.repeat(N)}\n`],
  ['js: nested [', 'javascript', `${JS}x = ${'['.repeat(N)}${']'.repeat(N)};\n`],
  ['js: a + b + …', 'javascript', `${JS}x = ${chain(N, ' + ')};\n`],
  ['js: a ? b : c ? …', 'javascript', `${JS}x = ${'a ? b : '.repeat(N)}c;\n`],
  ['js: f(f(f(…)))', 'javascript', `${JS}x = ${'f('.repeat(N)}1${')'.repeat(N)};\n`],
  ['js: () => () => …', 'javascript', `${JS}x = ${'() => '.repeat(N)}1;\n`],
  ['js: if … else if …', 'javascript', `${JS}${'if (a) x(); else '.repeat(N)}y();\n`],
  ['js: a.b.c.…', 'javascript', `${JS}x = a${'.b'.repeat(N)};\n`],
  ['js: a.b().c().…', 'javascript', `${JS}x = a${'.b()'.repeat(N)};\n`],
  ['js: nested template literals', 'javascript', `${JS}x = ${'`${'.repeat(N)}a${'}`'.repeat(N)};\n`],
  ['js: {a:{a:{…}}}', 'javascript', `${JS}x = ${'{a:'.repeat(N)}1${'}'.repeat(N)};\n`],
  ['js: {{{…}}}', 'javascript', `${JS}${'{'.repeat(N)}${'}'.repeat(N)}\n`],
  ['js: !!!… x', 'javascript', `${JS}x = ${'!'.repeat(N)}y;\n`],
  ['ts: nested (', 'typescript', `${JS}const x: number = ${'('.repeat(N)}1${')'.repeat(N)};\n`],
];

const analyse = (source: string, language: LanguageId) =>
  analyzeSource({ source, language, file: 'deep', ruleSet: defaultRuleSet() });

describe('a file nested too deep for the engine', () => {
  it.each(shapes)(
    '%s: not verified (AnalysisTooDeep), never a stack overflow',
    async (_, language, source) => {
      const analysis = analyse(source, language);
      await expect(analysis).rejects.toBeInstanceOf(AnalysisTooDeep);
      await expect(analysis).rejects.toMatchObject({
        reason: expect.stringMatching(/^too deeply nested to analyse \(nesting depth \d{4,} at line [34]\)$/),
      });
    },
  );

  it('analyses in full what only the walks over the whole tree could not follow', async () => {
    // 20,000 nested lambdas: collectFunctions' recursion overflowed. Since a module-level `x = lambda …` is a
    // function of the file (w75), the interpreter runs its body and goes as deep: not verified, never a crash
    const lambdas = analyse(`${PY}x = ${'lambda: '.repeat(20_000)}1\n`, 'python');
    await expect(lambdas).rejects.toBeInstanceOf(AnalysisTooDeep);
    // 3,000 nested blocks: the walks overflowed; the interpreter does not go there
    const blocks = await analyse(`${JS}${'{'.repeat(3_000)}${'}'.repeat(3_000)}\n`, 'javascript');
    expect(blocks.map((finding) => finding.ruleId)).toEqual(['command-injection']);
  });
});

describe('vouch scan and the gate on a file nested too deep', () => {
  const deep: ScanInput = { path: 'deep.py', source: shapes[2]![2], language: 'python' };
  const other: ScanInput = { path: 'app.py', source: PY, language: 'python' };
  const reason = /^not verified: too deeply nested to analyse \(nesting depth 10002 at line 4\)$/;

  it('lists the file as not checked, with or without a file budget, and scans the others', async () => {
    for (const fileBudgetMs of [undefined, 60_000]) {
      const report = await scanSources([deep, other], {
        external: false,
        parallel: false,
        ...(fileBudgetMs !== undefined ? { fileBudgetMs } : {}),
      });
      const engine = report.tools.find((tool) => tool.tool === 'vouch')!;
      expect(engine.ran).toBe(true);
      // not over a budget: raising it would not help
      expect(engine.overBudget).toBeUndefined();
      expect(engine.stopped).toEqual([{ file: 'deep.py', reason: expect.stringMatching(reason) }]);
      expect(engine.reason).toBe(
        '1 file(s) not verified: too deeply nested to analyse (deep.py); split the deepest expression to check them',
      );
      expect(report.findings.map((finding) => `${finding.file}:${finding.ruleId}`)).toEqual([
        'app.py:command-injection',
      ]);
      expect(summaryLine(report)).toContain(`\nNOT VERIFIED: vouch: ${engine.reason}`);
      const sarif = toSarif(report.findings, { version: '0', rules: new Map(), tools: report.tools });
      expect(sarif.runs[0]!.invocations![0]!.executionSuccessful).toBe(false);
      expect(sarif.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.message.text).toMatch(
        /^deep\.py: not verified: too deeply nested/,
      );
    }
  });

  it('on a worker of the pool, the same', async () => {
    // a worker's stack is larger than this thread's: deeper still
    const deeper: ScanInput = {
      path: 'deeper.js',
      source: `${JS}x = ${'['.repeat(60_000)}${']'.repeat(60_000)};\n`,
      language: 'javascript',
    };
    const result = await scanInParallel([deeper, other], 1, {});
    expect(result.tooDeep).toEqual([
      { input: deeper, reason: expect.stringMatching(/^too deeply nested to analyse/) },
    ]);
    expect(result.findings.map((finding) => finding.file)).toEqual(['app.py']);
  });

  it("makes the gate's check an error naming the file, never a pass", async () => {
    const result = await securityCheck.run(
      { code: deep.source, language: 'python', path: 'deep.py' },
      { workspaceRoot: process.cwd(), config: { security: { external: false } } },
    );
    expect(result.status).toBe('error');
    expect(result.reason).toContain(
      'vouch could not run: 1 file(s) not verified: too deeply nested to analyse',
    );
  });
});
