import { appendFileSync, readFileSync } from 'node:fs';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * For benchmarks only (issue 60): with `VOUCH_LSP_TIMINGS` naming a file, the language server appends
 * where a request's milliseconds went, as JSON lines — an inline completion's stages and checks, its
 * editor-thread CPU and run-queue wait, the event loop's longest stall while it was in flight, how many
 * gate runs were in flight beside it; each gate run's checks. Without it nothing is measured or written.
 * The line is written after the answer (setImmediate), never on its way.
 */
const file = process.env.VOUCH_LSP_TIMINGS;

export const lspTimingsEnabled = file !== undefined && file !== '';

let loopDelay: IntervalHistogram | undefined;

/** The editor thread's CPU time and run-queue wait so far (ms), from Linux's schedstat; undefined elsewhere. */
export function editorThreadTimes(): { cpuMs: number; queuedMs: number } | undefined {
  if (!lspTimingsEnabled) return undefined;
  try {
    const [cpu, queued] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return { cpuMs: Number(cpu) / 1e6, queuedMs: Number(queued) / 1e6 };
  } catch {
    return undefined;
  }
}

/** A request's window: what it cost the editor thread from `start()` to `end()`. */
export interface TimingWindow {
  end(): Record<string, number>;
}

export function startWindow(): TimingWindow | undefined {
  if (!lspTimingsEnabled) return undefined;
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
  }
  // the longest stall is the loop's, since the last window started (windows may overlap: an upper bound)
  loopDelay.reset();
  const started = performance.now();
  const before = editorThreadTimes();
  return {
    end() {
      const after = editorThreadTimes();
      return {
        ms: round(performance.now() - started),
        ...(before && after
          ? { cpuMs: round(after.cpuMs - before.cpuMs), queuedMs: round(after.queuedMs - before.queuedMs) }
          : {}),
        loopDelayMaxMs: round((loopDelay?.max ?? 0) / 1e6),
      };
    },
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

export function recordLspTiming(entry: Record<string, unknown>): void {
  if (!lspTimingsEnabled) return;
  const line = `${JSON.stringify({ at: Date.now(), ...entry })}\n`;
  setImmediate(() => {
    try {
      appendFileSync(file!, line);
    } catch {
      // a benchmark's file that cannot be written costs the user nothing
    }
  });
}
