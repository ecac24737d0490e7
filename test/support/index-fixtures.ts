import { rmSync } from 'node:fs';
import { IndexStore } from '../../src/index/index-store.js';
import { refreshIndex } from '../../src/index/open-index.js';
import { tempProject } from './temp-project.js';

/**
 * The temporary projects and open index stores of one test file. Call `cleanUp()` in `afterEach`: it
 * closes every store and removes every folder made through it.
 */
export class IndexFixtures {
  /** folders to remove; tests that make their own temporary folder push it here */
  readonly made: string[] = [];
  private readonly stores: IndexStore[] = [];

  /** A new temporary project holding `files`. */
  project(prefix: string, files: Record<string, string | Buffer>): string {
    return tempProject(prefix, files, this.made);
  }

  /** The index of `root`, closed at clean-up. */
  open(root: string): IndexStore {
    const store = IndexStore.open(root);
    this.stores.push(store);
    return store;
  }

  /** The index of `root`, brought up to date in this thread. */
  async indexed(root: string): Promise<IndexStore> {
    const store = this.open(root);
    await refreshIndex({ root, store, poolThreshold: Number.POSITIVE_INFINITY });
    return store;
  }

  cleanUp(): void {
    for (const store of this.stores.splice(0)) store.close();
    for (const dir of this.made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
