import { execFileSync } from 'node:child_process';

export function archiveDirectory(dir: string, target: string): string {
  const output = execFileSync('tar', ['czf', target, dir], { encoding: 'utf8' });
  return output.trim();
}
