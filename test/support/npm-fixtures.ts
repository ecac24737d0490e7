import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NPM_FIXTURES } from '../../src/verify/__fixtures__/projects.js';

/**
 * `npm run test:fixtures`: installs from the npm registry the real projects some tests run (vitest 2 and 3,
 * jest 29 and 30, tsc 7), into the per-machine cache the tests read them from. `.ci/run` calls it before
 * the tests, so the tests themselves reach no network; off CI a test installs its fixture on first use.
 *
 * Each fixture installs in a process of its own, all at once: an install mostly waits on the registry
 * and the disk (32 CPU-seconds in 133 s for the three one after another on a loaded machine,
 * bench/notes/2026-11-29-ci-time.md), and each is its own folder (`cached` in projects.ts renames a
 * finished one into place). `npm run test:fixtures NAME` installs that one alone.
 */
type FixtureName = keyof typeof NPM_FIXTURES;
process.env.VOUCH_INSTALL_FIXTURES = '1';

function install(name: FixtureName): void {
  const started = Date.now();
  const dir = NPM_FIXTURES[name]();
  process.stderr.write(
    `test:fixtures: ${name} in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}

/** Each fixture in a child process (this file again, under the same loader), all at once; fails if one did. */
async function installAll(): Promise<number> {
  const names = Object.keys(NPM_FIXTURES) as FixtureName[];
  const codes = await Promise.all(
    names.map(
      (name) =>
        new Promise<number>((done) => {
          const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          child.on('error', () => done(1));
          child.on('close', (code) => done(code ?? 1));
        }),
    ),
  );
  const failed = names.filter((_, at) => codes[at] !== 0);
  if (failed.length > 0) process.stderr.write(`test:fixtures: failed: ${failed.join(', ')}\n`);
  return failed.length > 0 ? 1 : 0;
}

const only = process.argv[2];
if (only === undefined) process.exitCode = await installAll();
else if (Object.hasOwn(NPM_FIXTURES, only)) install(only as FixtureName);
else {
  process.stderr.write(`test:fixtures: no fixture ${only} (${Object.keys(NPM_FIXTURES).join(', ')})\n`);
  process.exitCode = 2;
}
