import { appendFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';

/**
 * `vouch debug` as users run it, against a loopback OpenAI-compatible server, on a small real Python
 * project: pytest runs in the sandbox, before and after the model's fix.
 */

const CALC = `def mean(values):
    """The arithmetic mean of a non-empty list."""
    return sum(values) / len(values) + 1


def ratio(a, b):
    return mean([a, b]) / b
`;
const TESTS = `from calc import mean


def test_mean():
    assert mean([1, 2, 3]) == 2


def test_mean_of_one():
    assert mean([5]) == 5
`;

const answer = (cause: string, removed: string, added: string) =>
  [
    cause,
    '',
    '```diff',
    '--- a/calc.py',
    '+++ b/calc.py',
    '@@ -1,3 +1,3 @@',
    ' def mean(values):',
    '     """The arithmetic mean of a non-empty list."""',
    `-${removed}`,
    `+${added}`,
    '```',
  ].join('\n');

const BUGGY = '    return sum(values) / len(values) + 1';
const RIGHT = answer(
  '`mean` adds 1 to the average on line 3 of calc.py, so every mean is one too high.',
  BUGGY,
  '    return sum(values) / len(values)',
);
const WRONG = answer('The mean is off by one.', BUGGY, '    return sum(values) / len(values) + 0.5');
const STILL_WRONG = answer('The mean is off by one.', BUGGY, '    return sum(values) / (len(values) + 1)');

const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-debug-cli-', {
  'vouch.toml': '',
  'calc.py': CALC,
  'tests/test_calc.py': TESTS,
});

// in-process (run-main.ts); a log read from standard input needs the process (run-cli.ts)
const cli = (args: string[], input?: string) => {
  const fullArgs = ['debug', '--model', 'openai:gpt-4o-mini', ...args];
  const options = { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } };
  return input === undefined ? runMain(fullArgs, options) : runCli(fullArgs, { ...options, input });
};

interface Output {
  edits: { path: string; diff: string; baseHash: string }[];
  explanation: string;
  confidence: string;
  notes: string[];
  verification: {
    status: string;
    checks: { name: string; status: string; details?: { exitCode: number | null; outputTail: string } }[];
    rounds: { round: number; feedback: string[]; status: string }[];
  };
  details: {
    alreadyPassing: boolean;
    fixed: boolean;
    failure: { error: string | null; frames: { path: string; line: number }[] };
    rerun: { exitCode: number | null; outputTail: string } | null;
    rejected?: { diff: string; reason: string };
    applied?: string[];
  };
}

const messagesOf = (index: number) =>
  (
    project.fake.requestsTo('/v1/chat/completions')[index]!.body as {
      messages: { role: string; content: string }[];
    }
  ).messages;

describe.skipIf(!sandbox.available)('vouch debug -- CMD', () => {
  it('fixes a failing pytest, proves it by re-running pytest on a copy, and leaves the files alone', async () => {
    project.fake.script('/v1/chat/completions', { text: RIGHT });
    const result = await cli(['--json', '--', 'pytest', 'tests/test_calc.py']);
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('pass');
    expect(output.notes).toContain('fixed: the command now passes');
    expect(output.details.fixed).toBe(true);
    expect(output.details.rerun?.exitCode).toBe(0);
    expect(output.details.rerun?.outputTail).toMatch(/2 passed/);
    expect(output.details.failure.frames.map((frame) => frame.path)).toContain('tests/test_calc.py');
    expect(output.edits).toHaveLength(1);
    expect(output.edits[0]!.diff).toContain(`-${BUGGY}`);
    expect(output.explanation).toContain('adds 1 to the average');
    expect(output.verification.checks.find((check) => check.name === 'rerun')?.status).toBe('pass');
    // the model saw the failure and the code it passes through
    const prompt = messagesOf(0).at(-1)!.content;
    expect(prompt).toContain('assert 3.0 == 2');
    expect(prompt).toContain(
      `calc.py, lines 1–3 (used by the failing code):\n\`\`\`python\n${CALC.split('\n').slice(0, 3).join('\n')}`,
    );
    // proposing is not applying
    expect(readFileSync(join(project.workspace, 'calc.py'), 'utf8')).toBe(CALC);
  });

  it('says "not fixed" when the fix does not fix, after feeding the new failure back for a repair round', async () => {
    project.fake.script('/v1/chat/completions', { text: WRONG }, { text: STILL_WRONG });
    const result = await cli(['--repair', '1', '--', 'pytest', 'tests/test_calc.py']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('repair round 1: fail');
    expect(result.stdout).toMatch(/not fixed: /);
    expect(result.stdout).not.toContain('fixed: the command now passes');
    expect(result.stdout).toContain('the fix tried (not delivered):');
    expect(project.fake.requestsTo('/v1/chat/completions')).toHaveLength(2);
    const repair = messagesOf(1);
    expect(repair.at(-2)).toMatchObject({ role: 'assistant', content: WRONG });
    expect(repair.at(-1)!.content).toContain('still fails (exit 1)');
    expect(repair.at(-1)!.content).toContain('assert 2.5 == 2');
    expect(readFileSync(join(project.workspace, 'calc.py'), 'utf8')).toBe(CALC);
  });

  it('repairs a diff that does not apply and a fix that does not fix, then applies the proven one', async () => {
    const stale = answer('Off by one.', '    return statistics.mean(values) + 1', '    return 0');
    project.fake.script('/v1/chat/completions', { text: stale }, { text: WRONG }, { text: RIGHT });
    const result = await cli(['--json', '--apply', '--', 'pytest', 'tests/test_calc.py']);
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<Output>();
    expect(output.verification.rounds.map((round) => round.status)).toEqual(['fail', 'pass']);
    expect(output.verification.rounds[0]!.feedback[0]).toContain(
      'the line `return statistics.mean(values) + 1` is not in the file',
    );
    expect(output.details.applied).toEqual(['calc.py']);
    expect(readFileSync(join(project.workspace, 'calc.py'), 'utf8')).toBe(
      CALC.replace(BUGGY, '    return sum(values) / len(values)'),
    );
    // the applied fix is an accepted suggestion in `vouch stats`
    const stats = await runMain(['stats', '--json'], { cwd: project.workspace });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.json<{ total: object; byTask: object[] }>()).toMatchObject({
      total: { suggestions: 1, shown: 1, accepted: 1 },
      byTask: [{ key: 'debug', suggestions: 1 }],
    });
  });

  it('refuses --apply when the file changed since vouch read it, and writes nothing', async () => {
    project.fake.handle('/v1/chat/completions', () => {
      appendFileSync(join(project.workspace, 'calc.py'), '\n# edited meanwhile\n');
      return { text: RIGHT };
    });
    const result = await cli(['--apply', '--', 'pytest', 'tests/test_calc.py']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('calc.py changed since vouch read it; nothing was written');
    expect(readFileSync(join(project.workspace, 'calc.py'), 'utf8')).toBe(`${CALC}\n# edited meanwhile\n`);
  });

  it('says so when the command passes already, without asking the model', async () => {
    writeFileSync(
      join(project.workspace, 'calc.py'),
      CALC.replace(BUGGY, '    return sum(values) / len(values)'),
    );
    const result = await cli(['--', 'pytest', 'tests/test_calc.py']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('the command passes already');
    expect(project.fake.requests).toHaveLength(0);
  });

  it('reports a model that answers without a diff as not verified (exit 1)', async () => {
    project.fake.script('/v1/chat/completions', { text: 'The mean looks wrong, check line 3.' });
    const result = await cli(['--json', '--repair', '0', '--', 'pytest', 'tests/test_calc.py']);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.verification.status).toBe('unverified');
    expect(output.notes).toContain('not fixed: the model answered without a diff');
    expect(output.edits).toEqual([]);
  });
});

// A real library: Debian's copy of idna (pure Python, 13,000 lines with its data tables), with one bug put in.
const IDNA = '/usr/lib/python3/dist-packages/idna';
const IDNA_RIGHT = "    if label[0] == '-' or label[-1] == '-':";
const IDNA_BUG = "    if label[0] == '-' or label[len(label)] == '-':";

describe.skipIf(!sandbox.available || !existsSync(IDNA))('vouch debug on a copy of a real library', () => {
  it('follows the traceback deep into idna/core.py and proves the fix with its tests', async () => {
    cpSync(IDNA, join(project.workspace, 'idna'), {
      recursive: true,
      filter: (path) => !path.includes('__pycache__'),
    });
    const core = join(project.workspace, 'idna', 'core.py');
    const original = readFileSync(core, 'utf8');
    expect(original).toContain(IDNA_RIGHT);
    writeFileSync(core, original.replace(IDNA_RIGHT, IDNA_BUG));
    writeFileSync(
      join(project.workspace, 'tests', 'test_idna.py'),
      "import idna\n\n\ndef test_encode():\n    assert idna.encode('ドメイン.テスト') == b'xn--eckwd4c7c.xn--zckzah'\n",
    );
    project.fake.script('/v1/chat/completions', {
      text: [
        '`check_hyphen_ok` reads `label[len(label)]`, one past the end (idna/core.py line 129).',
        '```diff',
        '--- a/idna/core.py',
        '+++ b/idna/core.py',
        '@@ -128,3 +128,3 @@',
        "         raise IDNAError('Label has disallowed hyphens in 3rd and 4th position')",
        `-${IDNA_BUG}`,
        `+${IDNA_RIGHT}`,
        "         raise IDNAError('Label must not start or end with a hyphen')",
        '```',
      ].join('\n'),
    });
    const result = await cli(['--json', '--apply', '--', 'pytest', 'tests/test_idna.py']);
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<Output>();
    expect(output.details.failure.error).toBe('IndexError: string index out of range');
    expect(output.details.failure.frames.at(-1)).toMatchObject({ path: 'idna/core.py', line: 129 });
    expect(output.verification.status).toBe('pass');
    expect(output.details.applied).toEqual(['idna/core.py']);
    expect(readFileSync(core, 'utf8')).toBe(original);
    // a 397-line file is shown by the definitions the frames are in, not whole
    expect(messagesOf(0).at(-1)!.content).toMatch(
      /idna\/core\.py, lines 126–131 \(the failure passes through line 129\)/,
    );
  });
});

const TRACEBACK = `Traceback (most recent call last):
  File "/app/report.py", line 4, in <module>
    print(ratio(2, 0))
          ^^^^^^^^^^^
  File "/app/calc.py", line 7, in ratio
    return mean([a, b]) / b
           ~~~~~~~~~~~~~^~~
ZeroDivisionError: float division by zero
`;

const GUARD = [
  '`ratio` divides by `b` without checking it (calc.py line 7); `ratio(2, 0)` divides by zero.',
  '```diff',
  '--- a/calc.py',
  '+++ b/calc.py',
  '@@ -6,2 +6,4 @@',
  ' def ratio(a, b):',
  '+    if b == 0:',
  '+        raise ValueError("b must not be zero")',
  '     return mean([a, b]) / b',
  '```',
].join('\n');

describe('vouch debug --log', () => {
  it('locates a traceback from another machine in the workspace; the fix passes the gate but is not verified', async () => {
    writeFileSync(join(project.workspace, 'report.py'), 'from calc import ratio\n\n\nprint(ratio(2, 0))\n');
    project.fake.script('/v1/chat/completions', { text: GUARD });
    const result = await cli(['--json', '--apply', '--log', '-'], TRACEBACK);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.details.failure.error).toBe('ZeroDivisionError: float division by zero');
    expect(output.details.failure.frames).toEqual([
      { path: 'report.py', line: 4, function: '<module>' },
      { path: 'calc.py', line: 7, function: 'ratio' },
    ]);
    expect(output.verification.status).toBe('unverified');
    expect(output.verification.checks.find((check) => check.name === 'syntax')?.status).toBe('pass');
    expect(output.verification.checks.find((check) => check.name === 'rerun')?.status).toBe('skip');
    expect(output.notes.join('\n')).toContain('not proven by a re-run');
    expect(output.edits[0]?.diff).toContain('+        raise ValueError("b must not be zero")');
    // an unproven fix is never written
    expect(output.notes.join('\n')).toContain('not applied: the fix was not proven by a re-run');
    expect(readFileSync(join(project.workspace, 'calc.py'), 'utf8')).toBe(CALC);
    expect(messagesOf(0).at(-1)!.content).toContain('return mean([a, b]) / b');
  });

  it('refuses bad input with exit 2: a missing log, a log naming no workspace file, nothing to debug', async () => {
    const missing = await cli(['--log', 'nope.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read `nope.txt`');
    // a log in a file: read from standard input (a process of its own) is the test above
    writeFileSync(
      join(project.workspace, 'elsewhere.log'),
      'Traceback (most recent call last):\n  File "/usr/lib/python3.11/json/decoder.py", line 355, in raw_decode\njson.decoder.JSONDecodeError: Expecting value\n',
    );
    const elsewhere = await cli(['--json', '--log', 'elsewhere.log']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.json<{ error: { message: string } }>().error.message).toContain(
      'no frame of the failure is in the workspace',
    );
    const nothing = await cli([]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('give the failing command after `--`');
    expect(project.fake.requests).toHaveLength(0);
  });
});

// A Latin-1 file (PEP 263 line) holding a non-ASCII character: an applied fix keeps it Latin-1.
const LATIN_CALC = `# -*- coding: latin-1 -*-
def mean(values):
    """Moyenne arithmétique d'une liste non vide."""
    return sum(values) / len(values) + 1
`;
const latinAnswer = (added: string) =>
  [
    '`mean` adds 1 to the average.',
    '',
    '```diff',
    '--- a/calc.py',
    '+++ b/calc.py',
    '@@ -2,3 +2,3 @@',
    ' def mean(values):',
    '     """Moyenne arithmétique d\'une liste non vide."""',
    `-${BUGGY}`,
    `+${added}`,
    '```',
  ].join('\n');
const latinProject = fakeModelProject('vouch-debug-latin-', {
  'vouch.toml': '',
  'tests/test_calc.py': TESTS,
});
const latinCli = (args: string[]) =>
  runMain(['debug', '--model', 'openai:gpt-4o-mini', ...args], {
    cwd: latinProject.workspace,
    env: { OPENAI_BASE_URL: latinProject.fake.openAiUrl },
  });

describe.skipIf(!sandbox.available)('vouch debug --apply on a file that is not UTF-8', () => {
  it('writes the proven fix in the encoding the file declares (Latin-1), not UTF-8', async () => {
    writeFileSync(join(latinProject.workspace, 'calc.py'), Buffer.from(LATIN_CALC, 'latin1'));
    latinProject.fake.script('/v1/chat/completions', {
      text: latinAnswer('    return sum(values) / len(values)  # é'),
    });
    const result = await latinCli(['--json', '--apply', '--', 'pytest', 'tests/test_calc.py']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json<Output>().details.applied).toEqual(['calc.py']);
    const written = readFileSync(join(latinProject.workspace, 'calc.py'));
    expect(written).toEqual(
      Buffer.from(LATIN_CALC.replace(BUGGY, '    return sum(values) / len(values)  # é'), 'latin1'),
    );
  });

  it('refuses, writing nothing, when the fix holds a character Latin-1 cannot hold', async () => {
    writeFileSync(join(latinProject.workspace, 'calc.py'), Buffer.from(LATIN_CALC, 'latin1'));
    latinProject.fake.script('/v1/chat/completions', {
      text: latinAnswer('    return sum(values) / len(values)  # €'),
    });
    const result = await latinCli(['--apply', '--', 'pytest', 'tests/test_calc.py']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'calc.py declares the encoding latin-1, which cannot hold "€" (U+20AC) on line 4 of the new text; nothing was written',
    );
    expect(readFileSync(join(latinProject.workspace, 'calc.py'))).toEqual(Buffer.from(LATIN_CALC, 'latin1'));
  });
});
