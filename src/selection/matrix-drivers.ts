/**
 * The programs that run one candidate against many assertions inside the sandbox. Each reads its job as
 * JSON on stdin, defines the candidate once, then runs every assertion from `start` on, each with its own
 * time limit and in its own copy of the namespace, and prints `<nonce> <index> <1|0>` per assertion as it
 * finishes (so a run cut short still tells which assertions completed), or `<nonce> broken` when the
 * candidate itself cannot be defined.
 */
export const PYTHON_MATRIX_DRIVER = String.raw`
import contextlib, io, json, os, signal, sys

def _main():
    job = json.loads(sys.stdin.read())
    nonce = job['nonce']
    report = os.fdopen(os.dup(1), 'w')
    exit_now = os._exit

    class TestTimeout(BaseException):
        pass

    def on_alarm(signum, frame):
        raise TestTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    sink = io.StringIO()
    namespace = {'__name__': '__main__'}
    try:
        signal.setitimer(signal.ITIMER_REAL, job['setupSeconds'])
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            exec(job['candidate'], namespace)
            for statement in job['prelude']:
                exec(statement, namespace)
            entry = job.get('entryPoint')
            if entry and entry in namespace:
                namespace['candidate'] = namespace[entry]
        signal.setitimer(signal.ITIMER_REAL, 0)
    except BaseException:
        signal.setitimer(signal.ITIMER_REAL, 0)
        report.write(nonce + ' broken\n')
        report.flush()
        exit_now(0)
    tests = job['tests']
    for index in range(job['start'], len(tests)):
        ok = False
        try:
            signal.setitimer(signal.ITIMER_REAL, job['testSeconds'])
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                exec(tests[index], dict(namespace))
            ok = True
        except BaseException:
            ok = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        sink.seek(0)
        sink.truncate()
        report.write('%s %d %d\n' % (nonce, index, 1 if ok else 0))
        report.flush()
    exit_now(0)

_main()
`;

/**
 * Node: the candidate and each assertion run with `vm.runInThisContext`, so they share this realm (an array
 * the candidate returns is an Array to `assert.deepStrictEqual`) and top-level declarations stay visible,
 * and each gets vm's synchronous time limit.
 */
export const NODE_MATRIX_DRIVER = String.raw`
const fs = require('node:fs');
const vm = require('node:vm');
const job = JSON.parse(fs.readFileSync(0, 'utf8'));
const write = fs.writeSync.bind(fs, 1);
const report = (line) => write(job.nonce + ' ' + line + '\n');
globalThis.require = require;
globalThis.module = { exports: {} };
globalThis.exports = globalThis.module.exports;
globalThis.assert = require('node:assert');
try {
  vm.runInThisContext(job.candidate, { timeout: job.setupMs, filename: 'candidate.js' });
  for (const statement of job.prelude) vm.runInThisContext(statement, { timeout: job.setupMs });
  if (job.entryPoint) {
    vm.runInThisContext('var candidate = typeof ' + job.entryPoint + ' === "undefined" ? undefined : ' + job.entryPoint + ';');
  }
} catch (error) {
  report('broken');
  process.exit(0);
}
for (let index = job.start; index < job.tests.length; index++) {
  let ok = false;
  try {
    vm.runInThisContext(job.tests[index], { timeout: job.testMs, filename: 'test.js' });
    ok = true;
  } catch (error) {
    ok = false;
  }
  report(index + ' ' + (ok ? 1 : 0));
}
process.exit(0);
`;
