import { describe, expect, it } from 'vitest';
import { parse, syntaxErrors } from '../../syntax/parser.js';
import { buildTestStubs, findSignatures } from './test-stubs.js';

async function parsesCleanly(
  language: 'python' | 'typescript' | 'javascript' | 'go' | 'rust' | 'java',
  code: string,
) {
  const tree = await parse(language, code);
  const errors = syntaxErrors(tree);
  tree.delete();
  return errors.length === 0;
}

describe('findSignatures', () => {
  it('finds public Python functions and classes with their parameters', async () => {
    const code =
      'import re\n\n@cache\ndef slugify(text: str, sep="-"):\n    pass\n\ndef _private(x):\n    pass\n\nclass Parser:\n    def parse(self, s):\n        pass\n';
    expect(await findSignatures(code, 'python')).toEqual([
      { kind: 'function', name: 'slugify', parameters: ['text', 'sep'] },
      { kind: 'class', name: 'Parser', parameters: [] },
    ]);
  });

  it('finds TypeScript function declarations and exported arrow functions', async () => {
    const code =
      'export function add(a: number, b = 2): number { return a + b; }\nexport const twice = (x: number) => x * 2;\nconst n = 3;\n';
    expect(await findSignatures(code, 'typescript')).toEqual([
      { kind: 'function', name: 'add', parameters: ['a', 'b'] },
      { kind: 'function', name: 'twice', parameters: ['x'] },
    ]);
  });

  it('finds Go, Rust and Java functions', async () => {
    expect(await findSignatures('package p\nfunc Add(a, b int) int { return a + b }\n', 'go')).toEqual([
      { kind: 'function', name: 'Add', parameters: ['a', 'b'] },
    ]);
    expect(await findSignatures('fn add(a: i32, b: i32) -> i32 { a + b }\n', 'rust')).toEqual([
      { kind: 'function', name: 'add', parameters: ['a', 'b'] },
    ]);
    expect(
      await findSignatures('class M { static int add(int a, int b) { return a + b; } }', 'java'),
    ).toEqual([{ kind: 'function', name: 'M.add', parameters: ['a', 'b'] }]);
  });
});

describe('buildTestStubs', () => {
  it('writes a pytest template that parses and imports from the target module', async () => {
    const stub = buildTestStubs([{ kind: 'function', name: 'slugify', parameters: ['text'] }], 'python', {
      file: 'src/text_utils.py',
    });
    expect(stub).toContain('from text_utils import slugify');
    expect(stub).toContain('def test_slugify():');
    expect(await parsesCleanly('python', stub)).toBe(true);
  });

  it('writes vitest, node:test, Go, Rust and JUnit templates that parse', async () => {
    const signatures = [{ kind: 'function' as const, name: 'add', parameters: ['a', 'b'] }];
    expect(await parsesCleanly('typescript', buildTestStubs(signatures, 'typescript'))).toBe(true);
    expect(
      await parsesCleanly('javascript', buildTestStubs(signatures, 'javascript', { framework: 'node:test' })),
    ).toBe(true);
    expect(await parsesCleanly('go', buildTestStubs(signatures, 'go'))).toBe(true);
    expect(await parsesCleanly('rust', buildTestStubs(signatures, 'rust'))).toBe(true);
    expect(await parsesCleanly('java', buildTestStubs(signatures, 'java'))).toBe(true);
  });

  it('returns nothing when there is nothing to test', () => {
    expect(buildTestStubs([], 'python')).toBe('');
  });
});
