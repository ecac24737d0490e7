import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  makeScratchFolder,
  removeLiveScratchFolders,
  removeScratchFolder,
  removeScratchFolderLater,
  removeStaleScratchFolders,
} from './scan-scratch.js';

/** r23: Bandit's scratch folders of a killed process were left in the temporary directory. */
describe('scan scratch folders', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vouch-scratch-test-'));
    vi.stubEnv('TMPDIR', root);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    removeLiveScratchFolders();
    rmSync(root, { recursive: true, force: true });
  });

  /** a folder as a scan leaves it, an hour and a minute old */
  const left = (name: string, entries = ['snippet-0.py']) => {
    const folder = join(root, name);
    mkdirSync(folder);
    for (const entry of entries) writeFileSync(join(folder, entry), 'x = 1\n');
    const old = new Date(Date.now() - 61 * 60 * 1000);
    utimesSync(folder, old, old);
    return folder;
  };

  it("removes the stale folders of dead processes, and leaves a live process's, a young one and others", () => {
    const deadPid = 2 ** 31 - 2; // above any pid_max: no such process
    const stale = [left(`vouch-scan-${deadPid}-AbC123`), left('vouch-scan-JX34gJ')];
    const kept = [
      left(`vouch-scan-${process.pid}-AbC123`), // this process runs
      left(`vouch-scan-${deadPid}-XyZ789`, ['snippet-0.py', 'notes.txt']), // holds what Bandit never got
      left('vouch-scan-cache-FOWPRn'), // another name
    ];
    const young = join(root, `vouch-scan-${deadPid}-Young1`);
    mkdirSync(young);
    removeStaleScratchFolders();
    for (const folder of stale) expect(existsSync(folder), folder).toBe(false);
    for (const folder of [...kept, young]) expect(existsSync(folder), folder).toBe(true);
  });

  it("makes a folder named by this process's id, removed when the scan ends or the process exits", () => {
    const stale = left('vouch-scan-Old000');
    const folder = makeScratchFolder();
    expect(folder.startsWith(join(root, `vouch-scan-${process.pid}-`))).toBe(true);
    expect(existsSync(stale)).toBe(false);
    expect(process.listeners('exit')).toContain(removeLiveScratchFolders);
    const other = makeScratchFolder();
    removeScratchFolder(folder);
    expect(existsSync(folder)).toBe(false);
    removeLiveScratchFolders(); // what the exit event runs
    expect(existsSync(other)).toBe(false);
    expect(process.listeners('exit')).not.toContain(removeLiveScratchFolders);
  });

  it("a scan's end removes its folder off the thread: still there when the call returns, gone when it settles (w192)", async () => {
    const folder = makeScratchFolder();
    writeFileSync(join(folder, 'snippet-0.py'), 'x = 1\n');
    const removing = removeScratchFolderLater(folder);
    // a synchronous removal (rmSync) had held the thread here; the promise's removal needs the loop's turns
    expect(existsSync(folder)).toBe(true);
    expect(process.listeners('exit')).toContain(removeLiveScratchFolders);
    await removing;
    expect(existsSync(folder)).toBe(false);
    expect(process.listeners('exit')).not.toContain(removeLiveScratchFolders);
  });
});
