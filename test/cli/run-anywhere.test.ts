import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { cannotRunAsUser, prepareUserMirror, type UserMirror } from '../support/as-user.js';
import { runMain } from '../support/run-main.js';

/**
 * The way real users meet vouch: as root in a container or CI runner, and as an ordinary user, with the
 * project in a private folder (`mktemp -d`: mode 0700) that vouch must never ask them to open up. A
 * virtualenv that sees the system's numpy, a file calling a numpy function that does not exist, and
 * hostile programs run with `vouch sandbox run`. As root vouch runs in the test's process; as the ordinary
 * user the CLI runs from dist/, compiled from the current source by the suite's globalSetup.
 */

const sandbox = await sandboxAvailability();
const PYTHON = '/usr/bin/python3';
const numpy = spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const missing = !sandbox.available
  ? `no sandbox: ${sandbox.reason}`
  : !numpy
    ? "Debian's python3-numpy is not installed (apt-get install python3-numpy)"
    : undefined;

const STATS = 'import numpy as np\n\n\ndef spread(values):\n    return np.arrange(len(values))\n';

/** Each program attacks the host; `expect` says how it must end. */
function hostilePrograms(
  port: number,
  plantedKey: string,
): Record<string, { source: string; status: string; stdout?: RegExp; timeout?: string }> {
  return {
    'net.py': {
      source: `import socket\ntry:\n    socket.create_connection(('127.0.0.1', ${port}), timeout=2)\n    print('CONNECTED')\nexcept OSError as e:\n    print('blocked', e)\n`,
      status: 'ok',
      stdout: /blocked/,
    },
    'keys.py': {
      source: `for p in [${JSON.stringify(plantedKey)}, '.env', '.git/config']:\n    try:\n        print(open(p).read())\n    except OSError as e:\n        print('denied', p, e.errno)\n`,
      status: 'ok',
      stdout: /denied .*\n.*denied \.env 2\n.*denied \.git\/config 2/,
    },
    'bomb.py': {
      source: 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n',
      status: 'timeout',
      // it can only end by the limit: the shortest one (the others get 3 s to show what they do)
      timeout: '1',
    },
    'hog.py': {
      source: 'chunks = []\nwhile True:\n    chunks.append(bytearray(8 << 20))\n',
      status: 'memory',
    },
    'fill.py': {
      source:
        "import os, tempfile\nn = 0\ntry:\n    while True:\n        with open(os.path.join(tempfile.gettempdir(), 'fill-%d' % n), 'wb') as f:\n            f.write(b'x' * (16 << 20))\n        n += 1\nexcept OSError as e:\n    print('stopped', e.errno)\n    raise SystemExit(3)\n",
      status: 'failed',
      stdout: /stopped (28|27)/,
    },
    'loop.py': { source: 'while True:\n    pass\n', status: 'timeout', timeout: '1' },
  };
}

function makeProject(root: string, python: (args: string[]) => void): void {
  mkdirSync(join(root, '.git'));
  writeFileSync(
    join(root, '.git', 'config'),
    '[remote "origin"]\n  url = https://u:ghp_secret@example.com/x\n',
  );
  writeFileSync(join(root, '.env'), 'API_KEY=sk-live-not-for-sandboxes\n');
  writeFileSync(join(root, 'requirements.txt'), 'numpy\n');
  writeFileSync(join(root, 'stats.py'), STATS);
  // nothing is installed into it (it sees the system's numpy): no pip, whose install was most of its making
  python(['-m', 'venv', '--without-pip', '--system-site-packages', join(root, '.venv')]);
}

interface Runner {
  vouch(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function scenario(
  name: string,
  skip: string | undefined,
  setup: () => Promise<{ runner: Runner; project: string; plantedKey: string }>,
) {
  describe.skipIf(skip !== undefined)(name, () => {
    let runner: Runner;
    let project: string;
    let plantedKey: string;
    let server: Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      ({ runner, project, plantedKey } = await setup());
      server = createServer((socket) => {
        connections++;
        socket.end('host');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    }, 120_000);
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('check fails the imports check on an invented numpy function, with the did-you-mean', async () => {
      const result = await runner.vouch(['check', 'stats.py', '--json'], project);
      expect(result.code, result.stderr).toBe(1);
      const report = JSON.parse(result.stdout) as {
        checks: { name: string; status: string; findings: { message: string }[] }[];
      };
      const imports = report.checks.find((check) => check.name === 'imports');
      expect(imports?.status).toBe('fail');
      expect(imports?.findings.map((finding) => finding.message).join('\n')).toMatch(
        /numpy [\d.]+ has no `arrange`; did you mean `arange`/,
      );
    }, 120_000);

    it('sandbox run contains programs that connect out, read keys and .env, fork-bomb, eat memory and disk, loop', async () => {
      const programs = hostilePrograms(port, plantedKey);
      for (const [file, program] of Object.entries(programs)) {
        writeFileSync(join(project, file), program.source);
        const result = await runner.vouch(
          ['sandbox', 'run', file, '--timeout', program.timeout ?? '3', '--memory', '128', '--json'],
          project,
        );
        const report = JSON.parse(result.stdout) as { status: string; stdout: string; sandboxed: boolean };
        expect(report.sandboxed, file).toBe(true);
        expect(report.status, `${file}: ${result.stdout} ${result.stderr}`).toBe(program.status);
        if (program.stdout) expect(report.stdout, file).toMatch(program.stdout);
        expect(report.stdout).not.toContain('sk-live-not-for-sandboxes');
        expect(report.stdout).not.toContain('ghp_secret');
        expect(report.stdout).not.toContain('PRIVATE KEY BODY');
        expect(result.code).toBe(program.status === 'ok' ? 0 : 1);
      }
      expect(connections).toBe(0);
      // the user's files are as they were
      expect(readFileSync(join(project, 'stats.py'), 'utf8')).toBe(STATS);
      expect(readdirSync(project).filter((entry) => entry.startsWith('fill-'))).toEqual([]);
    }, 120_000);
  });
}

const made: string[] = [];
afterAll(() => {
  for (const path of made) rmSync(path, { recursive: true, force: true });
});

scenario(
  `as ${process.getuid?.() === 0 ? 'root' : 'the current user'}, on a private folder`,
  missing,
  async () => {
    const project = mkdtempSync(join(tmpdir(), 'vouch-private-project-'));
    made.push(project);
    makeProject(project, (args) => execFileSync(PYTHON, args));
    const keys = mkdtempSync(join(process.env.HOME ?? tmpdir(), '.vouch-test-ssh-'));
    made.push(keys);
    const plantedKey = join(keys, `id_rsa_${randomUUID()}`);
    writeFileSync(plantedKey, 'PRIVATE KEY BODY\n', { mode: 0o600 });
    return {
      project,
      plantedKey,
      // vouch in the test's process (run-main.ts): what is asserted is the sandbox's containment and the
      // imports check as root, not the start of a process; the ordinary user's scenario runs the built CLI
      runner: { vouch: (args, cwd) => runMain(args, { cwd }) },
    };
  },
);

const asUser = missing ?? cannotRunAsUser();
let mirror: UserMirror | undefined;
afterAll(() => mirror?.cleanup());

describe.skipIf(asUser !== undefined)('as an ordinary user (root runs the tests)', () => {
  it('passes the hostile-program suite, one-shot and warm, with no test skipped', async () => {
    mirror ??= prepareUserMirror();
    const result = await mirror.run(
      [
        join(mirror.root, 'node_modules/vitest/vitest.mjs'),
        'run',
        'src/verify/sandbox/hostile.test.ts',
        '--reporter=json',
      ],
      { cwd: mirror.root, env: { CI: 'true' }, timeoutMs: 180_000 },
    );
    const json = result.stdout.slice(result.stdout.indexOf('{'));
    const report = JSON.parse(json) as {
      numTotalTests: number;
      numPassedTests: number;
      numPendingTests: number;
      testResults: {
        assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
      }[];
    };
    // Name what did not pass, with its message, so a failure here says which program got out.
    const notPassed = report.testResults
      .flatMap((file) => file.assertionResults)
      .filter((test) => test.status !== 'passed')
      .map((test) => `${test.status}: ${test.fullName}\n${test.failureMessages.join('\n')}`)
      .join('\n\n');
    expect(report.numPendingTests, notPassed || result.stderr).toBe(0);
    expect(report.numPassedTests, notPassed || result.stderr).toBe(report.numTotalTests);
    expect(report.numTotalTests).toBeGreaterThan(20);
  }, 200_000);
});

scenario('as an ordinary user, on their own private folder', asUser, async () => {
  mirror ??= prepareUserMirror();
  const user = mirror;
  const project = join(user.home, 'project');
  mkdirSync(project, { mode: 0o700 });
  chownSync(project, user.uid, user.gid);
  const python = (args: string[]) => {
    const run = spawnSync(PYTHON, args, { uid: user.uid, gid: user.gid, cwd: project, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`python ${args.join(' ')} failed: ${run.stderr}`);
  };
  // the project's files are the user's own
  const files = mkdtempSync(join(tmpdir(), 'vouch-user-project-'));
  made.push(files);
  makeProject(files, () => undefined);
  for (const entry of readdirSync(files)) execFileSync('cp', ['-r', join(files, entry), project]);
  execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, project]);
  python(['-m', 'venv', '--without-pip', '--system-site-packages', join(project, '.venv')]);
  const keys = join(user.home, '.ssh');
  mkdirSync(keys, { mode: 0o700 });
  const plantedKey = join(keys, 'id_rsa');
  writeFileSync(plantedKey, 'PRIVATE KEY BODY\n', { mode: 0o600 });
  execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, keys]);
  expect(existsSync(join(project, '.venv', 'bin', 'python'))).toBe(true);
  return {
    project,
    plantedKey,
    runner: { vouch: (args, cwd) => user.run([join(user.root, 'bin', 'vouch.js'), ...args], { cwd }) },
  };
});

it('has what it needs when CI=true (the sandbox, and numpy for the virtualenv)', (context) => {
  if (!process.env.CI) context.skip(missing !== undefined, missing);
  expect(missing).toBeUndefined();
});
