import { existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import { typescript } from '../../core/typescript-compiler.js';
import { linkedModules } from '../../verify/checks/tests.js';
import { isEsmSource, transpileTypeScript } from '../../verify/runners/transpile-typescript.js';
import { nodeDriver, runInSandbox, trustedReport } from '../../verify/sandbox/index.js';
import type { Coverage, CoverageRun } from './coverage.js';
import { pointAt } from './mutation-run.js';
import { type CodeTarget, moduleName } from './target.js';
import { v8SourceCoverage } from './v8-coverage.js';

/**
 * Coverage of a JavaScript or TypeScript target under node:test or vitest, from V8 itself: the suite runs
 * in the sandbox with NODE_V8_COVERAGE set, against the target as vouch emitted it (TypeScript transpiled
 * with a source map, so every count maps back to the original lines). vitest would otherwise run its own
 * transform of the file, whose offsets nobody outside vitest can map: the target is emitted as CommonJS
 * in a `node_modules` folder, which vitest 2, 3 and 4 all leave to Node's own loader (vitest 2 and 3 never
 * read VITEST_MODULE_DIRECTORIES: vitest 3 ran its transform of a file in a folder named there, and the
 * counts of that longer text, read against vouch's, called an uncalled function run — w240), and the
 * worker threads pool is used because forked workers are killed before V8 writes their coverage.
 * Every copy V8 ran must be the text vouch wrote (its length), else nothing is measured: a project whose
 * settings make vitest inline dependencies still gets its transform, and its counts are not read.
 * Nothing is installed: only Node and the project's own runner.
 */

/**
 * The folder the emitted target sits in for vitest, beside the code: vitest treats any path through a
 * `node_modules` folder as a dependency and leaves a `.cjs` there to Node. Ours, never the project's.
 */
const NATIVE_DIR = '__vouch_coverage__/node_modules';

/**
 * Runs the suite (`RUN`, argv as JSON) in a process of its own — stdio to a log, none of this driver's
 * descriptors — then reports on the run's report channel (src/core/report-channel.ts) its exit code, the
 * end of its log and what `pick` (a shipped file defining `pick(fs, path, env)`) makes of what it left: what
 * the suite prints is never read as a result. Node cannot make this driver non-dumpable: as an ordinary
 * user, a suite that reads the driver's memory through /proc could still find the key (as root, every
 * program in the sandbox is non-dumpable). The driver is `node/coverage-driver.cjs`.
 */
export function coverageDriver(pick: string): string {
  return nodeDriver(pick, 'node/coverage-driver.cjs');
}

/** The V8 functions of each copy of the target's script, from every file NODE_V8_COVERAGE left. */
const V8_PICK = 'node/coverage-pick-v8.cjs';

const v8Function = z.object({
  functionName: z.string(),
  ranges: z.array(z.object({ startOffset: z.number(), endOffset: z.number(), count: z.number() })),
  isBlockCoverage: z.boolean(),
});
/** The coverage driver's answer under V8: the suite's exit, its log's end and the target's functions. */
const V8_ANSWER = z.object({
  exit: z.number(),
  log: z.string(),
  seen: z.boolean(),
  scripts: z.array(z.object({ functions: z.array(v8Function) })),
});
const SOURCE_MAP = z.object({ mappings: z.string().optional() });

interface Emitted {
  code: string;
  /** the source map's mappings, for TypeScript */
  mappings?: string;
}

/**
 * The target as V8 will run it: JavaScript as written; TypeScript transpiled with a source map. `commonJs`
 * (for vitest, which transforms every `.mjs` outside node_modules itself but leaves `.cjs` to Node) turns
 * JavaScript modules into CommonJS too, with a source map.
 */
function emit(target: CodeTarget, commonJs: boolean): Emitted {
  if (target.language === 'javascript' && (!commonJs || !isEsmSource(target.source)))
    return { code: target.source };
  const ts = typescript();
  const output = ts.transpileModule(target.source, {
    fileName: target.language === 'javascript' ? target.path.replace(/\.[cm]?jsx?$/, '.ts') : target.path,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: !commonJs && isEsmSource(target.source) ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      jsx: ts.JsxEmit.React,
      esModuleInterop: true,
      sourceMap: true,
    },
    reportDiagnostics: false,
  });
  const map = parseExternalJson({
    text: output.sourceMapText ?? '{}',
    schema: SOURCE_MAP,
    source: "the TypeScript compiler's source map",
  });
  return { code: output.outputText, ...(map.mappings !== undefined ? { mappings: map.mappings } : {}) };
}

/**
 * Relative imports of a file moved `depth` folders down, so they still name the same files; and the way
 * back from an offset in the moved text to the same place in `code` (what the source map and the syntax
 * tree know), for V8's counts of the moved text.
 */
export function foldersDown(
  code: string,
  depth: number,
): { code: string; toOriginal: (offset: number) => number } {
  const up = '../'.repeat(depth);
  const inserted: number[] = [];
  let moved = '';
  let from = 0;
  for (const match of code.matchAll(/((?:from\s*|import\s*\(\s*|require\s*\(\s*)['"])\.\.?\//g)) {
    const place = match.index + (match[1] as string).length;
    inserted.push(place);
    moved += code.slice(from, place) + up;
    from = place;
  }
  moved += code.slice(from);
  const toOriginal = (offset: number): number => {
    let shift = 0;
    for (const place of inserted) {
      const start = place + shift;
      if (offset < start) break;
      if (offset < start + up.length) return place;
      shift += up.length;
    }
    return offset - shift;
  };
  return { code: moved, toOriginal };
}

export function ratio(covered: number, total: number) {
  return { covered, total, percent: total === 0 ? 100 : Math.round((covered / total) * 1000) / 10 };
}

function within(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`;
}

/**
 * The suite's relative imports of the target, from the suite's folder (`../src/cart`, `./cart.js`) → the
 * emitted file, from the same folder.
 */
export function pointFrom(
  code: string,
  place: { suiteDir: string; targetPath: string; emitted: string },
): string {
  const { suiteDir, targetPath, emitted } = place;
  const withoutExtension = (path: string) => path.replace(/\.[cm]?[jt]sx?$/, '');
  const wanted = withoutExtension(posix.normalize(targetPath));
  let replacement = posix.relative(suiteDir, emitted);
  if (!replacement.startsWith('.')) replacement = `./${replacement}`;
  return code.replace(
    /((?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)(['"]))(\.\.?\/[^'"]*)\2/g,
    (whole: string, ...groups: string[]) => {
      const [before, quote, specifier] = groups as [string, string, string];
      return withoutExtension(posix.join(suiteDir, specifier)) === wanted
        ? `${before}${replacement}${quote}`
        : whole;
    },
  );
}

/** The length of the text V8 compiled a copy from: the end of its widest range (the script's top level). */
function scriptLength(script: { functions: z.infer<typeof v8Function>[] }): number {
  return Math.max(0, ...script.functions.flatMap((fn) => fn.ranges.map((range) => range.endOffset)));
}

/**
 * Why V8's counts of these copies of the target cannot be read as lines of vouch's text (`length`
 * characters), if they cannot: a copy of another length (the runner ran its own transform: its offsets
 * are not vouch's), or a function that ran with no block counts (its lines that did not run would look run).
 */
export function unreadableCopies(
  scripts: { functions: z.infer<typeof v8Function>[] }[],
  length: number,
  framework: string,
): string | undefined {
  const foreign = scripts.map(scriptLength).find((seen) => seen !== length);
  if (foreign !== undefined)
    return `V8 ran another text than vouch wrote at the target's path (${foreign} characters, not ${length}): ${framework} transformed it itself (settings that inline dependencies?), and its counts cannot be read against the source`;
  const unblocked = scripts
    .flatMap((script) => script.functions)
    .find((fn) => !fn.isBlockCoverage && (fn.ranges[0]?.count ?? 0) > 0);
  if (unblocked)
    return `V8 counted calls of \`${unblocked.functionName || '(top level)'}\` without its blocks (no precise block coverage), so lines inside it that did not run cannot be told apart`;
  return undefined;
}

/** vitest ran no test file: its JSON report counts no suite (`No test files found`). */
function noTestFile(log: string): boolean {
  return /"numTotalTestSuites":0\b|No test files found/.test(log);
}

export async function nodeCoverage(request: CoverageRun): Promise<Coverage> {
  const { target, suite, framework, context } = request;
  const root = context.workspaceRoot;
  const dir = dirname(target.path);
  const base = moduleName(target.path);
  const emitted = emit(target, framework === 'vitest');
  const extension = isEsmSource(emitted.code) ? 'mjs' : 'cjs';
  const overlay: Record<string, string> = {};
  const env: Record<string, string> = {};
  let readOnlyPaths: string[] = [];
  let emittedPath: string;
  let run: string[];
  // the text V8 will run (imports moved for vitest), and the way back to the emitted text's offsets
  let written: { code: string; toOriginal: (offset: number) => number } = {
    code: emitted.code,
    toOriginal: (offset) => offset,
  };
  if (framework === 'vitest') {
    const bin = join(root, 'node_modules/vitest/vitest.mjs');
    if (!existsSync(bin))
      return { measured: false, reason: 'vitest is not installed in the project (node_modules/vitest)' };
    emittedPath = within(dir, `${NATIVE_DIR}/${base}.${extension}`);
    written = foldersDown(emitted.code, NATIVE_DIR.split('/').length);
    overlay[emittedPath] = written.code;
    // beside the suite as the test run placed it (a tests folder the project's `include` looks in), else
    // beside the code; it imports the emitted target wherever it sits (w231: a suite run under tests/ was
    // copied beside src/ for coverage, where `include: ['tests/**']` found no test file)
    const suiteDir = request.testPaths?.[0] ? dirname(request.testPaths[0]) : dir;
    const suitePath = within(
      suiteDir,
      `vouch-coverage.test.${target.language === 'typescript' ? 'ts' : 'js'}`,
    );
    overlay[suitePath] =
      suiteDir === dir
        ? pointAt(suite, base, `${NATIVE_DIR}/${base}.${extension}`)
        : pointFrom(suite, { suiteDir, targetPath: target.path, emitted: emittedPath });
    env.SUITE = join(root, suitePath);
    env.CI = '1';
    readOnlyPaths = linkedModules(root, 'vitest');
    // V8 measures here, not vitest's provider: a config that turns coverage on needs no package installed
    run = [
      'node',
      bin,
      'run',
      '--pool=threads',
      '--reporter=json',
      '--no-color',
      '--coverage.enabled=false',
      env.SUITE,
    ];
  } else {
    emittedPath = within(dir, `${base}.vouch-coverage.${extension}`);
    overlay[emittedPath] = written.code;
    const suiteJs = target.language === 'typescript' ? transpileTypeScript(suite, 'suite.ts') : suite;
    const suitePath = within(dir, `vouch-coverage.test.${isEsmSource(suiteJs) ? 'mjs' : 'cjs'}`);
    overlay[suitePath] = pointAt(suiteJs, base, `${base}.vouch-coverage.${extension}`);
    env.SUITE = join(root, suitePath);
    run = ['node', '--test', '--test-reporter=tap', env.SUITE];
  }
  env.TARGET = join(root, emittedPath);
  env.NODE_V8_COVERAGE = '/tmp/vouch-v8';
  env.RUN = JSON.stringify(run);
  const result = await runInSandbox({
    command: ['node', '/sandbox/vouch-coverage.cjs'],
    files: { 'vouch-coverage.cjs': coverageDriver(V8_PICK) },
    report: true,
    projectDir: root,
    overlay,
    cwd: root,
    env,
    readOnlyPaths,
    limits: {
      wallMs: context.runTimeoutMs ?? 120_000,
      cpuMs: context.runTimeoutMs ?? 120_000,
      memoryMb: 2048,
      outputBytes: 16 << 20,
    },
    unsafeNoSandbox: context.unsafeNoSandbox,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  const tool = `V8 (NODE_V8_COVERAGE, ${framework})`;
  const channel = trustedReport(result.report);
  const last = channel.lines?.at(-1);
  if (!last)
    return {
      measured: false,
      reason: `V8 coverage gave no report (${result.status}${result.reason ? `: ${result.reason}` : ''}${channel.problem ? `; ${channel.problem}` : ''})`,
    };
  const data = parseExternalJson({ text: last, schema: V8_ANSWER, source: 'the V8 coverage driver' });
  const exit = String(data.exit);
  const log = data.log.trim();
  if (exit !== '0' && framework === 'vitest' && noTestFile(log))
    return {
      measured: false,
      reason: `vitest found no test file to run for coverage (${env.SUITE?.slice(root.length + 1)}): the project's vitest settings (\`test.include\`) leave it out`,
    };
  const missing = /Cannot find dependency '(@vitest\/coverage-[\w-]+)'/.exec(log)?.[1];
  if (exit !== '0' && framework === 'vitest' && missing)
    return {
      measured: false,
      reason: `vitest needs ${missing}, which is not installed (the project's vitest settings ask for it): install it with \`npm install -D ${missing}\` at the version of the project's vitest`,
    };
  if (exit !== '0')
    return {
      measured: false,
      reason: `the suite did not pass when run for coverage (${framework} exit ${exit ?? result.status}): ${log.split('\n').slice(-3).join(' ').slice(0, 300)}`,
    };
  if (!data.seen)
    return { measured: false, reason: `V8 coverage did not see the target run under ${framework}` };
  const unreadable = unreadableCopies(data.scripts, written.code.length, framework);
  if (unreadable) return { measured: false, reason: unreadable };
  const measured = await v8SourceCoverage({
    source: target.source,
    language: target.language,
    startLine: target.startLine,
    endLine: target.endLine,
    scripts: data.scripts.map((script) =>
      script.functions.map((fn) => ({
        ...fn,
        ranges: fn.ranges.map((range) => ({
          startOffset: written.toOriginal(range.startOffset),
          endOffset: written.toOriginal(range.endOffset),
          count: range.count,
        })),
      })),
    ),
    ...(emitted.mappings !== undefined
      ? { emitted: { code: emitted.code, mappings: emitted.mappings } }
      : {}),
  });
  const lines = measured.executedLines.length + measured.missingLines.length;
  if (lines === 0) return { measured: false, reason: 'the target has no executable line V8 could see' };
  return {
    measured: true,
    tool,
    lines: ratio(measured.executedLines.length, lines),
    branches: ratio(measured.branches.covered, measured.branches.total),
    branchKind: 'arms of if/else, ?:, switch cases and &&/||/?? from the syntax, judged by V8 block counts',
    missingLines: measured.missingLines,
    missingBranches: measured.missingBranches,
  };
}
