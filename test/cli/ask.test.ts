import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lineOf, PYTHON_REPORTS } from '../../src/tasks/design/__fixtures__/projects.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { tempProject } from '../support/temp-project.js';

const fake = await fakeProvidersForFile();
let made: string[] = [];
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = tempProject(
    'vouch-ask-cli-',
    {
      'vouch.toml': '',
      'shop/__init__.py': '',
      'shop/prices.py':
        'def net_price(gross: float, rate: float = 0.2) -> float:\n    """The price without VAT."""\n    return gross / (1 + rate)\n',
    },
    made,
  );
});
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

describe('vouch ask', () => {
  it('answers from the index with citations that resolve; the others are dropped and reported', {
    timeout: 90_000,
  }, async () => {
    expect((await runMain(['index'], { cwd: workspace })).code).toBe(0);
    fake.script('/v1/chat/completions', {
      text: 'VAT comes off in net_price [shop/prices.py:1-3] (not [shop/vat.py:9]).',
    });
    const result = await runMain(
      ['ask', 'how is VAT taken off?', '--model', 'openai:gpt-4o-mini', '--json'],
      {
        cwd: workspace,
        env: { OPENAI_BASE_URL: fake.openAiUrl },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<{
      explanation: string;
      citations: { path: string; startLine: number; endLine: number }[];
      notes: string[];
    }>();
    expect(output.citations).toEqual([
      expect.objectContaining({ path: 'shop/prices.py', startLine: 1, endLine: 3 }),
    ]);
    // the aside that held only the citation that does not resolve goes with it, not left as "(not )"
    expect(output.explanation).toBe('VAT comes off in net_price [shop/prices.py:1-3].');
    expect(output.notes.join(' ')).toContain('[shop/vat.py:9]');
    const body = fake.requestsTo('/v1/chat/completions')[0]!.body as { messages: { content: string }[] };
    expect(body.messages.at(-1)!.content).toContain('def net_price');
  });

  it('exits 1 when the answer cites no real code, and 2 on an empty question', {
    timeout: 90_000,
  }, async () => {
    fake.script('/v1/chat/completions', { text: 'Probably in billing.py.' });
    const ungrounded = await runMain(['ask', 'where is billing?', '--model', 'openai:gpt-4o-mini'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });
    expect(ungrounded.code).toBe(1);
    expect(ungrounded.stdout).toMatch(/not grounded in the code/);
    const empty = await runMain(['ask', ' ', '--model', 'openai:gpt-4o-mini'], { cwd: workspace });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/the question is empty/);
  });

  it('--design proposes from the codebase patterns: proposal, alternatives, the patterns found; --json too', {
    timeout: 120_000,
  }, async () => {
    const root = tempProject('vouch-design-cli-', PYTHON_REPORTS, made);
    expect((await runMain(['index'], { cwd: root })).code).toBe(0);
    const exporter = lineOf(PYTHON_REPORTS, 'reports/base.py', 'class Exporter(ABC)');
    const answer = {
      text: `## Proposal\nSubclass Exporter [reports/base.py:${exporter}] in reports/csv_exporter.py [reports/csv.py:1].\n## Alternatives\n### One exporter for all formats\nA format switch. Trade-offs: fewer files, one growing class.`,
    };
    fake.script('/v1/chat/completions', answer, answer);
    const env = { OPENAI_BASE_URL: fake.openAiUrl };
    const args = ['ask', '--design', 'how should we add a CSV exporter?', '--model', 'openai:gpt-4o-mini'];
    const text = await runMain(args, { cwd: root, env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Subclass Exporter \[reports\/base\.py:7\] in reports\/csv_exporter\.py\.?/);
    expect(text.stdout).toMatch(
      /Alternatives\n- One exporter for all formats: A format switch\.\n {2}trade-offs: fewer files/,
    );
    expect(text.stdout).toMatch(
      /Patterns found in the codebase\n[\s\S]*reports\/base\.py:7 {2}base: class Exporter\(ABC\) — extended/,
    );
    expect(text.stdout).toMatch(/tests\/conftest\.py:6 {2}fixture: pytest fixture sample_report/);
    expect(text.stdout).toContain('note: 1 citation did not resolve');
    const json = await runMain([...args, '--json'], { cwd: root, env });
    expect(json.code, json.stderr).toBe(0);
    const output = json.json<{
      alternatives: { explanation: string }[];
      details: { design: boolean; dropped: string[] };
    }>();
    expect(output.details).toMatchObject({ design: true, dropped: ['[reports/csv.py:1]'] });
    expect(output.alternatives[0]!.explanation).toMatch(/^One exporter for all formats/);
  });
});
