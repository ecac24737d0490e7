import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Review r15: a name the file defines as a function (`def run`, or w75's module-level `run = lambda …`) and
 * also binds to another callable (`run = os.system`, under an `if` too, or `getattr(os, "system")`) was judged
 * as the file's own function only: the call matched no sink, and `run(request.args["c"])` reported nothing.
 * What the name is bound to where it is called now counts as well as the function.
 */
const found = (code: string) =>
  findingIds(code, { keep: (id) => !id.startsWith('resource-exhaustion@'), severity: true });

const flask = (binding: string[]) =>
  [
    'import os, sys',
    'from flask import Flask, request',
    'app = Flask(__name__)',
    ...binding,
    '@app.route("/r")',
    'def r():',
    '    run(request.args["c"])',
    '    return "ok"',
    '',
  ].join('\n');

describe("a call of a name rebound after the file's own function", () => {
  it.each([
    ['a lambda, then os.system', ['run = lambda c: print(c)', 'run = os.system']],
    [
      'a lambda, then os.system under an if',
      ['run = lambda c: print(c)', 'if sys.platform != "win32":', '    run = os.system'],
    ],
    ['a def, then os.system', ['def run(c):', '    print(c)', 'run = os.system']],
  ])('%s: command injection at the call', async (_, binding) => {
    const code = flask(binding);
    const line = code.split('\n').indexOf('    run(request.args["c"])') + 1;
    expect(await found(code)).toContain(`command-injection@${line}:critical`);
  });

  it('getattr(os, "system") after a lambda: command injection, and the hidden call', async () => {
    const code = flask(['run = lambda c: None', 'run = getattr(os, "system")']);
    const line = code.split('\n').indexOf('    run(request.args["c"])') + 1;
    const findings = await found(code);
    expect(findings).toContain(`command-injection@${line}:critical`);
    expect(findings).toContain(`hidden-dangerous-call@${line}:high`);
  });

  it("the file's own function alone still decides: a harmless def reports nothing", async () => {
    expect(await found(flask(['def run(c):', '    print(c)']))).toEqual([]);
  });

  it('a later lambda with the sink is still the function run (its sink, at its body)', async () => {
    expect(await found(flask(['run = lambda c: print(c)', 'run = lambda c: os.system(c)']))).toEqual([
      'command-injection@5:critical',
    ]);
  });

  it('os.system rebound, then the file-level def: both judged (which runs is not guessed)', async () => {
    const code = flask(['run = os.system', 'def run(c):', '    print(c)']);
    const line = code.split('\n').indexOf('    run(request.args["c"])') + 1;
    expect(await found(code)).toContain(`command-injection@${line}:critical`);
  });
});

describe('a lambda bound in an if or try at the top of a module is a function too', () => {
  it.each([
    [
      'the ImportError fallback',
      [
        'execute = lambda cmd: None',
        'try:',
        '    import sh',
        'except ImportError:',
        '    execute = lambda cmd: os.system(cmd)',
      ],
    ],
    [
      'one side of an if',
      [
        'if sys.platform == "win32":',
        '    execute = lambda cmd: os.system(cmd)',
        'else:',
        '    execute = lambda cmd: None',
      ],
    ],
  ])('%s: its sink, given the request data', async (_, binding) => {
    const code = flask(binding).replace('    run(request.args["c"])', '    execute(request.args["c"])');
    const line = code.split('\n').indexOf(binding.find((text) => text.includes('os.system'))!) + 1;
    expect(await found(code)).toEqual([`command-injection@${line}:critical`]);
  });
});
