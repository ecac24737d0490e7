import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type ParserModule from 'web-tree-sitter';
import { readCodeCache, writeCodeCache } from '../core/code-cache.js';

/**
 * web-tree-sitter's JavaScript (74 KB), compiled as `require` would compile it but with a V8 code cache the
 * build made (scripts/build-scan-cache.mjs, under a scan's V8 flags): `require` compiles the file afresh in
 * every process and every scan-pool worker, ≈ 7–10 ms of CPU of a one-file `vouch scan`'s ≈ 0.24 s (issue
 * 59, bench/notes/2026-11-27-profile.md). Under other flags (the server, the editor's gate) V8 refuses the
 * cache and compiles as before. The module is the package's own file, loaded once per thread; its
 * `__dirname` is the package's folder, where Emscripten finds tree-sitter.wasm.
 */
const CODE_CACHE = fileURLToPath(new URL('./web-tree-sitter.cache', import.meta.url));

/** CommonJS's wrapper, as Node's loader puts it around a file */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'] as const;

interface Loaded {
  parser: typeof ParserModule;
  script: Script;
  text: string;
  /** what V8 did with the cache file */
  codeCache: 'accepted' | 'rejected' | 'none';
}

let loaded: Loaded | undefined;

/**
 * Where web-tree-sitter's script is: the package's main file in the install's own node_modules when it is
 * there (the first folder Node's resolution finds it in from dist/syntax/: checked against `require.resolve`
 * by web-tree-sitter-script.test.ts), else wherever `require.resolve` finds it (an install whose
 * dependencies were hoisted). The resolver's walk cost ≈ 3 ms of a one-file scan's CPU (issue 59).
 */
export function webTreeSitterFile(): string {
  const own = fileURLToPath(new URL('../../node_modules/web-tree-sitter/tree-sitter.js', import.meta.url));
  return existsSync(own) ? own : createRequire(import.meta.url).resolve('web-tree-sitter');
}

function load(cache: string): Loaded {
  const file = webTreeSitterFile();
  const text = `${WRAPPER[0]}${readFileSync(file, 'utf8')}${WRAPPER[1]}`;
  const cachedData = readCodeCache(cache, text);
  const script = new Script(text, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    parser: module.exports as typeof ParserModule,
    script,
    text,
    codeCache: !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted',
  };
}

/** web-tree-sitter's `Parser`, loaded on first use in this thread (with the code cache at `cache` when it fits). */
export function webTreeSitter(cache: string = CODE_CACHE): typeof ParserModule {
  loaded ??= load(cache);
  return loaded.parser;
}

/** Whether this thread's web-tree-sitter was compiled from the code cache (tests). */
export function webTreeSitterCodeCache(): Loaded['codeCache'] | undefined {
  return loaded?.codeCache;
}

/**
 * Writes V8's code cache of web-tree-sitter as loaded in this thread, with every function it has run so far,
 * to `cache` (the build: after parsing some code under a scan's flags). Returns the data's size in bytes.
 */
export function writeWebTreeSitterCodeCache(cache: string = CODE_CACHE): number {
  if (!loaded) throw new Error('web-tree-sitter is not loaded in this thread');
  const data = loaded.script.createCachedData();
  writeCodeCache(cache, loaded.text, data);
  return data.length;
}
