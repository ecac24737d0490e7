
const { run } = require('node:test');
const os = require('node:os');
const files = process.argv.slice(1);
// run() starts each test file with this process's flags: not with '-e DRIVER', which would run the driver again
process.execArgv = [];
const concurrency = Math.max(1, (os.availableParallelism ? os.availableParallelism() : os.cpus().length) - 1);
(async () => {
  let failed = 0;
  // what each test file printed on stderr: why a file that could not be imported failed
  const errors = new Map();
  for await (const event of run({ files, concurrency })) {
    const data = event.data;
    if (event.type === 'test:stdout' || event.type === 'test:stderr') {
      (event.type === 'test:stdout' ? process.stdout : process.stderr).write(String(data.message));
      if (event.type === 'test:stderr' && data.file) errors.set(data.file, (errors.get(data.file) || '') + data.message);
      continue;
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const skipped = data.skip !== undefined || data.todo !== undefined;
    if (event.type === 'test:fail' && !skipped) failed++;
    const error = data.details && data.details.error;
    const cause = error && (error.cause || error);
    const printed = data.name === data.file && errors.get(data.file);
    const why = printed ? printed.split('\n').filter((line) => /Error|error:/.test(line)).slice(0, 2).join(' ') : '';
    vouchReport.send({
      test: data.name,
      outcome: skipped ? 'skipped' : event.type === 'test:pass' ? 'passed' : 'failed',
      suite: Boolean(data.details && data.details.type === 'suite'),
      file: data.file || null,
      line: data.line || null,
      message: why || (cause ? String(cause.message || cause).split('\n')[0].slice(0, 500) : null),
      // a skip or todo whose body ran and failed, and the reason a skip or todo gives: a failing assertion
      // node:test reports as todo (and exits 0 on) is a failure to vouch
      skipFailed: skipped && event.type === 'test:fail',
      reason: typeof data.skip === 'string' ? data.skip.slice(0, 500) : typeof data.todo === 'string' ? data.todo.slice(0, 500) : null,
    });
  }
  vouchReport.send({ finished: true, exitstatus: failed ? 1 : 0 });
  process.exitCode = failed ? 1 : 0;
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + '\n');
  process.exitCode = 2;
});
