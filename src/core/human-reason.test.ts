import { describe, expect, it } from 'vitest';
import { humanReason } from './human-reason.js';

describe('humanReason', () => {
  it('says what a JSON dump is instead of printing it', () => {
    expect(
      humanReason(
        'vitest exited 1 though every test it reported passed: {"numTotalTests":3,"success":true,"testResults":[]}',
      ),
    ).toBe(
      'vitest exited 1 though every test it reported passed: (a JSON object with keys numTotalTests, success, testResults)',
    );
    expect(humanReason('answered [{"id":1},{"id":2}] twice')).toBe(
      'answered (a JSON array of 2 items) twice',
    );
    // cut short: to the end of its line
    expect(humanReason('the probe printed {"imports": [{"module": "os", "li\nthen stopped')).toBe(
      'the probe printed (JSON output, cut)\nthen stopped',
    );
    // Node's JSON.parse error quotes the text it could not read
    expect(humanReason(`not valid JSON (Unexpected token 'x', "{"a":1}x" is not valid JSON)`)).not.toContain(
      '{"',
    );
  });

  it('leaves out stack traces and keeps ordinary text as it was', () => {
    expect(
      humanReason('the tester did not finish: boom\n    at run (/x/y.js:1:2)\n    at main (/x/y.js:3:4)'),
    ).toBe('the tester did not finish: boom');
    expect(
      humanReason('Traceback (most recent call last):\n  File "a.py", line 1, in <module>\nValueError: no'),
    ).toBe('ValueError: no');
    for (const text of [
      'checked: syntax, names; not run',
      'a set {1, 2} and a list [a, b]',
      'f(x)[0] == {}',
      '',
    ])
      expect(humanReason(text)).toBe(text);
  });
});
