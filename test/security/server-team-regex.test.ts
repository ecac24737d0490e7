import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { securityCheck } from '../../src/security/check.js';
import { scanSources } from '../../src/security/scan.js';
import { closeScanPool } from '../../src/security/scan-pool.js';

/**
 * Attack: a team Semgrep rule with `pattern-regex: '(a+)+$'` (exponential backtracking) froze the whole
 * server. The project's rules run on a worker thread with a deadline; a run stopped there is a check that
 * could not run, never a pass, and the server's thread stays free meanwhile.
 */

const RULES = `rules:
  - id: team-catastrophic
    languages: [python]
    severity: WARNING
    message: a run of a's
    pattern-regex: '(a+)+$'
`;
const CODE = `name = "${'a'.repeat(48)}!"\n`;

const roots: string[] = [];
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await closeScanPool();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-team-regex-'));
  roots.push(root);
  writeFileSync(join(root, '.semgrep.yml'), RULES);
  return root;
}

/** Runs `work` with fake timers, moving time on (and letting I/O run) until it settles. */
async function withTimeMovingOn<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let settled = false;
  const running = work().finally(() => {
    settled = true;
  });
  let turns = 0;
  while (!settled) {
    // the event loop turns while the rule runs: the thread is not held by the regex
    await new Promise((resolve) => setImmediate(resolve));
    turns++;
    await vi.advanceTimersByTimeAsync(1_000);
  }
  return { value: await running, turns };
}

describe("a team rule's catastrophic regex", () => {
  it('is stopped at its budget off the event loop and reported as not run', async () => {
    const root = workspace();
    const { value: report, turns } = await withTimeMovingOn(() =>
      scanSources([{ path: 'names.py', source: CODE, language: 'python' }], {
        workspaceRoot: root,
        external: false,
        parallel: false,
      }),
    );
    expect(turns).toBeGreaterThan(1);
    const team = report.tools.find((tool) => tool.tool.startsWith('semgrep'));
    expect(team).toMatchObject({ ran: false, overBudget: true });
    expect(team?.reason).toMatch(/time budget/);
  });

  it('makes the security check an error (could not run), never a pass', async () => {
    const root = workspace();
    const { value: result } = await withTimeMovingOn(() =>
      securityCheck.run(
        { code: CODE, language: 'python', path: 'names.py' },
        { workspaceRoot: root, config: { security: { external: false } } },
      ),
    );
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/could not run/);
  });

  it('a rule that finishes still finds what it finds', async () => {
    const root = workspace();
    const report = await scanSources([{ path: 'names.py', source: 'note = 1  # aaa', language: 'python' }], {
      workspaceRoot: root,
      external: false,
      parallel: false,
    });
    const team = report.tools.find((tool) => tool.tool.startsWith('semgrep'));
    expect(team).toMatchObject({ ran: true });
    expect(
      report.findings.map((finding) => finding.ruleId),
      JSON.stringify(report.tools),
    ).toContain('team-catastrophic');
  });
});
