
const fs = require('node:fs');
const vm = require('node:vm');
const nodeAssert = require('node:assert');
const job = JSON.parse(fs.readFileSync(0, 'utf8'));
const report = (line) => vouchReport.send(line);
const quiet = new Proxy({}, { get: () => () => undefined });
function freshAssert() {
  const copy = (...args) => nodeAssert(...args);
  Object.assign(copy, nodeAssert);
  copy.strict = copy;
  return copy;
}
const votes = new Array(job.tests.length).fill(0);
const finished = new Array(job.tests.length).fill(false);
const skip = new Set(job.skip || []);
for (let candidate = job.start; candidate < job.candidates.length; candidate++) {
  const assert = freshAssert();
  const exportsObject = {};
  const context = vm.createContext({
    assert,
    console: quiet,
    module: { exports: exportsObject },
    exports: exportsObject,
    require: (name) => (name === 'assert' || name === 'node:assert' || name === 'assert/strict' || name === 'node:assert/strict' ? assert : require(name)),
  });
  try {
    vm.runInContext(job.candidates[candidate], context, { timeout: job.setupMs, filename: 'candidate.js' });
    if (job.entryPoint) {
      vm.runInContext('var candidate = typeof ' + job.entryPoint + ' === "undefined" ? undefined : ' + job.entryPoint + ';', context);
    }
  } catch (error) {
    report('C ' + candidate + ' broken');
    continue;
  }
  let strikes = 0;
  let spent = 0;
  let status = 'ok';
  const timedOut = [];
  let completed = false;
  for (let test = 0; test < job.tests.length; test++) {
    if (skip.has(test)) continue;
    let ok = 0;
    const started = performance.now();
    try {
      vm.runInContext(job.tests[test], context, { timeout: job.testMs, filename: 'test.js' });
      ok = 1;
    } catch (error) {
      ok = error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? 2 : 0;
    }
    spent += performance.now() - started;
    report('T ' + candidate + ' ' + test + ' ' + ok);
    if (ok === 2) {
      strikes++;
      timedOut.push(test);
    } else {
      completed = true;
      finished[test] = true;
    }
    if (strikes >= job.strikes) { status = 'hanging'; break; }
    if (spent > job.budgetMs) { status = 'budget'; break; }
  }
  if (completed) {
    for (const test of timedOut) {
      votes[test]++;
      if (votes[test] >= job.hangVotes && !finished[test]) {
        skip.add(test);
        report('H ' + test);
      }
    }
  }
  report('C ' + candidate + ' ' + status);
}
process.exit(0);
