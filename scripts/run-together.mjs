#!/usr/bin/env node
// `node scripts/run-together.mjs build typecheck lint`: runs those npm scripts at the same time and fails
// when any of them fails (after all have ended, so every error is reported). npm test's steps before
// Vitest need nothing of each other (the type checks and the linter read src/, never dist/), and each is
// mostly one thread: one after another they left one of CI's two cores idle for about three minutes
// (bench/notes/2026-11-29-ci-time.md). Each script's output is printed whole when it ends, not
// interleaved with the others'.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write('usage: node scripts/run-together.mjs SCRIPT...\n');
  process.exit(2);
}
// the npm that runs this script (npm test), or the one on PATH
const npm = process.env.npm_execpath
  ? [process.execPath, process.env.npm_execpath]
  : [process.platform === 'win32' ? 'npm.cmd' : 'npm'];

const runs = names.map(
  (name) =>
    new Promise((done) => {
      const started = Date.now();
      const child = spawn(npm[0], [...npm.slice(1), 'run', name], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output = [];
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
      let ended = false;
      const end = (code, why) => {
        if (ended) return;
        ended = true;
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(Buffer.concat(output));
        process.stdout.write(`run-together: ${name} ${why} after ${seconds} s\n`);
        done(code);
      };
      child.on('error', (error) => end(1, `could not start (${error.message})`));
      child.on('close', (code, signal) =>
        end(code ?? 1, code === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`),
      );
    }),
);
const codes = await Promise.all(runs);
const failed = names.filter((_, at) => codes[at] !== 0);
if (failed.length > 0) {
  process.stderr.write(`run-together: failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
