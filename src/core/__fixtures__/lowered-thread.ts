// A worker thread that lowers its own priority and reports its nice value before and after (thread-priority.test.ts).
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from '../thread-priority.js';

/** field 19 of /proc/thread-self/stat; the fields after the command's closing parenthesis start at the 3rd */
const nice = () => Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);
const before = nice();
lowerThreadPriority();
parentPort!.postMessage({ before, after: nice() });
