import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';

// A project's Semgrep rules (issue 47) in generate's gate and in review, end to end through the built
// CLI with a loopback model, and without Semgrep on PATH: vouch's own matcher and taint engine run them.
const KEY = 'sk-test-0123456789abcdefSEMGREP';
const RULES = `rules:
  - id: team.no-legacy-raw
    languages: [python]
    severity: ERROR
    message: legacy_db.raw() is banned; use the query builder
    pattern: legacy_db.raw(...)
  - id: team.report-from-request
    mode: taint
    languages: [python]
    severity: ERROR
    message: request data reaches the report renderer
    pattern-sources: [{pattern: request.args.get(...)}]
    pattern-sanitizers: [{pattern: escape_report(...)}]
    pattern-sinks:
      - patterns:
          - pattern: render_report($X, ...)
          - focus-metavariable: $X
`;
const HELPERS = `from flask import request

import legacy_db
from reports import escape_report, render_report


def title(value):
    return "Report: " + value
`;
// Lines 10-17 of the changed file: a taint flow through the helper above, a safe one, a banned call.
const ADDED = `

def show():
    name = request.args.get("name")
    return render_report(title(name))


def show_safe():
    return render_report(title(escape_report(request.args.get("name"))))


def count():
    return legacy_db.raw("SELECT count(*) FROM reports")
`;
const OLD = `

def old_count():
    return legacy_db.raw("SELECT 1")
`;

const fake = await fakeProvidersForFile({ apiKey: KEY });
let workspace: string;
const env = () => ({ OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY, PATH: '/usr/bin:/bin' });

beforeEach(() => {
  fake.reset();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-semgrep-cli-'));
  writeFileSync(join(workspace, 'vouch.toml'), '');
  writeFileSync(join(workspace, '.semgrep.yml'), RULES);
  return () => rmSync(workspace, { recursive: true, force: true });
});

interface Finding {
  ruleId: string;
  line: number;
  severity: string;
}

describe("the project's Semgrep rules through the CLI, without Semgrep", () => {
  it("block generate's answer on a search rule and on a taint flow through a helper", async () => {
    const code = `${HELPERS}${ADDED}`;
    const answer = { text: `Here it is.\n\n\`\`\`python\n${code}\`\`\`\n` };
    fake.script('/v1/chat/completions', answer, answer, answer, answer);
    const result = await runMain(
      ['generate', 'a report view', '--lang', 'python', '--model', 'openai:gpt-4o-mini', '--json'],
      { cwd: workspace, env: env() },
    );
    const output = result.json<{
      verification: { status: string; checks: { name: string; blocking?: boolean; findings: Finding[] }[] };
    }>();
    const security = output.verification.checks.find((check) => check.name === 'security');
    const team = security?.findings.filter((finding) => finding.ruleId.startsWith('team.'));
    expect(team?.map((finding) => [finding.ruleId, finding.line, finding.severity])).toEqual([
      ['team.report-from-request', 13, 'high'],
      ['team.no-legacy-raw', 21, 'high'],
    ]);
    expect(output.verification.status).toBe('fail');
    expect(result.code).toBe(1);
  });

  it('run in review on the added lines only', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: workspace,
        encoding: 'utf8',
      });
    mkdirSync(join(workspace, 'app'));
    writeFileSync(join(workspace, 'app/reports.py'), `${HELPERS}${OLD}`);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'reports');
    writeFileSync(join(workspace, 'app/reports.py'), `${HELPERS}${OLD}${ADDED}`);
    git('add', 'app/reports.py');
    const result = await runMain(['review', '--staged', '--no-model-review', '--json'], {
      cwd: workspace,
      env: env(),
    });
    const output = result.json<{ details: { comments: { ruleId: string; line: number; file: string }[] } }>();
    const team = output.details.comments.filter((comment) => comment.ruleId.startsWith('team.'));
    // The old file's legacy_db.raw (line 12) is not part of the change; the added lines' findings are.
    expect(team.map((comment) => [comment.ruleId, comment.file, comment.line])).toEqual([
      ['team.report-from-request', 'app/reports.py', 17],
      ['team.no-legacy-raw', 'app/reports.py', 25],
    ]);
    expect(result.code).toBe(1);
  });
});
