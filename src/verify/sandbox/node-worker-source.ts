/**
 * The warm Node worker, run inside bubblewrap. Node cannot fork(), and `vm` contexts share one process
 * (no isolation), so every program gets its own `node` process. To take the ~40 ms start-up off the
 * critical path the worker keeps one spare child already booted and blocked reading its job from fd 3;
 * a job costs writing that header. The spare is started only after the previous job's processes are all
 * dead, so no program ever coexists with (and could tamper with) the process that runs the next one.
 * After each job every process in the worker's PID namespace other than itself is SIGKILLed.
 */
export const NODE_WORKER_SOURCE = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const config = JSON.parse(process.argv[2]);
const bootstrap = path.join(__dirname, 'bootstrap.js');
let spare;

function startSpare() {
  const limits = config.limits;
  const mb = 1024 * 1024;
  const child = spawn(config.prlimit, [
    '--cpu=' + limits.cpuSec,
    '--data=' + (limits.memoryMb * 2 + 256) * mb,
    '--nproc=' + limits.processes,
    '--fsize=' + limits.fileSizeMb * mb,
    '--core=0',
    '--',
    process.execPath,
    '--max-old-space-size=' + limits.memoryMb,
    bootstrap,
  ], { cwd: '/tmp', env: config.env, detached: true, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const entry = { child, exited: false, exit: null };
  entry.done = new Promise((resolve) => child.on('exit', (code, signal) => {
    entry.exited = true;
    entry.exit = { code, signal };
    resolve();
  }));
  child.on('error', () => {});
  child.stdin.on('error', () => {});
  child.stdio[3].on('error', () => {});
  spare = entry;
}

function others() {
  const found = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === 1 || pid === process.pid) continue;
    try {
      const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && state !== 'X') found.push(pid);
    } catch {}
  }
  return found;
}

async function killEverythingElse() {
  for (let round = 0; round < 1000; round++) {
    const left = others();
    if (left.length === 0) return;
    for (const pid of left) {
      try { process.kill(pid, 'SIGKILL'); } catch {}
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function run(job) {
  if (!spare || spare.exited) {
    await killEverythingElse();
    startSpare();
  }
  const entry = spare;
  spare = undefined;
  const dir = fs.mkdtempSync('/tmp/job-');
  for (const [name, content] of Object.entries(job.files || {})) {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  const esm = /^\s*(import\s*[\w{*'"]|export\s)/m.test(job.source);
  const main = path.join(dir, esm ? 'main.mjs' : 'main.js');
  fs.writeFileSync(main, job.source);
  const started = performance.now();
  const cap = job.outputBytes;
  const out = [], err = [];
  let outSize = 0, errSize = 0, truncated = false;
  entry.child.stdout.on('data', (chunk) => {
    const room = cap - outSize;
    if (chunk.length > room) truncated = true;
    if (room > 0) { out.push(chunk.subarray(0, room)); outSize += Math.min(room, chunk.length); }
  });
  entry.child.stderr.on('data', (chunk) => {
    const room = cap - errSize;
    if (chunk.length > room) truncated = true;
    if (room > 0) { err.push(chunk.subarray(0, room)); errSize += Math.min(room, chunk.length); }
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try { process.kill(-entry.child.pid, 'SIGKILL'); } catch {}
  }, job.timeoutMs);
  entry.child.stdio[3].end(JSON.stringify({ dir, main }) + '\n');
  entry.child.stdin.end(job.stdin || '');
  await entry.done;
  // Output still held by descendants (a daemon keeping stdout open) is drained briefly, then cut.
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearTimeout(timer);
  const durationMs = performance.now() - started;
  await killEverythingElse();
  fs.rmSync(dir, { recursive: true, force: true });
  startSpare();
  return {
    id: job.id,
    durationMs,
    timedOut,
    truncated,
    memory: false,
    exitCode: entry.exit.signal ? null : entry.exit.code,
    ...(entry.exit.signal ? { signal: entry.exit.signal } : {}),
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

let buffer = '';
let chain = Promise.resolve();
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let index;
  while ((index = buffer.indexOf('\n')) >= 0) {
    const job = JSON.parse(buffer.slice(0, index));
    buffer = buffer.slice(index + 1);
    chain = chain.then(() => run(job)).catch((error) => ({ id: job.id, error: String(error && error.stack || error) }))
      .then((result) => process.stdout.write(JSON.stringify(result) + '\n'));
  }
});
process.stdin.on('end', () => process.exit(0));
startSpare();
process.stdout.write('{"ready":true}\n');
`;

/** The spare child: blocks until its job header arrives on fd 3, then becomes the program. */
export const NODE_BOOTSTRAP_SOURCE = String.raw`
'use strict';
const fs = require('node:fs');
const chunk = Buffer.alloc(65536);
let header = '';
while (!header.includes('\n')) {
  let read;
  try {
    read = fs.readSync(3, chunk, 0, chunk.length, null);
  } catch (error) {
    if (error.code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); continue; }
    throw error;
  }
  if (read === 0) process.exit(70);
  header += chunk.toString('utf8', 0, read);
}
fs.closeSync(3);
const job = JSON.parse(header);
process.chdir(job.dir);
process.env.HOME = job.dir;
process.argv = [process.execPath, job.main];
require('node:module').runMain(job.main);
`;
