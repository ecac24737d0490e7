import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs a command in a real pseudo-terminal (Python's `pty`, which every machine the tests run on has), so
 * raw mode, Ctrl-C as a key and what a terminal shows are tested as a user meets them. Async, so a fake
 * model server in the same process keeps answering.
 */
export type PtyStep = { expect: string; timeout?: number } | { send: string } | { sleep: number };

export interface PtyResult {
  transcript: string;
  exitCode: number | null;
  signal: number | null;
  /** seconds since the start at which each `expect` matched */
  marks: number[];
  failed?: string;
}

const DRIVER = join(import.meta.dirname, 'pty-driver.py');

export function runInPty(plan: {
  command: string[];
  cwd: string;
  env: Record<string, string>;
  steps: PtyStep[];
  exitTimeout?: number;
}): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [DRIVER, JSON.stringify(plan)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(stdout) as PtyResult);
      } catch {
        reject(new Error(`the pty driver failed: ${stderr || stdout}`));
      }
    });
  });
}
