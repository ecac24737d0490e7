import { exec, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

export interface ArchiveRequest {
  projectDir: string;
  format: 'zip' | 'tar.gz';
  label: string;
}

export class ShellService {
  async gitLog(repoPath: string, author: string): Promise<string> {
    const { stdout } = await execAsync(`git -C ${repoPath} log --author="${author}" --oneline -n 50`);
    return stdout;
  }

  async gitLogArgs(repoPath: string, author: string): Promise<string> {
    const { stdout } = await execFileAsync('git', ['-C', repoPath, 'log', `--author=${author}`, '--oneline', '-n', '50']);
    return stdout;
  }

  archive(req: ArchiveRequest): Promise<number> {
    const out = `/tmp/exports/${req.label}.${req.format}`;
    const cmd = req.format === 'zip' ? `zip -r ${out} .` : `tar czf ${out} .`;
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, { cwd: req.projectDir, shell: true });
      child.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`exit ${code}`))));
    });
  }

  diskFree(): Promise<string> {
    return execAsync('df -k /').then((r) => r.stdout);
  }
}
