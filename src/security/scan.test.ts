// end-to-end: runs Bandit
import { afterAll, describe, expect, it, vi } from 'vitest';
import { securityCheck } from './check.js';
import { which } from './external.js';
import { type ScanInput, scanSources } from './scan.js';
import { memoryScanCache } from './scan-cache.js';
import { closeScanPool, idleScanWorkers } from './scan-pool.js';

afterAll(closeScanPool);

const vulnerable = 'import os, sys\nos.system("ls " + sys.argv[1])\n';
const safe = 'def add(a, b):\n    return a + b\n';

describe('scanSources', () => {
  it('merges vouch and secret findings per file, applies suppressions, and says which scanners ran', async () => {
    const inputs: ScanInput[] = [
      { path: 'a.py', source: vulnerable, language: 'python' },
      {
        path: 'b.py',
        source: `${vulnerable.trimEnd()}  # vouch-ignore CWE-78: argv comes from our own launcher\n`,
        language: 'python',
      },
      { path: 'c.js', source: "const key = 'AKIAQ3EGT7XWMJ5KZLPR';\n", language: 'javascript' },
    ];
    const report = await scanSources(inputs, { external: false });
    expect(
      report.findings.map(
        (finding) => `${finding.file}:${finding.line}:${finding.ruleId}:${finding.suppressed ? 's' : ''}`,
      ),
    ).toEqual([
      'a.py:2:command-injection:',
      'b.py:2:command-injection:s',
      'c.js:1:secret.aws-access-key-id:',
    ]);
    expect(report.tools).toEqual([{ tool: 'vouch', ran: true, findings: 3 }]);
  });

  it('orders findings by file as localeCompare does, without asking ICU when they are all in one file', async () => {
    const twice = `${vulnerable}os.system("rm " + sys.argv[2])\n`;
    const compare = vi.spyOn(String.prototype, 'localeCompare');
    try {
      const one = await scanSources([{ path: 'a.py', source: twice, language: 'python' }], {
        external: false,
      });
      expect(one.findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual(['a.py:2', 'a.py:3']);
      // the first localeCompare of a process builds ICU's locale list (≈ 9 ms of a one-file scan)
      expect(compare).not.toHaveBeenCalled();
      // across files the order is still localeCompare's: 'a.py' before 'B.py' (code units put 'B' first)
      const two = await scanSources(
        [
          { path: 'B.py', source: vulnerable, language: 'python' },
          { path: 'a.py', source: twice, language: 'python' },
        ],
        { external: false },
      );
      expect(two.findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual([
        'a.py:2',
        'a.py:3',
        'B.py:2',
      ]);
      expect(compare).toHaveBeenCalled();
    } finally {
      compare.mockRestore();
    }
  });

  it.runIf(which('bandit'))(
    'a file Bandit could not parse is not a pass for the gate, and is never cached clean',
    async () => {
      // Bandit 1.6.2 on Python 3.11 exits 0 with no result for 3.12 syntax: it checked nothing
      const code = 'type Alias = int\n\ndef f(x: Alias) -> Alias:\n    return x\n';
      const result = await securityCheck.run(
        { code, language: 'python', path: 'alias.py' },
        { workspaceRoot: process.cwd(), config: {} },
      );
      expect(result.status).toBe('error');
      expect(result.reason).toContain('bandit could not run: Bandit could not parse alias.py');
      const cache = memoryScanCache();
      const inputs: ScanInput[] = [{ path: 'alias.py', source: code, language: 'python' }];
      await scanSources(inputs, { cache });
      const again = await scanSources(inputs, { cache });
      const bandit = again.tools.find((tool) => tool.tool === 'bandit');
      expect(bandit).toMatchObject({ ran: false, unparsed: [{ file: 'alias.py' }] });
      expect(bandit?.cached).toBeUndefined();
    },
  );

  it.runIf(which('bandit'))(
    'runs Bandit when installed and drops the findings vouch already has',
    async () => {
      const report = await scanSources([{ path: '<stdin>', source: vulnerable, language: 'python' }], {
        external: true,
      });
      const bandit = report.tools.find((tool) => tool.tool === 'bandit');
      expect(bandit?.ran).toBe(true);
      // Bandit's B605 (shell in os.system, CWE-78) is the same finding as vouch's on line 2.
      expect(report.duplicates).toBeGreaterThan(0);
      expect(report.findings.filter((finding) => finding.line === 2 && finding.cwe === 78)).toHaveLength(1);
      expect(report.findings.every((finding) => finding.file === '<stdin>')).toBe(true);
    },
  );

  it('scans large inputs on worker threads with the same result as in-process', async () => {
    const inputs: ScanInput[] = Array.from({ length: 80 }, (_, index) => ({
      path: `f${index}.py`,
      source: index % 2 ? vulnerable : safe,
      language: 'python',
    }));
    const serial = await scanSources(inputs, { external: false, parallel: false });
    const parallel = await scanSources(inputs, { external: false, parallel: true });
    expect(parallel.findings).toEqual(serial.findings);
    expect(serial.findings).toHaveLength(40);
  });

  it('keeps its workers warm for the next scan, and ends them on request', async () => {
    const inputs: ScanInput[] = Array.from({ length: 80 }, (_, index) => ({
      path: `f${index}.py`,
      source: index % 2 ? vulnerable : safe,
      language: 'python',
    }));
    await closeScanPool();
    const first = await scanSources(inputs, { external: false, parallel: true });
    const kept = idleScanWorkers();
    expect(kept).toBeGreaterThan(0);
    const again = await scanSources(inputs, { external: false, parallel: true });
    expect(again.findings).toEqual(first.findings);
    // The second scan took the same workers back rather than starting more.
    expect(idleScanWorkers()).toBe(kept);
    await closeScanPool();
    expect(idleScanWorkers()).toBe(0);
  });

  it('stops a parallel scan whose signal was already aborted', async () => {
    const inputs: ScanInput[] = Array.from({ length: 80 }, (_, index) => ({
      path: `f${index}.py`,
      source: vulnerable,
      language: 'python',
    }));
    const controller = new AbortController();
    controller.abort(new Error('stopped by the user'));
    await expect(
      scanSources(inputs, { external: false, parallel: true, signal: controller.signal }),
    ).rejects.toThrow('stopped by the user');
    // Workers still busy with a batch of the aborted scan are ended, not kept for the next one.
    expect(idleScanWorkers()).toBe(0);
  });
});
