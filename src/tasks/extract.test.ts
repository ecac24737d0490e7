import { describe, expect, it } from 'vitest';
import { extractAnswer, findCodeBlocks } from './extract.js';

describe('extractAnswer', () => {
  it('takes the fenced block and the prose around it', () => {
    const reply =
      'Here is the function:\n\n```python\ndef add(a, b):\n    return a + b\n```\n\nIt adds two numbers.';
    const answer = extractAnswer(reply, 'python');
    expect(answer.code).toBe('def add(a, b):\n    return a + b');
    expect(answer.explanation).toBe('It adds two numbers.');
    expect(answer.fenceLanguage).toBe('python');
    expect(answer.source).toBe('fence');
  });

  it('handles fences without a language tag and with tildes', () => {
    expect(extractAnswer('```\nx = 1\n```').code).toBe('x = 1');
    expect(extractAnswer('~~~py\ny = 2\n~~~').code).toBe('y = 2');
  });

  it('separates the tests block from the code block', () => {
    const reply = [
      'Solution:',
      '```python',
      'def slug(s):',
      '    return s.lower().replace(" ", "-")',
      '```',
      'Tests:',
      '```python',
      'import pytest',
      'def test_slug():',
      '    assert slug("A B") == "a-b"',
      '```',
    ].join('\n');
    const answer = extractAnswer(reply, 'python');
    expect(answer.code).toContain('def slug');
    expect(answer.tests).toContain('def test_slug');
    expect(answer.code).not.toContain('test_slug');
  });

  it('keeps the tests block when the code itself imports unittest or vitest (issue 57)', () => {
    const python = extractAnswer(
      [
        '```python',
        'from unittest import mock',
        '',
        'def fetch(client):',
        '    return client.get() or mock.sentinel.empty',
        '```',
        '```python',
        'from solution import fetch',
        '',
        'def test_fetch():',
        '    assert fetch(type("C", (), {"get": lambda self: 1})()) == 1',
        '```',
      ].join('\n'),
      'python',
    );
    expect(python.code).toContain('def fetch');
    expect(python.tests).toContain('def test_fetch');
    const typescript = extractAnswer(
      [
        '```ts',
        "import { vi } from 'vitest';",
        '',
        'export const clock = () => vi.getMockedSystemTime() ?? new Date();',
        '```',
        '```ts',
        "import { expect, it } from 'vitest';",
        "import { clock } from './solution';",
        '',
        "it('tells the time', () => expect(clock()).toBeInstanceOf(Date));",
        '```',
      ].join('\n'),
      'typescript',
    );
    expect(typescript.code).toContain('export const clock');
    expect(typescript.tests).toContain("it('tells the time'");
  });

  it('takes a block of bare assertions as the tests', () => {
    const python = extractAnswer(
      [
        '```python',
        'def slug(s):',
        '    return s.lower().replace(" ", "-")',
        '```',
        'Some checks:',
        '```python',
        'from app import slug',
        '# spaces become dashes',
        'assert slug("A B") == "a-b"',
        'assert slug(',
        '    "X"',
        ') == "x"',
        '```',
      ].join('\n'),
      'python',
    );
    expect(python.code).toBe('def slug(s):\n    return s.lower().replace(" ", "-")');
    expect(python.tests).toBe(
      'from app import slug\n# spaces become dashes\nassert slug("A B") == "a-b"\nassert slug(\n    "X"\n) == "x"',
    );
    const script = extractAnswer(
      "```js\nexport const twice = (n) => n * 2;\n```\n```js\nimport assert from 'node:assert';\nassert.strictEqual(twice(2), 4);\n```",
      'javascript',
    );
    expect(script.code).toBe('export const twice = (n) => n * 2;');
    expect(script.tests).toBe("import assert from 'node:assert';\nassert.strictEqual(twice(2), 4);");
    // code that merely contains an assertion is still code
    const code = extractAnswer('```python\nx = load()\nassert x\nprint(x)\n```', 'python');
    expect(code.code).toBe('x = load()\nassert x\nprint(x)');
    expect(code.tests).toBe('');
  });

  it('prefers the block in the requested language', () => {
    const reply = '```bash\npip install x\n```\n```javascript\nconst a = 1;\n```\n```python\nb = 2\n```';
    expect(extractAnswer(reply, 'python').code).toBe('b = 2');
    expect(extractAnswer(reply, 'javascript').code).toBe('const a = 1;');
  });

  it('says which blocks were left out, and when no block is in the language asked for', () => {
    const reply = '```javascript\nconst a = 1;\n```\n```python\nb = 2\nc = 3\n```\n```go\nvar d = 4\n```';
    expect(extractAnswer(reply, 'python')).toMatchObject({
      code: 'b = 2\nc = 3',
      unused: [
        { language: 'javascript', lines: 1 },
        { language: 'go', lines: 1 },
      ],
    });
    expect(extractAnswer(reply, 'python').mismatch).toBeUndefined();
    const python = extractAnswer('```python\ndef f(x):\n    return x\n```', 'typescript');
    expect(python).toMatchObject({
      code: 'def f(x):\n    return x',
      fenceLanguage: 'python',
      mismatch: 'python',
    });
    expect(
      extractAnswer('```tsx\nexport const A = () => <b />;\n```', 'typescript').mismatch,
    ).toBeUndefined();
    expect(extractAnswer(JSON.stringify({ code: 'x = 1', language: 'python' }), 'typescript').mismatch).toBe(
      'python',
    );
  });

  it('reads a JSON answer, raw or fenced', () => {
    const raw = JSON.stringify({ code: 'print(1)', explanation: 'prints one', tests: 'assert True' });
    expect(extractAnswer(raw)).toMatchObject({
      code: 'print(1)',
      explanation: 'prints one',
      tests: 'assert True',
      source: 'json',
    });
    const fenced = `Sure!\n\`\`\`json\n${JSON.stringify({ generated_code: '```python\nx = 3\n```', explanation: 'e' })}\n\`\`\``;
    expect(extractAnswer(fenced)).toMatchObject({ code: 'x = 3', explanation: 'e', fenceLanguage: 'python' });
  });

  it('treats an unfenced code answer as code and an unfenced sentence as prose', () => {
    expect(extractAnswer('def f():\n    return 1\n')).toMatchObject({
      code: 'def f():\n    return 1',
      source: 'bare',
    });
    expect(extractAnswer('I cannot help with that.')).toMatchObject({ code: '', source: 'none' });
  });

  it('keeps the block of a reply cut off before its closing fence', () => {
    expect(extractAnswer('```ts\nexport const a = 1;\nexport const b =')).toMatchObject({
      code: 'export const a = 1;\nexport const b =',
      fenceLanguage: 'typescript',
    });
  });

  it('takes the longest of several code blocks', () => {
    const reply = '```python\nfrom x import y\n```\nthen\n```python\ndef main():\n    y()\n    return 0\n```';
    expect(extractAnswer(reply, 'python').code).toBe('def main():\n    y()\n    return 0');
  });
});

describe('findCodeBlocks', () => {
  it('reads info strings with titles and braces', () => {
    const blocks = findCodeBlocks('```python title="a.py"\na\n```\n```{.rust}\nb\n```');
    expect(blocks.map((block) => block.language)).toEqual(['python', 'rust']);
  });

  it('handles CRLF and indented fences', () => {
    const blocks = findCodeBlocks('1. step\r\n   ```js\r\n   let x = 1;\r\n   ```\r\n');
    expect(blocks[0]!.body).toBe('let x = 1;');
  });
});
