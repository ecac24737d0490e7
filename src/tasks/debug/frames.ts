/**
 * Places a failure names, read out of what programs print when they fail: Python tracebacks, pytest's
 * reports, Node's stack traces, and compiler output (tsc, mypy, pyright, eslint-style `path:line:col`).
 * Paths are kept as printed; `locate.ts` maps them into the workspace.
 */

export type FrameSource = 'python' | 'pytest' | 'node' | 'compiler';

export interface Frame {
  /** the path as the output printed it */
  file: string;
  /** 1-based */
  line: number;
  column?: number;
  /** the function the frame is in, when the output says */
  function?: string;
  /** the compiler's message, or pytest's error line, for this place */
  message?: string;
  source: FrameSource;
}

export interface ParsedFailure {
  /** innermost (where it failed) last, as Python prints them; compiler diagnostics in their order */
  frames: Frame[];
  /** the error itself: `ZeroDivisionError: division by zero`, `TypeError: …`, `error TS2322: …` */
  error?: string;
}

const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$/;
const PYTHON_ERROR =
  /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure)|AssertionError)(?::\s?(.*))?$/;
// pytest's long and short tracebacks: `tests/test_x.py:12: AssertionError`, `src/m.py:4: in f`
const PYTEST_LOCATION = /^([^\s:][^:]*\.py):(\d+):(?:\s+in\s(\S+)|\s(\w[\w.]*)|\s*$)/;
const PYTEST_E_LINE = /^E\s{3}(.*)$/;
// Node: `    at fn (file:///x/y.js:3:9)`, `    at /x/y.js:3:9`, `    at async fn (x.ts:4:2)`; node:test's
// TAP report prints the same frames without `at`
const NODE_FRAME = /^\s*(?:at )?(?:(?:async )?(.+?) \()?(?:file:\/\/)?([^()\s]+?):(\d+):(\d+)\)?$/;
const NODE_ERROR = /^(?:Uncaught )?([A-Z][\w]*(?:Error|Exception)|Error)(?: \[[A-Z_]+\])?:\s?(.*)$/;
// vitest: ` ❯ src/sum.test.ts:5:21`, ` ❯ sum src/sum.ts:2:22`
const VITEST_FRAME = /^\s*❯ (?:(\S+) )?(\S+?\.[cm]?[jt]sx?):(\d+):(\d+)$/;
// Node's first line for a throw: `/x/y.js:3` followed by the source line and a caret
const NODE_THROW_SITE = /^((?:\/|\.{1,2}\/|file:\/\/)[^:\s]+\.[cm]?[jt]sx?):(\d+)$/;
// tsc: `src/a.ts(3,5): error TS2322: …` and `src/a.ts:3:5 - error TS2322: …`
const TSC_PAREN = /^(.+?\.[cm]?[jt]sx?)\((\d+),(\d+)\): (error|warning) (TS\d+: .*)$/;
const TSC_PRETTY = /^(.+?\.[cm]?[jt]sx?):(\d+):(\d+) - (error|warning) (TS\d+: .*)$/;
// mypy, pyright, ruff, flake8: `path.py:3: error: …`, `path.py:3:5: error: …`, `path.py:3:5 - error: …`
const PY_DIAGNOSTIC = /^\s*(.+?\.pyi?):(\d+)(?::(\d+))?(?::| -) (error|E\d+|F\d+|W\d+)\b:?\s*(.*)$/;

function isInternalNodePath(path: string): boolean {
  return path.startsWith('node:') || path.startsWith('internal/') || !/[/\\.]/.test(path);
}

/** The frames and error of one failure's output; empty frames when it names no place. */
export function parseFailure(output: string): ParsedFailure {
  const lines = output
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const frames: Frame[] = [];
  let error: string | undefined;
  const seen = new Set<string>();
  const add = (frame: Frame) => {
    const key = `${frame.source}\0${frame.file}\0${frame.line}\0${frame.message ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    frames.push(frame);
  };
  let inPythonTraceback = false;
  // node:test's TAP report: `error: "…"` and `name: 'TypeError'` in the failed test's YAML block
  let tapError: string | undefined;
  let tapName: string | undefined;
  let pendingPytestMessage: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^Traceback \(most recent call last\):/.test(line.trim())) {
      inPythonTraceback = true;
      continue;
    }
    const python = PYTHON_FRAME.exec(line);
    if (python) {
      add({
        file: python[1]!,
        line: Number(python[2]),
        ...(python[3] ? { function: python[3].trim() } : {}),
        source: 'python',
      });
      continue;
    }
    if (inPythonTraceback && /^\S/.test(line)) {
      const match = PYTHON_ERROR.exec(line.trim());
      if (match) {
        error = line.trim();
        inPythonTraceback = false;
        continue;
      }
    }
    const eLine = PYTEST_E_LINE.exec(line);
    if (eLine) {
      // the first `E` line of a block is the error; it precedes the location line
      pendingPytestMessage ??= eLine[1]!.trim();
      continue;
    }
    const tscMatch = TSC_PAREN.exec(line) ?? TSC_PRETTY.exec(line);
    if (tscMatch) {
      add({
        file: tscMatch[1]!.trim(),
        line: Number(tscMatch[2]),
        column: Number(tscMatch[3]),
        message: `${tscMatch[4]} ${tscMatch[5]}`,
        source: 'compiler',
      });
      error ??= `${tscMatch[4]} ${tscMatch[5]}`;
      continue;
    }
    const diagnostic = PY_DIAGNOSTIC.exec(line);
    if (diagnostic) {
      const message = `${diagnostic[4]}: ${diagnostic[5]}`.trim();
      add({
        file: diagnostic[1]!,
        line: Number(diagnostic[2]),
        ...(diagnostic[3] ? { column: Number(diagnostic[3]) } : {}),
        message,
        source: 'compiler',
      });
      error ??= message;
      continue;
    }
    const pytest = PYTEST_LOCATION.exec(line);
    if (pytest) {
      const message = pytest[4] ? (pendingPytestMessage ?? pytest[4]) : undefined;
      add({
        file: pytest[1]!,
        line: Number(pytest[2]),
        ...(pytest[3] ? { function: pytest[3] } : {}),
        ...(message ? { message } : {}),
        source: 'pytest',
      });
      if (pytest[4]) {
        error ??= pendingPytestMessage ?? pytest[4];
        pendingPytestMessage = undefined;
      }
      continue;
    }
    const node = NODE_FRAME.exec(line) ?? VITEST_FRAME.exec(line);
    if (node) {
      if (!isInternalNodePath(node[2]!))
        add({
          file: node[2]!,
          line: Number(node[3]),
          column: Number(node[4]),
          ...(node[1] ? { function: node[1] } : {}),
          source: 'node',
        });
      continue;
    }
    const throwSite = NODE_THROW_SITE.exec(line.trim());
    if (throwSite && lines[index + 2]?.trim().startsWith('^')) {
      add({ file: throwSite[1]!, line: Number(throwSite[2]), source: 'node' });
      continue;
    }
    const tap = /^\s+(error|name): (['"])(.*)\2$/.exec(line);
    if (tap) {
      if (tap[1] === 'error') tapError ??= tap[3];
      else tapName ??= tap[3];
      continue;
    }
    const nodeError = NODE_ERROR.exec(line.trim());
    if (nodeError && !error && !inPythonTraceback) error = line.trim();
  }
  if (!error && tapError) error = tapName ? `${tapName}: ${tapError}` : tapError;
  // Node prints the innermost frame first; the rest of vouch reads innermost last, as Python does
  const nodeFrames = frames.filter((frame) => frame.source === 'node');
  if (nodeFrames.length > 1) {
    const others = frames.filter((frame) => frame.source !== 'node');
    const [site, ...stack] = nodeFrames;
    // a throw site line (`/x/y.js:3`) repeats the first `at` frame: keep the stack's order, innermost last
    const ordered = site && !site.column ? [...stack.reverse(), site] : nodeFrames.reverse();
    return { frames: [...others, ...ordered], ...(error ? { error } : {}) };
  }
  return { frames, ...(error ? { error } : {}) };
}
