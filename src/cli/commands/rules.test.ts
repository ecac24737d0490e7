import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runMain } from '../../../test/support/run-main.js';
import { tempProject } from '../../../test/support/temp-project.js';

// Through the whole CLI, in-process (test/support/run-main.ts).
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const RULE = `rules:
  - id: no-print
    languages: [python]
    severity: INFO
    message: use the logger
    pattern: print(...)
  - id: taint-one
    mode: taint
    languages: [python]
    severity: ERROR
    message: t
    pattern-sources: [{pattern: input(), by-side-effect: true}]
    pattern-sinks: [{pattern: eval(...)}]
`;
const CODE = `# ruleid: no-print
print("a")
# ok: no-print
log("b")
`;

describe('vouch rules test', () => {
  it('prints the agreement per rule and language and exits 0 when every line agrees', async () => {
    const root = tempProject(
      'vouch-cli-rules-',
      { 'rules/print.yaml': RULE.split('  - id: taint-one')[0]!, 'rules/print.py': CODE },
      made,
    );
    const result = await runMain(['rules', 'test', 'rules'], { cwd: root });
    expect(result.stdout).toContain('✓ no-print (print.yaml): python 2/2');
    expect(result.stdout).toContain('agreement: 2/2');
    expect(result.code).toBe(0);
  });

  it('exits 1 on a disagreement or a rule not run, and says which, in JSON too', async () => {
    const root = tempProject(
      'vouch-cli-rules-',
      {
        'rules/print.yaml': RULE,
        'rules/print.py': `${CODE}# ok: no-print\nprint("c")\n# ruleid: taint-one\neval(input())\n`,
      },
      made,
    );
    const text = await runMain(['rules', 'test', 'rules'], { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('print.py:6 no-print: reported, but annotated ok');
    expect(text.stdout).toMatch(/not run: .*taint/);
    const json = await runMain(['rules', 'test', 'rules', '--json'], { cwd: root });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.agreement).toEqual({ agree: 2, total: 4 });
    expect(report.rules.find((rule: { id: string }) => rule.id === 'taint-one').notRun).toMatch(/taint/);
  });

  it('refuses a folder outside the workspace or one without rule files (exit 2, JSON error)', async () => {
    const root = tempProject('vouch-cli-rules-', { 'empty/readme.txt': 'x' }, made);
    const outside = await runMain(['rules', 'test', '/etc', '--json'], { cwd: root });
    expect(outside.code).toBe(2);
    expect(JSON.parse(outside.stdout).error.message).toMatch(/outside the workspace/);
    const empty = await runMain(['rules', 'test', 'empty'], { cwd: root });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('holds no Semgrep rule files');
  });
});
