import { afterEach, describe, expect, it } from 'vitest';
import type { LanguageId } from '../core/languages.js';
import {
  type CursorWalker,
  directWalkAvailable,
  positionsReadFromMemory,
  usePublicCursor,
  walkTree,
} from './cursor-walk.js';
import { parse } from './parser.js';

/** Every node in walk order with what the walker reports about it. */
function record(walker: CursorWalker): string[] {
  const seen: string[] = [];
  let depth = 0;
  for (;;) {
    seen.push(
      `${depth} ${walker.typeId()} ${walker.isNamed()} ${walker.startIndex()}-${walker.endIndex()} f${walker.fieldId()}`,
    );
    if (walker.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!walker.gotoNextSibling()) {
      if (!walker.gotoParent()) return seen;
      depth--;
    }
  }
}

async function bothWays(language: LanguageId, source: string): Promise<[string[], string[]]> {
  const tree = await parse(language, source);
  try {
    usePublicCursor(false);
    const direct = walkTree(tree, record);
    usePublicCursor(true);
    const through = walkTree(tree, record);
    return [direct, through];
  } finally {
    usePublicCursor(false);
    tree.delete();
  }
}

describe('walkTree', () => {
  afterEach(() => usePublicCursor(false));

  it('takes the direct path once tree-sitter is initialised', async () => {
    (await parse('python', 'x = 1\n')).delete();
    expect(directWalkAvailable()).toBe(true);
  });

  it('visits the same nodes as the public TreeCursor, syntax errors and non-ASCII text included', async () => {
    const python =
      'def f(a, b):\n    """ünïcode ✓"""\n    return a + (b if a else [x for x in b])\nclass (:\n';
    const [direct, through] = await bothWays('python', python);
    expect(direct).toEqual(through);
    expect(direct.length).toBeGreaterThan(30);
    expect(direct.some((line) => / 65535 /.test(line))).toBe(true);

    const tsx = `export const A = ({ x }: { x: string }) => <div title={\`é\${x}\`}>{x ?? "n"}</div>;\n`;
    const [directTsx, throughTsx] = await bothWays('tsx', tsx);
    expect(directTsx).toEqual(throughTsx);
    // Starts and ends came from WebAssembly memory, inline and heap subtrees alike, not from the getters.
    expect(positionsReadFromMemory()).toBe(true);
  });

  it('stays in step when the cursor stack grows deep', async () => {
    const deep = `x = ${'('.repeat(400)}1${')'.repeat(400)}\n`;
    const [direct, through] = await bothWays('python', deep);
    expect(direct).toEqual(through);
    expect(Math.max(...direct.map((line) => Number(line.split(' ')[0])))).toBeGreaterThan(400);
    // The heap is still sound: more trees parse and walk after the deep one was freed.
    const [again] = await bothWays('python', 'y = [1, 2, 3]\n');
    expect(again.length).toBeGreaterThan(5);
  });
});
