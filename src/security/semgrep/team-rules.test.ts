// end-to-end: runs Bandit and a stand-in Semgrep on PATH
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { securityCheck } from '../check.js';
import { scanSources } from '../scan.js';
import { memoryScanCache } from '../scan-cache.js';
import { findSemgrepConfig } from './discover.js';

const RULES = `rules:
  - id: team-no-print
    languages: [python]
    severity: WARNING
    message: use the logger, not print($X)
    pattern: print($X)
  - id: team-no-eval
    languages: [python, javascript]
    severity: ERROR
    message: the team bans eval ($X)
    metadata:
      cwe: "CWE-95: Eval Injection"
    pattern: eval($X)
  - id: team-sql-taint
    mode: taint
    languages: [python]
    severity: ERROR
    message: request data reaches SQL
    pattern-sources: [{pattern: request.args.get(...)}]
    pattern-sinks: [{pattern: $C.execute(...)}]
  - id: team-labelled-taint
    mode: taint
    languages: [python]
    severity: ERROR
    message: request data reaches SQL
    pattern-sources: [{pattern: request.args.get(...), label: REQUEST}]
    pattern-sinks: [{pattern: $C.execute(...), requires: REQUEST}]
`;

const folders: string[] = [];
const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-semgrep-'));
  folders.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const CODE = 'def run(text):\n    print(text)\n    return eval(text)\n';

describe("the project's Semgrep rules without Semgrep", () => {
  it('run from .semgrep.yml in scan, with the rule id, message, severity and CWE, and the rules not run listed', async () => {
    const root = workspace({ '.semgrep.yml': RULES });
    process.env.PATH = join(root, 'no-such-bin');
    const report = await scanSources([{ path: 'app.py', source: CODE, language: 'python' }], {
      workspaceRoot: root,
      external: false,
    });
    expect(report.findings.filter((finding) => finding.ruleId === 'team-no-print')).toEqual([
      expect.objectContaining({ line: 2, severity: 'medium', message: 'use the logger, not print(text)' }),
    ]);
    // eval on line 3 is vouch's own code-injection finding too (CWE-94, the family of 95): one finding,
    // which names the team's rule.
    const line3 = report.findings.filter((finding) => finding.line === 3);
    expect(line3).toEqual([
      expect.objectContaining({
        ruleId: 'code-injection',
        // the team's ERROR outranks vouch's medium (a caller-supplied parameter): the gate blocks on it
        severity: 'high',
        message: expect.stringContaining("also the project's Semgrep rule team-no-eval"),
      }),
    ]);
    const tool = report.tools.find((each) => each.tool === 'semgrep rules (vouch)');
    expect(tool).toMatchObject({ ran: true, findings: 2 });
    expect(tool?.notRun).toEqual([
      expect.objectContaining({
        id: 'team-labelled-taint',
        file: '.semgrep.yml',
        reason: expect.stringMatching(/taint/),
      }),
    ]);
  });

  it('run from a .semgrep/ folder and from the list in [security] semgrep, in the gate’s security check', async () => {
    const root = workspace({
      '.semgrep/team/eval.yaml': RULES,
      'policy/rules.yml': RULES.replaceAll('team-', 'listed-'),
    });
    process.env.PATH = join(root, 'no-such-bin');
    const subject = { path: 'app.py', code: CODE, language: 'python' as const };
    const found = await securityCheck.run(subject, {
      workspaceRoot: root,
      config: { security: { external: false } },
    });
    expect(found.findings.map((finding) => finding.ruleId)).toContain('team-no-print');
    const listed = await securityCheck.run(subject, {
      workspaceRoot: root,
      config: { security: { external: false, semgrep: ['policy/rules.yml'] } },
    });
    expect(listed.findings.map((finding) => finding.ruleId)).toContain('listed-no-print');
    expect(listed.findings.map((finding) => finding.ruleId)).not.toContain('team-no-print');
  });

  it('refuses a listed config that does not exist or lies outside the workspace, saying which', async () => {
    const root = workspace({ 'app.py': CODE });
    const subject = { path: 'app.py', code: CODE, language: 'python' as const };
    await expect(
      securityCheck.run(subject, { workspaceRoot: root, config: { security: { semgrep: ['missing.yml'] } } }),
    ).rejects.toThrow(/missing\.yml.*does not exist/);
    await expect(
      securityCheck.run(subject, { workspaceRoot: root, config: { security: { semgrep: ['../'] } } }),
    ).rejects.toThrow(/outside the workspace/);
  });

  it('never opens a secrets file an untrusted vouch.toml lists, nor one in a listed folder; the team’s rules beside it still run', async () => {
    // r41: `[security] semgrep = [".env"]` in a repository's vouch.toml had vouch read the user's keys
    const root = workspace({
      'app.py': CODE,
      '.env': 'SERVICE_TOKEN=envfile-6b1e9c7a2f4d8e0b3a5c\n',
      'policy/rules.yml': RULES,
      'policy/secrets.yml': RULES.replaceAll('team-', 'secret-'),
      'policy/creds/credentials.yaml': RULES.replaceAll('team-', 'creds-'),
    });
    process.env.PATH = join(root, 'no-such-bin');
    const subject = { path: 'app.py', code: CODE, language: 'python' as const };
    const run = (semgrep: string[]) =>
      securityCheck.run(subject, { workspaceRoot: root, config: { security: { external: false, semgrep } } });
    await expect(run(['.env'])).rejects.toThrow(/Semgrep config \.env named in vouch\.toml .*secrets file/);
    await expect(run(['policy/secrets.yml'])).rejects.toThrow(/policy\/secrets\.yml .*secrets file/);
    expect(findSemgrepConfig(root, ['policy'])?.files).toEqual([join(root, 'policy', 'rules.yml')]);
    const found = await run(['policy']);
    const ids = found.findings.map((finding) => finding.ruleId);
    expect(ids).toContain('team-no-print');
    expect(ids.filter((id) => id.startsWith('secret-') || id.startsWith('creds-'))).toEqual([]);
  });

  it("run on the scan's worker threads in a large scan, with the findings of an in-process scan", async () => {
    const taint = `  - id: team-input-eval
    mode: taint
    languages: [python]
    severity: ERROR
    message: input reaches eval
    pattern-sources: [{pattern: input()}]
    pattern-sinks: [{pattern: eval(...)}]
`;
    const root = workspace({ '.semgrep.yml': `${RULES}${taint}` });
    process.env.PATH = join(root, 'no-such-bin');
    const helper = 'def run(text):\n    return eval(text)\n\n\ndef main():\n    run(input())\n';
    const inputs = Array.from({ length: 90 }, (_, index) => ({
      path: `f${index}.py`,
      source: index % 3 === 0 ? CODE : index % 3 === 1 ? helper : 'x = 1\n',
      language: 'python' as const,
    }));
    const options = { workspaceRoot: root, external: false };
    const serial = await scanSources(inputs, { ...options, parallel: false });
    const parallel = await scanSources(inputs, { ...options, parallel: true });
    expect(parallel.findings).toEqual(serial.findings);
    expect(serial.findings.filter((finding) => finding.ruleId === 'team-no-print')).toHaveLength(30);
    expect(serial.findings.filter((finding) => finding.ruleId === 'team-input-eval')).toHaveLength(30);
    // Every file's engine findings cached, the rules changed: the team's rules run again on every file.
    const cache = memoryScanCache();
    await scanSources(inputs, { ...options, parallel: true, cache });
    writeFileSync(
      join(root, '.semgrep.yml'),
      `${RULES.replace('pattern: print($X)', 'pattern: print($X, ...)')}${taint}`,
    );
    const partly = await scanSources(inputs, { ...options, parallel: true, cache });
    expect(partly.cached).toBe(90);
    expect(partly.findings).toEqual(serial.findings);
    expect(partly.tools.find((tool) => tool.tool === 'semgrep rules (vouch)')).toMatchObject({ ran: true });
  });

  it('remember findings by content and rules: a changed rule file runs again', async () => {
    const root = workspace({ '.semgrep.yml': RULES });
    process.env.PATH = join(root, 'no-such-bin');
    const cache = memoryScanCache();
    const inputs = [{ path: 'app.py', source: CODE, language: 'python' as const }];
    await scanSources(inputs, { workspaceRoot: root, external: false, cache });
    const again = await scanSources(inputs, { workspaceRoot: root, external: false, cache });
    expect(again.tools.find((tool) => tool.tool === 'semgrep rules (vouch)')).toMatchObject({
      cached: 1,
      findings: 2,
    });
    writeFileSync(
      join(root, '.semgrep.yml'),
      RULES.replace('pattern: eval($X)', 'pattern: exec($X)').replace(
        'pattern: print($X)',
        'pattern: input($X)',
      ),
    );
    const changed = await scanSources(inputs, { workspaceRoot: root, external: false, cache });
    const tool = changed.tools.find((each) => each.tool === 'semgrep rules (vouch)');
    expect(tool?.cached).toBeUndefined();
    expect(tool?.findings).toBe(0);
  });
});

/**
 * A stand-in for Semgrep on PATH: Semgrep (a 100 MB Python tool, in neither Debian 12 nor npm) cannot be
 * installed here, so this is the only way to test running it. It answers `--version` and `scan --json`
 * with the shape of Semgrep's `cli_output` as semgrep/semgrep-interfaces' semgrep_output_v1.atd defines
 * it (`results[]` of `cli_match`: check_id prefixed by the config's path, path, start/end positions with
 * line, col and offset, extra with message, metadata, severity, fingerprint, lines, engine_kind), reports
 * every `eval(` on a line, and logs each invocation so the test can see what the cache spared.
 */
function fakeSemgrep(root: string): { log: string } {
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const log = join(root, 'semgrep.log');
  writeFileSync(
    join(bin, 'semgrep'),
    `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
if (args[0] === '--version') { console.log('1.99.0'); process.exit(0); }
fs.appendFileSync(${JSON.stringify(log)}, args.join(' ') + '\\n');
const files = args.filter((arg, i) => arg.startsWith('/') && args[i - 1] !== '--config');
const results = [];
for (const file of files) {
  const lines = fs.readFileSync(file, 'utf8').split('\\n');
  lines.forEach((text, index) => {
    const col = text.indexOf('eval(');
    if (col < 0) return;
    results.push({
      check_id: 'semgrep.team-no-eval',
      path: file,
      start: { line: index + 1, col: col + 1, offset: 0 },
      end: { line: index + 1, col: text.length + 1, offset: 0 },
      extra: {
        metavars: {},
        message: 'the team bans eval',
        metadata: { cwe: ['CWE-95: Improper Neutralization of Directives in Dynamically Evaluated Code'] },
        severity: 'ERROR',
        fingerprint: 'requires login',
        lines: 'requires login',
        is_ignored: false,
        validation_state: 'NO_VALIDATOR',
        engine_kind: 'OSS',
      },
    });
  });
}
console.log(JSON.stringify({ version: '1.99.0', results, errors: [], paths: { scanned: files }, skipped_rules: [], interfile_languages_used: [] }));
`,
  );
  chmodSync(join(bin, 'semgrep'), 0o755);
  process.env.PATH = `${bin}${delimiter}${path}`;
  return { log };
}

describe("the project's Semgrep rules with Semgrep on PATH (a stand-in printing Semgrep's JSON)", () => {
  it('runs Semgrep with the config, reads its findings back to rule ids, and merges them by file, line and CWE', async () => {
    const root = workspace({ '.semgrep.yml': RULES });
    const { log } = fakeSemgrep(root);
    const report = await scanSources(
      [
        { path: 'app.py', source: CODE, language: 'python' },
        { path: 'web/page.js', source: 'const x = 1;\nwindow.eval(input);\n', language: 'javascript' },
      ],
      { workspaceRoot: root },
    );
    expect(readFileSync(log, 'utf8')).toContain(`--config ${join(root, '.semgrep.yml')}`);
    const tool = report.tools.find((each) => each.tool.startsWith('semgrep'));
    expect(tool).toMatchObject({ tool: 'semgrep 1.99.0', ran: true, findings: 2 });
    expect(tool?.notRun).toBeUndefined();
    const fromSemgrep = report.findings.filter((finding) => finding.tool === 'semgrep');
    // app.py line 3 is also vouch's own code-injection finding (CWE-94, the family of 95): merged into it.
    expect(report.findings.filter((finding) => finding.file === 'app.py' && finding.line === 3)).toEqual([
      expect.objectContaining({ ruleId: 'code-injection', message: expect.stringContaining('team-no-eval') }),
    ]);
    expect(report.duplicates).toBeGreaterThanOrEqual(1);
    expect(fromSemgrep).toContainEqual(
      expect.objectContaining({
        ruleId: 'team-no-eval',
        file: 'web/page.js',
        line: 2,
        severity: 'high',
        cwe: 95,
      }),
    );
  });

  it('asks Semgrep again only for changed content (cached by content, Semgrep version and rules)', async () => {
    const root = workspace({ '.semgrep.yml': RULES });
    const { log } = fakeSemgrep(root);
    const cache = memoryScanCache();
    const inputs = [{ path: 'app.py', source: CODE, language: 'python' as const }];
    await scanSources(inputs, { workspaceRoot: root, cache });
    await scanSources(inputs, { workspaceRoot: root, cache });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
    await scanSources([{ ...inputs[0]!, source: `${CODE}\n` }], { workspaceRoot: root, cache });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
