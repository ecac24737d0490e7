import { randomBytes } from 'node:crypto';

/**
 * The channel a sandboxed driver reports on, which the code under test cannot write: what a program prints
 * is data, never a verdict (a refactor printed the differential tester's marker at import and had its
 * behaviour change "proven"). A run that asks for it (`report: true`) gets two descriptors of its own,
 * named in its environment: `VOUCH_REPORT_FD`, where it writes its report, and `VOUCH_REPORT_KEY_FD`,
 * where it reads this run's key (random, made per run, never in the environment, argv or a file). Every
 * report line is `<key> <payload>`; the host keeps the payloads of lines with the key and counts the
 * others: one line without the key means something other than the driver wrote there, and the whole
 * report is distrusted.
 *
 * A driver reads the key before any code under test runs, and runs that code in a child that has closed
 * both descriptors (python/vouch_report.py; a Python driver also makes itself non-dumpable, so the child
 * cannot reach its memory or descriptors through /proc). What runs in the driver's own process could still
 * find them there: drivers never run the code they judge in their own process unless it is the code's own
 * verdict at stake (a test runner's), and say so.
 */

export const REPORT_FD_ENV = 'VOUCH_REPORT_FD';
export const REPORT_KEY_FD_ENV = 'VOUCH_REPORT_KEY_FD';

/** Reports larger than this are cut (and distrusted): a driver's report is small. */
export const REPORT_BYTES = 16 << 20;

export interface SandboxReport {
  /** the payloads of the lines that carried the run's key, in order */
  lines: string[];
  /** lines without the key: something other than the driver wrote on the channel */
  unsigned: number;
  /** the channel carried more than REPORT_BYTES */
  truncated: boolean;
}

export function newReportKey(): string {
  return randomBytes(24).toString('hex');
}

/** The channel's raw text, split into the run's lines and the rest. */
export function readReport(raw: string, key: string, truncated = false): SandboxReport {
  const lines: string[] = [];
  let unsigned = 0;
  const prefix = `${key} `;
  const parts = raw.split('\n');
  // the text after the last newline is a line cut short (the driver died writing it): never a payload
  const complete = parts.slice(0, -1);
  for (const line of complete) {
    if (line.startsWith(prefix)) lines.push(line.slice(prefix.length));
    else if (line.length > 0) unsigned++;
  }
  return { lines, unsigned, truncated };
}

/**
 * The report's payloads when it can be trusted, or why not: the run had no channel, something wrote on
 * it without the key, it was cut, or the driver sent nothing.
 */
export function trustedReport(
  report: SandboxReport | undefined,
): { lines: string[]; problem?: undefined } | { lines?: undefined; problem: string } {
  if (!report) return { problem: 'the run had no report channel' };
  if (report.unsigned > 0)
    return {
      problem: `${report.unsigned} line(s) without this run's key reached the report channel: something other than vouch's driver wrote there, so nothing on it is trusted`,
    };
  if (report.truncated) return { problem: 'the report was larger than a driver sends, so it is not trusted' };
  if (report.lines.length === 0) return { problem: 'the driver sent no report' };
  return { lines: report.lines };
}
