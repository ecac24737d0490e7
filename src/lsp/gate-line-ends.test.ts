import { afterAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../core/check.js';
import { closeScanPool } from '../security/scan-pool.js';
import { diagnosticsOf, runGate } from './gate.js';

afterAll(closeScanPool);

/**
 * w124: the Language Server Protocol counts lines at `\n`, `\r\n` and a lone `\r` only. JavaScript (V8, tsc) and
 * vouch's engine also end a line at U+2028/U+2029 outside a string, so a sink after one in a comment was
 * reported a line low: the diagnostic sat under the line after the call. Each case is checked against the same
 * program with a space in place of the separator, which every counter numbers alike.
 */
const program = (separator: string) =>
  `const cp = require('child_process');\n// note${separator}more of the note\napp.get('/', (req, res) => {\n  cp.exec(req.query.c);\n});\n`;

async function injections(text: string) {
  const run = await runGate({ path: 'app.js', language: 'javascript', text }, 'typing', {
    workspaceRoot: process.cwd(),
    config: { security: { external: false } },
    signal: new AbortController().signal,
  });
  return run.diagnostics.filter((diagnostic) => String(diagnostic.code).startsWith('command-injection'));
}

describe('a security diagnostic after U+2028 or U+2029 in a JavaScript comment', () => {
  it('sits on the line and column of the sink, as in the same file without the separator', async () => {
    const plain = await injections(program(' '));
    expect(plain.map((diagnostic) => diagnostic.range.start)).toEqual([{ line: 3, character: 2 }]);
    for (const separator of ['\u2028', '\u2029']) {
      const text = program(separator);
      const found = await injections(text);
      // still reported, and where the editor shows `cp.exec`
      expect(found.map((diagnostic) => diagnostic.range)).toEqual(
        plain.map((diagnostic) => diagnostic.range),
      );
      const { line, character } = found[0]!.range.start;
      expect(text.split(/\r\n|[\n\r]/)[line]!.slice(character)).toMatch(/^cp\.exec\(/);
    }
  }, 120_000);
});

describe('diagnostics on a buffer with a lone \\r', () => {
  it('reads the line a finding is on as the protocol counts it, not the last line of the \\n lines', () => {
    const buffer = { path: 'app.py', language: 'python' as const, text: 'x = 1\ros.system(cmd)\n' };
    const results: CheckResult[] = [
      {
        name: 'security',
        status: 'fail',
        durationMs: 1,
        findings: [{ ruleId: 'py.x', file: 'app.py', line: 2, column: 1, severity: 'high', message: 'bad' }],
      },
    ];
    // the word the finding starts on: `os.system`, on the protocol's line 1 (0-based)
    expect(diagnosticsOf(results, buffer)[0]!.range).toEqual({
      start: { line: 1, character: 0 },
      end: { line: 1, character: 9 },
    });
  });
});
