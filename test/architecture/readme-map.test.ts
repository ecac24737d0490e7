// end-to-end: lists the repository's files with git ls-files
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The maps stay true: every folder of src/ is in ARCHITECTURE.md's layout and its table of layers, and
 * every file of vouch's own a map names exists. The maps are every folder's README, ARCHITECTURE.md and
 * CONTRIBUTING.md. A map names a file with a backticked path of a source kind vouch keeps (`.ts`, `.tsx`,
 * `.mjs`, `.cjs`, `.py`, `.scm`, `.md`); it is found relative to the map, to src/ or to the repository, or
 * as the end of a path of the repository (`completion-cache.ts` beside `complete/`). The root README and
 * the user's pages of docs/ are not maps: the files they name are the user's (`src/shop/cart.py`). Built
 * output (`dist/`), runtime files (`.vouch/…`) and patterns are not files.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Names READMEs use for files that are not vouch's: the upstream harnesses eval/ follows, a Python package's. */
const NOT_OURS = new Set([
  'execution.py',
  'evaluation/src/eval_ts.py',
  'multiple_metrics/eval_ts.py',
  '__init__.py',
]);
const SRC = join(ROOT, 'src');
const KINDS = /\.(?:ts|tsx|mjs|cjs|py|scm|md)$/;

function repositoryFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
}

/** The maintainers' maps: every folder's README (the root one is the users' front door) and the two root maps. */
const ROOT_MAPS = ['ARCHITECTURE.md', 'CONTRIBUTING.md'];

function maps(): string[] {
  return [
    ...ROOT_MAPS,
    ...repositoryFiles().filter(
      (path) =>
        /\/README\.md$/.test(path) &&
        !path.startsWith('node_modules/') &&
        !path.startsWith('docs/') &&
        !/(?:^|\/)__fixtures__\//.test(path) &&
        !path.startsWith('test/support/gguf/'),
    ),
  ];
}

/** The backticked file names of a README's text. */
function namedFiles(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/`([^`\s]+)`/g)) {
    const token = match[1]!.replace(/[:,;)]+$/, '');
    // an extension alone (`.ts`, `.d.ts`) names a kind of file, not a file
    if (!KINDS.test(token) || /^\.[\w.]+$/.test(token) || NOT_OURS.has(token)) continue;
    if (/[*{}<>|$]/.test(token) || token.startsWith('dist/') || token.startsWith('.vouch/')) continue;
    if (token.startsWith('~') || token.startsWith('/') || token.includes('://')) continue;
    names.add(token.replace(/^\.\//, ''));
  }
  return [...names];
}

describe('the maps', () => {
  it("puts every folder of src/ in ARCHITECTURE.md's layout", () => {
    const readme = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const start = readme.indexOf('- Layout');
    expect(start).toBeGreaterThan(-1);
    const block = readme.slice(
      readme.indexOf('```', start),
      readme.indexOf('```', readme.indexOf('```', start) + 3),
    );
    // the folders stand apart (two spaces or more before each); the prose after them does not
    const inLayout = new Set([...block.matchAll(/(?:^|\s{2,})([a-z][\w-]*)\//gm)].map((match) => match[1]));
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => !inLayout.has(folder))).toEqual([]);
    expect([...inLayout].filter((folder) => !folders.includes(folder!))).toEqual([]);
  });

  it("links every folder of src/ in ARCHITECTURE.md's table of layers, on the line layers.json gives it", () => {
    const text = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const { layers } = JSON.parse(
      readFileSync(join(ROOT, 'test', 'architecture', 'layers.json'), 'utf8'),
    ) as { layers: string[][] };
    const rows = new Map(
      [...text.matchAll(/^\| (\d+) \| (.*)$/gm)].map((match) => [Number(match[1]), match[2]!] as const),
    );
    const misplaced: string[] = [];
    for (const folder of readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
      const line = layers.findIndex((layer) => layer.includes(folder.name)) + 1;
      if (!rows.get(line)?.includes(`](src/${folder.name}/)`))
        misplaced.push(`${folder.name} (layer ${line})`);
    }
    expect(misplaced).toEqual([]);
  });

  it('lists every command of the CLI in cli/README.md', () => {
    const readme = readFileSync(join(SRC, 'cli', 'README.md'), 'utf8');
    const commands = readdirSync(join(SRC, 'cli', 'commands'))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => name.slice(0, -'.ts'.length));
    expect(commands.length).toBeGreaterThan(20);
    expect(commands.filter((command) => !readme.includes(`\`${command}\``))).toEqual([]);
  });

  it('names in every map only files that exist', () => {
    const files = repositoryFiles();
    const missing: string[] = [];
    for (const readme of maps()) {
      const text = readFileSync(join(ROOT, readme), 'utf8');
      const folder = dirname(join(ROOT, readme));
      for (const name of namedFiles(text)) {
        const found =
          existsSync(join(folder, name)) ||
          existsSync(join(SRC, name)) ||
          existsSync(join(ROOT, name)) ||
          files.some((path) => path.endsWith(`/${name}`));
        if (!found) missing.push(`${relative(ROOT, join(ROOT, readme))}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
