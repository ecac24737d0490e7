import { describe, expect, it } from 'vitest';
import type { FileAnalysis } from './analyze-file.js';
import { packResult, unpackResult } from './parse-pool.js';

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
