import { spawn } from 'node:child_process';

/**
 * Node processes started together that act at the same moment: each runs `script` (an ES module given
 * with `-e`; its `process.argv[1…]` are the arguments of its entry in `argvs`), prints `ready` once it has
 * loaded what it needs (seconds on a loaded machine), then waits for a line on its stdin. When every one is
 * ready, all are told at once; the result is what each printed after `ready`, trimmed, in `argvs`' order.
 * The processes see only PATH and `env`. For races between vouch processes (the store-records lock, opening
 * one store): starting them one by one, their loading alone kept them apart.
 */
export async function processesAtOnce(
  script: string,
  argvs: string[][],
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const children = argvs.map((argv) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...argv], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.startsWith('ready\n')) resolve();
      }),
    );
    const closed = new Promise<string>((resolve) =>
      child.on('close', () => resolve(out.slice('ready\n'.length).trim())),
    );
    return { child, ready, closed };
  });
  await Promise.all(children.map(({ ready }) => ready));
  for (const { child } of children) child.stdin.write('go\n');
  return Promise.all(children.map(({ closed }) => closed));
}
