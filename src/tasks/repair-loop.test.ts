import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import { scriptedModel } from '../../test/support/scripted-model.js';
import type { Check } from '../core/check.js';
import { ModelError } from '../model/model-error.js';
import type { ChatMessage, ChatRequest } from '../model/types.js';
import { type DebugDetails, type FixDetails, runTask, type TaskHost } from './index.js';
import { type RepairCandidate, repairLoop } from './repair-loop.js';

/**
 * The one repair loop: on its own, and in each task that repairs (generate, complete, debug, fix) through
 * the public task API — each stops, keeps the better round, and honours a cancel.
 */

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

/** A check of our own interface: fails code holding `marker` on the line that holds it. */
function markerCheck(name: string, marker: string): Check {
  return {
    name,
    async run(subject) {
      const lines = subject.code.split('\n');
      const findings = lines.flatMap((text, index) =>
        text.includes(marker)
          ? [
              {
                ruleId: `${name}-${marker}`,
                file: subject.path,
                line: index + 1,
                column: 1,
                severity: 'high' as const,
                message: `uses ${marker}`,
              },
            ]
          : [],
      );
      return { name, status: findings.length ? 'fail' : 'pass', findings, durationMs: 0 };
    },
  };
}

const CHECKS = [markerCheck('imports', 'joinpath'), markerCheck('security', 'shell=True')];

function hostOf(root: string, model: ReturnType<typeof scriptedModel>, checks: Check[] = CHECKS): TaskHost {
  return { workspaceRoot: root, config: {}, model: async () => model, checks };
}

/** A model that aborts `controller` when asked its `at`-th answer (0-based), then answers anyway. */
function abortingAt(controller: AbortController, at: number, replies: string[]) {
  return scriptedModel((_request, index) => {
    if (index === at) controller.abort();
    return [replies[Math.min(index, replies.length - 1)]!];
  });
}

interface Fake extends RepairCandidate {
  score: number;
}

const fake = (answer: string, score: number): Fake => ({
  answer,
  score,
  status: score === 0 ? 'pass' : 'fail',
  checks: [],
});

describe('repairLoop', () => {
  const base = {
    conversation: [{ role: 'user', content: 'the request' }] as ChatMessage[],
    feedback: (candidate: Fake) =>
      candidate.score === 0 ? [] : [`${candidate.score} problems in ${candidate.answer}`],
    better: (next: Fake, best: Fake) => next.score <= best.score,
  };

  it('answers the last candidate, keeps the better one, and stops when nothing is left to send back', async () => {
    const asked: ChatMessage[][] = [];
    const scores = [5, 1, 0];
    const outcome = await repairLoop({
      ...base,
      first: fake('first', 2),
      rounds: 5,
      ask: async (conversation, round) => {
        asked.push(conversation);
        return `answer ${round}`;
      },
      verify: async (answer, round) => fake(answer, scores[round - 1]!),
    });
    expect(asked).toHaveLength(3);
    // round 2 is told about round 1's answer (worse than the first), not the first again
    expect(asked[1]!.at(-2)).toEqual({ role: 'assistant', content: 'answer 1' });
    expect(asked[1]!.at(-1)!.content).toContain('- 5 problems in answer 1');
    expect(outcome.rounds.map((round) => [round.round, round.status, round.feedback])).toEqual([
      [1, 'fail', ['2 problems in first']],
      [2, 'fail', ['5 problems in answer 1']],
      [3, 'pass', ['1 problems in answer 2']],
    ]);
    expect(outcome.best.answer).toBe('answer 3');
    expect(outcome.last.answer).toBe('answer 3');
  });

  it('stops after its rounds, and a worse round never replaces the better one', async () => {
    const outcome = await repairLoop({
      ...base,
      first: fake('first', 1),
      rounds: 2,
      ask: async (_conversation, round) => `answer ${round}`,
      verify: async (answer) => fake(answer, 3),
    });
    expect(outcome.rounds).toHaveLength(2);
    expect(outcome.best.answer).toBe('first');
    expect(outcome.last.answer).toBe('answer 2');
  });

  it('ends with a note when a round cannot be answered, and rethrows a cancel', async () => {
    const failing = await repairLoop({
      ...base,
      first: fake('first', 1),
      rounds: 3,
      ask: async () => {
        throw new Error('the endpoint went away');
      },
      verify: async (answer: string) => fake(answer, 0),
    });
    expect(failing.best.answer).toBe('first');
    expect(failing.rounds).toEqual([]);
    expect(failing.notes).toEqual(['repair round 1 could not run: the endpoint went away']);

    const cancelled = repairLoop({
      ...base,
      first: fake('first', 1),
      rounds: 3,
      ask: async () => {
        throw new ModelError('aborted', 'the model request was cancelled', { hint: 'nothing to fix' });
      },
      verify: async (answer: string) => fake(answer, 0),
    });
    await expect(cancelled).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('asks nothing more once the signal fired, even when the model answered', async () => {
    const controller = new AbortController();
    let asked = 0;
    const loop = repairLoop({
      ...base,
      first: fake('first', 1),
      rounds: 3,
      ask: async () => {
        asked++;
        controller.abort();
        return 'answer';
      },
      verify: async (answer) => fake(answer, 1),
      signal: controller.signal,
    });
    await expect(loop).rejects.toMatchObject({ name: 'AbortError' });
    expect(asked).toBe(1);
  });
});

const fenced = (code: string) => `\`\`\`python\n${code}\n\`\`\`\nThe code.`;
const INVENTED = fenced('from os.path import joinpath\n\ndef where(a, b):\n    return joinpath(a, b)');
const WORSE = fenced(
  'from os.path import joinpath\nimport subprocess\n\ndef where(a, b):\n    subprocess.run(joinpath(a, b), shell=True)',
);

describe('generate through the loop', () => {
  it('stops after its rounds and keeps the better code', async () => {
    const model = scriptedModel([INVENTED, WORSE, WORSE]);
    const result = await runTask({
      name: 'generate',
      input: { spec: 'join', language: 'python', repair: 2 },
      host: hostOf('/tmp', model),
    });
    expect(model.requests).toHaveLength(3);
    expect(result.verification.rounds.map((round) => round.status)).toEqual(['fail', 'fail']);
    expect(result.generated_code).toContain('return joinpath(a, b)');
    expect(result.generated_code).not.toContain('shell=True');
  });

  it('honours a cancel during a repair round: no further round, no result', async () => {
    const controller = new AbortController();
    const model = abortingAt(controller, 1, [INVENTED]);
    const task = runTask({
      name: 'generate',
      input: { spec: 'join', language: 'python', repair: 3 },
      host: hostOf('/tmp', model),
      options: {
        signal: controller.signal,
      },
    });
    await expect(task).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.requests).toHaveLength(2);
  });
});

const PY = 'def add(a, b):\n    \n\n\ndef other():\n    return 1\n';

describe('complete through the loop', () => {
  it('tells each round what failed in the answer before it, and keeps the first until a round passes', async () => {
    const root = fixtures.project('vouch-repair-loop-', { 'calc.py': PY });
    const model = scriptedModel([
      'return (a +',
      '```python\nreturn [a +\n```',
      '```python\nreturn {a +\n```',
    ]);
    const result = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 5, repair: 2, cache: false },
      host: hostOf(root, model),
    });
    expect(model.requests).toHaveLength(3);
    expect(result.verification.rounds.map((round) => round.status)).toEqual(['fail', 'fail']);
    expect(result.verification.rounds[0]!.feedback.join('\n')).toContain('return (a +');
    // round 2 answers round 1's completion, so its feedback is about that one
    expect(result.verification.rounds[1]!.feedback.join('\n')).toContain('return [a +');
    const last = model.requests[2] as ChatRequest;
    expect(last.messages.at(-2)).toEqual({ role: 'assistant', content: '```python\nreturn [a +\n```' });
    expect(result.generated_code).toBe('return (a +');
  });

  it('honours a cancel during a repair round', async () => {
    const root = fixtures.project('vouch-repair-loop-', { 'calc.py': PY });
    const controller = new AbortController();
    const model = abortingAt(controller, 1, ['return (a +']);
    const task = runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 5, repair: 3, cache: false },
      host: hostOf(root, model),
      options: { signal: controller.signal },
    });
    await expect(task).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.requests).toHaveLength(2);
  });
});

const APP = 'import os\n\n\ndef where(a, b):\n    return a + b\n';
const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "app.py", line 5, in where',
  '    return a + b',
  'TypeError: can only concatenate str (not "int") to str',
  '',
].join('\n');
const debugDiff = (line: string) =>
  [
    'The paths are not joined.',
    '```diff',
    '--- a/app.py',
    '+++ b/app.py',
    '@@ -4,2 +4,2 @@',
    ' def where(a, b):',
    '-    return a + b',
    `+    ${line}`,
    '```',
  ].join('\n');
const NOT_APPLYING = [
  'Try this.',
  '```diff',
  '--- a/app.py',
  '+++ b/app.py',
  '@@ -4,2 +4,2 @@',
  ' def nowhere(a, b):',
  '-    return a - b',
  '+    return a * b',
  '```',
].join('\n');

describe('debug through the loop', () => {
  it('stops after its rounds and keeps the round that got further', async () => {
    const root = fixtures.project('vouch-repair-loop-', { 'app.py': APP });
    // the first fix applies but the gate fails it; round 1's does not even apply
    const model = scriptedModel([debugDiff('return os.path.joinpath(a, b)'), NOT_APPLYING]);
    const result = await runTask({
      name: 'debug',
      input: { log: TRACEBACK, repair: 1 },
      host: hostOf(root, model),
    });
    expect(model.requests).toHaveLength(2);
    expect(result.verification.rounds.map((round) => round.status)).toEqual(['fail']);
    expect(result.verification.checks.map((check) => check.name)).toContain('imports');
    const details = result.details as unknown as DebugDetails;
    expect(details.rejected?.diff).toContain('+    return os.path.joinpath(a, b)');
    expect(result.edits).toEqual([]);
  });

  it('stops as soon as a fix passes the gate (a log alone: unverified)', async () => {
    const root = fixtures.project('vouch-repair-loop-', { 'app.py': APP });
    const model = scriptedModel([
      debugDiff('return os.path.joinpath(a, b)'),
      debugDiff('return os.path.join(a, b)'),
    ]);
    const result = await runTask({
      name: 'debug',
      input: { log: TRACEBACK, repair: 3 },
      host: hostOf(root, model),
    });
    expect(model.requests).toHaveLength(2);
    expect(result.verification.status).toBe('unverified');
    expect(result.edits[0]!.diff).toContain('+    return os.path.join(a, b)');
  });

  it('honours a cancel during a repair round', async () => {
    const root = fixtures.project('vouch-repair-loop-', { 'app.py': APP });
    const controller = new AbortController();
    const model = abortingAt(controller, 1, [debugDiff('return os.path.joinpath(a, b)')]);
    const task = runTask({
      name: 'debug',
      input: { log: TRACEBACK, repair: 3 },
      host: hostOf(root, model),
      options: {
        signal: controller.signal,
      },
    });
    await expect(task).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.requests).toHaveLength(2);
  });
});

const TOOLS = 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n';

describe('fix through the loop', () => {
  it('stops after its rounds, keeps the better rewrite, and reports a round without code', async () => {
    const root = fixtures.project('vouch-repair-loop-', { 'tools.py': TOOLS });
    const still = fenced('def run(cmd):\n    # run it\n    return subprocess.call(cmd, shell=True)');
    const worse = fenced('def run(cmd):\n    return subprocess.call(os.path.joinpath(cmd), shell=True)');
    const model = scriptedModel([still, worse, 'I would split the command.']);
    const result = await runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 2 },
      host: hostOf(root, model),
    });
    expect(model.requests).toHaveLength(3);
    expect(result.verification.rounds.map((round) => round.status)).toEqual(['fail', 'unverified']);
    expect(result.verification.rounds[1]!.feedback.join('\n')).toContain('new: line 5: imports');
    expect(result.generated_code).toContain('# run it');
    const details = result.details as unknown as FixDetails;
    expect(details.introduced).toEqual([]);
    expect(result.verification.status).toBe('fail');
  });

  it('honours a cancel during a repair round', async () => {
    const root = fixtures.project('vouch-repair-loop-', { 'tools.py': TOOLS });
    const controller = new AbortController();
    const model = abortingAt(controller, 1, [
      fenced('def run(cmd):\n    return subprocess.call(cmd, shell=True)'),
    ]);
    const task = runTask({
      name: 'fix',
      input: { file: 'tools.py', repair: 3 },
      host: hostOf(root, model),
      options: {
        signal: controller.signal,
      },
    });
    await expect(task).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.requests).toHaveLength(2);
  });
});
