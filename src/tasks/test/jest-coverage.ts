import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { CheckContext } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { linkedModules } from '../../verify/checks/tests.js';
import { runInSandbox, trustedReport } from '../../verify/sandbox/index.js';
import type { Coverage } from './coverage.js';
import { coverageDriver, ratio } from './node-coverage.js';
import type { CodeTarget } from './target.js';
import { NOT_CODE } from './v8-coverage.js';

/**
 * Coverage under jest, by jest's own V8 provider (`--coverageProvider=v8`, which ships with jest: nothing
 * is installed). jest runs the file through its own transform, so only jest can map V8's offsets back:
 * its report (Istanbul's JSON) is read here. Lines: jest's statements, one per line, without blank lines,
 * comments and lone braces. Branches: what jest reports from V8, which are blocks (a function body, the
 * taken side of an `if`, one side of a `?:`) whose count differs from their parent's, not both arms of
 * every decision: said so in `branchKind`.
 */

/** jest's Istanbul report, as its json reporter leaves it. */
const JEST_PICK = 'node/coverage-pick-jest.cjs';

const line = z.object({ line: z.number() });
const istanbulFile = z.object({
  statementMap: z.record(z.string(), z.object({ start: line })),
  s: z.record(z.string(), z.number()),
  branchMap: z.record(
    z.string(),
    z.object({
      line: z.number().optional(),
      loc: z.object({ start: line }),
      locations: z.array(z.unknown()),
    }),
  ),
  b: z.record(z.string(), z.array(z.number())),
});
/** The coverage driver's answer under jest: the suite's exit, its log's end and jest's Istanbul report. */
const jestAnswer = z.object({
  exit: z.number(),
  log: z.string(),
  report: z.record(z.string(), istanbulFile).nullable(),
});

export async function jestCoverage(
  target: CodeTarget,
  suite: string,
  context: CheckContext,
): Promise<Coverage> {
  const root = context.workspaceRoot;
  const bin = join(root, 'node_modules/jest/bin/jest.js');
  if (!existsSync(bin))
    return { measured: false, reason: 'jest is not installed in the project (node_modules/jest)' };
  const dir = dirname(target.path);
  const suitePath = `${dir === '.' ? '' : `${dir}/`}vouch-coverage.test.${target.language === 'typescript' ? 'ts' : 'js'}`;
  const result = await runInSandbox({
    command: ['node', '/sandbox/vouch-coverage.cjs'],
    files: { 'vouch-coverage.cjs': coverageDriver(JEST_PICK) },
    projectDir: root,
    overlay: { [suitePath]: suite },
    cwd: root,
    env: {
      RUN: JSON.stringify([
        'node',
        bin,
        '--ci',
        '--no-cache',
        '--coverage',
        '--coverageProvider=v8',
        '--coverageReporters=json',
        '--coverageDirectory=/tmp/vouch-jest-coverage',
        `--collectCoverageFrom=${target.path}`,
        '--runTestsByPath',
        join(root, suitePath),
      ]),
      CI: '1',
    },
    readOnlyPaths: linkedModules(root, 'jest'),
    limits: {
      wallMs: context.runTimeoutMs ?? 120_000,
      cpuMs: context.runTimeoutMs ?? 120_000,
      memoryMb: 2048,
      outputBytes: 16 << 20,
    },
    unsafeNoSandbox: context.unsafeNoSandbox,
    // what jest measured comes on the run's report channel, sent after the suite ended
    report: true,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  const channel = trustedReport(result.report);
  const last = channel.lines?.at(-1);
  if (!last)
    return {
      measured: false,
      reason: `jest gave no coverage report (${result.status}${channel.problem ? `; ${channel.problem}` : ''})`,
    };
  const answer = parseExternalJson({ text: last, schema: jestAnswer, source: 'the jest coverage driver' });
  if (answer.exit !== 0)
    return {
      measured: false,
      reason: `the suite did not pass when run for coverage (jest exit ${answer.exit}): ${answer.log.trim().split('\n').slice(-3).join(' ').slice(0, 300)}`,
    };
  const report = answer.report;
  if (!report) return { measured: false, reason: 'jest wrote no coverage report' };
  const file = Object.entries(report).find(([name]) => name.endsWith(`/${target.path}`))?.[1];
  if (!file) return { measured: false, reason: 'jest’s coverage did not see the target run' };
  const sourceLines = target.source.split('\n');
  const inside = (line: number) => line >= target.startLine && line <= target.endLine;
  const lineCounts = new Map<number, number>();
  for (const [id, statement] of Object.entries(file.statementMap)) {
    const line = statement.start.line;
    const code = sourceLines[line - 1]?.trim() ?? '';
    if (!inside(line) || !code || NOT_CODE.test(code)) continue;
    lineCounts.set(line, Math.max(lineCounts.get(line) ?? 0, file.s[id] ?? 0));
  }
  const executed = [...lineCounts].filter(([, count]) => count > 0).map(([line]) => line);
  const missing = [...lineCounts].filter(([, count]) => count === 0).map(([line]) => line);
  if (lineCounts.size === 0)
    return { measured: false, reason: 'the target has no executable line jest could see' };
  let covered = 0;
  let total = 0;
  const missingBranches: string[] = [];
  for (const [id, branch] of Object.entries(file.branchMap)) {
    const line = branch.line ?? branch.loc.start.line;
    if (!inside(line)) continue;
    for (const count of file.b[id] ?? []) {
      total++;
      if (count > 0) covered++;
      else missingBranches.push(`line ${line}: block not run`);
    }
  }
  return {
    measured: true,
    tool: 'V8 (jest --coverageProvider=v8)',
    lines: ratio(executed.length, executed.length + missing.length),
    ...(total > 0
      ? {
          branches: ratio(covered, total),
          branchKind:
            'V8 blocks as jest reports them (block coverage: blocks whose count differs from their parent, not both arms of every decision)',
        }
      : {}),
    missingLines: missing.sort((a, b) => a - b),
    missingBranches,
  };
}
