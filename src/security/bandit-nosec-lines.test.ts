// end-to-end: runs Bandit
import { describe, expect, it } from 'vitest';
import { which } from './external.js';
import { scanSources } from './scan.js';

/**
 * w104 (issue 59): Bandit 1.6.2 takes its `# nosec` lines from Python's `tokenize` fed line by line at
 * `\n`, and its findings' lines from `ast`, which also ends a line at a lone `\r`: in a file holding one, a
 * `# nosec` silenced a finding on another line and not its own. vouch hands Bandit such a file with each
 * lone `\r` as `\n` (what Python reads), so both count alike.
 */

async function scan(path: string, source: string) {
  return await scanSources([{ path, source, language: 'python' }], { external: true });
}

describe("Bandit's # nosec on the lines Python reads", () => {
  it.runIf(which('bandit'))(
    "Bandit's # nosec silences the line it is on as Python reads it, not the one above",
    async () => {
      // Python's lines: 1 x = 1, 2 exec(…), 3 y = 2  # nosec; Bandit's tokenizer read the comment on line 2
      const above = await scan('a.py', 'x = 1\rexec("print(1)")\ny = 2  # nosec\n');
      expect(above.findings.map((finding) => [finding.line, finding.ruleId])).toEqual([[2, 'bandit.B102']]);
      // and the comment on the call's own line silences it (Bandit read it one line off and kept it)
      const same = await scan('b.py', 'x = 1\ry = 2\rexec("print(1)")  # nosec\n');
      expect(same.tools.find((tool) => tool.tool === 'bandit')?.ran).toBe(true);
      expect(same.findings).toEqual([]);
    },
  );
});
