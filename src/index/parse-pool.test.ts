import { describe, expect, it } from 'vitest';
import type { FileAnalysis } from './analyze-file.js';
import { analyzeFile } from './analyze-file.js';
import { createParsePool, packResult, unpackResult } from './parse-pool.js';

const analysis = (references: FileAnalysis['references']): FileAnalysis => ({
  definitions: [],
  references,
  chunks: [],
  imports: [],
  parsed: true,
  syntaxErrors: 0,
});

describe('worker results', () => {
  it('carry references as columns and come back as the same objects', () => {
    const references = [
      { name: 'helper', kind: 'call', line: 3 },
      { name: 'Base', kind: 'class', line: 1 },
      { name: 'helper', kind: 'call', line: 9 },
    ];
    const packed = packResult(7, analysis(references.map((reference) => ({ ...reference }))));
    expect(packed.references?.lines).toBeInstanceOf(Int32Array);
    expect(packed.result.references).toEqual([]);
    const copied = structuredClone(packed);
    expect(unpackResult(copied).references).toEqual(references);
  });

  it('send references as objects when a name holds the separator', () => {
    const references = [{ name: 'odd\nname', kind: 'call', line: 2 }];
    const packed = packResult(1, analysis(references));
    expect(packed.references).toBeUndefined();
    expect(unpackResult(structuredClone(packed)).references).toEqual(references);
  });

  it('leave a file without references as it is', () => {
    expect(unpackResult(packResult(2, analysis([]))).references).toEqual([]);
  });
});

/** Python files with classes, methods, calls and imports, and one plain-text file (second of the list). */
function sampleFiles(count: number): [Parameters<typeof analyzeFile>[0], string][] {
  const files: [Parameters<typeof analyzeFile>[0], string][] = [];
  for (let index = 0; index < count; index++) {
    if (index === 0) files.push([undefined, 'Notes on Order and total\n\nnothing to parse\n']);
    else
      files.push([
        'python',
        `from .lines import sum_lines${index}\n\n\nclass Order${index}:\n    """An order."""\n\n` +
          `    def total(self):\n        # the sum of its lines\n        return sum_lines${index}(self.lines)\n`.repeat(
            1 + (index % 7),
          ),
      ]);
  }
  return files;
}

describe('the parse pool', () => {
  it('parses on its worker, with the answer the main thread gives', async () => {
    const text = 'class Order:\n    def total(self):\n        return sum_lines(self.lines)\n';
    const pool = createParsePool({ size: 1, warm: ['python'] });
    try {
      const [fromWorker] = await Promise.all([pool.analyze('python', text), pool.flush?.()]);
      // a worker that failed to start would have been replaced by the main thread silently
      expect(pool.failure?.()).toBeUndefined();
      expect(fromWorker).toEqual(await analyzeFile('python', text));
    } finally {
      await pool.close();
    }
  });

  it('gives the same answers for a language parsed without optimised code, and for files without one', async () => {
    const files: [Parameters<typeof analyzeFile>[0], string][] = [
      [
        'javascript',
        "import { parseURL } from './url';\nexport function fetchJSON(u) {\n  return parseURL(u);\n}\n",
      ],
      ['python', 'from .url import parse_url\n\ndef fetch_json(u):\n    return parse_url(u)\n'],
      [undefined, 'Notes on fetchJSON\n\nand parseURL\n'],
    ];
    const pool = createParsePool({ size: 1, warm: ['python', 'javascript'], fewFiles: ['javascript'] });
    try {
      const answers = await Promise.all(files.map(([language, text]) => pool.analyze(language, text)));
      pool.flush?.();
      expect(pool.failure?.()).toBeUndefined();
      for (const [index, [language, text]] of files.entries())
        expect(answers[index]).toEqual(await analyzeFile(language, text));
      expect(answers[0]!.definitions.map((definition) => definition.name)).toContain('fetchJSON');
    } finally {
      await pool.close();
    }
  });

  it('parses on the main thread, with the same answers, when there is no worker', async () => {
    const files = sampleFiles(6);
    const pool = createParsePool({ size: 0 });
    try {
      const answers = await Promise.all(files.map(([language, text]) => pool.analyze(language, text)));
      expect(pool.parsedOn?.()).toEqual({ workers: 0, mainThread: 5 });
      for (const [index, [language, text]] of files.entries())
        expect(answers[index]).toEqual(await analyzeFile(language, text));
      expect(answers[1]!.definitions.map((definition) => definition.name)).toEqual([
        'Order1',
        'total',
        'total',
      ]);
      expect(answers[1]!.chunks.length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('shares the files between its worker and the main thread, with the answers either gives alone', async () => {
    // Enough files that the main thread, idle while it waits, takes some from the end of the queue while
    // the worker starts and parses the front.
    const files = sampleFiles(400);
    const pool = createParsePool({ size: 1, warm: ['python'] });
    try {
      const answers = await Promise.all(files.map(([language, text]) => pool.analyze(language, text)));
      expect(pool.failure?.()).toBeUndefined();
      const parsedOn = pool.parsedOn?.();
      expect(parsedOn!.workers + parsedOn!.mainThread).toBe(files.length - 1);
      expect(parsedOn!.workers).toBeGreaterThan(0);
      expect(parsedOn!.mainThread).toBeGreaterThan(0);
      for (const [index, [language, text]] of files.entries())
        expect(answers[index]).toEqual(await analyzeFile(language, text));
    } finally {
      await pool.close();
    }
  });
});
