/**
 * Review r25's cost case: a Flask file of N routes all named `h` (`@app.route(…)` over `def h()`), each route
 * calling `h` with the request's data, analysed in-process; prints the CPU time and the findings. Every call of
 * `h` may reach N bindings, each under a decorator whose meaning the engine reads from the binding table.
 *
 *   tsx bench/security/same-name-routes.ts [N=1800] [--print]   (--print: write the program and stop)
 */

import { analyzeSource, defaultRuleSet } from '../../src/security/index.js';

/** The program: N decorated `def h` routes, each calling `h` with data. */
export function sameNameRoutes(count: number): string {
  const head = 'import os\nfrom flask import Flask, request\napp = Flask(__name__)\n';
  const route = (index: number) =>
    `@app.route("/r${index}")\ndef h():\n    os.system(request.args["p"])\n    return "ok"\nh(request.args["q"])\n`;
  return head + Array.from({ length: count }, (_, index) => route(index)).join('');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv.find((argument) => /^\d+$/.test(argument)) ?? 1800);
  const source = sameNameRoutes(count);
  if (process.argv.includes('--print')) process.stdout.write(source);
  else {
    const ruleSet = defaultRuleSet();
    const start = process.cpuUsage();
    const findings = await analyzeSource({ source, language: 'python', file: 'app/views.py', ruleSet });
    const used = process.cpuUsage(start);
    process.stdout.write(
      `${count} routes: ${findings.length} findings, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU\n`,
    );
  }
}
