import { execSync, execFileSync, spawn, spawnSync } from 'node:child_process';

export interface BuildRequest {
  repoUrl: string;
  commit: string;
  dockerTag: string;
}

export function cloneRepo(req: BuildRequest, workdir: string): void {
  execSync(`git clone --depth 1 ${req.repoUrl} ${workdir}`, { stdio: 'inherit' });
}

export function cloneRepoArgs(req: BuildRequest, workdir: string): void {
  execFileSync('git', ['clone', '--depth', '1', '--', req.repoUrl, workdir], { stdio: 'inherit' });
}

export function buildImage(req: BuildRequest, workdir: string) {
  const cmd = 'docker build -t ' + req.dockerTag + ' .';
  return spawn('sh', ['-c', cmd], { cwd: workdir });
}

export function buildImageArgs(req: BuildRequest, workdir: string) {
  if (!/^[a-z0-9][a-z0-9._\/-]*:[\w.-]+$/.test(req.dockerTag)) throw new Error('invalid tag');
  return spawnSync('docker', ['build', '-t', req.dockerTag, '.'], { cwd: workdir });
}

export function checkoutCommit(req: BuildRequest, workdir: string): string {
  return execSync(`git -C ${workdir} checkout ${req.commit}`).toString();
}

export function gitVersion(): string {
  return execSync('git --version').toString().trim();
}
