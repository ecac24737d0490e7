import { describe, expect, it } from 'vitest';
import { analyzeFile } from './analyze-file.js';
import { chunkFile } from './chunks.js';

describe('chunkFile', () => {
  it('keeps a function whole with its decorator, and windows the module code around it', async () => {
    const source = [
      'import os',
      'X = 1',
      '',
      '@decorate',
      'def f(a):',
      '    """Doc."""',
      '    return a',
      '',
      'print(f(X))',
    ].join('\n');
    const { chunks } = await analyzeFile('python', source);
    expect(chunks.map((c) => [c.startLine, c.endLine, c.kind, c.symbol])).toEqual([
      [1, 2, 'window', undefined],
      [4, 7, 'definition', 'f'],
      [9, 9, 'window', undefined],
    ]);
    expect(chunks[1]!.text).toBe('@decorate\ndef f(a):\n    """Doc."""\n    return a');
  });

  it('splits a large class into its header and its methods', async () => {
    const methods = Array.from({ length: 6 }, (_, index) =>
      [
        `    def m${index}(self):`,
        ...Array.from({ length: 18 }, () => '        x = 1'),
        '        return x',
        '',
      ].join('\n'),
    );
    const source = ['class Big:', '    """A big class."""', '    size = 3', '', ...methods].join('\n');
    const { chunks } = await analyzeFile('python', source);
    expect(chunks[0]).toMatchObject({ kind: 'header', symbol: 'Big', startLine: 1, endLine: 4 });
    expect(chunks.slice(1).map((c) => c.symbol)).toEqual([
      'Big.m0',
      'Big.m1',
      'Big.m2',
      'Big.m3',
      'Big.m4',
      'Big.m5',
    ]);
    expect(chunks.every((c) => c.endLine - c.startLine < 80)).toBe(true);
  });

  it('splits a very long function into windows that keep its name', () => {
    const lines = ['def long():', ...Array.from({ length: 200 }, (_, index) => `    x${index} = ${index}`)];
    const chunks = chunkFile(
      lines.join('\n'),
      [{ name: 'long', kind: 'function', startLine: 1, endLine: 201, signature: 'def long():' }],
      { maxLines: 80 },
    );
    expect(chunks.map((c) => [c.startLine, c.endLine, c.symbol])).toEqual([
      [1, 80, 'long'],
      [81, 160, 'long'],
      [161, 201, 'long'],
    ]);
  });
});
