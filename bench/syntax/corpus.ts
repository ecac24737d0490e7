import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LanguageId } from '../../src/core/index.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const ENGINE_025_DIR = join(ROOT, 'bench', '.work', 'tree-sitter-025');

/** The packages run.ts installs next to web-tree-sitter 0.25 (each ships its own `.wasm`). */
export const PACKAGES_025 = [
  'web-tree-sitter@0.25',
  'tree-sitter-python',
  'tree-sitter-javascript',
  'tree-sitter-typescript',
  'tree-sitter-go',
  'tree-sitter-java',
  'tree-sitter-rust',
  'tree-sitter-c',
  'tree-sitter-cpp',
  'tree-sitter-c-sharp',
  'tree-sitter-ruby',
  'tree-sitter-php',
  'tree-sitter-scala',
  'tree-sitter-bash',
  '@tree-sitter-grammars/tree-sitter-kotlin',
  '@tree-sitter-grammars/tree-sitter-lua',
  'tree-sitter-swift',
];

/** Installs web-tree-sitter 0.25 and the official grammars under ENGINE_025_DIR, once. */
export function installEngine025(log: (line: string) => void): void {
  if (existsSync(join(ENGINE_025_DIR, 'node_modules', 'web-tree-sitter'))) return;
  mkdirSync(ENGINE_025_DIR, { recursive: true });
  writeFileSync(join(ENGINE_025_DIR, 'package.json'), '{"name":"tree-sitter-025","private":true}\n');
  log(`installing ${PACKAGES_025.join(' ')} into ${ENGINE_025_DIR}`);
  // --ignore-scripts: only the .wasm files are used, not the native bindings the packages would build;
  // --legacy-peer-deps: tree-sitter-swift asks for an older tree-sitter peer than the others
  execFileSync(
    'npm',
    ['install', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', ...PACKAGES_025],
    { cwd: ENGINE_025_DIR, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** Where each of vouch's languages finds its grammar among those packages (under node_modules/). */
export const GRAMMARS_025: Partial<Record<LanguageId, string>> = {
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
  java: 'tree-sitter-java/tree-sitter-java.wasm',
  rust: 'tree-sitter-rust/tree-sitter-rust.wasm',
  c: 'tree-sitter-c/tree-sitter-c.wasm',
  cpp: 'tree-sitter-cpp/tree-sitter-cpp.wasm',
  csharp: 'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm',
  ruby: 'tree-sitter-ruby/tree-sitter-ruby.wasm',
  php: 'tree-sitter-php/tree-sitter-php.wasm',
  kotlin: '@tree-sitter-grammars/tree-sitter-kotlin/tree-sitter-kotlin.wasm',
  swift: 'tree-sitter-swift/tree-sitter-swift.wasm',
  scala: 'tree-sitter-scala/tree-sitter-scala.wasm',
  lua: '@tree-sitter-grammars/tree-sitter-lua/tree-sitter-lua.wasm',
  bash: 'tree-sitter-bash/tree-sitter-bash.wasm',
};

export interface CorpusFile {
  path: string;
  language: LanguageId;
  text: string;
}

function walk(dir: string, pattern: RegExp, found: string[] = []): string[] {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, pattern, found);
    else if (pattern.test(entry.name)) found.push(path);
  }
  return found;
}

/**
 * Real code nobody tuned the parsers on: Django (Debian's python3-django) for Python, vouch's own
 * src/ for TypeScript, the `yaml` package's built JavaScript for JavaScript. Sorted, so both engines
 * read the same files in the same order.
 */
export function corpus(): CorpusFile[] {
  const sets: [LanguageId, string[]][] = [
    ['python', walk('/usr/lib/python3/dist-packages/django', /\.py$/)],
    ['typescript', walk(join(ROOT, 'src'), /\.ts$/)],
    ['javascript', walk(join(ROOT, 'node_modules', 'yaml', 'dist'), /\.js$/)],
  ];
  return sets.flatMap(([language, paths]) =>
    paths.map((path) => ({ path, language, text: readFileSync(path, 'utf8') })),
  );
}
