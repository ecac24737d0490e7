import { describe, expect, it } from 'vitest';
import { languageForPath } from '../../core/languages.js';
import { type AppliedEdits, applyAnswerEdits, type EditTarget } from './apply-answer-edits.js';
import { pathIn, readAnswerEdits } from './read-answer-edits.js';

/** Every shape of answer models give, read and applied the one way `debug` and `fix` take them. */

const SHAPES = `class Shape:
    def area(self):
        raise NotImplementedError


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side + self.side

    def perimeter(self):
        return 4 * self.side


def total_area(shapes):
    return sum(shape.area() for shape in shapes)
`;
const TEST_SHAPES = `from shapes import Square


def test_area():
    assert Square(3).area() == 9
`;

async function apply(answer: string, files: Record<string, string>, candidates = Object.keys(files)) {
  const read = readAnswerEdits(answer);
  const applied: AppliedEdits = await applyAnswerEdits(read.edits, {
    candidates,
    resolve: (path): EditTarget | string =>
      files[path] !== undefined
        ? { path, language: languageForPath(path)!, text: files[path]! }
        : `the answer changes ${path}, which is not a source file of the workspace`,
  });
  return { read, ...applied };
}

const FIXED_METHOD = SHAPES.replace('return self.side + self.side', 'return self.side * self.side');

describe('answers a model gives, applied', () => {
  it('a unified diff', async () => {
    const { after, problems, read } = await apply(
      [
        'The area adds instead of multiplying.',
        '```diff',
        '--- a/shapes.py',
        '+++ b/shapes.py',
        '@@ -10,2 +10,2 @@',
        '     def area(self):',
        '-        return self.side + self.side',
        '+        return self.side * self.side',
        '```',
      ].join('\n'),
      { 'shapes.py': SHAPES, 'test_shapes.py': TEST_SHAPES },
    );
    expect(problems).toEqual([]);
    expect(read.edits[0]!.shape).toBe('diff');
    expect(after.get('shapes.py')).toBe(FIXED_METHOD);
  });

  it('a change across files, one ```diff block per file: every block is part of the change', async () => {
    const { after, problems, read } = await apply(
      [
        'The area multiplies, and its test covers a second square.',
        '```diff',
        '--- a/shapes.py',
        '+++ b/shapes.py',
        '@@ -10,2 +10,2 @@',
        '     def area(self):',
        '-        return self.side + self.side',
        '+        return self.side * self.side',
        '```',
        '',
        '```diff',
        '--- a/test_shapes.py',
        '+++ b/test_shapes.py',
        '@@ -4,2 +4,3 @@',
        ' def test_area():',
        '     assert Square(3).area() == 9',
        '+    assert Square(2).area() == 4',
        '```',
      ].join('\n'),
      { 'shapes.py': SHAPES, 'test_shapes.py': TEST_SHAPES },
    );
    expect(problems).toEqual([]);
    expect(read.edits.map((edit) => edit.shape)).toEqual(['diff', 'diff']);
    expect(after.get('shapes.py')).toBe(FIXED_METHOD);
    expect(after.get('test_shapes.py')).toBe(`${TEST_SHAPES}    assert Square(2).area() == 4\n`);
  });

  it('the whole file in a code block, named on the line before', async () => {
    const { after, problems } = await apply(
      `Here is the corrected file.\n\n**shapes.py**\n\`\`\`python\n${FIXED_METHOD}\`\`\`\n`,
      { 'shapes.py': SHAPES, 'test_shapes.py': TEST_SHAPES },
    );
    expect(problems).toEqual([]);
    expect(after.get('shapes.py')).toBe(FIXED_METHOD);
  });

  it('one method given alone at column 0 goes back into its class, re-indented, by its name (the file named in the fence)', async () => {
    const { after, problems } = await apply(
      '`Square.area` adds.\n\n```python shapes.py\ndef area(self):\n    return self.side * self.side\n```\n',
      { 'shapes.py': SHAPES, 'test_shapes.py': TEST_SHAPES },
    );
    // `area` is defined twice (Shape and Square): which one is a guess, and vouch does not guess
    expect(after.get('shapes.py')).toBeUndefined();
    expect(problems[0]).toMatch(/`area` is defined 2 times in shapes.py \(lines 2, 10\)/);
  });

  it('a class given with only the method it changes keeps the class’s other methods', async () => {
    const { after, problems } = await apply(
      '# shapes.py\n```python\nclass Square(Shape):\n    def area(self):\n        return self.side * self.side\n```\n',
      { 'shapes.py': SHAPES, 'test_shapes.py': TEST_SHAPES },
    );
    expect(problems).toEqual([]);
    expect(after.get('shapes.py')).toBe(FIXED_METHOD);
  });

  it('a function with no file named goes to the one shown file that defines it, a new helper after it, a new import at the top', async () => {
    const { after, problems } = await apply(
      [
        'Use `math.fsum`:',
        '```python',
        'import math',
        '',
        'def total_area(shapes):',
        '    return math.fsum(_areas(shapes))',
        '',
        'def _areas(shapes):',
        '    return [shape.area() for shape in shapes]',
        '```',
      ].join('\n'),
      { 'test_shapes.py': TEST_SHAPES, 'shapes.py': SHAPES },
    );
    expect(problems).toEqual([]);
    const text = after.get('shapes.py')!;
    expect(text.startsWith('import math\nclass Shape:')).toBe(true);
    expect(text).toContain(
      'def total_area(shapes):\n    return math.fsum(_areas(shapes))\n\n\ndef _areas(shapes):\n    return [shape.area() for shape in shapes]\n',
    );
    expect(text).toContain('    def perimeter(self):');
  });

  it("a file's only function given alone is that function: the file's imports and other code stay", async () => {
    const file =
      'import math\n\n\ndef area(r):\n    return math.pi * r\n\n\nif __name__ == "__main__":\n    print(area(2))\n';
    const { after, problems } = await apply(
      '```python circle.py\ndef area(r):\n    return math.pi * r * r\n```',
      {
        'circle.py': file,
      },
    );
    expect(problems).toEqual([]);
    expect(after.get('circle.py')).toBe(file.replace('math.pi * r\n', 'math.pi * r * r\n'));
  });

  it('search/replace blocks (aider), the path on the line before the fence', async () => {
    const { after, problems } = await apply(
      [
        'shapes.py',
        '```python',
        '<<<<<<< SEARCH',
        '        return self.side + self.side',
        '=======',
        '        return self.side * self.side',
        '>>>>>>> REPLACE',
        '```',
      ].join('\n'),
      { 'shapes.py': SHAPES, 'test_shapes.py': TEST_SHAPES },
    );
    expect(problems).toEqual([]);
    expect(after.get('shapes.py')).toBe(FIXED_METHOD);
  });

  it('TypeScript: an exported function given whole replaces the file’s, CRLF line endings kept', async () => {
    const file =
      'export function twice(x: number): number {\r\n  return x + 2;\r\n}\r\n\r\nexport const one = 1;\r\n';
    const { after, problems } = await apply(
      'In `src/twice.ts`:\n```ts\nexport function twice(x: number): number {\n  return x * 2;\n}\n```',
      { 'src/twice.ts': file },
    );
    expect(problems).toEqual([]);
    expect(after.get('src/twice.ts')).toBe(file.replace('x + 2', 'x * 2'));
  });
});

describe('answers that cannot be applied without guessing are problems, never edits', () => {
  it('a SEARCH part that occurs twice says where and what to do', async () => {
    const { after, problems } = await apply(
      'shapes.py\n<<<<<<< SEARCH\n    def area(self):\n=======\n    def area(self) -> int:\n>>>>>>> REPLACE\n',
      { 'shapes.py': SHAPES },
    );
    expect(after.size).toBe(0);
    expect(problems).toEqual([
      'the SEARCH part of a block for shapes.py occurs 2 times in it (lines 2, 10): include more lines around it so it is unique',
    ]);
  });

  it('a SEARCH part not in the file names the missing line', async () => {
    const { problems } = await apply(
      'shapes.py\n<<<<<<< SEARCH\n        return self.side ** 2\n=======\n        return self.side * self.side\n>>>>>>> REPLACE\n',
      { 'shapes.py': SHAPES },
    );
    expect(problems[0]).toContain('the line `return self.side ** 2` is not in it');
  });

  it('a block with elided code ("# ... rest unchanged") is not taken as the file', async () => {
    const { after, problems } = await apply(
      '```python shapes.py\nclass Square(Shape):\n    # ... rest of the class unchanged ...\n    def area(self):\n        return self.side * self.side\n```',
      { 'shapes.py': SHAPES },
    );
    expect(after.size).toBe(0);
    expect(problems[0]).toMatch(/leaves code out \(`# \.\.\. rest of the class unchanged \.\.\.`\)/);
  });

  it('code outside any definition in a partial block is not placed by guess', async () => {
    const { problems } = await apply(
      '```python shapes.py\nprint("debug")\n\ndef total_area(shapes):\n    return 0\n```',
      { 'shapes.py': SHAPES },
    );
    expect(problems[0]).toMatch(/has code outside any definition \(`print\("debug"\)`\)/);
  });

  it('a code block that names no file and fits two says which, and asks for the path', async () => {
    const { problems } = await apply('```python\ndef helper():\n    return 2\n```', {
      'a.py': 'def helper():\n    return 1\n',
      'b.py': 'def helper():\n    return 1\n',
    });
    expect(problems).toEqual([
      "a code block names no file, and it could be for a.py or b.py: put the file's path on the line before the code block",
    ]);
  });

  it('prose and shell blocks are not changes', () => {
    expect(readAnswerEdits('Run it again:\n```bash\npytest -q\n```\nand it passes.').edits).toEqual([]);
  });
});

describe('pathIn', () => {
  it.each([
    ['**shapes.py**', 'shapes.py'],
    ['`src/twice.ts`:', 'src/twice.ts'],
    ['File: ./pkg/calc.py', 'pkg/calc.py'],
    ['In `calc.py` the sum is wrong, fix:', 'calc.py'],
    ['The fix is below.', undefined],
    // an underscore is part of a name: only a pair around the whole path is emphasis
    ['price_utils.py', 'price_utils.py'],
    ['**tests/test_price_utils.py**:', 'tests/test_price_utils.py'],
    ['__price_utils.py__', 'price_utils.py'],
    ['pkg/__init__.py', 'pkg/__init__.py'],
    ['File: `_private.py`', '_private.py'],
    ['index.ts', 'index.ts'],
    ['update.py:', 'update.py'],
  ])('%s → %s', (line, path) => {
    expect(pathIn(line)).toBe(path);
  });
});
