import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../tasks/index.js';
import { baseResult, withDetails } from '../tasks/task-frame.js';
import { renderResult } from './render-result.js';

describe("the language server's result document", () => {
  it('says what earned the confidence: the reasons, then each piece of evidence and whether it is independent', () => {
    const frame = baseResult('generate', { id: 'scripted' }, performance.now());
    frame.generated_code = 'def double(x):\n    return 2 * x\n';
    frame.language = 'python';
    frame.confidence = 'high';
    frame.verification = {
      status: 'pass',
      checks: [],
      blocked: false,
      reasons: [],
      confidenceReasons: ['every check ran and passed, and independent evidence vouches: 2 of 3 agree'],
      confidenceEvidence: [
        { kind: 'model-tests', independent: false, detail: "the model's own tests passed" },
        { kind: 'agreement', independent: true, detail: '2 of 3 sampled candidates behave as this one' },
      ],
      rounds: [],
    };
    const text = renderResult(withDetails(frame, undefined) as TaskResult);
    expect(text).toContain(
      '**Confidence high:** every check ran and passed, and independent evidence vouches: 2 of 3 agree',
    );
    expect(text).toContain("- evidence: the model's own tests passed (the model's own)");
    expect(text).toContain('- evidence: 2 of 3 sampled candidates behave as this one (independent)');
  });
});
