import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: review moved a model comment on an unchanged line onto a nearby added line and kept it, where
 * it said something about that line it never meant. A comment that does not land on a line the change
 * added is dropped (and counted in the notes).
 */
const fake = await fakeProvidersForFile();
let workspace: string;
const ORDERS = `def order_total(lines):
    total = 0
    for line in lines:
        total += line["cents"]
    return total
`;
const AFTER = ORDERS.replace('    return total\n', '    total = max(total, 0)\n    return total\n');
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: workspace,
    encoding: 'utf8',
  });

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-review-anchor-'));
  writeFileSync(join(workspace, 'vouch.toml'), '');
  writeFileSync(join(workspace, 'orders.py'), ORDERS);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'orders');
  writeFileSync(join(workspace, 'orders.py'), AFTER);
  writeFileSync(join(workspace, 'change.patch'), git('diff'));
  return () => rmSync(workspace, { recursive: true, force: true });
});

const comment = (line: number, title: string) =>
  `\`\`\`json\n${JSON.stringify([{ file: 'orders.py', line, severity: 'medium', kind: 'style', title, comment: `${title}.`, suggestion: null, pattern: null }])}\n\`\`\``;
const review = (answer: string) => {
  fake.script('/v1/chat/completions', { text: answer });
  return runMain(
    ['review', '--patch', 'change.patch', '--fail-on', 'none', '--json', '--model', 'openai:gpt-4o-mini'],
    { cwd: workspace, env: { OPENAI_BASE_URL: fake.openAiUrl } },
  );
};
interface Output {
  notes: string[];
  details: { comments: { title: string; line: number; source: string }[] };
}

describe('vouch review: model comments stay where the model put them', () => {
  it('drops a comment on an unchanged line instead of moving it onto the added line two lines down', async () => {
    const result = await review(comment(3, 'loop variable shadows the module line'));
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<Output>();
    expect(output.details.comments.filter((entry) => entry.source === 'model')).toEqual([]);
    expect(output.notes).toContain(
      '1 model comment(s) were about lines the change did not add, and were left out',
    );
  });

  it('keeps a comment on the added line', async () => {
    const result = await review(comment(5, 'clamping hides a negative total'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.json<Output>().details.comments).toContainEqual(
      expect.objectContaining({ title: 'clamping hides a negative total', line: 5, source: 'model' }),
    );
  });
});
