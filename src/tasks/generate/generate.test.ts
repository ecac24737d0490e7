import { describe, expect, it } from 'vitest';
import { scriptedModel } from '../../../test/support/scripted-model.js';
import type { Check, CheckContext } from '../../core/check.js';
import type { TaskEvent } from '../task.js';
import { generate } from './index.js';

const context: CheckContext = { workspaceRoot: '/tmp', config: {} };

/** A check of our own interface that fails code containing a marker. */
function markerCheck(name: string, marker: string, blocking = false): Check {
  return {
    name,
    async run(subject) {
      const bad = subject.code.includes(marker);
      return {
        name,
        status: bad ? 'fail' : 'pass',
        findings: bad
          ? [
              {
                ruleId: name,
                file: subject.path,
                line: 1,
                column: 1,
                severity: 'high',
                message: `contains ${marker}`,
              },
            ]
          : [],
        durationMs: 1,
        ...(bad && blocking ? { blocking: true } : {}),
      };
    },
  };
}

const good = '```python\ndef add(a, b):\n    return a + b\n```\nAdds two numbers.';

describe('generate', () => {
  it('returns every output field, with test stubs built from the signature when the model gives none', async () => {
    const model = scriptedModel([good]);
    const output = await generate(
      { spec: 'add two numbers in python' },
      { model, checks: [markerCheck('syntax', '!!')], checkContext: context },
    );
    expect(output.generated_code).toBe('def add(a, b):\n    return a + b');
    expect(output.explanation).toBe('Adds two numbers.');
    expect(output.test_stubs).toContain('def test_add():');
    expect(output.language).toBe('python');
    expect(output.alternatives).toEqual([]);
    expect(output.model).toBe('scripted:test');
    expect(output.verification.checks.map((check) => [check.name, check.status])).toEqual([
      ['syntax', 'pass'],
    ]);
    // passed, but no test ran: medium, with the reason stated
    expect(output.confidence).toBe('medium');
    expect(output.verification.confidenceReasons).toContain('no tests were run against the code');
  });

  it('sends a security-aware system prompt, the language and the target file', async () => {
    const model = scriptedModel([good]);
    await generate(
      { spec: 'slugify a title', language: 'typescript', file: 'src/slug.ts' },
      { model, checks: [], checkContext: context },
    );
    const request = model.requests[0] as { messages: { role: string; content: string }[] };
    expect(request.messages[0]!.role).toBe('system');
    expect(request.messages[0]!.content).toMatch(/parameterise SQL/);
    expect(request.messages.at(-1)!.content).toContain('TypeScript');
    expect(request.messages.at(-1)!.content).toContain('src/slug.ts');
    // the gate's rules in the target language's own terms
    expect(request.messages[0]!.content).toContain('`execFile` / `spawn` with an arguments array');
    expect(request.messages[0]!.content).not.toContain('subprocess.run');
  });

  it('states the security rules in Python terms for Python', async () => {
    const model = scriptedModel([good]);
    await generate({ spec: 'find a user', language: 'python' }, { model, checks: [], checkContext: context });
    const system = (model.requests[0] as { messages: { content: string }[] }).messages[0]!.content;
    expect(system).toContain('cursor.execute("SELECT … WHERE id = %s", (user_id,))');
    expect(system).toContain('never `shell=True`');
  });

  it('ranks candidates by their checks and returns the others as alternatives', async () => {
    const bad = '```python\ndef add(a, b):\n    return eval("a+b")  # BAD\n```\nUses eval.';
    const model = scriptedModel([bad, good, good]);
    const output = await generate(
      { spec: 'add', language: 'python', n: 3 },
      { model, checks: [markerCheck('security', 'BAD', true)], checkContext: context },
    );
    expect(output.generated_code).not.toContain('eval');
    expect(output.alternatives).toHaveLength(1);
    expect(output.alternatives[0]!.code).toContain('eval');
    expect(output.verification.blocked).toBe(false);
  });

  it('reports a blocking finding and low confidence instead of hiding it', async () => {
    const model = scriptedModel(['```python\npassword = "hunter2"  # BAD\n```']);
    const output = await generate(
      { spec: 'x', language: 'python' },
      { model, checks: [markerCheck('security', 'BAD', true)], checkContext: context },
    );
    expect(output.verification.blocked).toBe(true);
    expect(output.verification.reasons[0]).toMatch(/^security: contains BAD/);
    expect(output.confidence).toBe('low');
  });

  it('reports a check that throws as an error, not a pass', async () => {
    const broken: Check = {
      name: 'types',
      async run() {
        throw new Error('tsc crashed');
      },
    };
    const output = await generate(
      { spec: 'x', language: 'python' },
      { model: scriptedModel([good]), checks: [broken], checkContext: context },
    );
    expect(output.verification.checks[0]).toMatchObject({
      name: 'types',
      status: 'error',
      reason: 'tsc crashed',
    });
    expect(output.confidence).toBe('low');
  });

  it('streams one sample to a listener and honours the stage switches', async () => {
    const events: TaskEvent[] = [];
    let contextAsked = false;
    const output = await generate(
      { spec: 'x', language: 'python', useContext: false, runChecks: false },
      {
        model: scriptedModel([good]),
        checks: [markerCheck('syntax', '!!')],
        checkContext: context,
        onEvent: (event) => events.push(event),
        context: async () => {
          contextAsked = true;
          return undefined;
        },
      },
    );
    const streamed = events
      .filter((event) => event.type === 'text-delta')
      .map((event) => (event as { delta: string }).delta);
    expect(streamed.join('')).toBe(good);
    expect(contextAsked).toBe(false);
    expect(output.verification.checks).toEqual([]);
    expect(output.confidence).toBe('low');
    expect(output.verification.confidenceReasons).toContain('checks were turned off');
  });

  it('passes repository context into the prompt and reports its sources', async () => {
    const model = scriptedModel([good]);
    const output = await generate(
      { spec: 'x', language: 'python' },
      {
        model,
        checks: [],
        checkContext: context,
        context: async () => ({
          text: 'def helper(): ...',
          sources: [{ path: 'util.py', startLine: 1, endLine: 1, reason: 'retrieved' }],
        }),
      },
    );
    const request = model.requests[0] as { messages: { content: string }[] };
    expect(request.messages.at(-1)!.content).toContain('def helper(): ...');
    expect(output.context).toEqual([{ path: 'util.py', startLine: 1, endLine: 1, reason: 'retrieved' }]);
  });
});
