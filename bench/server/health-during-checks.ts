/**
 * `/v1/health` latency while hostile `/v1/check`s run (w213: the checks on a worker thread with a
 * deadline). Starts a built `vouch serve` (this checkout's, or another build's folder holding `bin/` and
 * `dist/`, e.g. the base commit's, to compare), warms it with one honest check, then for each hostile
 * shape sends the check and asks `/v1/health` every 25 ms until it is answered; prints the health waits'
 * p50, p95 and max per build, and the checks' status and wall time. Wall times on a shared machine: the
 * record keeps the load; read it as "the server answers or it does not", not as a speed.
 *
 *   nice node --import tsx bench/server/health-during-checks.ts [--record] <label>=<folder> …
 *   (default: this checkout as `after`)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { percentile, recordResults, table } from '../results.js';

const args = process.argv.slice(2);
const record = args.includes('--record');
const builds = args
  .filter((arg) => arg.includes('='))
  .map((arg) => {
    const [label, folder] = arg.split('=') as [string, string];
    return { label, folder: resolve(folder) };
  });
if (builds.length === 0) builds.push({ label: 'after', folder: resolve(import.meta.dirname, '..', '..') });

const plusChain = (terms: number) => `let x: string = ${Array(terms).fill('a').join('+')};\n`;
const union = (n: number) =>
  `type U = ${Array.from({ length: n }, (_, i) => `'a${i}'`).join(' | ')};\nexport const x: U = 'a0';\n`;
const SHAPES: { name: string; language: string; code: string }[] = [
  { name: 'TS a+a+… 20 KB', language: 'typescript', code: plusChain(10_000) },
  { name: 'TS union of 2,500 literals', language: 'typescript', code: union(2_500) },
  {
    name: 'TS arrays nested 3,000 deep',
    language: 'typescript',
    code: `export const x = ${'['.repeat(3000)}1${']'.repeat(3000)};\n`,
  },
  { name: 'Python os._exit × 90,000 (800 KB)', language: 'python', code: 'os._exit '.repeat(90_000) },
];

async function startServe(
  folder: string,
  workspace: string,
  home: string,
): Promise<{ child: ChildProcess; url: string }> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    OLLAMA_HOST: '127.0.0.1:9',
    NO_COLOR: '1',
  };
  const child = spawn(process.execPath, [join(folder, 'bin', 'vouch.js'), 'serve', '--port', '0', '--json'], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  return new Promise((done, fail) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      try {
        done({ child, url: String((JSON.parse(stdout) as { url: string }).url) });
      } catch {
        // not complete yet
      }
    });
    child.on('exit', (code) => fail(new Error(`vouch serve exited (${code})`)));
  });
}

const rows: string[][] = [];
const figures: Record<string, number> = {};
for (const { label, folder } of builds) {
  const workspace = mkdtempSync(join(tmpdir(), 'vouch-bench-health-'));
  const home = mkdtempSync(join(tmpdir(), 'vouch-bench-home-'));
  mkdirSync(join(home, '.config'), { recursive: true });
  writeFileSync(join(workspace, 'calc.py'), 'def add(a, b):\n    return a + b\n');
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
  const token = (
    JSON.parse(
      execFileSync(
        process.execPath,
        [join(folder, 'bin', 'vouch.js'), 'token', 'create', '--user', 'ana', '--json'],
        { cwd: workspace, env, encoding: 'utf8' },
      ),
    ) as { token: string }
  ).token;
  const server = await startServe(folder, workspace, home);
  const check = (code: string, language: string) =>
    fetch(`${server.url}/v1/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code, language }),
    })
      .then(
        async (response) =>
          ((await response.json()) as { status?: string }).status ?? `http ${response.status}`,
      )
      .catch((error: Error) => `failed: ${error.message}`);
  await check('x = 1\n', 'python');
  const all: number[] = [];
  for (const shape of SHAPES) {
    const started = performance.now();
    let status: string | undefined;
    const pending = check(shape.code, shape.language).then((value) => {
      status = value;
    });
    const waits: number[] = [];
    let failures = 0;
    while (status === undefined) {
      const asked = performance.now();
      try {
        await (await fetch(`${server.url}/v1/health`)).text();
        waits.push(performance.now() - asked);
      } catch {
        failures++;
        waits.push(performance.now() - asked);
      }
      await new Promise((wake) => setTimeout(wake, 25));
    }
    await pending;
    all.push(...waits);
    const sorted = [...waits].sort((a, b) => a - b);
    rows.push([
      label,
      shape.name,
      status ?? '',
      String(Math.round(performance.now() - started)),
      String(waits.length),
      String(Math.round(percentile(sorted, 50))),
      String(Math.round(percentile(sorted, 95))),
      String(Math.round(sorted.at(-1) ?? 0)),
      String(failures),
    ]);
  }
  const sorted = all.sort((a, b) => a - b);
  figures[`${label} health p50 ms`] = Math.round(percentile(sorted, 50));
  figures[`${label} health p95 ms`] = Math.round(percentile(sorted, 95));
  figures[`${label} health max ms`] = Math.round(sorted.at(-1) ?? 0);
  server.child.kill('SIGTERM');
  await new Promise((wake) => server.child.once('exit', wake));
  rmSync(workspace, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}

const markdown = table(
  ['build', 'shape', 'check status', 'check ms', 'health asks', 'p50 ms', 'p95 ms', 'max ms', 'failed asks'],
  rows,
);
console.log(markdown);
console.log(figures);
if (record)
  recordResults(
    'server',
    '/v1/health latency during hostile /v1/check (w213: checks on a worker)',
    markdown,
    {
      origin: 'synthetic: hostile lines built by the benchmark (r41, r49 shapes); no dataset',
      figures,
    },
  );
