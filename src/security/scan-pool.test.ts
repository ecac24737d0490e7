import { afterAll, describe, expect, it } from 'vitest';
import { nestedParser } from '../../test/support/nested-parser.js';
import { securityCheck } from './check.js';
import type { ScanInput } from './scan.js';
import { scanSources } from './scan.js';
import { closeScanPool, idleScanWorkers, scanInParallel, scanWorkersStarted } from './scan-pool.js';

afterAll(closeScanPool);

/**
 * A file the engine takes seconds on (3 MB: about 4 s warm on one core of the test machine, issue 59): a bundled parser's
 * shape, one function holding many nested ones (bench/security/closure-growth.ts), large enough that its
 * analysis is far past the budgets below while a small file's is far under them.
 */
function slowFile(): string {
  return nestedParser({ depth: 600, filler: 80 });
}

const vulnerable = 'import os\nfrom flask import request\n\ndef run():\n    os.system(request.args["cmd"])\n';

function small(index: number): ScanInput {
  return { path: `small${index}.py`, source: vulnerable, language: 'python' };
}

describe('scanInParallel with a budget per file', () => {
  it('stops a file past the budget in its worker, which scans the files after it', async () => {
    await closeScanPool();
    const slow: ScanInput = { path: 'bundle.js', source: slowFile(), language: 'javascript' };
    const inputs = [small(0), slow, small(1), small(2)];
    // one thread: the files after the slow one are scanned by the worker that stopped it
    const before = scanWorkersStarted();
    const result = await scanInParallel(inputs, 1, { fileBudgetMs: 1000 });
    expect(result.stopped).toEqual([slow]);
    expect(result.findings.map((finding) => finding.file)).toEqual(['small0.py', 'small1.py', 'small2.py']);
    // the worker stopped the file itself (engine/deadline.ts) and is kept, warm for the next scan: one
    // worker started, none replaced (the backstop's termination gives the same findings, with two)
    expect(scanWorkersStarted() - before).toBe(1);
    expect(idleScanWorkers()).toBe(1);
  });

  it('reports the stopped file as not verified and the engine as over its budget, never a pass', async () => {
    const slow: ScanInput = { path: 'bundle.js', source: slowFile(), language: 'javascript' };
    const report = await scanSources([small(0), slow], { external: false, fileBudgetMs: 1000 });
    const engine = report.tools.find((tool) => tool.tool === 'vouch')!;
    expect(engine).toMatchObject({
      ran: true,
      overBudget: true,
      stopped: [{ file: 'bundle.js', reason: 'not verified: analysis stopped after 1 s' }],
    });
    expect(engine.reason).toContain('1 file(s) not verified');
    expect(report.findings.map((finding) => finding.file)).toEqual(['small0.py']);
  });

  it('ends a worker that does not stop itself at the backstop, and a fresh one scans the files after it', async () => {
    await closeScanPool();
    const slow: ScanInput = { path: 'bundle.js', source: slowFile(), language: 'javascript' };
    const inputs = [small(0), slow, small(1)];
    // the engine's own deadline off: what cannot read a clock is ended at backstopMs(500) = 2 s
    const before = scanWorkersStarted();
    const result = await scanInParallel(inputs, 1, { fileBudgetMs: 500, selfStop: false });
    expect(result.stopped).toEqual([slow]);
    expect(result.findings.map((finding) => finding.file)).toEqual(['small0.py', 'small1.py']);
    // the first worker ended, a replacement started
    expect(scanWorkersStarted() - before).toBe(2);
    // the ended worker is not kept; its replacement is
    expect(idleScanWorkers()).toBe(1);
  });

  it('leaves files under the budget alone', async () => {
    const result = await scanInParallel([small(0), small(1)], 1, { fileBudgetMs: 30_000 });
    expect(result.stopped).toEqual([]);
    expect(result.findings).toHaveLength(2);
  });
});

describe('the gate with `[security] file_budget`', () => {
  it('is an error naming the file, never a pass, when the engine was stopped on it', async () => {
    const config = { security: { external: false, file_budget: 1 } };
    const result = await securityCheck.run(
      { code: slowFile(), language: 'javascript', path: 'bundle.js' },
      { workspaceRoot: process.cwd(), config },
    );
    expect(result.status).toBe('error');
    expect(result.reason).toContain(
      'vouch could not run: 1 file(s) not verified: analysis stopped after 1 s',
    );
    // a small file within the same budget passes
    const small = await securityCheck.run(
      { code: 'def add(a, b):\n    return a + b\n', language: 'python', path: 'add.py' },
      { workspaceRoot: process.cwd(), config },
    );
    expect(small.status).toBe('pass');
  });
});
