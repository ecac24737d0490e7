import { shippedText } from './package-root.js';

/**
 * The drivers' side of the report channel (report-channel.ts). Python drivers get `vouch_report.py` as a
 * file beside them (`files: { [PYTHON_REPORT_MODULE]: pythonReportModule() }`) and `open_channel()` it;
 * Node drivers start with nodeReportChannel() (`node/vouch-report.cjs`), which defines `vouchReport`
 * (`send(value)`, `fd`); nodeDriver() puts a driver of `node/` behind it.
 */
export const PYTHON_REPORT_MODULE = 'vouch_report.py';

export function pythonReportModule(): string {
  return shippedText('python/vouch_report.py');
}

/**
 * Defines `vouchReport`: the report fd and this run's key, both names taken out of the environment and the
 * key read (and its fd closed) before the driver loads anything else; `send(value)` writes one keyed line
 * of JSON. With no channel (a driver run by hand) it prints the value instead: the host never trusts stdout.
 * Node cannot make itself non-dumpable: a Node driver runs what it judges in its own process only where
 * that code's own verdict is at stake (the test runners', a candidate's).
 */
/**
 * How a forked child's verdict is told from what the code it ran wrote (`python/vouch_verdict.py`: a pass
 * as an exit status drawn for the child, lines tagged with a key drawn for it), shipped beside the eval's
 * and the agreement matrix's drivers.
 */
export const PYTHON_VERDICT_MODULE = 'vouch_verdict.py';

export function pythonVerdictModule(): string {
  return shippedText('python/vouch_verdict.py');
}

export function nodeReportChannel(): string {
  return shippedText('node/vouch-report.cjs');
}

/**
 * A Node driver shipped in `node/` (`node/test-driver.cjs`), with the report channel (nodeReportChannel)
 * and any other shipped parts (`node/coverage-pick-v8.cjs`) before it, read once each: the programs are
 * real files, checked as JavaScript (`test/python/shipped-programs.test.ts`), put together here rather
 * than interpolated into one another.
 */
export function nodeDriver(...paths: readonly string[]): string {
  return nodeReportChannel() + paths.map((path) => shippedText(path)).join('');
}
