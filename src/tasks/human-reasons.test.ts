import { describe, expect, it } from 'vitest';
import { scriptedModel } from '../../test/support/scripted-model.js';
import type { Check } from '../core/check.js';
import { runTask, type TaskEvent } from './index.js';

/**
 * Issue 57: raw JSON and stack traces reached the reasons users read. A check that fails to run with a
 * tool's JSON report and a stack in its error, and one that passes with a JSON dump in its reason, go
 * through the `check` task as any face calls it: neither the streamed check events nor the result's
 * reasons (the check's, the verdict's) hold `{"` or a stack line.
 */
const crashing: Check = {
  name: 'imports',
  async run() {
    const error = new Error(
      'the probe answered what does not parse: {"imports":[{"module":"os","line":1}],"problems":[]} (exit 1)',
    );
    error.message += '\n    at probe (/opt/vouch/dist/verify/checks/imports-python.js:88:11)';
    throw error;
  },
};
const chatty: Check = {
  name: 'lint',
  async run() {
    return {
      name: 'lint',
      status: 'pass',
      reason: 'ruff said [{"code":"E501","message":"line too long"}] and nothing else',
      findings: [],
      durationMs: 1,
    };
  },
};

describe('reasons in human words', () => {
  it('describes a JSON dump and leaves a stack trace out of every reason a face shows', async () => {
    const events: TaskEvent[] = [];
    const result = await runTask({
      name: 'check',
      input: { code: 'import os\n', language: 'python' },
      host: {
        workspaceRoot: process.cwd(),
        config: {},
        model: async () => scriptedModel([]),
        checks: [crashing, chatty],
      },
      options: { onEvent: (event) => events.push(event) },
    });
    const shown = [
      ...result.verification.checks.map((check) => check.reason ?? ''),
      ...result.verification.reasons,
      ...(result.verification.confidenceReasons ?? []),
      ...events.flatMap((event) => (event.type === 'check' ? [event.result.reason ?? ''] : [])),
    ];
    for (const text of shown) {
      expect(text).not.toContain('{"');
      expect(text).not.toMatch(/^\s+at /m);
    }
    const imports = result.verification.checks.find((check) => check.name === 'imports')!;
    expect(imports.status).toBe('error');
    expect(imports.reason).toBe(
      'the probe answered what does not parse: (a JSON object with keys imports, problems) (exit 1)',
    );
    expect(result.verification.checks.find((check) => check.name === 'lint')!.reason).toBe(
      'ruff said (a JSON array of 1 item) and nothing else',
    );
    expect(result.verification.status).toBe('unverified');
  });
});
