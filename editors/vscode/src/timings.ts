import { appendFileSync } from 'node:fs';

/**
 * For benchmarks only: with VOUCH_VSCODE_TIMINGS naming a file, the extension appends what it measured
 * as JSON lines (an inline completion's round trip as the editor sees it; the first diagnostics after a
 * file opens). Without it, nothing is measured or written.
 */
const file = process.env.VOUCH_VSCODE_TIMINGS;

export const timingsEnabled = file !== undefined && file !== '';

export function recordTiming(entry: Record<string, unknown>): void {
  if (!timingsEnabled) return;
  try {
    appendFileSync(file!, `${JSON.stringify({ at: Date.now(), ...entry })}\n`);
  } catch {
    // a benchmark's file that cannot be written costs the user nothing
  }
}
