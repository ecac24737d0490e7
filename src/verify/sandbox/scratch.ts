import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { overlayPath } from './bwrap-args.js';

export interface Scratch {
  /** host path of the fresh writable work directory (bound at /sandbox) */
  workDir: string;
  /** host paths of overlay files, by path relative to the project */
  overlay: Map<string, string>;
  remove(): void;
}

function checkedRelative(relative: string): string {
  const clean = overlayPath(relative);
  return clean;
}

/** Scratch dirs alive in this process, removed on exit too (a pool never closed, a run interrupted). */
const live = new Set<string>();
let exitHook = false;

function track(root: string): void {
  live.add(root);
  if (exitHook) return;
  exitHook = true;
  // once for the life of the process, by design: marked so (Symbol.for, no import of the tests) that the
  // unit tier's guard of what a test file leaves on the process (test/support/process-state.ts) lets it be
  const removeLive = () => {
    for (const path of live) rmSync(path, { recursive: true, force: true });
  };
  Object.defineProperty(removeLive, Symbol.for('vouch.process-wide-listener'), { value: true });
  process.once('exit', removeLive);
}

/**
 * A fresh scratch directory per run: the overlay files bubblewrap binds over the project, and, only when
 * running without a sandbox, the program's work directory.
 */
export function createScratch(
  files: Record<string, string | Uint8Array> = {},
  overlay: Record<string, string | Uint8Array> = {},
): Scratch {
  const root = mkdtempSync(join(tmpdir(), 'vouch-sandbox-'));
  chmodSync(root, 0o711);
  track(root);
  const workDir = join(root, 'work');
  mkdirSync(workDir, { mode: 0o755 });
  for (const [name, content] of Object.entries(files)) {
    let relative: string;
    try {
      relative = checkedRelative(name);
    } catch {
      throw new UsageError(
        `sandbox file name \`${name}\` must be relative and stay inside the work directory`,
      );
    }
    const target = join(workDir, relative);
    let dir = dirname(target);
    const created: string[] = [];
    while (dir !== workDir && dir.startsWith(workDir)) {
      created.unshift(dir);
      dir = dirname(dir);
    }
    for (const path of created) mkdirSync(path, { recursive: true, mode: 0o755 });
    writeFileSync(target, content, { mode: 0o644 });
  }
  const overlayFiles = new Map<string, string>();
  const overlayDir = join(root, 'overlay');
  let index = 0;
  for (const [name, content] of Object.entries(overlay)) {
    const relative = checkedRelative(name);
    if (index === 0) mkdirSync(overlayDir, { mode: 0o711 });
    const target = join(overlayDir, `${index++}`);
    writeFileSync(target, content, { mode: 0o644 });
    overlayFiles.set(relative, target);
  }
  return {
    workDir,
    overlay: overlayFiles,
    remove: () => {
      live.delete(root);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
