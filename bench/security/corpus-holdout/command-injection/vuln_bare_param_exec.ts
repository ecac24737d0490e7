import { execSync } from 'node:child_process';

export function archiveDirectory(dir: string, target: string): string {
  const output = execSync(`tar czf ${target} ${dir}`, { encoding: 'utf8' });
  return output.trim();
}
