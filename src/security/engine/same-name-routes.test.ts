import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';
import { decoratorWork } from './call-targets.js';

/**
 * Review r25 (w110): whether a decorator gives the function back (`transparentDecorator`) was judged again for
 * every binding a call's name may hold, at every run of every call: 1,800 Flask routes all named `h`, each with a
 * call of `h`, took 21.75 s (1,800² judgements). It is judged once per decorator and interpreter. Counted in
 * judgements, not timed (`bench/security/same-name-routes.ts` times the 1,800).
 */
const ruleSet = defaultRuleSet();
const routes = (count: number) =>
  'import os\nfrom flask import Flask, request\napp = Flask(__name__)\n' +
  Array.from(
    { length: count },
    (_, index) =>
      `@app.route("/r${index}")\ndef h():\n    os.system(request.args["p"])\n    return "ok"\nh(request.args["q"])\n`,
  ).join('');

const run = async (source: string) => {
  const start = decoratorWork.judged;
  const findings = await analyzeSource({ source, language: 'python', file: 'app/views.py', ruleSet });
  return { judged: decoratorWork.judged - start, findings };
};

describe('the cost of judging decorators of a name bound many times', () => {
  it('each decorator is judged once, however many calls may reach it', async () => {
    const small = await run(routes(30));
    const large = await run(routes(60));
    expect(small.judged).toBeGreaterThan(0);
    // once per decorator: 30 and 60 (900 and 3,600 before, one per call and binding)
    expect(small.judged).toBeLessThanOrEqual(30);
    expect(large.judged).toBeLessThanOrEqual(60);
  });

  it('control: every route still reports its command injection', async () => {
    const { findings } = await run(routes(30));
    const commands = findings.filter((finding) => finding.ruleId === 'command-injection');
    expect(commands.map((finding) => finding.line)).toEqual(
      Array.from({ length: 30 }, (_, index) => 6 + index * 5),
    );
  });

  const cleaners = (count: number, last: string) =>
    'import os, shlex\nfrom functools import lru_cache\nfrom flask import Flask, request\napp = Flask(__name__)\n' +
    'def cache(f):\n    return lambda s: s\n' +
    Array.from({ length: count }, () => '@lru_cache\ndef q(s):\n    return shlex.quote(s)\n').join('') +
    `@${last}\ndef q(s):\n    return shlex.quote(s)\n` +
    '@app.route("/run")\ndef run():\n    os.system("ls " + q(request.args["p"]))\n    return "ok"\n';
  const commandLines = async (source: string) =>
    (await run(source)).findings
      .filter((finding) => finding.ruleId === 'command-injection')
      .map((finding) => finding.line);

  it('a judged decorator stays its own: one unknown among many known still passes the data on', async () => {
    expect(await commandLines(cleaners(20, 'cache'))).toEqual([72]);
  });

  it('control: all of them known, the call is cleaned', async () => {
    expect(await commandLines(cleaners(20, 'lru_cache'))).toEqual([]);
  });
});
