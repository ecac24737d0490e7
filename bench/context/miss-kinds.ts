/**
 * What kinds of cross-file definitions vouch missed on tuning trees, read from a per-task dump of
 * compare.ts (`--dump-to FILE`): for each missed target, how the hidden body reaches it (`self.name`, an
 * imported module's attribute, another object's attribute, a name the file imports, a name a star import
 * provides, a decorator, a function passed as a value…) and what it is (class, function, method,
 * constant), and how much the tree's score and the mean over the trees would rise if every miss of a
 * kind were found. Python only; tuning trees only (./trees.ts).
 *
 *   node --import tsx bench/context/miss-kinds.ts DUMP.json [--examples N]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RetrievalTask } from './quality.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

interface Dump {
  tree: string;
  method: string;
  tasks: RetrievalTask[];
  perTarget: boolean[][];
}

const args = process.argv.slice(2);
const file = args[0];
if (!file) throw new Error('usage: miss-kinds.ts DUMP.json [--examples N]');
const examplesAt = args.indexOf('--examples');
const EXAMPLES = examplesAt >= 0 ? Number(args[examplesAt + 1]) : 0;
const dumps = (JSON.parse(readFileSync(file, 'utf8')) as Dump[]).filter((dump) => dump.method === 'vouch');

const escapeName = (name: string) => name.replace(/[$]/g, '\\$');

/** The names a Python file binds by its imports: modules (`import a.b as c`, `from . import m`) and names. */
function importsOf(text: string): { modules: Set<string>; names: Set<string>; star: boolean } {
  const modules = new Set<string>();
  const names = new Set<string>();
  let star = false;
  const joined = text.replace(/\(\s*([^)]*?)\s*\)/gs, (_, inner: string) => inner.replace(/\s+/g, ' '));
  for (const raw of joined.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    let match = /^import\s+(.+)$/.exec(line);
    if (match) {
      for (const part of match[1]!.split(',')) {
        const [module, alias] = part.trim().split(/\s+as\s+/);
        modules.add(alias ?? module!.split('.')[0]!);
      }
      continue;
    }
    match = /^from\s+(\S+)\s+import\s+(.+)$/.exec(line);
    if (!match) continue;
    if (match[2]!.trim() === '*') {
      star = true;
      continue;
    }
    for (const part of match[2]!.split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (!name) continue;
      const local = alias ?? name;
      // `from . import module` / `from pkg import module`: a lower-case name may be a module; the body's
      // `local.attr` says so below.
      names.add(local);
      if (/^[a-z_][a-z0-9_]*$/.test(local)) modules.add(local);
    }
  }
  return { modules, names, star };
}

/** How the body reaches `name`, the first way that applies. */
function howUsed(body: string, name: string, fileImports: ReturnType<typeof importsOf>): string {
  const n = escapeName(name);
  if (new RegExp(`@\\s*(?:[\\w.]+\\.)?${n}\\b`).test(body)) return 'decorator';
  if (new RegExp(`\\b(?:self|cls)\\.${n}\\b`).test(body)) return 'self./cls. member';
  if (new RegExp(`\\bsuper\\(\\)\\.${n}\\b`).test(body)) return 'super() member';
  const dotted = new RegExp(`\\b(\\w+)\\.${n}\\b`).exec(body);
  const bare = new RegExp(`(?<![.\\w])${n}\\b`).test(body);
  if (!bare && dotted) {
    if (fileImports.modules.has(dotted[1]!)) return 'imported module attribute';
    if (/^[A-Z]/.test(dotted[1]!)) return 'attribute of a class name';
    return 'attribute of another object';
  }
  if (bare) {
    const passed =
      new RegExp(`[(,=]\\s*${n}\\s*[,)]`).test(body) && !new RegExp(`(?<![.\\w])${n}\\s*\\(`).test(body);
    const how = passed ? 'passed as a value' : 'bare name';
    if (fileImports.names.has(name)) return `${how}, imported by name`;
    if (fileImports.star) return `${how}, star import in file`;
    return `${how}, not imported (local import or other)`;
  }
  return 'other';
}

interface Bucket {
  misses: number;
  examples: string[];
}
const perTree = new Map<string, { targets: number; found: number; kinds: Map<string, Bucket> }>();
const allKinds = new Set<string>();
for (const dump of dumps) {
  const tree = EVALUATION_TREES.find((candidate) => candidate.name === dump.tree);
  if (tree?.role !== 'tuning' || tree.language !== 'python') continue;
  const root = treeDir(tree);
  const texts = new Map<string, string>();
  const read = (path: string) => {
    let text = texts.get(path);
    if (text === undefined) {
      text = readFileSync(join(root, path), 'utf8');
      texts.set(path, text);
    }
    return text;
  };
  const entry = { targets: 0, found: 0, kinds: new Map<string, Bucket>() };
  perTree.set(dump.tree, entry);
  dump.tasks.forEach((task, index) => {
    const lines = read(task.path).split('\n');
    const body = lines.slice(task.startLine, task.endLine).join('\n');
    const outside = [...lines.slice(0, task.startLine), ...lines.slice(task.endLine)].join('\n');
    const fileImports = importsOf(outside);
    task.targets.forEach((target, at) => {
      entry.targets++;
      if (dump.perTarget[index]![at]) {
        entry.found++;
        return;
      }
      const targetLine = read(target.path).split('\n')[target.startLine - 1]!.trim();
      const what = /^(async\s+)?def\s/.test(targetLine)
        ? /^\s/.test(read(target.path).split('\n')[target.startLine - 1]!)
          ? 'method'
          : 'function'
        : /^class\s/.test(targetLine)
          ? 'class'
          : 'other (constant, attribute)';
      const namedOutside = new RegExp(`\\b${escapeName(target.name)}\\b`).test(outside);
      // A method's class, and where the cursor's file names it: in the function's own signature (an
      // annotation), elsewhere in the file, or nowhere.
      let classNamed = '';
      if (what === 'method') {
        const targetLines = read(target.path).split('\n');
        const indent = /^\s*/.exec(targetLines[target.startLine - 1]!)![0].length;
        for (let at = target.startLine - 2; at >= 0; at--) {
          const header = /^(\s*)class\s+(\w+)/.exec(targetLines[at]!);
          if (header && header[1]!.length < indent) {
            const signature = lines.slice(task.startLine - 1, task.startLine).join('\n');
            const owner = new RegExp(`\\b${header[2]}\\b`);
            classNamed = owner.test(signature)
              ? ' · its class in the signature'
              : owner.test(outside)
                ? ' · its class named in the file'
                : ' · its class not named';
            break;
          }
        }
      }
      const kind = `${howUsed(body, target.name, fileImports)} · ${what}${classNamed}${namedOutside ? '' : ' · only in the body'}`;
      allKinds.add(kind);
      let bucket = entry.kinds.get(kind);
      if (!bucket) {
        bucket = { misses: 0, examples: [] };
        entry.kinds.set(kind, bucket);
      }
      bucket.misses++;
      if (bucket.examples.length < EXAMPLES)
        bucket.examples.push(
          `${task.path}:${task.startLine} → ${target.name} (${target.path}:${target.startLine})`,
        );
    });
  });
}

const trees = [...perTree.keys()];
const gain = (kind: string, tree: string) =>
  (perTree.get(tree)!.kinds.get(kind)?.misses ?? 0) / perTree.get(tree)!.targets;
const rows = [...allKinds]
  .map((kind) => ({ kind, mean: trees.reduce((sum, tree) => sum + gain(kind, tree), 0) / trees.length }))
  .sort((a, b) => b.mean - a.mean);
process.stdout.write(
  `trees: ${trees.map((tree) => `${tree} ${(perTree.get(tree)!.found / perTree.get(tree)!.targets).toFixed(3)} (${perTree.get(tree)!.targets} targets)`).join(', ')}\n\n`,
);
process.stdout.write(`| kind of miss | ${trees.join(' | ')} | mean would rise by |\n`);
process.stdout.write(`| --- | ${trees.map(() => '---').join(' | ')} | --- |\n`);
for (const { kind, mean } of rows)
  process.stdout.write(
    `| ${kind} | ${trees.map((tree) => `${perTree.get(tree)!.kinds.get(kind)?.misses ?? 0} (+${gain(kind, tree).toFixed(3)})`).join(' | ')} | +${mean.toFixed(3)} |\n`,
  );
if (EXAMPLES > 0)
  for (const tree of trees)
    for (const [kind, bucket] of perTree.get(tree)!.kinds)
      process.stdout.write(`\n${tree} · ${kind}\n  ${bucket.examples.join('\n  ')}\n`);
