import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Server } from 'node:net';
import { vi } from 'vitest';

/**
 * What a test file of the unit tier may not leave changed for the files after it: they share their worker
 * (`isolate: false` in vitest.config.ts), so a working directory, an environment variable, fake timers, a
 * listener on the process (a Ctrl-C handler, an exit hook) or `process.exitCode` left behind would change
 * what the next file sees — a SIGINT handler of vouch's CLI would cancel the next file's work when Vitest
 * stops the worker, an exit code set would fail the worker's run. `unit-tier-guard.ts` takes the state as
 * each file begins and fails the file that ends with it changed.
 */
export interface ProcessState {
  cwd: string;
  env: ReadonlyMap<string, string | undefined>;
  /** the process's own listeners of the events in WATCHED_EVENTS, process-wide hooks left out */
  listeners: ReadonlyMap<WatchedEvent, readonly Listener[]>;
  /** of those, the ones added with `once`: put back as such */
  once?: ReadonlySet<Listener>;
  exitCode: typeof process.exitCode;
}

type Listener = (...args: unknown[]) => void;

/** The process events whose listeners outlive a test file: signals, the exit hooks, the last-resort handlers. */
export const WATCHED_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'exit',
  'beforeExit',
  'uncaughtException',
  'unhandledRejection',
] as const;
type WatchedEvent = (typeof WATCHED_EVENTS)[number];

/**
 * A listener vouch installs once for the life of the process by design (a scratch folder's removal at
 * exit) carries this mark (`Symbol.for`, so vouch's code needs nothing of the tests): the first file of a
 * worker to use it did not leak it.
 */
export const PROCESS_WIDE = Symbol.for('vouch.process-wide-listener');

const emitter = process as unknown as NodeJS.EventEmitter;

function ownListeners(event: WatchedEvent): Listener[] {
  return (emitter.listeners(event) as Listener[]).filter(
    (listener) => (listener as unknown as Record<symbol, unknown>)[PROCESS_WIDE] !== true,
  );
}

export const processState = (): ProcessState => ({
  cwd: process.cwd(),
  env: new Map(Object.entries(process.env)),
  listeners: new Map(WATCHED_EVENTS.map((event) => [event, ownListeners(event)])),
  once: onceListeners(),
  exitCode: process.exitCode,
});

/** The listeners added with `once`: `rawListeners` shows them wrapped, the wrapper naming the listener. */
function onceListeners(): Set<Listener> {
  const once = new Set<Listener>();
  for (const event of WATCHED_EVENTS)
    for (const raw of emitter.rawListeners(event) as (Listener & { listener?: Listener })[])
      if (raw.listener) once.add(raw.listener);
  return once;
}

/**
 * What differs from `before` to `after`: the working directory, the variables by name (never by value),
 * the process listeners added or removed by event (and the function's name when it has one), the exit code.
 */
export function stateChanges(before: ProcessState, after: ProcessState): string[] {
  const changes: string[] = [];
  if (after.cwd !== before.cwd) changes.push(`the working directory (${before.cwd} → ${after.cwd})`);
  const names = [...new Set([...before.env.keys(), ...after.env.keys()])].sort();
  const added = names.filter((name) => !before.env.has(name));
  const removed = names.filter((name) => !after.env.has(name));
  const changed = names.filter(
    (name) => before.env.has(name) && after.env.has(name) && before.env.get(name) !== after.env.get(name),
  );
  if (added.length > 0) changes.push(`environment variables added: ${added.join(', ')}`);
  if (removed.length > 0) changes.push(`environment variables removed: ${removed.join(', ')}`);
  if (changed.length > 0) changes.push(`environment variables changed: ${changed.join(', ')}`);
  const listenersAdded: string[] = [];
  const listenersRemoved: string[] = [];
  for (const event of WATCHED_EVENTS) {
    const was = before.listeners.get(event) ?? [];
    const is = after.listeners.get(event) ?? [];
    listenersAdded.push(...is.filter((listener) => !was.includes(listener)).map((l) => named(event, l)));
    listenersRemoved.push(...was.filter((listener) => !is.includes(listener)).map((l) => named(event, l)));
  }
  if (listenersAdded.length > 0) changes.push(`process listeners added: ${listenersAdded.join(', ')}`);
  if (listenersRemoved.length > 0) changes.push(`process listeners removed: ${listenersRemoved.join(', ')}`);
  if (after.exitCode !== before.exitCode)
    changes.push(`process.exitCode (${String(before.exitCode)} → ${String(after.exitCode)})`);
  return changes;
}

function named(event: string, listener: Listener): string {
  return listener.name ? `${event} (${listener.name})` : event;
}

/** Puts the working directory, the environment, the process's listeners and its exit code back as `state` had them. */
export function restoreState(state: ProcessState): void {
  if (process.cwd() !== state.cwd) process.chdir(state.cwd);
  for (const name of Object.keys(process.env)) if (!state.env.has(name)) delete process.env[name];
  for (const [name, value] of state.env) if (value !== undefined) process.env[name] = value;
  for (const event of WATCHED_EVENTS) {
    const was = state.listeners.get(event) ?? [];
    const is = ownListeners(event);
    for (const listener of is) if (!was.includes(listener)) emitter.removeListener(event, listener);
    for (const listener of was)
      if (!is.includes(listener))
        if (state.once?.has(listener)) emitter.once(event, listener);
        else emitter.on(event, listener);
  }
  if (process.exitCode !== state.exitCode) process.exitCode = state.exitCode;
}

/**
 * Takes the process's state now (as a file of a shared worker begins) and gives the check to run after the
 * file's own hooks: it fails a file that ends with the state changed, naming what changed (never an
 * environment variable's value), and puts the state back, so the leak fails that file and not the ones
 * after it. `file`: how the error names such a file.
 */
export function leftAsFoundCheck(file: string): () => void {
  const atStart = processState();
  return () => {
    const changes = stateChanges(atStart, processState());
    if (vi.isFakeTimers()) {
      vi.useRealTimers();
      changes.push('fake timers on (vi.useRealTimers() in an afterEach)');
    }
    if (changes.length === 0) return;
    restoreState(atStart);
    throw new Error(
      `${file} left the process changed for the files after it in its worker: ${changes.join('; ')}. ` +
        'Put it back in an afterEach or afterAll (vi.stubEnv with vi.unstubAllEnvs, vi.useRealTimers, ' +
        'process.off for a listener it added, process.exitCode as it was)',
    );
  };
}

/**
 * What a file left running that keeps the process alive: a server still listening, a child process
 * neither ended nor signalled. In a shared worker the files after it would run beside it (its port, its
 * CPU, its writes), so the shared end-to-end worker's guard fails such a file. Only what keeps the event
 * loop alive is seen (Node's list of active handles): a pool vouch keeps for the process by design is
 * unreferenced, and a socket a closed server leaves ends with it.
 */
export interface RunningHandles {
  servers: ReadonlySet<Server>;
  children: ReadonlySet<ChildProcess>;
}

const withHandles = process as unknown as { _getActiveHandles(): unknown[] };

export function runningHandles(): RunningHandles {
  const handles = withHandles._getActiveHandles();
  return {
    servers: new Set(handles.filter((handle): handle is Server => handle instanceof Server)),
    children: new Set(handles.filter((handle): handle is ChildProcess => handle instanceof ChildProcess)),
  };
}

function describeServer(server: Server): string {
  const address = server.address();
  const where = typeof address === 'string' ? address : address ? `${address.address}:${address.port}` : '?';
  return `a server listening on ${where}`;
}

function describeChild(child: ChildProcess): string {
  const words = child.spawnargs.slice(0, 4).join(' ');
  return `a child process (${words}${child.spawnargs.length > 4 ? ' …' : ''}; pid ${child.pid})`;
}

/** SIGKILL and SIGTERM in a mask of /proc/<pid>/status (bit n − 1 is signal n). */
const ENDING_SIGNALS = (1n << 8n) | (1n << 14n);

/**
 * Whether a process is already ending though its `ChildProcess` was never told: vouch kills a sandbox by
 * its process group (`process.kill(-pid)`, which `child.killed` does not see) and may not wait for the
 * exit. Ending: gone, a zombie, or SIGKILL or SIGTERM pending (Linux's /proc; elsewhere it counts as running).
 */
function isDying(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' && process.platform === 'linux';
  }
  const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(status)?.[1];
  if (/^[ZX]/.test(field('State') ?? '')) return true;
  const pending = BigInt(`0x${field('SigPnd') ?? '0'}`) | BigInt(`0x${field('ShdPnd') ?? '0'}`);
  return (pending & ENDING_SIGNALS) !== 0n;
}

/**
 * The servers still listening and the child processes still running that were not there at `before`,
 * each described, and ended: a server closed, a child killed (SIGKILL). A child already signalled (killed
 * in an afterAll that did not wait for it, or its process group killed) is waited for, not counted: it is ending.
 */
export async function endLeftRunning(before: RunningHandles): Promise<string[]> {
  const now = runningHandles();
  const left: string[] = [];
  for (const server of now.servers) {
    if (before.servers.has(server) || !server.listening) continue;
    left.push(describeServer(server));
    server.close();
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  }
  const ending: Promise<unknown>[] = [];
  for (const child of now.children) {
    if (before.children.has(child) || child.exitCode !== null || child.signalCode !== null) continue;
    const exited = once(child, 'exit');
    if (!child.killed && !isDying(child.pid)) {
      left.push(describeChild(child));
      child.kill('SIGKILL');
    }
    ending.push(exited);
  }
  await Promise.all(ending);
  return left;
}
