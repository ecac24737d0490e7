import { describe, expect, it } from 'vitest';
import type { ExportRecord } from '../store/record/server-store.js';
import { buildFinetuneExport } from './finetune-export.js';

const SECRET = ['ghp_', 'R7xK2mV9pL4qW8zT3nB6yH1jD5fC0sA2gE7u'].join('');

let next = 0;
function record(overrides: Partial<ExportRecord['suggestion']> = {}, finalCode?: string): ExportRecord {
  const code = overrides.code ?? `def f${next}(x):\n    return x * ${next}\n`;
  next++;
  return {
    suggestion: {
      id: `s${next}`,
      userId: 'u1',
      task: 'generate',
      language: 'python',
      model: 'openai:gpt-4o-mini',
      confidence: 'high',
      verification: 'pass',
      gatesFailed: [],
      input: { spec: `multiply by ${next}`, language: 'python' },
      code,
      context: [{ path: 'src/app.py', startLine: 1, endLine: 5 }],
      createdAt: '2026-01-01T00:00:00.000Z',
      ...overrides,
    },
    outcome: finalCode ? 'modified' : 'accepted',
    finalCode: finalCode ?? code,
    acceptedAt: '2026-01-02T00:00:00.000Z',
    userName: 'alice',
  };
}

describe('buildFinetuneExport', () => {
  it('writes OpenAI chat records from the prompt and the code as kept', () => {
    const modified = record({}, 'def kept(x):\n    return x\n');
    const { lines, provenance } = buildFinetuneExport([modified], 'openai-chat');
    expect(lines).toEqual([
      {
        messages: [
          expect.objectContaining({ role: 'system' }),
          { role: 'user', content: expect.stringContaining('multiply by') },
          { role: 'assistant', content: 'def kept(x):\n    return x\n' },
        ],
      },
    ]);
    expect(provenance[0]).toMatchObject({ outcome: 'modified', user: 'alice', context: ['src/app.py'] });
  });

  it('leaves out what a security or licence gate failed and redacts secrets in prompt and code', () => {
    const leaky = record({
      input: { spec: `call the API with ${SECRET}` },
      code: `TOKEN = "${SECRET}"\n`,
    });
    const { lines, excluded } = buildFinetuneExport(
      [record({ gatesFailed: ['security'] }), record({ gatesFailed: ['licence'] }), leaky],
      'jsonl',
    );
    expect(excluded.gate).toBe(2);
    expect(lines).toHaveLength(1);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('<<SECRET_1>>');
    expect((lines[0] as { provenance: { redactions: number } }).provenance.redactions).toBe(1);
  });

  it('leaves out what was delivered at low confidence, however it was verified (the one rule every face shows)', () => {
    const { lines, provenance, excluded } = buildFinetuneExport(
      [record({ confidence: 'low' }), record({ confidence: 'medium' }), record({ confidence: 'high' })],
      'jsonl',
    );
    expect(excluded.lowConfidence).toBe(1);
    expect(lines).toHaveLength(2);
    expect(provenance.map((origin) => origin.confidence)).toEqual(['medium', 'high']);
  });

  it('leaves out what a client posted to /v1/suggestions: its verdict and confidence are its own claim', () => {
    // r49 item 7: any token holder can post `verification: "pass", confidence: "high"` with code that runs
    // its arguments as a shell command, then accept it; the server never checked it, so it is no example
    const posted = record({
      confidence: 'high',
      verification: 'pass',
      code: 'import os, sys\nos.system(" ".join(sys.argv[1:]))\n',
      input: { spec: 'run a command', face: 'api', confidence_source: 'client' },
    });
    const ran = record({ confidence: 'high' });
    const { lines, provenance, excluded } = buildFinetuneExport([posted, ran], 'jsonl');
    expect(excluded.clientVerdict).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('os.system');
    expect(provenance.map((origin) => [origin.suggestion_id, origin.confidence_source])).toEqual([
      [ran.suggestion.id, 'vouch'],
    ]);
  });

  it('redacts again on the way out and counts every placeholder a record holds, stored ones included', () => {
    // stored as the server stores it: the spec's key already replaced; the kept code adds a password and
    // the spec's other assignment the stored redaction missed
    const stored = record(
      { input: { spec: 'connect with <<SECRET_1>> and password="Tr0ub4dor&3xyzQ"' }, code: 'connect()\n' },
      'API_KEY = "a8f3kQ9zLm2xVb7T"\nconnect(API_KEY, "<<SECRET_1>>")\n',
    );
    const { lines } = buildFinetuneExport([stored], 'jsonl');
    const line = lines[0] as { prompt: string; completion: string; provenance: { redactions: number } };
    expect(line.prompt).not.toContain('Tr0ub4dor');
    expect(line.completion).not.toContain('a8f3kQ9zLm2xVb7T');
    // new secrets are numbered after the stored placeholder: no two secrets share one
    expect(line.prompt).toContain('connect with <<SECRET_1>> and password="<<SECRET_3>>"');
    expect(line.completion).toBe('API_KEY = "<<SECRET_2>>"\nconnect(API_KEY, "<<SECRET_1>>")\n');
    expect(line.provenance.redactions).toBe(3);
    // a record whose placeholders were all made when it was stored still says it hides something
    const earlier = record({ input: { spec: 'use <<SECRET_1>>' }, code: 'x = "<<SECRET_1>>"\n' });
    const [again] = buildFinetuneExport([earlier], 'jsonl').lines as { provenance: { redactions: number } }[];
    expect(again!.provenance.redactions).toBe(1);
  });

  it('removes near-duplicates (whitespace and comments aside), keeping the first', () => {
    const code = 'def area(width, height):\n    result = width * height\n    return result\n';
    const first = record({ code, input: { spec: 'area of a rectangle' } });
    const again = record({
      code: `# area\ndef area(width,  height):\n    result = width * height\n\n    return result\n`,
      input: { spec: 'area of a rectangle' },
    });
    const different = record({
      code: 'def perimeter(w, h):\n    return 2 * (w + h)\n',
      input: { spec: 'perimeter' },
    });
    const { provenance, excluded } = buildFinetuneExport([first, again, different], 'jsonl');
    expect(provenance.map((entry) => entry.suggestion_id)).toEqual([
      first.suggestion.id,
      different.suggestion.id,
    ]);
    expect(excluded.duplicate).toBe(1);
  });

  it('writes fill-in-the-middle records only for suggestions made at a cursor', () => {
    const completion = record({
      task: 'complete',
      input: { prefix: 'def f(x):\n    return ', suffix: '\n' },
      code: 'x + 1',
    });
    const { lines, excluded } = buildFinetuneExport([completion, record()], 'fim');
    expect(lines).toEqual([
      expect.objectContaining({ prefix: 'def f(x):\n    return ', suffix: '\n', middle: 'x + 1' }),
    ]);
    expect(excluded.noCursor).toBe(1);
  });
});
