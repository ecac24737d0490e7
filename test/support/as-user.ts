import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs vouch as an ordinary user while the tests run as root (the usual case in CI and containers), so
 * both ways a real user meets the sandbox are tested on the same machine. The checkout itself usually sits
 * in a private folder the user cannot enter, so the user gets a mirror of it: a world-readable folder of
 * hard links (instant, and nothing is copied), in which every file keeps its own permissions.
 */

export const TEST_USER = 'vouch-test';
const REPOSITORY = join(import.meta.dirname, '..', '..');
const MIRRORED = [
  'bench',
  'bin',
  'dist',
  'node',
  'node_modules',
  'python',
  'queries',
  'rules',
  'src',
  'test',
  'package.json',
  'tsconfig.json',
  'vitest.config.ts',
];

export interface UserMirror {
  user: string;
  uid: number;
  gid: number;
  /** the user's own home folder (mode 0700) */
  home: string;
  /** the world-readable mirror of the repository */
  root: string;
  /** runs `args` as the user (node is this process's node), in `cwd`, with a clean environment */
  run(
    args: string[],
    options?: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs?: number },
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  cleanup(): void;
}

/** Why tests as an ordinary user cannot run here, or undefined when they can. */
export function cannotRunAsUser(): string | undefined {
  if (process.getuid?.() !== 0) return 'the tests already run as an ordinary user';
  if (!existsSync('/usr/sbin/useradd')) return 'useradd (Debian: passwd) is not installed';
  return undefined;
}

/** Creates the unprivileged test user when it is missing; its ids. */
export function ensureUser(): { uid: number; gid: number } {
  try {
    execFileSync('id', ['-u', TEST_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('/usr/sbin/useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/bin/sh',
      TEST_USER,
    ]);
  }
  const uid = Number(execFileSync('id', ['-u', TEST_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', TEST_USER], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export function prepareUserMirror(): UserMirror {
  const { uid, gid } = ensureUser();
  const root = mkdtempSync(join(tmpdir(), 'vouch-mirror-'));
  chmodSync(root, 0o755);
  for (const entry of MIRRORED) {
    if (existsSync(join(REPOSITORY, entry)))
      execFileSync('cp', ['-al', join(REPOSITORY, entry), join(root, entry)]);
  }
  // Vite and Vitest write caches and bundled configs into node_modules/.vite*: the user owns that one
  // folder of the mirror (a new folder, not a link; never chown a hard-linked file: that would change the
  // file in the checkout too), and none of the checkout's caches come along
  const modules = join(root, 'node_modules');
  for (const entry of ['.vite', '.vite-temp']) rmSync(join(modules, entry), { recursive: true, force: true });
  chownSync(modules, uid, gid);
  const home = mkdtempSync(join(tmpdir(), 'vouch-user-home-'));
  chownSync(home, uid, gid);
  chmodSync(home, 0o700);
  return {
    user: TEST_USER,
    uid,
    gid,
    home,
    root,
    run(args, options = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, {
          cwd: options.cwd ?? home,
          uid,
          gid,
          env: {
            PATH: '/usr/local/bin:/usr/bin:/bin',
            HOME: home,
            XDG_CONFIG_HOME: join(home, '.config'),
            OLLAMA_HOST: '127.0.0.1:9',
            NO_COLOR: '1',
            ...options.env,
          },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
        });
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
        child.stdin.end(options.input ?? '');
      });
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}
