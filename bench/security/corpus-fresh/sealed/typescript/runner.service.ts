import { exec, execFile, spawn } from 'node:child_process';
import { Injectable, Logger } from '@nestjs/common';

@Injectable()
export class RunnerService {
  private readonly log = new Logger(RunnerService.name);

  lint(repoDir: string, glob: string): Promise<string> {
    return new Promise((resolve) => {
      exec(`npx eslint ${glob}`, { cwd: repoDir }, (_err, stdout) => resolve(stdout));
    });
  }

  test(repoDir: string, pattern: string): Promise<number> {
    return new Promise((resolve) => {
      const child = spawn('npx', ['jest', '--testNamePattern', pattern], { cwd: repoDir, shell: false });
      child.on('close', (code) => resolve(code ?? 1));
    });
  }

  checkout(repoDir: string, ref: string): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile('git', ['checkout', ref], { cwd: repoDir, shell: true }, (err) => (err ? reject(err) : resolve()));
    });
  }

  nodeVersion(): Promise<string> {
    return new Promise((resolve) => exec('node --version', (_e, out) => resolve(out.trim())));
  }
}
