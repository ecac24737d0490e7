import * as child_process from 'node:child_process';

export function build(target: string): Buffer {
  // ok: child-process-exec-variable
  child_process.execSync('make all');
  // ruleid: child-process-exec-variable
  return child_process.execSync(['make', target].join(' '));
}
