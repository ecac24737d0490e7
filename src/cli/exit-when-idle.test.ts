import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitWhenIdle } from './start.js';

// `vouch scan`'s end (cli/start.ts startScan): the event loop's `beforeExit`, emitted here by hand
const kept = process.listeners('beforeExit');

afterEach(() => {
  vi.restoreAllMocks();
  process.removeAllListeners('beforeExit');
  for (const listener of kept) process.on('beforeExit', listener);
});

describe('exitWhenIdle', () => {
  it('ends the process by process.exit, with the command’s exit code, once its loop is empty', () => {
    process.removeAllListeners('beforeExit');
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    exitWhenIdle();
    process.emit('beforeExit', 1);
    expect(exit).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
    // it ran once: no listener of its own is left
    expect(process.listenerCount('beforeExit')).toBe(0);
  });

  it('waits while another listener has its turn (the telemetry closes its stores there), and ends after', () => {
    process.removeAllListeners('beforeExit');
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    exitWhenIdle();
    const closed: string[] = [];
    process.once('beforeExit', () => closed.push('stores'));
    process.emit('beforeExit', 0);
    // the other listener ran (and may have queued work); the process goes on
    expect(closed).toEqual(['stores']);
    expect(exit).not.toHaveBeenCalled();
    // the loop empty again: now it ends
    process.emit('beforeExit', 0);
    expect(exit).toHaveBeenCalledWith(0);
  });
});
