import { describe, expect, it } from 'vitest';
import { scriptedModel } from '../../test/support/scripted-model.js';
import type { Check } from '../core/check.js';
import type { ChatRequest } from '../model/types.js';
import { runTask, type TaskEvent, type TaskHost } from './index.js';

/** A check of our own interface: fails code that contains `marker`, with a hint, as real checks do. */
function markerCheck(name: string, marker: string, hint: string, blocking = false): Check {
  return {
    name,
    async run(subject) {
      const line = subject.code.split('\n').findIndex((text) => text.includes(marker));
      return {
        name,
        status: line === -1 ? 'pass' : 'fail',
        findings:
          line === -1
            ? []
            : [
                {
                  ruleId: `${name}-rule`,
                  file: subject.path,
                  line: line + 1,
                  column: 1,
                  severity: 'high',
                  message: `uses ${marker}`,
                  hint,
                },
              ],
        durationMs: 1,
        ...(line !== -1 && blocking ? { blocking: true } : {}),
      };
    },
  };
}

/** A stand-in for the tests check: it passes the tests an answer gave, and skips when it gave none. */
const testsRan: Check = {
  name: 'tests',
  async run(subject) {
    const given = (subject.tests?.length ?? 0) > 0;
    return { name: 'tests', status: given ? 'pass' : 'skip', findings: [], durationMs: 1 };
  },
};

const CHECKS = [
  markerCheck('imports', 'joinpath', 'did you mean `join`?'),
  markerCheck('security', 'shell=True', 'pass the arguments as a list', true),
  testsRan,
];

/** An answer as the prompt asks for it: the code, its explanation, and a block of tests. */
function answer(code: string): string {
  return `\`\`\`python\n${code}\n\`\`\`\nThe function.\n\n\`\`\`python\nfrom solution import *\n\n\ndef test_it():\n    assert True\n\`\`\``;
}

const INVENTED = answer('from os.path import joinpath\n\ndef where(a, b):\n    return joinpath(a, b)');
const FIXED = answer('from os.path import join\n\ndef where(a, b):\n    return join(a, b)');
const SHELL = answer('import subprocess\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True)');

function host(replies: string[], checks: Check[] = CHECKS) {
  const model = scriptedModel(replies);
  const taskHost: TaskHost = { workspaceRoot: '/tmp', config: {}, model: async () => model, checks };
  return { model, taskHost };
}

describe('the repair loop (generate)', () => {
  it('sends the failures with their hints back and delivers the repaired code, each round in the report', async () => {
    const { model, taskHost } = host([INVENTED, FIXED]);
    const events: TaskEvent[] = [];
    const result = await runTask({
      name: 'generate',
      input: { spec: 'join two paths', language: 'python' },
      host: taskHost,
      options: {
        onEvent: (event) => events.push(event),
      },
    });
    expect(result.generated_code).toContain('return join(a, b)');
    expect(result.verification.status).toBe('pass');
    expect(result.verification.rounds).toEqual([
      expect.objectContaining({
        round: 1,
        feedback: ['imports: line 1: uses joinpath (did you mean `join`?)'],
        status: 'pass',
      }),
    ]);
    const second = model.requests[1] as ChatRequest;
    expect(second.messages.at(-2)).toEqual({
      role: 'assistant',
      content: expect.stringContaining('joinpath'),
    });
    expect(second.messages.at(-1)!.content).toContain(
      '- imports: line 1: uses joinpath (did you mean `join`?)',
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'stage', stage: 'repair', status: 'start' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'check',
        round: 1,
        result: expect.objectContaining({ name: 'imports' }),
      }),
    );
  });

  it('stops after the rounds it was given, and keeps the failing verdict', async () => {
    const { model, taskHost } = host([SHELL]);
    const result = await runTask({
      name: 'generate',
      input: { spec: 'run a command', language: 'python', repair: 1 },
      host: taskHost,
    });
    expect(model.requests).toHaveLength(2);
    expect(result.verification.status).toBe('fail');
    expect(result.verification.blocked).toBe(true);
    expect(result.verification.rounds).toHaveLength(1);
    expect(result.verification.rounds[0]!.feedback[0]).toMatch(
      /^security: line 4: uses shell=True \(pass the arguments/,
    );
  });

  it('spends no round when the first answer passes, or when repair is 0', async () => {
    const passing = host([FIXED]);
    const result = await runTask({
      name: 'generate',
      input: { spec: 'join', language: 'python' },
      host: passing.taskHost,
    });
    expect(result.verification.rounds).toEqual([]);
    expect(passing.model.requests).toHaveLength(1);
    const off = host([INVENTED, FIXED]);
    const unrepaired = await runTask({
      name: 'generate',
      input: { spec: 'join', language: 'python', repair: 0 },
      host: off.taskHost,
    });
    expect(unrepaired.verification.status).toBe('fail');
    expect(off.model.requests).toHaveLength(1);
  });

  it('asks again when the model answered without code', async () => {
    const { model, taskHost } = host(['I would use os.path for that.', FIXED]);
    const result = await runTask({
      name: 'generate',
      input: { spec: 'join', language: 'python' },
      host: taskHost,
    });
    expect(result.generated_code).toContain('return join(a, b)');
    expect(result.verification.rounds[0]!.feedback).toEqual([
      'the answer had no code: give the complete code in one fenced code block',
    ]);
    expect(model.requests).toHaveLength(2);
  });

  it('keeps the better code when a round makes things worse', async () => {
    const worse = answer(
      'from os.path import joinpath\nimport subprocess\n\ndef where(a, b):\n    subprocess.run(joinpath(a, b), shell=True)',
    );
    const { taskHost } = host([INVENTED, worse, worse]);
    const result = await runTask({
      name: 'generate',
      input: { spec: 'join', language: 'python' },
      host: taskHost,
    });
    expect(result.generated_code).not.toContain('shell=True');
    expect(result.verification.rounds.map((round) => round.status)).toEqual(['fail', 'fail']);
  });

  it('delivers what it has, with why, when a repair round cannot be answered', async () => {
    const model = scriptedModel((_request, index) => {
      if (index > 0) throw new Error('the prompt has 2285 tokens, but the context holds 2048');
      return [INVENTED];
    });
    const taskHost: TaskHost = {
      workspaceRoot: '/tmp',
      config: {},
      model: async () => model,
      checks: CHECKS,
    };
    const result = await runTask({
      name: 'generate',
      input: { spec: 'join', language: 'python' },
      host: taskHost,
    });
    expect(result.generated_code).toContain('joinpath');
    expect(result.verification.status).toBe('fail');
    expect(result.notes).toContain(
      'repair round 1 could not run: the prompt has 2285 tokens, but the context holds 2048',
    );
  });

  it('refuses a repair count outside 0–5', async () => {
    const { taskHost } = host([FIXED]);
    await expect(
      runTask({ name: 'generate', input: { spec: 'join', repair: 9 }, host: taskHost }),
    ).rejects.toThrow(/repair: /);
  });
});
