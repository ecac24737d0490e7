// A background thread (it lowered its priority, as the language server's gate thread does) that runs
// PROGRAM in the sandbox twice, nobody waiting for the one and `urgent` the other
// (session-priority.test.ts), and reports its own nice value and what each run printed.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../../../core/thread-priority.js';
import { runInSandbox } from '../run-in-sandbox.js';

lowerThreadPriority();
const thread = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);
const [background, urgent] = await Promise.all([
  runInSandbox({ command: ['bash', '-c', workerData as string] }),
  runInSandbox({ command: ['bash', '-c', workerData as string], urgent: true }),
]);
parentPort!.postMessage({ thread, background: background.stdout, urgent: urgent.stdout });
