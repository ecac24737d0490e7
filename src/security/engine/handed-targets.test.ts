import { describe, expect, it } from 'vitest';
import { lineOf, ruleLines } from '../../../test/support/rule-findings.js';

/**
 * w155: a function of the file handed to a thread, an executor or a pool, which calls it with the arguments given
 * beside it (handed-targets.ts). Each "found" case gave no finding before (checked on main 905ed6f6's code).
 */
const HEAD =
  'import os, shlex, threading\nfrom concurrent.futures import ThreadPoolExecutor\nfrom multiprocessing import Pool\nfrom flask import Flask, request\napp = Flask(__name__)\n';
const lines = (code: string) => ruleLines(code, 'command-injection');
const handler = 'def handler(c):\n    os.system(c)\n\n';
const route = (body: string) => `@app.route("/a")\ndef a():\n${body}    return "ok"\n`;

describe('a function handed over with request data runs with it', () => {
  it.each([
    [
      'threading.Thread(target=…, args=(…,))',
      `${HEAD}${handler}${route('    t = threading.Thread(target=handler, args=(request.args["x"],))\n    t.start()\n')}`,
    ],
    [
      'a method of an object as the target',
      `${HEAD}class R:\n    def run(self, c):\n        os.system(c)\n\n${route('    r = R()\n    q = request.args["x"]\n    threading.Thread(target=r.run, args=(q,)).start()\n')}`,
    ],
    [
      'kwargs= given to the thread',
      `${HEAD}${handler}${route('    threading.Thread(target=handler, kwargs={"c": request.args["x"]}).start()\n')}`,
    ],
    [
      "an executor's submit",
      `${HEAD}${handler}${route('    with ThreadPoolExecutor() as ex:\n        ex.submit(handler, request.args["x"])\n')}`,
    ],
    [
      "a pool's map, each item in turn",
      `${HEAD}${handler}${route('    with Pool(4) as pool:\n        pool.map(handler, request.args.getlist("x"))\n')}`,
    ],
    [
      "a pool's apply_async",
      `${HEAD}${handler}${route('    Pool(2).apply_async(handler, (request.args["x"],))\n')}`,
    ],
    [
      'a nested function handed to a thread, reading the route’s variable',
      `${HEAD}${route('    q = request.args["x"]\n    def work():\n        os.system(q)\n    threading.Thread(target=work).start()\n')}`,
    ],
    [
      'a helper hands its parameter over (the summary carries it to the route)',
      `${HEAD}${handler}def start(c):\n    ThreadPoolExecutor().submit(handler, c)\n\n${route('    start(request.args["x"])\n')}`,
    ],
  ])('%s', async (_, code) => {
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    [
      'a constant handed over',
      `${HEAD}${handler}${route('    threading.Thread(target=handler, args=("ls",)).start()\n')}`,
    ],
    [
      'the target quotes what it is given',
      `${HEAD}def handler(c):\n    os.system("ls " + shlex.quote(c))\n\n${route('    ThreadPoolExecutor().submit(handler, request.args["x"])\n')}`,
    ],
    [
      'the data goes to a parameter that reaches no sink',
      `${HEAD}def handler(name, c):\n    os.system(c)\n\n${route('    threading.Thread(target=handler, args=(request.args["x"], "ls")).start()\n')}`,
    ],
    [
      'a target that uses no argument',
      `${HEAD}def handler(c):\n    os.system("ls")\n\n${route('    threading.Thread(target=handler, args=(request.args["x"],)).start()\n')}`,
    ],
  ])('not found: %s', async (_, code) => {
    expect(await lines(code)).toEqual([]);
  });

  it('the route’s own sink beside a safe hand-over is still reported', async () => {
    const code = `${HEAD}${handler}${route('    q = request.args["x"]\n    threading.Thread(target=handler, args=("ls",)).start()\n    os.system("echo " + q)\n')}`;
    expect(await lines(code)).toEqual([lineOf(code, 'os.system("echo')]);
  });
});
