import { afterAll, describe, expect, it } from 'vitest';
import { nestedParser } from '../../test/support/nested-parser.js';
import { parse, parseWithin } from '../syntax/parser.js';
import { GATE_FILE_BUDGET_S, gateFileBudgetMs, securityCheck, TYPING_FILE_BUDGET_S } from './check.js';
import { analyzeSource, analyzeTree } from './engine/analyze.js';
import { AnalysisStopped } from './engine/deadline.js';
import { defaultRuleSet } from './rules.js';
import { type ScanInput, scanSources } from './scan.js';
import { closeScanPool, idleScanWorkers } from './scan-pool.js';

afterAll(closeScanPool);

/**
 * Issue 59: the engine stops itself at a file's budget (engine/deadline.ts), in this thread, with the result
 * a worker's termination gave before: the file not verified, never a pass.
 */

/** A bundled parser's shape (bench/security/closure-growth.ts): seconds of analysis, far past the budgets here. */
function slowFile(): string {
  return nestedParser({ depth: 600, filler: 80 });
}

const vulnerable = 'import os\nfrom flask import request\n\ndef run():\n    os.system(request.args["cmd"])\n';

describe('a cooperative deadline in the engine', () => {
  it('stops the analysis of a parsed file past its deadline with AnalysisStopped', async () => {
    const source = slowFile();
    const tree = await parse('javascript', source);
    const rules = defaultRuleSet().javascript;
    try {
      // the parse is done: what stops is the engine itself (the lite tree's copy, the interpretation)
      expect(() =>
        analyzeTree({
          tree,
          source,
          family: 'javascript',
          rules,
          file: 'bundle.js',
          deadline: performance.now() + 100,
        }),
      ).toThrow(AnalysisStopped);
    } finally {
      tree.delete();
    }
    // and the next file, with no deadline, is analysed in full
    const findings = await analyzeSource({
      source: vulnerable,
      language: 'python',
      file: 'app.py',
      ruleSet: defaultRuleSet(),
    });
    expect(findings.map((finding) => finding.ruleId)).toEqual(['command-injection']);
  });

  it('stops a file whose parse alone outlasts the deadline', async () => {
    const analysis = analyzeSource({
      source: slowFile(),
      language: 'javascript',
      file: 'bundle.js',
      ruleSet: defaultRuleSet(),
      deadline: performance.now() + 5,
    });
    await expect(analysis).rejects.toBeInstanceOf(AnalysisStopped);
  });

  it('stops a file whose run was abandoned while it waited for its parse, as past its deadline', async () => {
    // review r14 F3: the engine read no signal, so a run aborted while its file was being parsed (the
    // language server: an edit) still analysed the whole file after it
    const controller = new AbortController();
    const source = nestedParser({ depth: 200, filler: 40 });
    const analysis = analyzeSource({
      source,
      language: 'javascript',
      file: 'bundle.js',
      ruleSet: defaultRuleSet(),
      signal: controller.signal,
    });
    // analyzeSource is now awaiting the parse: the abort comes before the synchronous analysis
    controller.abort();
    await expect(analysis).rejects.toBeInstanceOf(AnalysisStopped);
    // the signal was the run's only: the next file, without one, is analysed in full
    const findings = await analyzeSource({
      source: vulnerable,
      language: 'python',
      file: 'app.py',
      ruleSet: defaultRuleSet(),
    });
    expect(findings.map((finding) => finding.ruleId)).toEqual(['command-injection']);
  });

  it('throws a parse failure that is not the timeout, rather than calling it one', async () => {
    // review r14 F5: every failure returned undefined, reported as "analysis stopped after N s"
    await expect(parseWithin('javascript', 42 as unknown as string, 10_000)).rejects.toThrow(
      'Argument must be a string or a function',
    );
    const tree = (await parseWithin('javascript', 'const a = 1;\n', 10_000))!;
    expect(tree.rootNode.text).toBe('const a = 1;\n');
    tree.delete();
  });

  it("gives tree-sitter's parse the time left, and the parser parses the next text from its start", async () => {
    const source = slowFile();
    expect(await parseWithin('javascript', source, 0.001)).toBeUndefined();
    const tree = (await parseWithin('javascript', 'const a = 1;\n', 10_000))!;
    expect(tree.rootNode.text).toBe('const a = 1;\n');
    tree.delete();
    const whole = await parse('javascript', nestedParser({ depth: 20, filler: 5 }));
    expect(whole.rootNode.hasError).toBe(false);
    whole.delete();
  });

  it('scans in this thread under a file budget: the slow file not verified, the others scanned, no worker', async () => {
    await closeScanPool();
    const slow: ScanInput = { path: 'bundle.js', source: slowFile(), language: 'javascript' };
    const small: ScanInput = { path: 'app.py', source: vulnerable, language: 'python' };
    const report = await scanSources([slow, small], { external: false, fileBudgetMs: 300 });
    const engine = report.tools.find((tool) => tool.tool === 'vouch')!;
    expect(engine).toMatchObject({
      ran: true,
      overBudget: true,
      stopped: [{ file: 'bundle.js', reason: 'not verified: analysis stopped after 300 ms' }],
    });
    expect(report.findings.map((finding) => finding.file)).toEqual(['app.py']);
    // no worker was started for it (w65 ran every file under a budget on one)
    expect(idleScanWorkers()).toBe(0);
  });
});

describe("the gate's budget per file", () => {
  it('is 60 s for a whole gate, shorter while the engineer types, and the config wins', () => {
    expect(GATE_FILE_BUDGET_S).toBe(60);
    expect(gateFileBudgetMs(undefined, {})).toBe(60_000);
    expect(gateFileBudgetMs(undefined, { urgent: true })).toBe(TYPING_FILE_BUDGET_S * 1000);
    expect(TYPING_FILE_BUDGET_S).toBeLessThanOrEqual(10);
    expect(gateFileBudgetMs(0.5, { urgent: true })).toBe(500);
    expect(gateFileBudgetMs(0.5, {})).toBe(500);
    // review r14 F4: a file_budget raised for a long file's whole gate does not lift the typing bound
    expect(gateFileBudgetMs(600, {})).toBe(600_000);
    expect(gateFileBudgetMs(600, { urgent: true })).toBe(TYPING_FILE_BUDGET_S * 1000);
  });

  it('makes the check an error naming the stopped file, never a pass, in this thread', async () => {
    await closeScanPool();
    const config = { security: { external: false, file_budget: 0.3 } };
    const result = await securityCheck.run(
      { code: slowFile(), language: 'javascript', path: 'bundle.js' },
      { workspaceRoot: process.cwd(), config },
    );
    expect(result.status).toBe('error');
    expect(result.reason).toContain(
      'vouch could not run: 1 file(s) not verified: analysis stopped after 300 ms',
    );
    expect(idleScanWorkers()).toBe(0);
  });
});
