/**
 * Does a change leave the context unchanged? Assembles the context at 86 cursors in Django's Python files
 * (each twice: 4,000 tokens without a request, 8,000 with one) through a built checkout's dist/, and a
 * cold `vouch context --json` through its CLI at 6 of them, and writes one line per answer with its
 * SHA-1 (and the answers themselves beside it). Run it for two builds, each on a copy of the tree that
 * build indexed itself, and compare the files:
 *
 *   node --import tsx bench/context/same-answer.ts --checkout /path/to/build --tree /path/to/django-copy --out a.jsonl
 *   node --import tsx bench/context/same-answer.ts --compare a.jsonl b.jsonl
 *
 * The tree is indexed first with the checkout's own `vouch index`. Run twice in a row for one build, it
 * also shows that what that build keeps on disk between processes (caches) gives the same answers.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

if (args[0] === '--compare') {
  const [a, b] = [args[1]!, args[2]!].map(
    (file) =>
      new Map(
        readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((line) => {
            const row = JSON.parse(line) as { key: string; sha1: string };
            return [row.key, row.sha1] as const;
          }),
      ),
  );
  const differing = [...a!].filter(([key, hash]) => b!.get(key) !== hash).map(([key]) => key);
  const missing = [...b!.keys()].filter((key) => !a!.has(key));
  process.stdout.write(
    `${a!.size} answers in the first, ${b!.size} in the second; ${differing.length} differ${differing.length ? `: ${differing.slice(0, 10).join(', ')}` : ''}; ${missing.length} only in the second\n`,
  );
  process.exit(differing.length + missing.length > 0 ? 1 : 0);
}

const checkout = resolve(option('--checkout') ?? join(import.meta.dirname, '..', '..'));
const tree = resolve(option('--tree') ?? '');
const out = resolve(option('--out') ?? 'same-answer.jsonl');
const bin = join(checkout, 'bin', 'vouch.js');
const dist = (path: string) => import(pathToFileURL(join(checkout, 'dist', path)).href);

const index = spawnSync(process.execPath, [bin, 'index', '--json'], { cwd: tree, encoding: 'utf8' });
if (index.status !== 0) throw new Error(`vouch index failed in ${tree}: ${index.stderr}`);

function pythonFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(path, found);
    else if (entry.name.endsWith('.py')) found.push(path);
  }
  return found;
}
// 86 files with at least 40 lines, spread evenly over the sorted list; the cursor 60% of the way down.
const candidates = pythonFiles(tree)
  .map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n').length }))
  .filter((file) => file.lines >= 40)
  .sort((a, b) => (a.path < b.path ? -1 : 1));
const step = candidates.length / 86;
const cursors = Array.from({ length: 86 }, (_, index) => candidates[Math.floor(index * step)]!).map(
  (file) => ({ path: file.path, line: Math.floor(file.lines * 0.6) }),
);

const { assembleContext, renderContextForPrompt } = await dist('context/index.js');
const { IndexStore } = await dist('index/index-store.js');
const store = IndexStore.open(tree);
const rows: string[] = [];
const answers: unknown[] = [];
for (const cursor of cursors) {
  const name = relative(tree, cursor.path);
  for (const variant of [
    { budgetTokens: 4000 },
    { budgetTokens: 8000, request: `make ${name.split('/').pop()} handle an empty input` },
  ]) {
    const context = await assembleContext({
      workspaceRoot: tree,
      cursor: { path: cursor.path, line: cursor.line },
      store,
      ...variant,
    });
    const answer = JSON.stringify({
      workspaceRoot: context.workspaceRoot === tree ? '<tree>' : context.workspaceRoot,
      snippets: context.snippets,
      environmentText: context.environmentText,
      promptTokens: context.promptTokens,
      dropped: context.dropped,
      prompt: renderContextForPrompt(context),
    });
    const key = `${name}:${cursor.line}:${variant.budgetTokens}${variant.request ? ':request' : ''}`;
    rows.push(JSON.stringify({ key, sha1: sha1(answer) }));
    answers.push({ key, answer: JSON.parse(answer) });
  }
}
store.close();
// Whole cold processes through the CLI, as a user runs them.
for (const cursor of cursors.filter((_, index) => index % 15 === 0)) {
  const name = relative(tree, cursor.path);
  const run = spawnSync(process.execPath, [bin, 'context', `${name}:${cursor.line}`, '--json'], {
    cwd: tree,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`vouch context ${name}:${cursor.line} failed: ${run.stderr}`);
  // The environment names the tree's folder, which differs between the two copies compared.
  const answer = run.stdout.replaceAll(JSON.stringify(tree).slice(1, -1), '<tree>');
  rows.push(JSON.stringify({ key: `cli:${name}:${cursor.line}`, sha1: sha1(answer) }));
  answers.push({ key: `cli:${name}:${cursor.line}`, answer });
}
writeFileSync(out, `${rows.join('\n')}\n`);
writeFileSync(`${out}.answers.json`, JSON.stringify(answers));
process.stdout.write(`${rows.length} answers written to ${out}\n`);
