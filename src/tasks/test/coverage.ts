import { dirname, join } from 'node:path';
import type { CheckContext } from '../../core/check.js';
import type { TestFrameworkName } from '../../verify/checks/tests.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import { runInSandbox } from '../../verify/sandbox/index.js';
import { pointAt } from './mutation-run.js';
import { type CodeTarget, moduleName } from './target.js';

/** Line (and, where the tool measures it, branch) coverage of the target's lines by the suite. */
export interface Coverage {
  measured: boolean;
  /** coverage.py, or V8 (Node's built-in coverage) */
  tool?: string;
  lines?: { covered: number; total: number; percent: number };
  branches?: { covered: number; total: number; percent: number };
  /** lines of the target no test executed */
  missingLines?: number[];
  /** why it was not measured */
  reason?: string;
}

function ratio(covered: number, total: number): { covered: number; total: number; percent: number } {
  return { covered, total, percent: total === 0 ? 100 : Math.round((covered / total) * 1000) / 10 };
}

const MARK = '__VOUCH_COVERAGE__';

async function pythonCoverage(
  target: CodeTarget,
  suite: string,
  framework: TestFrameworkName,
  context: CheckContext,
): Promise<Coverage> {
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const dir = dirname(target.path);
  const runner =
    framework === 'unittest'
      ? '-m unittest test_vouch_suite'
      : '-m pytest -q -p no:cacheprovider -o addopts= test_vouch_suite.py';
  const script = [
    `"$PY" -c 'import coverage' 2>/dev/null || { echo ${MARK}missing; exit 0; }`,
    `"$PY" -m coverage run --branch --include="$TARGET" ${runner} >/dev/null 2>&1`,
    `echo ${MARK}; "$PY" -m coverage json -o - 2>/dev/null || "$PY" -m coverage json -o /tmp/c.json >/dev/null && cat /tmp/c.json`,
  ].join('\n');
  const result = await runInSandbox({
    command: ['sh', '-c', script],
    files: { 'test_vouch_suite.py': suite },
    projectDir: root,
    readOnlyPaths: python.readOnlyPaths,
    env: {
      PY: python.path,
      TARGET: join(root, target.path),
      COVERAGE_FILE: '/tmp/.coverage',
      PYTHONPATH: [join(root, dir === '.' ? '' : dir), root].join(':'),
    },
    limits: { wallMs: 120_000, cpuMs: 120_000, memoryMb: 2048, outputBytes: 8 << 20 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  if (result.stdout.includes(`${MARK}missing`)) {
    return {
      measured: false,
      reason:
        python.source === 'venv'
          ? "coverage.py is not installed in the project's virtualenv (pip install coverage)"
          : 'coverage.py is not installed for the system Python (apt-get install python3-coverage, or pip install coverage)',
    };
  }
  const json = result.stdout.split(MARK)[1] ?? '';
  let data: {
    files?: Record<
      string,
      {
        executed_lines: number[];
        missing_lines: number[];
        executed_branches?: number[][];
        missing_branches?: number[][];
      }
    >;
  };
  try {
    data = JSON.parse(json.slice(json.indexOf('{')));
  } catch {
    return {
      measured: false,
      reason: `coverage.py gave no report (${result.status}: ${result.stderr.slice(0, 200)})`,
    };
  }
  const file = Object.entries(data.files ?? {}).find(([name]) => name.endsWith(target.path))?.[1];
  if (!file) return { measured: false, reason: 'coverage.py did not see the target run' };
  const inside = (line: number) => line >= target.startLine && line <= target.endLine;
  const executed = file.executed_lines.filter(inside);
  const missing = file.missing_lines.filter(inside);
  const executedBranches = (file.executed_branches ?? []).filter(([from]) => inside(from as number));
  const missingBranches = (file.missing_branches ?? []).filter(([from]) => inside(from as number));
  return {
    measured: true,
    tool: 'coverage.py',
    lines: ratio(executed.length, executed.length + missing.length),
    branches: ratio(executedBranches.length, executedBranches.length + missingBranches.length),
    missingLines: missing,
  };
}

/**
 * V8's precise coverage (NODE_V8_COVERAGE) turned into line coverage inside the sandbox: a line counts as
 * run when the innermost range holding its first character ran; blank lines, comments and lone braces are
 * not lines of code.
 */
const V8_LINES = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const [dir, url, start, end] = process.argv.slice(2);
const ranges = [];
for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const data = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  for (const script of data.result) if (script.url === url) for (const fn of script.functions) ranges.push(...fn.ranges);
}
if (ranges.length === 0) { console.log(JSON.stringify({ seen: false })); process.exit(0); }
const source = fs.readFileSync(new URL(url), 'utf8');
const lines = source.split('\n');
let offset = 0; const executed = []; const missing = [];
lines.forEach((text, index) => {
  const line = index + 1;
  const indent = text.length - text.trimStart().length;
  const code = text.trim();
  const at = offset + indent;
  offset += text.length + 1;
  if (line < Number(start) || line > Number(end)) return;
  if (!code || /^(\/\/|\/\*|\*|[})\];,]+$)/.test(code)) return;
  let best;
  for (const range of ranges) {
    if (range.startOffset <= at && at < range.endOffset && (!best || range.endOffset - range.startOffset <= best.endOffset - best.startOffset)) best = range;
  }
  ((best && best.count > 0) ? executed : missing).push(line);
});
console.log(JSON.stringify({ seen: true, executed, missing }));
`;

async function nodeCoverage(target: CodeTarget, suite: string, context: CheckContext): Promise<Coverage> {
  const root = context.workspaceRoot;
  const dir = dirname(target.path);
  const base = moduleName(target.path);
  const esm = /^\s*(import|export)\s/m.test(target.source);
  const emitted = `${base}.vouch-coverage.${esm ? 'mjs' : 'cjs'}`;
  const emittedPath = dir === '.' ? emitted : `${dir}/${emitted}`;
  const suitePath = dir === '.' ? 'vouch-coverage.test.mjs' : `${dir}/vouch-coverage.test.mjs`;
  const result = await runInSandbox({
    command: [
      'sh',
      '-c',
      `NODE_V8_COVERAGE=/tmp/v8 node --test --test-reporter=tap "$SUITE" >/dev/null 2>&1; node /sandbox/v8-lines.cjs /tmp/v8 "file://$TARGET" ${target.startLine} ${target.endLine}`,
    ],
    files: { 'v8-lines.cjs': V8_LINES },
    projectDir: root,
    overlay: { [emittedPath]: target.source, [suitePath]: pointAt(suite, base, emitted) },
    cwd: root,
    env: { SUITE: join(root, suitePath), TARGET: join(root, emittedPath) },
    limits: { wallMs: 60_000, cpuMs: 60_000, memoryMb: 2048 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  try {
    const data = JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as {
      seen: boolean;
      executed?: number[];
      missing?: number[];
    };
    if (!data.seen) return { measured: false, reason: 'V8 coverage did not see the target run' };
    const executed = data.executed ?? [];
    const missing = data.missing ?? [];
    return {
      measured: true,
      tool: 'V8',
      lines: ratio(executed.length, executed.length + missing.length),
      missingLines: missing,
    };
  } catch {
    return { measured: false, reason: `V8 coverage gave no report (${result.status})` };
  }
}

/**
 * Coverage of the target by the suite, in the sandbox: coverage.py for Python (when the project's
 * interpreter has it), V8 for JavaScript under node:test. TypeScript (whose emitted lines differ from the
 * source's) and vitest/jest (which need their own coverage plugins) are not measured, and say so.
 */
export async function measureCoverage(
  target: CodeTarget,
  suite: string,
  framework: TestFrameworkName,
  context: CheckContext,
): Promise<Coverage> {
  if (target.language === 'python') return pythonCoverage(target, suite, framework, context);
  if (framework !== 'node:test')
    return { measured: false, reason: `coverage under ${framework} needs its coverage plugin; not measured` };
  if (target.language !== 'javascript')
    return {
      measured: false,
      reason: 'TypeScript coverage would need source maps back to the original lines; not measured',
    };
  return nodeCoverage(target, suite, context);
}
