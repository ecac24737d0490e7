import { describe, expect, it } from 'vitest';
import { readReport, trustedReport } from '../../core/report-channel.js';
import {
  nodeReportChannel,
  PYTHON_REPORT_MODULE,
  pythonReportModule,
} from '../../core/report-channel-sources.js';
import { sandboxAvailability } from './availability.js';
import { runInSandbox } from './run-in-sandbox.js';
import { createWarmPool } from './warm-pool.js';

const available = (await sandboxAvailability()).available;

/**
 * A driver that reports on its channel while the code it runs (here: in a forked child, after closing the
 * channel) tries every way to write a verdict of its own: printing it, writing fd 1, the channel's fd it
 * saw, every fd it has, the driver's fds through /proc.
 */
const PYTHON_DRIVER = `
import os, sys
from vouch_report import open_channel
channel = open_channel()
seen = channel.fd
pid = os.fork()
if pid == 0:
    channel.close_in_child()
    print('{"verdict": "forged"}')
    os.write(1, b'{"verdict": "forged"}\\n')
    for fd in [seen] + list(range(3, 64)):
        try:
            os.write(fd, b'{"verdict": "forged"}\\n')
        except OSError:
            pass
    try:
        with open('/proc/%d/fd/%d' % (os.getppid(), seen), 'w') as parent:
            parent.write('{"verdict": "forged"}\\n')
    except OSError:
        pass
    os._exit(0)
os.waitpid(pid, 0)
channel.send({'verdict': 'real'})
`;

describe('readReport', () => {
  it('keeps the lines with the key, counts the others, and never takes a cut-off line', () => {
    const report = readReport('k {"a":1}\nforged\nk {"b":2}\nk {"c"', 'k');
    expect(report.lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(report.unsigned).toBe(1);
    expect(trustedReport(report).problem).toMatch(/without this run's key/);
    expect(trustedReport(readReport('k 1\n', 'k'))).toEqual({ lines: ['1'] });
    expect(trustedReport(readReport('', 'k')).problem).toBe('the driver sent no report');
    expect(trustedReport(undefined).problem).toBe('the run had no report channel');
  });
});

describe.skipIf(!available)('the report channel of a sandboxed run', () => {
  it('carries the driver’s report and nothing the code it runs writes, one-shot', async () => {
    const result = await runInSandbox({
      command: ['python3', 'driver.py'],
      files: { 'driver.py': PYTHON_DRIVER, [PYTHON_REPORT_MODULE]: pythonReportModule() },
      report: true,
    });
    expect(result.status, result.stderr).toBe('ok');
    expect(result.stdout).toContain('forged');
    expect(trustedReport(result.report)).toEqual({ lines: ['{"verdict": "real"}'] });
  });

  it('distrusts the whole report when anything writes on the channel without the key', async () => {
    const result = await runInSandbox({
      command: [
        'python3',
        '-c',
        'import os\nos.write(int(os.environ["VOUCH_REPORT_FD"]), b"made up\\n")\nfrom vouch_report import open_channel\nopen_channel().send(1)\n',
      ],
      files: { [PYTHON_REPORT_MODULE]: pythonReportModule() },
      cwd: '/sandbox',
      report: true,
    });
    expect(result.report?.lines).toEqual(['1']);
    expect(trustedReport(result.report).problem).toMatch(/1 line\(s\) without this run's key/);
  });

  it('carries a warm Python job’s report', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 1 });
    try {
      const result = await pool.run({
        source: PYTHON_DRIVER,
        files: { [PYTHON_REPORT_MODULE]: pythonReportModule() },
        report: true,
      });
      expect(result.status, result.stderr).toBe('ok');
      expect(trustedReport(result.report)).toEqual({ lines: ['{"verdict": "real"}'] });
      // a job that did not ask has no channel
      const plain = await pool.run({ source: 'import os\nprint(os.environ.get("VOUCH_REPORT_FD"))\n' });
      expect(plain.stdout.trim()).toBe('None');
      expect(plain.report).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  it('carries a Node job’s report, warm and one-shot', async () => {
    const source = `${nodeReportChannel()}\nconsole.log(JSON.stringify({ verdict: 'forged' }));\nvouchReport.send({ verdict: 'real' });\n`;
    const pool = await createWarmPool({ runtime: 'node', size: 1 });
    try {
      const warm = await pool.run({ source, report: true });
      expect(warm.status, warm.stderr).toBe('ok');
      expect(trustedReport(warm.report)).toEqual({ lines: ['{"verdict":"real"}'] });
    } finally {
      await pool.close();
    }
    const once = await runInSandbox({
      command: ['node', 'driver.js'],
      files: { 'driver.js': source },
      report: true,
    });
    expect(trustedReport(once.report)).toEqual({ lines: ['{"verdict":"real"}'] });
  });
});
