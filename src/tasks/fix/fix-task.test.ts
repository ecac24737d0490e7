import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { tempProject } from '../../../test/support/temp-project.js';
import type { Check, CheckResult } from '../../core/check.js';
import { UsageError } from '../../core/errors.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { type FixDetails, runTask } from '../index.js';
import { loadDefaultChecks } from '../run-checks.js';

/** `fix` through the public task API, with every check of the gate on small real Python projects. */

const RUN = `import json
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


def load(text):
    return json.loads(text)
`;
const RUN_FIXED = 'def run(cmd):\n    return subprocess.call(cmd.split())';
const answer = (
  code: string,
  words = 'Split the command into arguments instead of running it through a shell.',
) => `\`\`\`python\n${code}\n\`\`\`\n${words}`;

const sandbox = await sandboxAvailability();
/** The project's files as they are now (path → text; dot-folders and caches left out): part of a check's input. */
function projectFiles(root: string, folder = root, files: [string, string][] = []): [string, string][] {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.') || entry.name === '__pycache__') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) projectFiles(root, path, files);
    else if (entry.isFile()) files.push([relative(root, path), readFileSync(path, 'latin1')]);
  }
  return files;
}

/**
 * The gate's checks, each result remembered per input (the check, the subject, the context but its
 * workspace, and the project's files as they are at the check: `projectFiles`): most tests fix the same
 * file (RUN) in a fresh project, so the gate ran on the same text before each fix, and several on the same
 * fixed text after it. Each input is checked for real once in
 * this file, and every run gets its own copy of the result. Not remembered: a result that names the
 * workspace (the next test's is another folder), and a check that could not run (status error).
 */
function remembered(checks: readonly Check[]): Check[] {
  const results = new Map<string, Promise<CheckResult>>();
  return checks.map((check) => ({
    name: check.name,
    ...(check.languages ? { languages: check.languages } : {}),
    run: async (subject, context) => {
      const { workspaceRoot, signal, importProbe, ...rest } = context;
      const key = JSON.stringify([
        check.name,
        subject,
        rest,
        workspaceRoot ? projectFiles(workspaceRoot) : [],
      ]);
      let result = results.get(key);
      if (!result) {
        result = check.run(subject, context);
        results.set(key, result);
        const value = await result;
        if (value.status === 'error' || JSON.stringify(value).includes(workspaceRoot)) results.delete(key);
      }
      return structuredClone(await result);
    },
  }));
}

const all = remembered(await loadDefaultChecks());
/**
 * The gate's checks but mypy's, for the tests that ask something else of a fix (a security finding gone or
 * still there, a repair round, which lines, the text's form): mypy takes no part in what they assert and
 * cost about a second of CPU a run, twice a fix. The first test and "asks no model when the gate finds
 * nothing" run the whole gate.
 */
const untyped = all.filter((check) => check.name !== 'types');
const { fake, made, host: modelHost } = await fakeModelsForFile();
beforeEach(() => fake.reset());
const project = (files: Record<string, string>) => tempProject('vouch-fix-', files, made);
/** the task host with the whole gate (its results remembered: `remembered`) */
const host = (root: string) => ({ ...modelHost(root), checks: all });
/** the task host with the gate less mypy (see `untyped`) */
const untypedHost = (root: string) => ({ ...host(root), checks: untyped });
const lastPrompt = () => {
  const requests = fake.requestsTo('/v1/chat/completions');
  const body = requests.at(-1)!.body as { messages: { role: string; content: string }[] };
  return body.messages.at(-1)!.content;
};

describe.skipIf(!sandbox.available)('the fix task', () => {
  it('rewrites the block that holds a finding, and passes when the gate no longer finds it', async () => {
    const root = project({ 'tools.py': RUN });
    fake.script('/v1/chat/completions', { text: answer(RUN_FIXED) });
    const result = await runTask({ name: 'fix', input: { file: 'tools.py', repair: 0 }, host: host(root) });
    expect(resultIssues('fix', result)).toEqual([]);
    const details = result.details as unknown as FixDetails;
    expect(details.range).toEqual({ startLine: 5, endLine: 6 });
    expect(details.targets.map((finding) => finding.check)).toContain('security');
    expect(details.remaining).toEqual([]);
    expect(details.introduced).toEqual([]);
    expect(result.verification.status).toBe('pass');
    expect(result.generated_code).toBe(RUN_FIXED);
    expect(result.edits).toHaveLength(1);
    expect(result.edits[0]!.diff).toContain('-    return subprocess.call(cmd, shell=True)');
    expect(result.edits[0]!.diff).toContain('+    return subprocess.call(cmd.split())');
    expect(details.fixedText).toBe(RUN.replace('cmd, shell=True', 'cmd.split()'));
    expect(result.explanation).toMatch(
      /instead of running it through a shell[\s\S]*1 of 1 finding fixed, 0 new/,
    );
    // the model saw the file, the finding with its hint, and which lines to rewrite
    const prompt = lastPrompt();
    expect(prompt).toContain('   6      return subprocess.call(cmd, shell=True)');
    expect(prompt).toMatch(/line 6: security \S+ — /);
    expect(prompt).toContain(
      'Rewrite lines 5–6 so these findings go away. They read now:\n```python\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n```',
    );
  }, 120_000);

  it('sends what is left back to the model, and keeps the round that passed', async () => {
    const root = project({ 'tools.py': RUN });
    fake.script(
      '/v1/chat/completions',
      // an invented API in the first answer: the imports check finds it, and it is new
      { text: answer('def run(cmd):\n    return subprocess.cal(cmd.split())') },
      { text: answer(RUN_FIXED) },
    );
    const result = await runTask({ name: 'fix', input: { file: 'tools.py' }, host: untypedHost(root) });
    expect(result.verification.status).toBe('pass');
    expect(result.generated_code).toBe(RUN_FIXED);
    expect(result.verification.rounds).toHaveLength(1);
    expect(result.verification.rounds[0]!.feedback.join('\n')).toMatch(/^new: line 6: imports .*cal/m);
    expect(lastPrompt()).toMatch(/did not pass:\n- new: line 6: imports/);
  }, 120_000);

  it('fails when the finding is still there, and says so', async () => {
    const root = project({ 'tools.py': RUN });
    fake.script('/v1/chat/completions', {
      text: answer('def run(cmd):\n    # run it\n    return subprocess.call(cmd, shell=True)'),
    });
    const result = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 0 },
      host: untypedHost(root),
    });
    const details = result.details as unknown as FixDetails;
    expect(result.verification.status).toBe('fail');
    expect(result.confidence).toBe('low');
    expect(details.remaining.map((finding) => finding.check)).toContain('security');
    expect(details.remaining[0]!.line).toBe(7);
    expect(result.explanation).toContain('0 of 1 finding fixed, 0 new');
  }, 120_000);

  // issue 57: the same sink behind indirection the gate resolves (issue 59) is no fix
  const PICKLED = 'import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n';
  const SYSTEM = 'import os\n\n\ndef run(cmd):\n    return os.system(cmd)\n';
  it.each([
    [
      'a name built from pieces',
      RUN,
      'def run(cmd):\n    return getattr(subprocess, "ca" + "ll")(cmd, shell=True)',
    ],
    ['keywords from a dict', RUN, 'def run(cmd):\n    return subprocess.call(cmd, **{"shell": True})'],
    ['__import__', RUN, 'def run(cmd):\n    return __import__("subprocess").call(cmd, shell=True)'],
    ['__import__ of pickle', PICKLED, 'def restore(blob):\n    return __import__("pickle").loads(blob)'],
    ['getattr of os', SYSTEM, 'def run(cmd):\n    return getattr(os, "sys" + "tem")(cmd)'],
    // issue 59, round 5: the next traps a hostile tester tries
    ['vars() of os', SYSTEM, 'def run(cmd):\n    return vars(os)["sys" + "tem"](cmd)'],
    ['os.__dict__', SYSTEM, 'def run(cmd):\n    return os.__dict__["system"](cmd)'],
    // round 7: functools.partial through a helper's return and through a joined branch
    [
      'a partial a helper returns',
      RUN,
      'def shell():\n    import functools\n    return functools.partial(subprocess.call, shell=True)\n\n\ndef run(cmd):\n    return shell()(cmd)',
    ],
    [
      'a partial on one branch',
      RUN,
      'def run(cmd, fast=False):\n    import functools\n    call = functools.partial(subprocess.call, shell=True) if fast else subprocess.call\n    return call(cmd)',
    ],
  ])(
    'does not count the sink hidden behind %s as fixed',
    async (_, source, hidden) => {
      const root = project({ 'tools.py': source });
      fake.script('/v1/chat/completions', { text: answer(hidden, 'Rewrote the call.') });
      // the gate without its type check: what is asked is whether the security check still finds the sink
      // behind the indirection, and mypy (a second of CPU per run, twice a fix) takes no part in that
      const result = await runTask({
        name: 'fix',
        input: { file: 'tools.py', repair: 0 },
        host: { ...host(root), checks: untyped },
      });
      const details = result.details as unknown as FixDetails;
      expect(result.verification.status, JSON.stringify(details)).toBe('fail');
      // the same flaw, still there (or found anew where the rewrite put it)
      expect([...details.remaining, ...details.introduced].map((finding) => finding.check)).toContain(
        'security',
      );
      expect(result.confidence).toBe('low');
    },
    120_000,
  );

  it('fixes only the selected lines, and does not count what the file has elsewhere', async () => {
    const root = project({
      'tools.py': `${RUN}\n\ndef run_again(cmd):\n    return subprocess.call(cmd, shell=True)\n`,
    });
    fake.script('/v1/chat/completions', { text: answer(RUN_FIXED) });
    const result = await runTask({
      name: 'fix',
      input: { file: 'tools.py', startLine: 5, endLine: 6, repair: 0 },
      host: untypedHost(root),
    });
    const details = result.details as unknown as FixDetails;
    expect(details.range).toEqual({ startLine: 5, endLine: 6 });
    expect(details.targets.every((finding) => finding.line >= 5 && finding.line <= 6)).toBe(true);
    expect(result.verification.status).toBe('pass');
    const security = result.verification.checks.find((check) => check.name === 'security')!;
    expect(security.status).toBe('pass');
    expect(security.reason).toMatch(
      /finding.* that the file had before, outside the lines the fix changed, not counted/,
    );
    expect(details.fixedText).toContain('def run_again(cmd):\n    return subprocess.call(cmd, shell=True)');
  }, 120_000);

  it('asks no model when the gate finds nothing to fix', async () => {
    const root = project({ 'clean.py': 'def add(a, b):\n    return a + b\n' });
    const result = await runTask({ name: 'fix', input: { file: 'clean.py' }, host: host(root) });
    expect(fake.requests).toHaveLength(0);
    expect(result.explanation).toBe('The gate found nothing to fix in clean.py.');
    expect(result.generated_code).toBe('');
    expect(result.edits).toEqual([]);
    expect(result.verification.status).toBe('none');
  }, 120_000);

  it('fixes the text the editor holds, not the file on disk', async () => {
    const root = project({ 'tools.py': 'def run(cmd):\n    return cmd\n' });
    fake.script('/v1/chat/completions', { text: answer(RUN_FIXED) });
    const result = await runTask({
      name: 'fix',
      input: { file: 'tools.py', text: RUN, repair: 0 },
      host: untypedHost(root),
    });
    expect(result.verification.status).toBe('pass');
    expect((result.details as unknown as FixDetails).targets.length).toBeGreaterThan(0);
  }, 120_000);

  it('does not take a `# type: ignore` added on the line of a type error for a fix (r40 lie 8)', async () => {
    const CART =
      'def label_total(prices: list[float], label: str) -> str:\n    return label + sum(prices)\n\n\ndef count(items: list[int]) -> int:\n    return len(items) + "1"\n';
    const root = project({ 'cart.py': CART });
    fake.script('/v1/chat/completions', {
      text: answer(
        'def label_total(prices: list[float], label: str) -> str:\n    return label + sum(prices)  # type: ignore[operator]\n\n\ndef count(items: list[int]) -> int:\n    return len(items) + 1',
        'Silence the checker on the first, fix the second.',
      ),
    });
    const result = await runTask({ name: 'fix', input: { file: 'cart.py', repair: 0 }, host: host(root) });
    const details = result.details as unknown as FixDetails;
    // mypy: two operator errors on line 2 (`sum` may be 0 or a float), one on line 6
    expect(details.targets.filter((finding) => finding.check === 'types').length).toBe(3);
    // the one really fixed is fixed; the two behind the comment are still there, and the verdict says why
    expect(details.remaining.map((finding) => [finding.check, finding.line])).toEqual([
      ['types', 2],
      ['types', 2],
    ]);
    expect(result.verification.status).toBe('fail');
    const outcome = result.verification.checks.find((check) => check.name === 'findings')!;
    expect(outcome.reason).toMatch(
      /^1 of 3 findings fixed, 2 hidden behind a comment that silences the checker \(# type: ignore\[operator\]\), not fixed/,
    );
    expect(result.confidence).not.toBe('high');
  }, 120_000);

  it('does not take a file-wide `# mypy: disable-error-code` for a fix (r45)', async () => {
    const CART =
      'def label_total(prices: list[float], label: str) -> str:\n    return label + sum(prices)\n\n\ndef count(items: list[int]) -> int:\n    return len(items) + "1"\n';
    const root = project({ 'cart.py': CART });
    fake.script('/v1/chat/completions', {
      text: answer(
        `# mypy: disable-error-code="operator"\n${CART.trimEnd()}`,
        'Tell mypy these operators are fine.',
      ),
    });
    const result = await runTask({ name: 'fix', input: { file: 'cart.py', repair: 0 }, host: host(root) });
    const details = result.details as unknown as FixDetails;
    expect(details.targets.filter((finding) => finding.check === 'types').length).toBe(3);
    // all three are still there, behind the comment; none is fixed
    expect(details.remaining.filter((finding) => finding.check === 'types')).toHaveLength(3);
    expect(result.verification.status).toBe('fail');
    const outcome = result.verification.checks.find((check) => check.name === 'findings')!;
    expect(outcome.reason).toMatch(
      /hidden behind a comment that silences the checker \(# mypy: disable-error-code="operator"\)/,
    );
    expect(result.confidence).not.toBe('high');
  }, 120_000);

  it('does not take a vouch-ignore, a cut-off answer or a dropped definition for a fix', async () => {
    const root = project({ 'tools.py': RUN });
    // the finding hidden behind a new suppression: still there
    fake.script('/v1/chat/completions', {
      text: answer(
        'def run(cmd):\n    # vouch-ignore CWE-78: commands come from our own config\n    return subprocess.call(cmd, shell=True)',
      ),
    });
    const hidden = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 0 },
      host: untypedHost(root),
    });
    expect(hidden.verification.status).toBe('fail');
    expect((hidden.details as unknown as FixDetails).remaining.map((finding) => finding.check)).toEqual([
      'security',
    ]);
    // an unclosed block, and an answer stopped at the token limit: nothing checked
    fake.script('/v1/chat/completions', {
      text: '```python\ndef run(cmd):\n    return subprocess.call(cmd.split())',
    });
    const unclosed = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 0 },
      host: untypedHost(root),
    });
    expect(unclosed.verification.status).toBe('unverified');
    expect(unclosed.edits).toEqual([]);
    fake.script('/v1/chat/completions', { text: answer(RUN_FIXED), finishReason: 'length' });
    const cut = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 0 },
      host: untypedHost(root),
    });
    expect(cut.verification.status).toBe('unverified');
    expect(cut.notes.join('\n')).toMatch(/cut off at the token limit/);
    // findings in run and run_again: lines 4–13 are rewritten, and an answer without load fails, though
    // nothing calls it
    writeFileSync(
      join(root, 'tools.py'),
      // load uses no import, so dropping it leaves nothing for lint to see
      `${RUN.replace('import json\n', '').replace('json.loads(text)', 'text.strip()')}\n\ndef run_again(cmd):\n    return subprocess.call(cmd, shell=True)\n`,
    );
    // the region's new text with a new helper, and without load: load was dropped
    const helper = 'def _args(cmd):\n    return cmd.split()';
    fake.script('/v1/chat/completions', {
      text: answer(
        `${helper}\n\n\n${RUN_FIXED.replace('cmd.split()', '_args(cmd)')}\n\n\n${RUN_FIXED.replace('def run(', 'def run_again(')}`,
      ),
    });
    const dropped = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 0 },
      host: untypedHost(root),
    });
    expect((dropped.details as unknown as FixDetails).range).toEqual({ startLine: 4, endLine: 13 });
    expect(dropped.verification.status).toBe('fail');
    expect(dropped.explanation).toContain('the fix removed the definition of `load`');
    // only the two changed definitions (a shape models give): they replace the file's, and load stays
    fake.script('/v1/chat/completions', {
      text: answer(`${RUN_FIXED}\n\n\n${RUN_FIXED.replace('def run(', 'def run_again(')}`),
    });
    const changedOnly = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 0 },
      host: untypedHost(root),
    });
    expect(changedOnly.verification.status).toBe('pass');
    expect((changedOnly.details as unknown as FixDetails).fixedText).toContain(
      'def load(text):\n    return text.strip()',
    );
  }, 120_000);

  it('is not verified when a check that found the targets does not run again as before', async () => {
    const root = project({ 'tools.py': RUN });
    // the gate's security check, then the same check skipping (as a scanner that timed out is left out)
    const { securityCheck } = await import('../../security/check.js');
    let runs = 0;
    const flaky = {
      name: 'security',
      run: async (
        subject: Parameters<typeof securityCheck.run>[0],
        context: Parameters<typeof securityCheck.run>[1],
      ) =>
        runs++ === 0
          ? securityCheck.run(subject, context)
          : {
              name: 'security',
              status: 'skip' as const,
              reason: 'bandit timed out',
              findings: [],
              durationMs: 0,
            },
    };
    fake.script('/v1/chat/completions', {
      text: answer('def run(cmd):\n    return subprocess.call(cmd, shell=True)'),
    });
    const result = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 0 },
      host: { ...host(root), checks: [flaky] },
    });
    expect(result.verification.status).toBe('unverified');
    expect(result.verification.reasons.join('\n')).toMatch(
      /findings could not run: not verified: security found the targets before the fix and did not run after it/,
    );
  }, 120_000);

  it('keeps a CRLF file CRLF', async () => {
    const root = project({ 'tools.py': RUN.replaceAll('\n', '\r\n') });
    fake.script('/v1/chat/completions', { text: answer(RUN_FIXED) });
    const result = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 0 },
      host: untypedHost(root),
    });
    expect(result.verification.status).toBe('pass');
    const { fixedText } = result.details as unknown as FixDetails;
    expect(fixedText).toBe(RUN.replace('cmd, shell=True', 'cmd.split()').replaceAll('\n', '\r\n'));
    expect(result.generated_code).toBe(RUN_FIXED.replaceAll('\n', '\r\n'));
  }, 120_000);

  it('is unverified when the answer has no code, and refuses bad input', async () => {
    const root = project({ 'tools.py': RUN });
    fake.script('/v1/chat/completions', { text: 'You should not use a shell here.' });
    const result = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 0 },
      host: untypedHost(root),
    });
    expect(result.verification.status).toBe('unverified');
    expect(result.confidence).toBe('low');
    expect(result.edits).toEqual([]);
    expect(result.notes.join('\n')).toMatch(/no complete fixed lines/);

    await expect(
      runTask({ name: 'fix', input: { file: 'tools.py', startLine: 9 }, host: untypedHost(root) }),
    ).rejects.toThrow(/give both startLine and endLine/);
    await expect(
      runTask({ name: 'fix', input: { file: 'missing.py' }, host: untypedHost(root) }),
    ).rejects.toThrow(UsageError);
    await expect(
      runTask({ name: 'fix', input: { file: 'notes.txt', text: 'x' }, host: untypedHost(root) }),
    ).rejects.toThrow(/not one vouch checks/);
  }, 120_000);
});
