import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureUser } from './as-user.js';

/**
 * A real PostgreSQL server for tests, from Debian's `postgresql` package: a fresh cluster (`initdb`) in a
 * temporary folder, started with `pg_ctl` on a loopback port, removed again at the end. initdb refuses
 * to run as root, so under root the cluster belongs to the unprivileged test user (test/support/as-user.ts).
 */

export interface TestPostgres {
  /** a connection string to a new, empty database */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function postgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((version) => existsSync(join(base, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

/** Why PostgreSQL cannot be started here, or undefined when it can. */
export function cannotStartPostgres(): string | undefined {
  if (process.platform !== 'linux') return "the PostgreSQL tests use Debian's postgresql package (Linux)";
  if (!postgresBin())
    return 'PostgreSQL is not installed (Debian: apt-get install postgresql; .ci/apt-packages lists it)';
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/useradd'))
    return 'running as root and useradd is missing: initdb needs an unprivileged user';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error(cannotStartPostgres());
  const root = mkdtempSync(join(tmpdir(), 'vouch-pg-'));
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? ensureUser() : undefined;
  if (ids) chownSync(root, ids.uid, ids.gid);
  const run = (command: string, args: string[]) => {
    const result = spawnSync(join(bin, command), args, {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', HOME: root },
      ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
      timeout: 60_000,
    });
    if (result.status !== 0)
      throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  const data = join(root, 'data');
  run('initdb', ['-D', data, '-U', 'vouch', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(root, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
    'start',
  ]);
  const base = `postgres://vouch@127.0.0.1:${port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  let databases = 0;
  return {
    async createDatabase() {
      const name = `vouch_test_${++databases}`;
      await admin.query(`create database ${name}`);
      return `${base}/${name}`;
    },
    async stop() {
      await admin.end().catch(() => undefined);
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
