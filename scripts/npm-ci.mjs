#!/usr/bin/env node
// `npm ci` for `npm run setup`, with node-gyp pointed at the C headers of the Node that runs it when they are
// installed beside it (Debian's nodejs puts them in /usr/include/node). better-sqlite3 finds no prebuilt
// binary for every Node and compiles its binding; node-gyp then downloads the headers from nodejs.org unless
// `nodedir` names a folder that has them. Offline, or behind a firewall that lets only the npm registry
// through, that download fails with "most likely ... network connectivity" and the user cannot tell why:
// root on the CI machine had `nodedir=/usr` in its ~/.npmrc, a plain user did not.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const say = (text) => process.stderr.write(`setup: ${text}\n`);

/** The folder whose include/node holds this Node's own headers (of its very version), or undefined. */
function localNodeDir() {
  const prefix = dirname(dirname(process.execPath));
  const header = join(prefix, 'include', 'node', 'node_version.h');
  if (!existsSync(header)) return undefined;
  const text = readFileSync(header, 'utf8');
  const part = (name) => new RegExp(`#define\\s+NODE_${name}_VERSION\\s+(\\d+)`).exec(text)?.[1];
  return `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}` === process.version ? prefix : undefined;
}

const env = { ...process.env };
// npm exports a configured nodedir (from any .npmrc or the environment) to the scripts it runs: keep it
if (!env.npm_config_nodedir) {
  const nodedir = localNodeDir();
  if (nodedir) {
    env.npm_config_nodedir = nodedir;
    say(`native modules build against this Node's headers in ${join(nodedir, 'include', 'node')}`);
  }
}
// under `npm run`, the npm that runs us; else the one on PATH
const npm = env.npm_execpath ? [process.execPath, [env.npm_execpath, 'ci']] : ['npm', ['ci']];
const result = spawnSync(npm[0], npm[1], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
