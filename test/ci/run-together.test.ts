// end-to-end: runs scripts/run-together.mjs, which starts npm scripts as processes
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * npm test runs build, typecheck and lint through scripts/run-together.mjs: at the same time (CI's second
 * core idled while they ran one after another), and failing when any of them fails.
 */
const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'run-together.mjs');
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A package whose npm scripts are the given Node programs (run with `node -e`). */
function project(scripts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-run-together-'));
  made.push(dir);
  const entries = Object.entries(scripts).map(([name, code]) => {
    writeFileSync(join(dir, `${name}.cjs`), code);
    return [name, `node ${name}.cjs`];
  });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'together', private: true, scripts: Object.fromEntries(entries) }),
  );
  return dir;
}

function runTogether(cwd: string, names: string[]) {
  // the npm on PATH, as from a shell (npm test itself passes its own through npm_execpath)
  const env = { ...process.env };
  delete env.npm_execpath;
  return spawnSync(process.execPath, [SCRIPT, ...names], { cwd, env, encoding: 'utf8', timeout: 100_000 });
}

/** Waits (up to 60 s) for the other script's file, then writes its own: only scripts run at once both end. */
const meets = (mine: string, theirs: string) => `
const fs = require('node:fs');
fs.writeFileSync(${JSON.stringify(mine)}, '');
const until = Date.now() + 60000;
while (!fs.existsSync(${JSON.stringify(theirs)})) {
  if (Date.now() > until) { console.log(${JSON.stringify(mine)} + ': the other never started'); process.exit(3); }
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}
console.log(${JSON.stringify(mine.replace('.started', ''))} + ': met');
`;

describe('scripts/run-together.mjs', () => {
  it('runs the scripts at the same time and passes when all pass', () => {
    const dir = project({
      first: meets('first.started', 'second.started'),
      second: meets('second.started', 'first.started'),
    });
    const run = runTogether(dir, ['first', 'second']);
    expect(run.stdout).toContain('first: met');
    expect(run.stdout).toContain('second: met');
    expect(run.stdout).toMatch(/run-together: first passed after/);
    expect(run.stdout).toMatch(/run-together: second passed after/);
    expect(run.status, run.stderr).toBe(0);
  });

  it('fails when one fails, after the others have ended, naming it', () => {
    const dir = project({
      broken: "console.log('broken: its error'); process.exit(2);",
      slower: "setTimeout(() => console.log('slower: done'), 1000);",
    });
    const run = runTogether(dir, ['broken', 'slower']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('broken: its error');
    expect(run.stdout).toContain('slower: done');
    expect(run.stdout).toMatch(/run-together: broken failed \(exit 2\)/);
    expect(run.stderr).toContain('run-together: failed: broken');
  });

  it('prints each script’s output whole, not interleaved with the others’', () => {
    const lines = (name: string) =>
      `(async () => { for (let i = 0; i < 5; i++) { console.log('${name} ' + i); await new Promise((r) => setTimeout(r, 30)); } })();`;
    const dir = project({ a: lines('a'), b: lines('b') });
    const run = runTogether(dir, ['a', 'b']);
    expect(run.status, run.stderr).toBe(0);
    const printed = run.stdout.split('\n').filter((line) => /^[ab] \d$/.test(line));
    expect(printed).toHaveLength(10);
    // each script's five lines follow one another
    expect(new Set(printed.slice(0, 5).map((line) => line[0])).size).toBe(1);
    expect(new Set(printed.slice(5).map((line) => line[0])).size).toBe(1);
  });
});
