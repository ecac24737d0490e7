// end-to-end: runs `npm run setup`'s install step with a stand-in npm
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * A plain user's `npm run setup` failed in `npm ci` (2026-11-29, w221): better-sqlite3 compiles its binding,
 * node-gyp went to nodejs.org for Node's headers, and only the npm registry is reachable. Root passed only
 * because its ~/.npmrc had `nodedir=/usr`. Debian's Node has its headers beside it (/usr/include/node).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const HEADERS = join(dirname(dirname(process.execPath)), 'include', 'node', 'node_version.h');
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** The step of `npm run setup` between the system packages and the build. */
function installStep(): string {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const steps = (scripts.setup ?? '').split('&&').map((step) => step.trim());
  expect(steps[0]).toBe('node scripts/system-packages.mjs');
  expect(steps.at(-1)).toBe('npm run build');
  return steps.slice(1, -1).join(' && ');
}

/** Runs the install step with an npm that records the nodedir it was given; returns that and stderr. */
function runInstallStep(extraEnv: Record<string, string>) {
  const folder = mkdtempSync(join(tmpdir(), 'vouch-npm-ci-'));
  folders.push(folder);
  const seen = join(folder, 'seen');
  writeFileSync(join(folder, 'npm'), `#!/bin/sh\necho "$* nodedir=$npm_config_nodedir" > '${seen}'\n`);
  chmodSync(join(folder, 'npm'), 0o755);
  const env: Record<string, string> = {
    PATH: `${folder}:${process.env.PATH ?? ''}`,
    HOME: folder,
    ...extraEnv,
  };
  const result = spawnSync('sh', ['-c', installStep()], { cwd: ROOT, env, encoding: 'utf8' });
  return {
    status: result.status,
    stderr: result.stderr,
    seen: existsSync(seen) ? readFileSync(seen, 'utf8').trim() : '',
  };
}

describe("npm run setup's npm ci", () => {
  it("builds native modules against this Node's own headers when they are installed beside it", (context) => {
    context.skip(!existsSync(HEADERS), `this Node has no headers at ${HEADERS}`);
    const run = runInstallStep({});
    expect(run.status).toBe(0);
    expect(run.seen).toBe(`ci nodedir=${dirname(dirname(process.execPath))}`);
    expect(run.stderr).toContain('include/node');
  });

  it('keeps a nodedir the user configured', () => {
    const run = runInstallStep({ npm_config_nodedir: '/opt/my-node' });
    expect(run.status).toBe(0);
    expect(run.seen).toBe('ci nodedir=/opt/my-node');
  });
});
