import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

let compiler: typeof TypeScript | undefined;

/**
 * The TypeScript compiler, loaded on first use. Imported statically it was compiled and its exports
 * scanned in every process whose command reaches the tasks' modules (`vouch scan` through the task
 * registry): about 0.5 s of CPU for a command that never transpiles anything. `require` skips the scan
 * of a CommonJS module's exports an ESM import makes (about 0.17 s instead).
 */
export function typescript(): typeof TypeScript {
  compiler ??= createRequire(import.meta.url)('typescript') as typeof TypeScript;
  return compiler;
}
