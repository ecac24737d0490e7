import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * One way to write a task (issue 56): every task is a folder of its own, `src/tasks/<name>/index.ts`,
 * which defines `<name>Task`, and the registry (`src/tasks/index.ts`) takes each task from there. What
 * only one task uses sits in its folder; what several share stays at the root of `src/tasks/`. A result is
 * built one way too: `baseResult` and `withDetails` (`src/tasks/task-frame.ts`), never an object literal
 * naming the task and every field of the contract by hand. And a model's answer is streamed into events by
 * one loop, `streamAnswer` in the same file: no other module of src/tasks reads `streamChat` itself.
 */
const TASKS = resolve(import.meta.dirname, '..', '..', 'src', 'tasks');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Each task definition (`export const xTask: TaskDefinition<…, 'x'> =`), by name, with the file it is in. */
function definitions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(TASKS)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^export const (\w+)Task\s*:\s*TaskDefinition<.*'([\w-]+)'>\s*=/gm)) {
      found.set(match[2]!, relative(TASKS, file).split(sep).join('/'));
    }
  }
  return found;
}

/** The registry's entries (`name: nameTask,` in `TASKS`) and where `src/tasks/index.ts` imports each from. */
function registry(): { names: string[]; importedFrom: Map<string, string> } {
  const text = readFileSync(join(TASKS, 'index.ts'), 'utf8');
  const block = /const TASKS[^=]*=\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
  const names = [...block.matchAll(/^\s*([\w-]+):\s*\w+Task,/gm)].map((match) => match[1]!);
  const importedFrom = new Map<string, string>();
  for (const match of text.matchAll(/^import \{([^}]*)\} from '([^']+)';/gm)) {
    for (const name of match[1]!.split(',').map((part) => part.trim())) {
      if (/^\w+Task$/.test(name)) importedFrom.set(name, match[2]!);
    }
  }
  return { names, importedFrom };
}

/** Object literals of src/tasks (tests aside) that write a result by hand: `task` and `generated_code` together. */
function handBuiltResults(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(TASKS)) {
    const path = relative(TASKS, file).split(sep).join('/');
    const text = readFileSync(file, 'utf8');
    if (path === 'task-frame.ts' || !text.includes('generated_code')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isObjectLiteralExpression(node)) {
        const keys = node.properties.flatMap((property) =>
          property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
            ? [property.name.text]
            : [],
        );
        if (keys.includes('task') && keys.includes('generated_code')) {
          found.push(`${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('the tasks’ layout', () => {
  it('defines every task in src/tasks/<name>/index.ts', () => {
    const found = definitions();
    const { names } = registry();
    expect(names.length).toBeGreaterThanOrEqual(14);
    expect([...found.keys()].sort()).toEqual([...names].sort());
    const misplaced = [...found]
      .filter(([name, file]) => file !== `${name}/index.ts`)
      .map(([n, f]) => `${n}: ${f}`);
    expect(misplaced).toEqual([]);
  });

  it('registers every task from its folder’s index', () => {
    const { names, importedFrom } = registry();
    const elsewhere = names
      .map((name) => [name, importedFrom.get(`${name}Task`)] as const)
      .filter(([name, from]) => from !== `./${name}/index.js`)
      .map(([name, from]) => `${name}: ${from}`);
    expect(elsewhere).toEqual([]);
  });

  it('builds every result with baseResult and withDetails (task-frame.ts), none by hand', () => {
    expect(handBuiltResults()).toEqual([]);
  });

  it('streams a model answer into events in one loop (task-frame.ts), nowhere else', () => {
    const loops = sourceFiles(TASKS)
      .map((file) => relative(TASKS, file).split(sep).join('/'))
      .filter(
        (path) => path !== 'task-frame.ts' && /\.streamChat\(/.test(readFileSync(join(TASKS, path), 'utf8')),
      );
    expect(loops).toEqual([]);
  });
});
