/**
 * The engine a quality run measures: this checkout's, or another checkout's sources (`loadEngine(dir)`,
 * a built checkout of an earlier commit, `git worktree add` and `npm run build`), so one benchmark — the same tasks, the same rule, the same
 * baselines — can be run over the history (issue 45: bisecting what Django lost). Only what every engine
 * since issue 3 offers is used: `IndexStore.open`, `store.writeFiles`, `updateIndex`, `analyzeFile`,
 * `assembleContext`.
 */
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type AssembleContextOptions,
  type AssembledContext,
  assembleContext,
} from '../../src/context/index.js';
import { languageForPath } from '../../src/core/index.js';
import { analyzeFile, IndexStore, updateIndex } from '../../src/index/index.js';

export interface EngineFile {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
  text: string;
}

export interface Engine {
  /** what the results call it: `this checkout` or the other checkout's folder */
  label: string;
  open(root: string): IndexStore;
  /** indexes the tree (another checkout's in this thread: an unpacked checkout has no built parse worker) */
  refresh(store: IndexStore, root: string): Promise<{ files: number }>;
  /** writes one file's rows as the engine analyses `text` */
  writeFile(store: IndexStore, file: EngineFile): Promise<void>;
  assembleContext(options: AssembleContextOptions): Promise<AssembledContext>;
}

interface EngineModules {
  IndexStore: typeof IndexStore;
  updateIndex: typeof updateIndex;
  analyzeFile: typeof analyzeFile;
  languageForPath: typeof languageForPath;
  assembleContext: typeof assembleContext;
}

function engineOf(label: string, modules: EngineModules, poolThreshold?: number): Engine {
  return {
    label,
    open: (root) => modules.IndexStore.open(root),
    async refresh(store, root) {
      const run = modules.updateIndex({ root, store, ...(poolThreshold ? { poolThreshold } : {}) });
      for (;;) {
        const step = await run.next();
        if (step.done) return { files: step.value.files };
      }
    },
    async writeFile(store, file) {
      store.writeFiles([
        {
          path: file.path,
          size: file.size,
          mtimeMs: file.mtimeMs,
          hash: file.hash,
          analysis: await modules.analyzeFile(modules.languageForPath(file.path), file.text),
        },
      ]);
    },
    assembleContext: (options) => modules.assembleContext(options),
  };
}

let current: Engine | undefined;

/** This checkout's engine. */
export function currentEngine(): Engine {
  current ??= engineOf('this checkout', {
    IndexStore,
    updateIndex,
    analyzeFile,
    languageForPath,
    assembleContext,
  });
  return current;
}

/**
 * The engine of another checkout's `src/` (its own `node_modules`, or this checkout's linked in when it
 * has none), loaded through tsx as this one is.
 */
export async function loadEngine(dir: string): Promise<Engine> {
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), modules);
  const load = (path: string) => import(pathToFileURL(join(dir, 'src', path)).href);
  const [store, update, analyze, languages, assemble] = await Promise.all([
    load('index/index-store.ts'),
    load('index/update-index.ts'),
    load('index/analyze-file.ts'),
    existsSync(join(dir, 'src', 'core', 'languages.ts'))
      ? load('core/languages.ts')
      : load('syntax/languages.ts'),
    load('context/assemble-context.ts'),
  ]);
  return engineOf(
    dir,
    {
      IndexStore: store.IndexStore,
      updateIndex: update.updateIndex,
      analyzeFile: analyze.analyzeFile,
      languageForPath: languages.languageForPath,
      assembleContext: assemble.assembleContext,
    },
    Number.POSITIVE_INFINITY,
  );
}
